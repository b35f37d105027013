/**
 * What each database becomes on RDS, checked before anything is planned: its version's support, a class
 * for its source's size, room for storage autoscaling, readers RDS and Aurora can create, and instance
 * identifiers no other database takes. Over a spec whose names resolve (rules/index.ts).
 */
import {
  ENGINE_FACTS_DATE,
  RDS_ENGINE_VERSIONS,
  supportDateText,
  supportStatus,
  type RdsEngine,
} from '../facts/engine-versions';
import { findOfferedClass, nearestOfferedClasses } from '../facts/db-class-support';
import { AURORA_MAX_INSTANCES } from '../facts/rds-limits';
import { classFor } from '../facts/rds-classes';
import {
  findDoDatabase,
  rdsEngineOf,
  rdsInstanceIdentifiers,
  rdsLayoutOf,
  rdsStorageOf,
  rdsVersionOf,
} from '../inventory/databases';
import { namePrefix } from '../inventory/prefix';
import type { FindingPath, Report } from '../report';
import type { DatabaseTargetSpec, DoDatabaseSpec, MigrationSpec } from '../spec';

export function checkDatabaseTargets(r: Report, spec: MigrationSpec): void {
  spec.databases.forEach((db, index) => checkDatabaseTarget(r, spec, db, ['databases', index]));
  checkInstanceIdentifiers(r, spec);
}

function checkDatabaseTarget(
  r: Report,
  spec: MigrationSpec,
  db: DatabaseTargetSpec,
  path: FindingPath,
): void {
  const source = findDoDatabase(spec, db.from);
  // The engine and an offered version are known: rules/databases.ts refused the spec otherwise.
  const engine = rdsEngineOf(db, source)!;
  const version = rdsVersionOf(engine, db, source)!;
  const status = supportStatus(version);
  if (status.state !== 'standard' && !db.aurora) {
    const end = supportDateText(status.end);
    r.warn(
      db.version ? [...path, 'version'] : [...path, 'from'],
      'data/extended-support',
      status.state === 'extended'
        ? `${engine} ${version.version} left RDS standard support on ${end}, before these facts' date (${ENGINE_FACTS_DATE}): a new instance bills RDS Extended Support from its first hour (the plan states the price)`
        : `${engine} ${version.version} leaves RDS standard support on ${end}, within a year of these facts' date (${ENGINE_FACTS_DATE}); RDS then bills Extended Support`,
      {
        hint: `plan an upgrade, or set version to a newer major (${RDS_ENGINE_VERSIONS.filter(
          (v) => v.engine === engine && supportStatus(v).state === 'standard',
        )
          .map((v) => v.version)
          .join(', ')})`,
      },
    );
  }
  if (db.instanceClass) {
    if (!checkInstanceClass(r, engine, db, path)) return;
  } else if (source && !classFor(source.size, Boolean(db.aurora))) {
    r.error(
      [...path, 'from'],
      'data/unknown-size',
      `no ${db.aurora ? 'Aurora' : 'RDS'} class is known for the DigitalOcean size ${source.size}`,
      { hint: 'set databases[].instanceClass, e.g. db.t4g.medium' },
    );
    return;
  }
  const { allocatedGb, maxGb } = rdsStorageOf(db, source);
  if (maxGb <= allocatedGb) {
    r.error(
      [...path, 'maxStorageGb'],
      'data/max-storage',
      `maxStorageGb (${maxGb}) must exceed the allocated storage (${allocatedGb} GiB) for storage autoscaling`,
      { expected: `a number > ${allocatedGb}` },
    );
    return;
  }
  checkReaders(r, db, source, path);
}

/**
 * An explicit class must be one the engine offers: Aurora has its own, shorter list (no db.m*, no t4g
 * micro/small/xlarge), and RDS would refuse the create. Located at instanceClass, with the nearest offered
 * classes as the hint. False after an error.
 */
