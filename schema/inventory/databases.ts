/**
 * Queries over the DigitalOcean managed databases of the inventory, and what each of the spec's `databases:`
 * becomes on RDS: its engine, version, storage, Multi-AZ and readers, and its instance identifiers. The rules
 * check these and the compiler plans with them, so both read one answer.
 */
import type { DatabaseTargetSpec, DoDatabaseSpec, MigrationSpec } from '../spec';
import {
  DEFAULT_RDS_VERSION,
  DO_TO_RDS_DEFAULT,
  RDS_ENGINE_VERSIONS,
  findRdsVersion,
  majorOf,
  type RdsEngine,
  type RdsEngineVersion,
} from '../facts/engine-versions';
import { RDS_MAX_STORAGE_GB, RDS_MIN_STORAGE_GB } from '../facts/rds-limits';
import { awsName } from '../facts/aws-names';
import { findByName } from './by-name';

export function findDoDatabase(spec: MigrationSpec, name: string | undefined): DoDatabaseSpec | undefined {
  return name === undefined ? undefined : findByName(spec.digitalocean.databases, name);
}

/** The RDS engine of a database: its own, else its source's (DigitalOcean `mysql` → mysql, `pg` → postgres). */
export function rdsEngineOf(
  db: DatabaseTargetSpec,
  source: DoDatabaseSpec | undefined,
): RdsEngine | undefined {
  return (
    db.engine ?? (source?.engine === 'mysql' ? 'mysql' : source?.engine === 'pg' ? 'postgres' : undefined)
  );
}

/**
 * The RDS version of a database: the spec's (as written, else its major); else its source's version mapped
 * (DO_TO_RDS_DEFAULT, by version, major or first number); else the engine's default. Without a version of
 * its own an Aurora database takes the Aurora line of that major. Undefined when RDS offers none.
 */
export function rdsVersionOf(
  engine: RdsEngine,
  db: DatabaseTargetSpec,
  source: DoDatabaseSpec | undefined,
): RdsEngineVersion | undefined {
  if (db.version !== undefined)
    return (
      findRdsVersion(engine, db.version) ??
      findRdsVersion(engine, majorOf(db.version)) ??
      // `version: 8` on Aurora: the one Aurora MySQL line of that major (version 3, MySQL 8.0 compatible).
      (db.aurora ? onAuroraLine(engine, db, auroraOfMajor(engine, db.version)) : undefined)
    );
  if (!source) return onAuroraLine(engine, db, findRdsVersion(engine, DEFAULT_RDS_VERSION[engine]));
  const target =
    DO_TO_RDS_DEFAULT[`${source.engine}:${source.version}`] ??
    DO_TO_RDS_DEFAULT[`${source.engine}:${majorOf(source.version)}`] ??
    DO_TO_RDS_DEFAULT[`${source.engine}:${source.version.split('.')[0]}`];
  return onAuroraLine(engine, db, target ? findRdsVersion(engine, target) : undefined);
}

/**
 * For an Aurora target, the Aurora line of the same major version (Aurora MySQL is the 8.0 line, so a
 * MySQL 8 default or source stays on 8.0), whether the version came from a DigitalOcean source or the
 * default; an RDS target keeps `found`.
 */
function onAuroraLine(
  engine: RdsEngine,
  db: DatabaseTargetSpec,
  found: RdsEngineVersion | undefined,
): RdsEngineVersion | undefined {
  if (!found || !db.aurora || found.aurora) return found;
  const major = found.version.split('.')[0];
  return (
    RDS_ENGINE_VERSIONS.find((v) => v.engine === engine && v.aurora && v.version.split('.')[0] === major) ??
    found
  );
}

/** An Aurora-capable version whose major is `version` as written (`8` → the 8.0 line), if exactly that. */
function auroraOfMajor(engine: RdsEngine, version: string): RdsEngineVersion | undefined {
  if (!/^\d+$/.test(version)) return undefined;
  return RDS_ENGINE_VERSIONS.find(
    (v) => v.engine === engine && v.aurora && v.version.split('.')[0] === version,
  );
}

/**
 * Storage (gp3): the spec's, else the DigitalOcean disk rounded up to whole GiB, at least RDS's minimum; the
 * autoscaling ceiling: the spec's, else twice that (at least 100 GiB, at most RDS's maximum).
 */
