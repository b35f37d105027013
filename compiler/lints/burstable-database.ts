/**
 * A production database on a burstable (T) class: AWS recommends T classes "only for development and test
 * servers, or other nonproduction servers" (Aurora User Guide, "DB instance class types"; RDS likewise), since
 * a T instance runs at a baseline and bursts on CPU credits (Unlimited mode bills the surplus). The warning
 * prices both sides from the price table, so the choice is made knowing what the alternative costs.
 */
import {
  classFor,
  AURORA_CLASSES,
  DEFAULT_CLASS,
  RDS_CLASSES,
  type RdsClass,
} from '../../schema/facts/rds-classes';
import { classHardware } from '../../schema/facts/db-class-support';
import { findDoDatabase, rdsLayoutOf } from '../../schema/inventory/databases';
import type { DatabaseTargetSpec, MigrationSpec } from '../../schema/spec';
import { AURORA_INSTANCE_PRICES, HOURS_PER_MONTH, RDS_INSTANCE_PRICES } from '../prices';

export interface BurstableFinding {
  /** Below `databases.<i>`: `instanceClass` when the spec gave it, else the database itself. */
  path: (string | number)[];
  message: string;
  hint: string;
}

/** The class the data part plans for `db` (rds/capacity.ts): the spec's, else rule R / A, else the default. */
function plannedClass(spec: MigrationSpec, db: DatabaseTargetSpec): string {
  const source = findDoDatabase(spec, db.from);
  if (db.aurora && db.serverlessV2) return 'db.serverless';
  if (db.instanceClass) return db.instanceClass;
  return (source && classFor(source.size, Boolean(db.aurora))?.rdsClass.name) ?? DEFAULT_CLASS;
}

/** Instances billed: every Aurora instance; an RDS instance and its Multi-AZ standby. */
function billedInstances(spec: MigrationSpec, db: DatabaseTargetSpec): number {
  const layout = rdsLayoutOf(db, findDoDatabase(spec, db.from));
  return db.aurora ? layout.firstReader + layout.replicaCount : layout.multiAz ? 2 : 1;
}

/** The smallest non-burstable class offered with at least the burstable one's vCPUs and memory. */
function alternative(aurora: boolean, vcpus: number, memoryGib: number): RdsClass | undefined {
  return (aurora ? AURORA_CLASSES : RDS_CLASSES)
    .filter((c) => !c.burstable && c.vcpus >= vcpus && c.memoryGib >= memoryGib)
    .sort((a, b) => a.memoryGib - b.memoryGib || a.vcpus - b.vcpus)[0];
}

const money = (n: number) => `$${n.toFixed(2)}`;

export function burstableDatabase(spec: MigrationSpec, db: DatabaseTargetSpec): BurstableFinding | undefined {
  const name = plannedClass(spec, db);
  const hardware = classHardware(name);
  if (!hardware?.burstable) return undefined;
  const aurora = Boolean(db.aurora);
  const prices = aurora ? AURORA_INSTANCE_PRICES : RDS_INSTANCE_PRICES;
  const instances = billedInstances(spec, db);
  const monthly = (cls: string) => {
    const p = prices.get(cls);
    return p && { usd: p.usd * instances * HOURS_PER_MONTH, verified: p.verified };
  };
  const other = alternative(aurora, hardware.vcpus, hardware.memoryGib);
  const now = monthly(name);
  const then = other && monthly(other.name);
  const times = `${instances} instance${instances === 1 ? '' : 's'}`;
  // The price table is us-east-1's: elsewhere the figures say whose prices they are.
  const where = spec.aws.region === 'us-east-1' ? '' : ' at us-east-1 prices';
  const cost = (m: { usd: number; verified: boolean } | undefined) =>
    m
      ? `${money(m.usd)} per month${where}${m.verified ? '' : ' (unverified price)'}`
      : 'not in the price table';
  return {
    path: db.instanceClass ? ['instanceClass'] : [],
    message:
      `production database ${db.name} runs on the burstable class ${name} (${times}, ${cost(now)}): ` +
      'AWS recommends T classes for development and test only; past its CPU credits a T instance is held to its baseline or bills the surplus',
    hint: other
      ? `set instanceClass: ${other.name} (${other.vcpus} vCPU, ${other.memoryGib} GiB; ${times}, ${cost(then)}` +
        (now && then ? `, ${money(then.usd - now.usd)} more${where}` : '') +
        '), or keep the T class knowingly'
      : 'set instanceClass to a non-burstable class',
  };
}