function checkInstanceClass(
  r: Report,
  engine: RdsEngine,
  db: DatabaseTargetSpec,
  path: FindingPath,
): boolean {
  const given = db.instanceClass!;
  const aurora = Boolean(db.aurora);
  if (findOfferedClass(engine, aurora, given)) return true;
  const product = aurora
    ? `Aurora ${engine === 'mysql' ? 'MySQL' : 'PostgreSQL'}`
    : `RDS for ${engine === 'mysql' ? 'MySQL' : 'PostgreSQL'}`;
  if (aurora && given === 'db.serverless') {
    r.error([...path, 'instanceClass'], 'data/instance-class', 'db.serverless needs a capacity range', {
      hint: 'remove instanceClass and set serverlessV2: { minAcu, maxAcu }',
    });
    return false;
  }
  const near = nearestOfferedClasses(engine, aurora, given);
  r.error(
    [...path, 'instanceClass'],
    'data/instance-class',
    `${product} does not offer the instance class ${given}`,
    {
      expected: `a class ${product} offers (schema/facts/db-class-support.ts)`,
      hint: `nearest offered: ${near.map((c) => `${c.name} (${c.vcpus} vCPU, ${c.memoryGib} GiB)`).join(', ')}`,
    },
  );
  return false;
}

/**
 * Readers: RDS cannot create a read replica of an instance whose master password it manages in Secrets
 * Manager (RDS User Guide, "Limitations for Secrets Manager integration"), and the password must stay out
 * of Terraform, so readers need Aurora; and an Aurora cluster has at most AURORA_MAX_INSTANCES instances.
 */
function checkReaders(
  r: Report,
  db: DatabaseTargetSpec,
  source: DoDatabaseSpec | undefined,
  path: FindingPath,
): void {
  const { multiAz, wanted, replicaCount, firstReader } = rdsLayoutOf(db, source);
  const at = db.readReplicas !== undefined ? [...path, 'readReplicas'] : [...path, 'from'];
  // `readReplicas` above 0 without Aurora is refused as written (replicas-need-aurora in rules/databases.ts):
  // here the readers are the source's read-only nodes, which are not recreated.
  if (!db.aurora && wanted > 0) {
    r.warn(
      at,
      'data/replicas-need-aurora',
      `${source!.name} has ${wanted} read-only node(s) that are not recreated: RDS cannot replicate an instance whose master password it manages in Secrets Manager`,
      { hint: 'set aurora: true (readers join the cluster), or readReplicas: 0 to acknowledge' },
    );
  }
  if (db.aurora && firstReader + replicaCount > AURORA_MAX_INSTANCES) {
    const most = AURORA_MAX_INSTANCES - firstReader;
    r.error(
      at,
      'data/aurora-too-many-replicas',
      `${replicaCount} reader(s)${multiAz ? ' plus the Multi-AZ standby' : ''} make ${firstReader + replicaCount} Aurora instances; ` +
        `a cluster has one writer and at most ${AURORA_MAX_INSTANCES - 1} replicas (promotion tiers 0-15)`,
      {
        expected: `readReplicas ≤ ${most}${multiAz ? ' with multiAz' : ''}`,
        hint: multiAz
          ? `set readReplicas: ${most} or fewer, or multiAz: false (the readers then cover failover)`
          : `set readReplicas: ${most} or fewer`,
      },
    );
  }
}

/**
 * Aurora instances are named `<prefix>-<database>-<n>`, so an Aurora database `main` and a database `main-1`
 * would ask RDS for one instance identifier twice (unique per account and region) and give the data stack
 * two resources of one id. Located at the later database's name.
 */
function checkInstanceIdentifiers(r: Report, spec: MigrationSpec): void {
  const prefix = namePrefix(spec);
  const owners = new Map<string, string>();
  spec.databases.forEach((db, index) => {
    const layout = rdsLayoutOf(db, findDoDatabase(spec, db.from));
    for (const id of new Set(rdsInstanceIdentifiers(prefix, db, layout))) {
      const owner = owners.get(id);
      if (owner === undefined) {
        owners.set(id, db.name);
        continue;
      }
      r.error(
        ['databases', index, 'name'],
        'data/instance-identifier-clash',
        `database \`${db.name}\` needs the RDS instance identifier ${id}, which database \`${owner}\` already uses (Aurora numbers its instances <database>-1, -2, …)`,
        {
          hint: `rename \`${db.name}\` or \`${owner}\` so that neither name is the other followed by -<number>`,
        },
      );
    }
  });
}
