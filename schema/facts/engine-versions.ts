/**
 * Engine versions dropship targets on RDS and ElastiCache, and how a DigitalOcean engine version maps to one.
 *
 * Sources:
 * - RDS for MySQL majors 8.0 and 8.4 (LTS); RDS for PostgreSQL majors 13–18: AWS RDS User Guide
 *   "MySQL on Amazon RDS versions" (MySQL.Concepts.VersionMgmt) and "Extension versions for Amazon RDS for
 *   PostgreSQL" (lists 18.1), as collected in the project's reference notes (aws-do-facts.md, section d).
 *   End-of-standard-support dates marked `unverified` were not read in an AWS document.
 * - Aurora: Aurora MySQL 3 is MySQL 8.0 compatible; Aurora PostgreSQL follows the PostgreSQL majors.
 * - ElastiCache: Valkey 7.2, 8.0, 8.1, 8.2; Redis OSS 7.1, 7.0, 6.2 — AWS ElastiCache "Engine versions and
 *   upgrading" and "Supported engines and versions" (2026), section e of the reference notes.
 * - DigitalOcean: `GET /v2/databases/options` offers pg 13–17, mysql 8, redis 7 (end of life 2025-06-30),
 *   valkey 8 (digitalocean/openapi example `databases-options.json`).
 *
 * Versions are major (or major.minor) prefixes: with `auto_minor_version_upgrade`, RDS and ElastiCache pick
 * the current minor, so the generated Terraform does not pin a minor that AWS later retires. Check what a
 * region offers with `aws rds describe-db-engine-versions --engine mysql|postgres --default-only`.
 */

export type RdsEngine = 'mysql' | 'postgres';
export type CacheEngine = 'redis' | 'valkey';

export interface RdsEngineVersion {
  engine: RdsEngine;
  /** `engine_version` for aws_db_instance (a prefix: RDS picks the newest minor). */
  version: string;
  /** DB parameter group family. */
  family: string;
  /** Aurora: engine, `engine_version` and cluster parameter group family (absent: no Aurora for it). */
  aurora?: { engine: 'aurora-mysql' | 'aurora-postgresql'; version: string; family: string };
  /** End of RDS standard support (after it, RDS charges Extended Support). */
  standardSupportEnds?: string;
  /** Standard support ends by 2026 (when this table was compiled): dropship warns about choosing it. */
  supportEndingSoon?: boolean;
  note?: string;
}

/** What RDS offers (standard support or later), newest first per engine. */
export const RDS_ENGINE_VERSIONS: readonly RdsEngineVersion[] = [
  {
    engine: 'mysql',
    version: '8.4',
    family: 'mysql8.4',
    standardSupportEnds: '2029-07-31 (unverified)',
    note: 'LTS',
  },
  {
    engine: 'mysql',
    version: '8.0',
    family: 'mysql8.0',
    // Aurora MySQL 3.x is the MySQL 8.0 line; 3.08 is a long-lived minor (check describe-db-engine-versions).
    aurora: { engine: 'aurora-mysql', version: '8.0.mysql_aurora.3.08.2', family: 'aurora-mysql8.0' },
    standardSupportEnds: '2026-07-31 (unverified)',
    supportEndingSoon: true,
  },
  {
    engine: 'postgres',
    version: '18',
    family: 'postgres18',
  },
  {
    engine: 'postgres',
    version: '17',
    family: 'postgres17',
    aurora: { engine: 'aurora-postgresql', version: '17.4', family: 'aurora-postgresql17' },
  },
  {
    engine: 'postgres',
    version: '16',
    family: 'postgres16',
    aurora: { engine: 'aurora-postgresql', version: '16.6', family: 'aurora-postgresql16' },
  },
  {
    engine: 'postgres',
    version: '15',
    family: 'postgres15',
    aurora: { engine: 'aurora-postgresql', version: '15.10', family: 'aurora-postgresql15' },
  },
  {
    engine: 'postgres',
    version: '14',
    family: 'postgres14',
    aurora: { engine: 'aurora-postgresql', version: '14.15', family: 'aurora-postgresql14' },
  },
  {
    engine: 'postgres',
    version: '13',
    family: 'postgres13',
    aurora: { engine: 'aurora-postgresql', version: '13.18', family: 'aurora-postgresql13' },
    standardSupportEnds: '2026-02-28 (unverified)',
    supportEndingSoon: true,
  },
];