export function rdsStorageOf(
  db: DatabaseTargetSpec,
  source: DoDatabaseSpec | undefined,
): { allocatedGb: number; maxGb: number } {
  const allocatedGb =
    db.storageGb ??
    (source?.storageMib !== undefined
      ? Math.max(RDS_MIN_STORAGE_GB, Math.ceil(source.storageMib / 1024))
      : RDS_MIN_STORAGE_GB);
  return {
    allocatedGb,
    maxGb: db.maxStorageGb ?? Math.min(RDS_MAX_STORAGE_GB, Math.max(allocatedGb * 2, 100)),
  };
}

/** How a database's instances are laid out. */
export interface RdsLayout {
  /** The DigitalOcean standby nodes (what Multi-AZ replaces). */
  standbys: number;
  multiAz: boolean;
  /** Readers asked for: `readReplicas`, else one per DigitalOcean read-only node. */
  wanted: number;
  /** Readers created: all with Aurora, none without (RDS cannot replicate a managed master password). */
  replicaCount: number;
  /** The instance number of the first reader: after the writer and the Multi-AZ standby. */
  firstReader: number;
}

export function rdsLayoutOf(db: DatabaseTargetSpec, source: DoDatabaseSpec | undefined): RdsLayout {
  const standbys = source ? (source.standbyNodes ?? source.nodes - 1) : 0;
  const multiAz = db.multiAz ?? standbys > 0;
  const wanted = db.readReplicas ?? source?.readOnlyNodes.length ?? 0;
  return {
    standbys,
    multiAz,
    wanted,
    replicaCount: db.aurora ? wanted : 0,
    firstReader: 1 + (multiAz ? 1 : 0),
  };
}

/**
 * The RDS identifier of a database (its instance, or its Aurora cluster), or of its `n`th Aurora instance:
 * `<prefix>-<database>[-<n>]`, unique per account and region.
 */
export function rdsIdentifier(prefix: string, db: string, n?: number): string {
  return n === undefined ? awsName('rdsInstance', prefix, db) : awsName('rdsInstance', prefix, db, String(n));
}

/** The instance identifiers a database takes: its instance, or every instance of its Aurora cluster. */
export function rdsInstanceIdentifiers(prefix: string, db: DatabaseTargetSpec, layout: RdsLayout): string[] {
  if (!db.aurora) return [rdsIdentifier(prefix, db.name)];
  return Array.from({ length: layout.firstReader + layout.replicaCount }, (_, i) =>
    rdsIdentifier(prefix, db.name, i + 1),
  );
}

/** The connection fields a DigitalOcean source lacks for dumping or replicating it (`host`, `port`). */
export function missingConnection(source: DoDatabaseSpec | undefined): string[] {
  return [source?.host ? '' : 'host', source?.port ? '' : 'port'].filter(Boolean);
}

/** The database the app connects to: the spec's, else the first DigitalOcean logical database, else the name. */
export function pickDbName(db: DatabaseTargetSpec, source: DoDatabaseSpec | undefined): string {
  const candidate = source?.databases.find((d) => /^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(d));
  return db.databaseName ?? candidate ?? db.name.replace(/-/g, '_');
}

/**
 * The logical databases of its DigitalOcean cluster that a target takes over. One target takes them all (the
 * cluster's list, else its own database). When several targets share one cluster (`from`), each takes its own
 * database, and the first of them also those that no sibling names: a target never receives a sibling's data
 * (a dump of the whole cluster into each, or a DMS endpoint on the first database for every target, did).
 */
export function sourceDatabasesOf(
  spec: Pick<MigrationSpec, 'databases'>,
  db: DatabaseTargetSpec,
  source: DoDatabaseSpec,
): string[] {
  const own = pickDbName(db, source);
  const all = source.databases.length > 0 ? source.databases : [own];
  const siblings = spec.databases.filter((d) => d.from === source.name);
  if (siblings.length < 2) return all;
  const claimed = new Set(siblings.map((d) => pickDbName(d, source)));
  const first = siblings[0].name === db.name;
  return [...new Set([own, ...(first ? all.filter((d) => !claimed.has(d)) : [])])];
}

/**
 * The logical databases of its cluster a DMS task does not replicate: a PostgreSQL source endpoint reads one
 * database (the first this target takes, compiler/data/migration.ts), a MySQL task maps every schema.
 */
export function dmsLeftBehind(
  spec: Pick<MigrationSpec, 'databases'>,
  db: DatabaseTargetSpec,
  source: DoDatabaseSpec,
): string[] {
  return source.engine === 'pg' ? sourceDatabasesOf(spec, db, source).slice(1) : [];
}
