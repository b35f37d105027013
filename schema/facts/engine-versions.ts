/**
 * Engine versions dropship targets on RDS and ElastiCache, and how a DigitalOcean engine version maps to one.
 *
 * Sources:
 * - RDS for MySQL majors 8.0 and 8.4 (LTS); RDS for PostgreSQL majors 13–18: AWS RDS User Guide
 *   "MySQL on Amazon RDS versions" (MySQL.Concepts.VersionMgmt) and "Extension versions for Amazon RDS for
 *   PostgreSQL" (lists 18.1), as collected in the project's reference notes (aws-do-facts.md, section d).
 *   End-of-standard-support dates marked unverified were not read in an AWS document.
 * - Aurora: Aurora MySQL 3 is MySQL 8.0 compatible; Aurora PostgreSQL follows the PostgreSQL majors. Like RDS,
 *   an Aurora cluster names its major line and lets Aurora pick the minor: CreateDBCluster takes `8.0` for
 *   "the default engine version for Aurora MySQL version 3" (RDS API reference, CreateDBCluster
 *   `EngineVersion`), and a bare PostgreSQL major such as `16` resolves to that major's default minor (AWS
 *   answers `describe-db-engine-versions --engine aurora-postgresql --engine-version 16` with every 16.x; as
 *   observed by ministackorg/ministack#1491, 2026-08). The provider keeps a configured prefix of the running
 *   version (`engine_version_actual` holds the minor), so automatic minor upgrades plan no change. Aurora
 *   MySQL 8.4 (2026) is left out until its parameter group family and class support are read.
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

/**
 * The date these facts (versions, support dates) were last checked. Support-end dates are stated against it,
 * never against the clock, so the same spec plans the same text on any day.
 */
export const ENGINE_FACTS_DATE = '2026-12-07';

export interface SupportEnd {
  /** End of RDS standard support (ISO date); RDS bills Extended Support from the day after. */
  date: string;
  /** False when the date was not read in an AWS document. */
  verified: boolean;
}
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
  standardSupportEnds?: SupportEnd;
  note?: string;
}

/** What RDS offers (standard support or later), newest first per engine. */
export const RDS_ENGINE_VERSIONS: readonly RdsEngineVersion[] = [
  {
    engine: 'mysql',
    version: '8.4',
    family: 'mysql8.4',
    standardSupportEnds: { date: '2029-07-31', verified: false },
    note: 'LTS',
  },
  {
    engine: 'mysql',
    version: '8.0',
    family: 'mysql8.0',
    // Aurora MySQL version 3 is the MySQL 8.0 line; `8.0` asks for its current default minor.
    aurora: { engine: 'aurora-mysql', version: '8.0', family: 'aurora-mysql8.0' },
    standardSupportEnds: { date: '2026-07-31', verified: false },
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
    aurora: { engine: 'aurora-postgresql', version: '17', family: 'aurora-postgresql17' },
  },
  {
    engine: 'postgres',
    version: '16',
    family: 'postgres16',
    aurora: { engine: 'aurora-postgresql', version: '16', family: 'aurora-postgresql16' },
  },
  {
    engine: 'postgres',
    version: '15',
    family: 'postgres15',
    aurora: { engine: 'aurora-postgresql', version: '15', family: 'aurora-postgresql15' },
  },
  {
    engine: 'postgres',
    version: '14',
    family: 'postgres14',
    aurora: { engine: 'aurora-postgresql', version: '14', family: 'aurora-postgresql14' },
  },
  {
    engine: 'postgres',
    version: '13',
    family: 'postgres13',
    aurora: { engine: 'aurora-postgresql', version: '13', family: 'aurora-postgresql13' },
    standardSupportEnds: { date: '2026-02-28', verified: false },
  },
];

/** How long before its end a version's support is worth a warning (in days, against ENGINE_FACTS_DATE). */
export const SUPPORT_WARNING_DAYS = 365;

export type SupportStatus =
  | { state: 'standard' }
  | { state: 'ending'; end: SupportEnd }
  | { state: 'extended'; end: SupportEnd; sinceYears: number };

const DAY_MS = 86_400_000;
const dayOf = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS;

/**
 * A version's RDS support as of ENGINE_FACTS_DATE (not the clock): `extended` when standard support had
 * already ended then (a new instance bills Extended Support from its first hour; `sinceYears` is how many
 * whole years it had been ended, which sets the price tier), `ending` within SUPPORT_WARNING_DAYS.
 */
export function supportStatus(version: RdsEngineVersion): SupportStatus {
  const end = version.standardSupportEnds;
  if (!end) return { state: 'standard' };
  const days = dayOf(end.date) - dayOf(ENGINE_FACTS_DATE);
  if (days < 0) return { state: 'extended', end, sinceYears: Math.floor(-days / 365) };
  return days <= SUPPORT_WARNING_DAYS ? { state: 'ending', end } : { state: 'standard' };
}

/** `2026-07-31 (unverified)`: a support date as the plan prints it. */
export const supportDateText = (end: SupportEnd) => `${end.date}${end.verified ? '' : ' (unverified)'}`;

/**
 * DigitalOcean major → RDS version when the spec gives none. MySQL 8 (DigitalOcean runs 8.0.x) goes to
 * 8.4 LTS: RDS standard support for 8.0 ended 2026-07-31 (before ENGINE_FACTS_DATE), so a new 8.0 instance
 * bills Extended Support from its first hour; a dump/restore or DMS move is the cheapest moment to upgrade.
 * Set `version: "8.0"` to stay. (An Aurora target stays on Aurora MySQL 3, the 8.0 line: Aurora has its own
 * support calendar.)
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
