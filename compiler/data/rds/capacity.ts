/** A database's capacity: its instance class, its storage, Multi-AZ and its readers. */
import { rdsIdentifier, rdsLayoutOf, rdsStorageOf } from '../../../schema/inventory/databases';
import { RDS_MIN_STORAGE_GB } from '../../../schema/facts/rds-limits';
import { classFor } from '../../../schema/facts/rds-classes';
import type { DbReplicaPlan } from '../../model/data';
import { chooseSize } from '../common';
import type { DatabaseChoice } from './choice';
import { SERVERLESS_CLASS } from './settings';
import { DEFAULT_CLASS } from '../../../schema/facts/rds-classes';

/**
 * The class: the spec's (checked against what the engine offers by schema/rules/database-targets.ts), else
 * rule R (RDS) or rule A (Aurora, its own class table) over the source's size, else the default, which both
 * offer.
 */
export function chooseInstanceClass({ db, source, subject, from, decisions }: DatabaseChoice): string {
  const aurora = Boolean(db.aurora);
  if (aurora && db.serverlessV2) {
    decisions.push({
      subject: `${subject}.instanceClass`,
      choice: `${SERVERLESS_CLASS}, ${db.serverlessV2.minAcu}-${db.serverlessV2.maxAcu} ACUs`,
      rule: 'serverlessV2 in the spec: Aurora Serverless v2 instances scale within the cluster capacity range (1 ACU is about 2 GiB of memory)',
      from,
    });
    return SERVERLESS_CLASS;
  }
  return chooseSize(
    {
      subject: `${subject}.instanceClass`,
      given: db.instanceClass,
      source,
      from,
      map: (slug) => classFor(slug, aurora),
      mapped: ({ size, rdsClass }, name) => ({
        choice: rdsClass.name,
        rule: `${name} (${size.vcpus} vCPU, ${size.memoryGib} GiB) → smallest ${aurora ? 'Graviton class Aurora offers' : 'Graviton class'} with at least those (${rdsClass.vcpus} vCPU, ${rdsClass.memoryGib} GiB)`,
      }),
      fallback: { choice: DEFAULT_CLASS, field: 'instanceClass' },
    },
    decisions,
  );
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
