/**
 * `databases:` as written: the source is a MySQL or PostgreSQL database, the engine is known and matches it,
 * RDS (and Aurora) offers the version, storage bounds agree, read replicas have Aurora and DMS has a source.
 */
import { RDS_ENGINE_VERSIONS, findRdsVersion, majorOf, type RdsEngine } from '../facts/engine-versions';
import { rdsVersionOf } from '../inventory/databases';
import type { FindingPath, Report } from '../report';
import type { DatabaseTargetSpec, MigrationSpec } from '../spec';
import { resolve, type Names } from './names';

export function checkDatabases(r: Report, spec: MigrationSpec, n: Names): void {
  spec.databases.forEach((db, i) => {
    const at = ['databases', i];
    const target = targetEngine(r, db, at, n);
    if (!target) return;
    const { engine, doVersion } = target;
    const offered = RDS_ENGINE_VERSIONS.filter((v) => v.engine === engine).map((v) => v.version);
    let entry;
    if (db.version !== undefined) {
      entry = findRdsVersion(engine, majorOf(db.version)) ?? rdsVersionOf(engine, db, undefined);
      if (!entry) {
        r.error(
          [...at, 'version'],
          'engine-version',
          `RDS for ${engine} does not offer version ${db.version}`,
          {
            expected: `one of: ${offered.join(', ')}`,
            hint: engine === 'mysql' && db.version === '8' ? 'write "8.0" or "8.4"' : undefined,
          },
        );
        return;
      }
    } else if (doVersion !== undefined) {
      // The version the plan takes (schema/inventory/databases.ts): an Aurora target stays on Aurora's line.
      entry = rdsVersionOf(engine, db, db.from ? n.doDatabases.get(db.from) : undefined);
      if (!entry) {
        r.error(
          [...at, 'from'],
          'engine-version',
          `\`${db.from}\` runs ${doVersion.replace(':', ' ')}, which RDS does not offer`,
          {
            expected: `one of: ${offered.join(', ')}`,
            hint: 'set `version:` to the RDS version to upgrade to',
          },
        );
        return;
      }
    }
    if (db.aurora && entry && !entry.aurora) {
      r.error([...at, 'aurora'], 'aurora-version', `Aurora has no ${engine} ${entry.version} edition`, {
        expected: `one of: ${RDS_ENGINE_VERSIONS.filter((v) => v.engine === engine && v.aurora)
          .map((v) => v.version)
          .join(', ')}`,
        hint:
          engine === 'mysql'
            ? 'Aurora MySQL version 3 is the MySQL 8.0 line: set version: "8.0" (Aurora MySQL 8.4 is not in dropship\'s engine facts yet), or drop aurora for RDS MySQL 8.4'
            : undefined,
      });
    }
    checkShape(r, db, at);
  });
}

/**
 * The RDS engine of a database (its own, else its source's) and the source's `engine:version`; undefined
 * after an error (or an unresolved `from`, reported by resolve), when no version can be checked.
 */
function targetEngine(
  r: Report,
  db: DatabaseTargetSpec,
  at: FindingPath,
  n: Names,
): { engine: RdsEngine; doVersion?: string } | undefined {
  let engine = db.engine;
  let doVersion: string | undefined;
  if (db.from && resolve(r, n.doDatabases, db.from, () => [...at, 'from'], 'digitalocean.databases')) {
    const source = n.doDatabases.get(db.from);
    if (source && source.engine !== 'mysql' && source.engine !== 'pg') {
      r.error(
        [...at, 'from'],
        'wrong-engine',
        `\`${db.from}\` is a ${source.engine} database; RDS targets come from mysql or pg`,
        {
          hint: `move it under caches: (${source.engine} becomes ElastiCache)`,
        },
      );
      return undefined;
    }
    if (source) {
      const sourceEngine = source.engine === 'pg' ? 'postgres' : 'mysql';
      if (engine && engine !== sourceEngine) {
        r.error(
          [...at, 'engine'],
          'wrong-engine',
          `engine ${engine} does not match \`${db.from}\`, which is ${source.engine}`,
          {
            hint: 'dropship moves data within one engine; remove `engine` to inherit it',
          },
        );
        return undefined;
      }
      engine = sourceEngine;
      doVersion = `${source.engine}:${source.version}`;
    }
  } else if (db.from) return undefined;
  if (!engine) {
    r.error(
      [...at, 'engine'],
      'missing-engine',
      `database \`${db.name}\` needs an engine (or \`from\` a DigitalOcean database)`,
      {
        anchor: 'parent',
        expected: 'mysql or postgres',
      },
    );
    return undefined;
  }
  return { engine, doVersion };
}

/** Storage bounds, read replicas and the migration method, once the engine and version are known. */
function checkShape(r: Report, db: DatabaseTargetSpec, at: FindingPath): void {
  if (db.storageGb !== undefined && db.maxStorageGb !== undefined && db.maxStorageGb < db.storageGb) {
    r.error(
      [...at, 'maxStorageGb'],
      'storage-range',
      `maxStorageGb (${db.maxStorageGb}) is below storageGb (${db.storageGb})`,
    );
  }
  if (!db.aurora && db.readReplicas !== undefined && db.readReplicas > 0) {
    r.error([...at, 'readReplicas'], 'replicas-need-aurora', 'RDS read replicas need `aurora: true` here', {
      hint: 'RDS cannot replicate an instance whose master password it manages (the password stays out of Terraform); set `aurora: true` for readers, or `readReplicas: 0`',
    });
  }
  if (db.serverlessV2) {
    const { minAcu, maxAcu } = db.serverlessV2;
    if (!db.aurora)
      r.error(
        [...at, 'serverlessV2'],
        'serverless-needs-aurora',
        'serverlessV2 is an Aurora capacity range',
        {
          hint: 'set aurora: true, or remove serverlessV2 for an RDS instance class',
        },
      );
    else if (db.instanceClass !== undefined)
      r.error(
        [...at, 'instanceClass'],
        'serverless-needs-aurora',
        'serverlessV2 instances are db.serverless: instanceClass cannot be given too',
        {
          hint: 'remove instanceClass (or serverlessV2 for provisioned instances)',
        },
      );
    if (minAcu > maxAcu)
      r.error(
        [...at, 'serverlessV2', 'maxAcu'],
        'serverless-range',
        `maxAcu (${maxAcu}) is below minAcu (${minAcu})`,
      );
  }
  if (db.migration.method === 'dms' && !db.from) {
    r.error(
      [...at, 'migration', 'method'],
      'dms-without-source',
      'DMS needs a source: set `from` to the DigitalOcean database',
    );
  }
}
