/** A database's capacity: its instance class, its storage, Multi-AZ and its readers. */
import { rdsIdentifier, rdsLayoutOf, rdsStorageOf } from '../../../schema/inventory/databases';
import { RDS_MIN_STORAGE_GB } from '../../../schema/facts/rds-limits';
import { rdsClassFor } from '../../../schema/facts/rds-classes';
import type { DbReplicaPlan } from '../../model/data';
import { chooseSize } from '../common';
import type { DatabaseChoice } from './choice';
import { DEFAULT_CLASS, TOO_SMALL_FOR_AURORA } from './settings';

export function chooseInstanceClass({ db, source, subject, from, decisions }: DatabaseChoice): string {
  const instanceClass = chooseSize(
    {
      subject: `${subject}.instanceClass`,
      given: db.instanceClass,
      source,
      from,
      map: rdsClassFor,
      mapped: ({ size, rdsClass }, name) => ({
        choice: rdsClass.name,
        rule: `${name} (${size.vcpus} vCPU, ${size.memoryGib} GiB) → smallest Graviton class with at least those (${rdsClass.vcpus} vCPU, ${rdsClass.memoryGib} GiB)`,
      }),
      fallback: { choice: DEFAULT_CLASS, field: 'instanceClass' },
    },
    decisions,
  );
  if (!db.aurora || !TOO_SMALL_FOR_AURORA.test(instanceClass)) return instanceClass;
  decisions.push({
    subject: `${subject}.instanceClass`,
    choice: DEFAULT_CLASS,
    rule: `Aurora's smallest class is db.t4g.medium (${instanceClass} is not offered)`,
  });
  return DEFAULT_CLASS;
}

/** Storage (gp3): the DigitalOcean disk rounded up to whole GiB, at least RDS's minimum. */
export function chooseStorage({ db, source, subject, from, decisions }: DatabaseChoice) {
  const { allocatedGb: allocatedStorageGb, maxGb: maxAllocatedStorageGb } = rdsStorageOf(db, source);
  if (!db.aurora)
    decisions.push({
      subject: `${subject}.storage`,
      choice: `${allocatedStorageGb} GiB gp3`,
      rule: db.storageGb
        ? 'given in the spec'
        : source?.storageMib !== undefined
          ? `${source.storageMib} MiB → ceil(MiB / 1024), at least ${RDS_MIN_STORAGE_GB} GiB`
          : `no DigitalOcean disk size known: the RDS minimum (${RDS_MIN_STORAGE_GB} GiB)`,
      from,
    });
  return { allocatedStorageGb, maxAllocatedStorageGb };
}

/**
 * Availability: a DigitalOcean standby node is what Multi-AZ replaces. Readers for DigitalOcean read-only
 * nodes only with Aurora: RDS cannot replicate an instance whose master password it manages.
 */
export function chooseAvailability(c: DatabaseChoice, instanceClass: string) {
  const { ctx, db, source, subject, from, decisions } = c;
  const { standbys, multiAz, wanted, replicaCount, firstReader } = rdsLayoutOf(db, source);
  decisions.push({
    subject: `${subject}.multiAz`,
    choice: multiAz ? 'Multi-AZ (synchronous standby in a second zone)' : 'single-AZ',
    rule:
      db.multiAz !== undefined
        ? 'given in the spec'
        : source
          ? `${source.nodes} node(s), ${standbys} standby → Multi-AZ when there is a standby`
          : 'no source: single-AZ',
    from,
  });
  const replicas: DbReplicaPlan[] = Array.from({ length: replicaCount }, (_, i) => ({
    identifier: rdsIdentifier(ctx.prefix, db.name, firstReader + i + 1),
    from: db.readReplicas === undefined ? source?.readOnlyNodes[i]?.name : undefined,
    instanceClass,
  }));
  if (wanted > 0)
    decisions.push({
      subject: `${subject}.readReplicas`,
      choice: db.aurora ? `${replicaCount} Aurora reader(s)` : 'none (RDS-managed master password)',
      rule: db.aurora
        ? db.readReplicas !== undefined
          ? 'given in the spec'
          : 'one Aurora reader per DigitalOcean read-only node'
        : 'RDS cannot replicate an instance with an RDS-managed master password; Aurora readers can',
      from,
    });
  return { multiAz, replicas, replicaCount, firstReader };
}