/**
 * DigitalOcean major → RDS version when the spec gives none. MySQL 8 (DigitalOcean runs 8.0.x) goes to
 * 8.4 LTS: RDS standard support for 8.0 ends 2026-07-31, so a new 8.0 instance would soon bill Extended
 * Support; a dump/restore or DMS move is the cheapest moment to upgrade. Set `version: "8.0"` to stay.
 * PostgreSQL keeps its major (a major upgrade is a separate, tested step).
 */
export const DO_TO_RDS_DEFAULT: Readonly<Record<string, string>> = {
  'mysql:8': '8.4',
  'mysql:8.0': '8.4',
  'mysql:8.4': '8.4',
  'pg:13': '13',
  'pg:14': '14',
  'pg:15': '15',
  'pg:16': '16',
  'pg:17': '17',
  'pg:18': '18',
};

export interface CacheEngineVersion {
  engine: CacheEngine;
  version: string;
  /** The ElastiCache default parameter group for it (cluster mode disabled). */
  parameterGroup: string;
}

export const CACHE_ENGINE_VERSIONS: readonly CacheEngineVersion[] = [
  { engine: 'valkey', version: '8.2', parameterGroup: 'default.valkey8' },
  { engine: 'valkey', version: '8.1', parameterGroup: 'default.valkey8' },
  { engine: 'valkey', version: '8.0', parameterGroup: 'default.valkey8' },
  { engine: 'valkey', version: '7.2', parameterGroup: 'default.valkey7' },
  { engine: 'redis', version: '7.1', parameterGroup: 'default.redis7' },
  { engine: 'redis', version: '7.0', parameterGroup: 'default.redis7' },
  { engine: 'redis', version: '6.2', parameterGroup: 'default.redis6.x' },
];

/**
 * DigitalOcean cache engine:major → ElastiCache engine + version. DigitalOcean Redis 7 reached its end of
 * life on DigitalOcean (2025-06-30) and DigitalOcean moved clusters to Valkey; Valkey 7.2 is wire-compatible
 * with Redis OSS 7 (same commands, same clients) and ElastiCache prices Valkey nodes below Redis OSS nodes.
 * Set `engine: redis` on the cache to stay on Redis OSS 7.1.
 */
export const DO_TO_CACHE_DEFAULT: Readonly<Record<string, { engine: CacheEngine; version: string }>> = {
  'redis:7': { engine: 'valkey', version: '7.2' },
  'redis:6': { engine: 'redis', version: '6.2' },
  'valkey:7': { engine: 'valkey', version: '7.2' },
  'valkey:8': { engine: 'valkey', version: '8.0' },
};

/** Default version per target engine when neither the spec nor a DigitalOcean source says. */
export const DEFAULT_RDS_VERSION: Readonly<Record<RdsEngine, string>> = { mysql: '8.4', postgres: '17' };
export const DEFAULT_CACHE_VERSION: Readonly<Record<CacheEngine, string>> = { redis: '7.1', valkey: '8.0' };

export function findRdsVersion(engine: RdsEngine, version: string): RdsEngineVersion | undefined {
  return RDS_ENGINE_VERSIONS.find((v) => v.engine === engine && v.version === version);
}

export function findCacheVersion(engine: CacheEngine, version: string): CacheEngineVersion | undefined {
  return CACHE_ENGINE_VERSIONS.find((v) => v.engine === engine && v.version === version);
}

/** `8.0.30` → `8.0`, `16` → `16`, `8` → `8` (the part DigitalOcean and RDS majors are named by). */
export function majorOf(version: string): string {
  const parts = version.split('.');
  return parts.length >= 2 && Number(parts[0]) < 10 ? `${parts[0]}.${parts[1]}` : parts[0];
}
