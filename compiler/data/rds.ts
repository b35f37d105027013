/**
 * `databases:` → RDS instances (or Aurora clusters): engine and version, class, storage, Multi-AZ and read
 * replicas derived from the DigitalOcean cluster they replace, with every protection on by default.
 */
import type { CompileContext } from '../context';
import { awsName } from '../../schema/facts/aws-names';
import { ref } from '../refs';
import type { DatabaseTargetSpec, DoDatabaseSpec } from '../../schema/spec';
import { chooseSize, DATA_LOG_RETENTION_DAYS, KMS_KEY, type Findings } from './common';
import { findDoDatabase } from '../../schema/inventory/databases';
import {
  DEFAULT_RDS_VERSION,
  DO_TO_RDS_DEFAULT,
  RDS_ENGINE_VERSIONS,
  findRdsVersion,
  majorOf,
  type RdsEngine,
  type RdsEngineVersion,
} from '../../schema/facts/engine-versions';
import { rdsClassFor } from '../../schema/facts/rds-classes';
import { secretPath } from './secrets';
import type { DatabasePlan, DatabaseProtections, MonitoringRolePlan } from '../model/data';
import type { DbParameter, DbReplicaPlan } from '../model/data';

const PORTS: Record<RdsEngine, number> = { mysql: 3306, postgres: 5432 };
const MIN_STORAGE_GB = 20;
const MAX_STORAGE_GB = 65536;
const DEFAULT_CLASS = 'db.t4g.medium';
/** gp3: 3,000 IOPS and 125 MiB/s at any size, and cheaper per GiB than gp2. */
const RDS_STORAGE_TYPE = 'gp3';
/** Every database (RDS instance or Aurora cluster and its instances), whatever the spec says. */
const DATABASE_PROTECTIONS: DatabaseProtections = {
  // Encrypted at rest with the environment's key; encryption cannot be added to a database later.
  storageEncrypted: true,
  // RDS generates the master password and keeps it in Secrets Manager: it never passes through Terraform.
  manageMasterUserPassword: true,
  // Lets apps and operators sign in with short-lived IAM tokens instead of long-lived passwords.
  iamDatabaseAuthentication: true,
  // Reachable only inside the VPC, through the security group rules the plan lists.
  publiclyAccessible: false,
  // Snapshots keep the app and environment tags, so cost reports and cleanup find them.
  copyTagsToSnapshot: true,
};
/**
 * RDS's current CA (RSA 2048, 40-year validity), pinned rather than left to the region's default at creation
 * time, so every instance presents the same chain; clients verify it against the RDS global bundle.
 */
const RDS_CA_CERT = 'rds-ca-rsa2048-g1';
/** Classes Performance Insights does not run on (RDS User Guide, PerfInsights.Overview.Engines). */
const NO_PERFORMANCE_INSIGHTS = /^db\.t[34]g?\.(micro|small)$/;
/** Aurora MySQL offers no Performance Insights on db.t2 and db.t3 (Aurora User Guide, USER_PerfInsights.Overview.Engines). */
const NO_PERFORMANCE_INSIGHTS_AURORA_MYSQL = /^db\.t[23]\./;
/**
 * An Aurora cluster holds one writer and up to 15 Aurora Replicas (Aurora User Guide, "Adding Aurora
 * Replicas to a DB cluster"); promotion tiers run 0-15, one per instance here.
 */
const AURORA_MAX_INSTANCES = 16;
/** Aurora's smallest classes are medium. */
const TOO_SMALL_FOR_AURORA = /^db\.t[34]g?\.(micro|small)$/;

export function compileDatabases(ctx: CompileContext, findings: Findings): DatabasePlan[] {
  const out: DatabasePlan[] = [];
  ctx.spec.databases.forEach((db, index) => {
    const plan = compileDatabase(ctx, db, index, findings);
    if (plan) out.push(plan);
  });
  return out;
}

function compileDatabase(
  ctx: CompileContext,
  db: DatabaseTargetSpec,
  index: number,
  { decisions, issues }: Findings,
): DatabasePlan | undefined {
  const path = ['databases', index];
  const subject = `databases.${db.name}`;
  const source = findDoDatabase(ctx.spec, db.from);
  if (db.from !== undefined && !source) {
    issues.push({
      severity: 'error',
      code: 'data/unknown-source',
      path: [...path, 'from'],
      message: `databases.${db.name}.from names "${db.from}", which is not in digitalocean.databases`,
      expected: 'the name of a DigitalOcean database cluster',
      hint: `declared: ${ctx.spec.digitalocean.databases.map((d) => d.name).join(', ') || 'none'}`,
    });
    return undefined;
  }
  const fromText = source ? describeSource(source) : undefined;

  // Engine.
  const sourceEngine: RdsEngine | undefined =
    source?.engine === 'mysql' ? 'mysql' : source?.engine === 'pg' ? 'postgres' : undefined;
  if (source && !sourceEngine) {
    issues.push({
      severity: 'error',
      code: 'data/engine-mismatch',
      path: [...path, 'from'],
      message: `${source.name} is a ${source.engine} cluster; RDS takes MySQL or PostgreSQL`,
      hint: `declare it under caches: (ElastiCache) instead`,
    });
    return undefined;
  }
  if (db.engine && sourceEngine && db.engine !== sourceEngine) {
    issues.push({
      severity: 'error',
      code: 'data/engine-mismatch',
      path: [...path, 'engine'],
      message: `engine ${db.engine} differs from ${source!.name} (${source!.engine}); dropship moves data within one engine`,
      expected: sourceEngine,
    });
    return undefined;
  }
  const engine = db.engine ?? sourceEngine;
  if (!engine) {
    issues.push({
      severity: 'error',
      code: 'data/engine-missing',
      path,
      message: `databases.${db.name} needs an engine (mysql or postgres) or a from: DigitalOcean database`,
      expected: 'engine: mysql | postgres, or from: <digitalocean database>',
    });
    return undefined;
  }

  // Version.
  const version = resolveVersion(engine, db, source, index, issues);
  if (!version) return undefined;
  decisions.push({
    subject: `${subject}.engineVersion`,
    choice: `${engine} ${version.version}`,
    rule: db.version
      ? 'given in the spec'
      : source
        ? `DigitalOcean ${source.engine} ${source.version} → RDS ${version.version}${engine === 'mysql' ? ' (8.4 LTS: RDS standard support for 8.0 ends 2026-07-31)' : ' (same major)'}`
        : `no source: the current default for ${engine}`,
    from: fromText,
  });
  decisions.push({
    subject: `${subject}.minorVersionUpgrades`,
    choice: db.aurora
      ? `with dropship's engine facts (now ${version.aurora?.version ?? version.version}), not automatic`
      : 'automatic, in the maintenance window',
    rule: db.aurora
      ? 'Aurora is created at a full minor version; after an automatic minor upgrade every later plan would ask to go back to it, which RDS refuses, so the apply fails. A newer minor arrives as a reviewed in-place upgrade when the pinned version moves (schema/facts/engine-versions.ts)'
      : `engine_version is the ${version.version} line: RDS applies its minor security fixes in the maintenance window and Terraform sees the same version`,
  });
  if (version.supportEndingSoon && !db.aurora) {
    issues.push({
      severity: 'warning',
      code: 'data/extended-support',
      path: db.version ? [...path, 'version'] : [...path, 'from'],
      message: `${engine} ${version.version} leaves RDS standard support on ${version.standardSupportEnds}; RDS then bills Extended Support`,
      hint: `plan an upgrade, or set version to a newer major (${RDS_ENGINE_VERSIONS.filter(
        (v) => v.engine === engine,
      )
        .map((v) => v.version)
        .join(', ')})`,
    });
  }
  if (db.aurora && !version.aurora) {
    issues.push({
      severity: 'error',
      code: 'data/aurora-version',
      path: [...path, 'aurora'],
      message: `Aurora has no ${engine} ${version.version} line`,
      expected: `a version with Aurora: ${RDS_ENGINE_VERSIONS.filter((v) => v.engine === engine && v.aurora)
        .map((v) => v.version)
        .join(', ')}`,
    });
    return undefined;
  }

  const identifier = awsName('rdsInstance', ctx.prefix, db.name);

  // Instance class.
  const chosenClass = chooseSize(
    {
      subject: `${subject}.instanceClass`,
      path,
      given: db.instanceClass,
      source,
      from: fromText,
      map: rdsClassFor,
      mapped: ({ size, rdsClass }, name) => ({
        choice: rdsClass.name,
        rule: `${name} (${size.vcpus} vCPU, ${size.memoryGib} GiB) → smallest Graviton class with at least those (${rdsClass.vcpus} vCPU, ${rdsClass.memoryGib} GiB)`,
      }),
      fallback: { choice: DEFAULT_CLASS, field: 'instanceClass' },
      unknown: { what: 'RDS class', hint: 'set databases[].instanceClass, e.g. db.t4g.medium' },
    },
    { decisions, issues },
  );
  if (chosenClass === undefined) return undefined;
  let instanceClass = chosenClass;
  if (db.aurora && TOO_SMALL_FOR_AURORA.test(instanceClass)) {
    decisions.push({
      subject: `${subject}.instanceClass`,
      choice: DEFAULT_CLASS,
      rule: `Aurora's smallest class is db.t4g.medium (${instanceClass} is not offered)`,
    });
    instanceClass = DEFAULT_CLASS;
  }

  // Storage (gp3): the DigitalOcean disk rounded up to whole GiB, at least RDS's minimum.
  const allocatedStorageGb =
    db.storageGb ??
    (source?.storageMib !== undefined
      ? Math.max(MIN_STORAGE_GB, Math.ceil(source.storageMib / 1024))
      : MIN_STORAGE_GB);
  if (!db.aurora)
    decisions.push({
      subject: `${subject}.storage`,
      choice: `${allocatedStorageGb} GiB gp3`,
      rule: db.storageGb
        ? 'given in the spec'
        : source?.storageMib !== undefined
          ? `${source.storageMib} MiB → ceil(MiB / 1024), at least ${MIN_STORAGE_GB} GiB`
          : `no DigitalOcean disk size known: the RDS minimum (${MIN_STORAGE_GB} GiB)`,
      from: fromText,
    });
  const maxAllocatedStorageGb =
    db.maxStorageGb ?? Math.min(MAX_STORAGE_GB, Math.max(allocatedStorageGb * 2, 100));
  if (maxAllocatedStorageGb <= allocatedStorageGb) {
    issues.push({
      severity: 'error',
      code: 'data/max-storage',
      path: [...path, 'maxStorageGb'],
      message: `maxStorageGb (${maxAllocatedStorageGb}) must exceed the allocated storage (${allocatedStorageGb} GiB) for storage autoscaling`,
      expected: `a number > ${allocatedStorageGb}`,
    });
    return undefined;
  }

  // Availability: a DigitalOcean standby node is what Multi-AZ replaces.
  const standbys = source ? (source.standbyNodes ?? source.nodes - 1) : 0;
  const multiAz = db.multiAz ?? standbys > 0;
  decisions.push({
    subject: `${subject}.multiAz`,
    choice: multiAz ? 'Multi-AZ (synchronous standby in a second zone)' : 'single-AZ',
    rule:
      db.multiAz !== undefined
        ? 'given in the spec'
        : source
          ? `${source.nodes} node(s), ${standbys} standby → Multi-AZ when there is a standby`
          : 'no source: single-AZ',
    from: fromText,
  });
  // Read scaling for DigitalOcean read-only nodes. RDS cannot create a read replica of an instance whose
  // master password it manages in Secrets Manager (RDS User Guide, "Limitations for Secrets Manager
  // integration"), and the password must stay out of Terraform, so readers need Aurora.
  const wanted = db.readReplicas ?? source?.readOnlyNodes.length ?? 0;
  let replicaCount = wanted;
  if (!db.aurora && wanted > 0) {
    replicaCount = 0;
    issues.push({
      severity: db.readReplicas !== undefined ? 'error' : 'warning',
      code: 'data/replicas-need-aurora',
      path: db.readReplicas !== undefined ? [...path, 'readReplicas'] : [...path, 'from'],
      message:
        db.readReplicas !== undefined
          ? `readReplicas: ${wanted} on RDS needs a replicable source, but RDS cannot replicate an instance whose master password it manages (which keeps the password out of Terraform)`
          : `${source!.name} has ${wanted} read-only node(s) that are not recreated: RDS cannot replicate an instance whose master password it manages in Secrets Manager`,
      hint: 'set aurora: true (readers join the cluster), or readReplicas: 0 to acknowledge',
    });
  }
  const firstReader = 1 + (multiAz ? 1 : 0);
  if (db.aurora && firstReader + replicaCount > AURORA_MAX_INSTANCES) {
    const most = AURORA_MAX_INSTANCES - firstReader;
    issues.push({
      severity: 'error',
      code: 'data/aurora-too-many-replicas',
      path: db.readReplicas !== undefined ? [...path, 'readReplicas'] : [...path, 'from'],
      message:
        `${replicaCount} reader(s)${multiAz ? ' plus the Multi-AZ standby' : ''} make ${firstReader + replicaCount} Aurora instances; ` +
        `a cluster has one writer and at most ${AURORA_MAX_INSTANCES - 1} replicas (promotion tiers 0-15)`,
      expected: `readReplicas ≤ ${most}${multiAz ? ' with multiAz' : ''}`,
      hint: multiAz
        ? `set readReplicas: ${most} or fewer, or multiAz: false (the readers then cover failover)`
        : `set readReplicas: ${most} or fewer`,
    });
  }
  const replicas: DbReplicaPlan[] = Array.from({ length: replicaCount }, (_, i) => ({
    identifier: awsName('rdsInstance', ctx.prefix, db.name, String(firstReader + i + 1)),
    from: db.readReplicas === undefined ? source?.readOnlyNodes[i]?.name : undefined,
    instanceClass: instanceClass!,
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
      from: fromText,
    });

  const dbName = db.databaseName ?? pickDbName(db, source);
  const appUsername = appUsernameFor(dbName);
  decisions.push({
    subject: `${subject}.credentials`,
    choice: `apps connect as ${appUsername} (secret ${secretPath(ctx, db.name, 'app')}); the master user ${db.username} (password generated and rotated by RDS in Secrets Manager) is for administration only`,
    rule:
      'least privilege, and survive rotations: RDS rotates the master password every 7 days and ECS reads secrets only at task start, ' +
      'so apps on the master secret would fail to open new connections after a rotation until redeployed. The app user can only use its database; ' +
      'no password is in Terraform or its state (a manual step creates the user and fills the secret)',
  });
  decisions.push({
    subject: `${subject}.monitoring`,
    choice: `Enhanced Monitoring every ${ENHANCED_MONITORING_SECONDS} s through the role ${monitoringRoleName(ctx)}`,
    rule: "OS metrics (per-process CPU, memory, I/O) that CloudWatch's hypervisor metrics lack; 60 s keeps the CloudWatch Logs cost small",
  });
  decisions.push({
    subject: `${subject}.tls`,
    choice: `TLS required by the parameter group; server certificate from ${RDS_CA_CERT}`,
    rule:
      'encryption in transit by default: a client without TLS is refused. The certificate authority is pinned because the default for new ' +
      "instances can change; apps verify the server against RDS's global CA bundle, which holds every RDS CA",
  });
  const deletionProtection = db.deletionProtection ?? ctx.production;
  const finalSnapshot = ctx.production || deletionProtection;
  const performanceInsights =
    !NO_PERFORMANCE_INSIGHTS.test(instanceClass) &&
    !(db.aurora && engine === 'mysql' && NO_PERFORMANCE_INSIGHTS_AURORA_MYSQL.test(instanceClass));
  if (!performanceInsights)
    decisions.push({
      subject: `${subject}.performanceInsights`,
      choice: 'off',
      rule: `Performance Insights is not offered on ${instanceClass}${db.aurora && engine === 'mysql' ? ' for Aurora MySQL' : ''}`,
    });

  const logExports = logExportsFor(engine, db.aurora);
  const logOwners = db.aurora ? [`cluster/${identifier}`] : [`instance/${identifier}`];
  const logGroups = logOwners.flatMap((owner) =>
    logExports.map((log) => ({ name: `/aws/rds/${owner}/${log}`, retentionDays: DATA_LOG_RETENTION_DAYS })),
  );
  const family = db.aurora ? version.aurora!.family : version.family;
  return {
    name: db.name,
    identifier,
    engine,
    engineVersion: version.version,
    port: PORTS[engine],
    instanceClass,
    storageType: RDS_STORAGE_TYPE,
    allocatedStorageGb,
    maxAllocatedStorageGb,
    multiAz,
    replicas,
    aurora: db.aurora
      ? {
          engine: version.aurora!.engine,
          engineVersion: version.aurora!.version,
          clusterIdentifier: identifier,
          clusterParameterGroupName: awsName('rdsInstance', ctx.prefix, db.name, version.aurora!.family),
          clusterParameterFamily: version.aurora!.family,
          instances: Array.from({ length: firstReader + replicaCount }, (_, i) => ({
            identifier: awsName('rdsInstance', ctx.prefix, db.name, String(i + 1)),
            promotionTier: i,
          })),
        }
      : undefined,
    dbName,
    username: db.username,
    appUsername,
    appSecret: appSecretKey(db.name),
    securityGroupId: ref(`network.sg.db-${db.name}.id`),
    kmsKeyArn: KMS_KEY,
    parameterGroupName: awsName('rdsInstance', ctx.prefix, db.name, family),
    parameterFamily: family,
    parameterGroupDescription: `${identifier}: TLS required, slow-query logging`,
    parameters: parametersFor(engine, Boolean(db.aurora)),
    caCertIdentifier: RDS_CA_CERT,
    backupRetentionDays: db.backupRetentionDays,
    deletionProtection,
    finalSnapshotIdentifier: finalSnapshot ? awsName('rdsInstance', identifier, 'final') : undefined,
    // RDS refuses a delete with neither a final snapshot identifier nor this flag: skip it only when none is taken.
    skipFinalSnapshot: !finalSnapshot,
    performanceInsights,
    performanceInsightsRetentionDays: 7,
    monitoringIntervalSeconds: ENHANCED_MONITORING_SECONDS,
    monitored: ENHANCED_MONITORING_SECONDS > 0,
    monitoringRoleName: monitoringRoleName(ctx),
    logExports,
    logGroups,
    protections: DATABASE_PROTECTIONS,
    autoMinorVersionUpgrade: !db.aurora,
    allowMajorVersionUpgrade: true,
    from: source?.name,
  };
}

function resolveVersion(
  engine: RdsEngine,
  db: DatabaseTargetSpec,
  source: DoDatabaseSpec | undefined,
  index: number,
  issues: Findings['issues'],
): RdsEngineVersion | undefined {
  const offered = RDS_ENGINE_VERSIONS.filter((v) => v.engine === engine).map((v) => v.version);
  if (db.version !== undefined) {
    const found = findRdsVersion(engine, db.version) ?? findRdsVersion(engine, majorOf(db.version));
    if (!found)
      issues.push({
        severity: 'error',
        code: 'data/unsupported-version',
        path: ['databases', index, 'version'],
        message: `RDS for ${engine} does not offer version ${db.version}`,
        expected: `one of ${offered.join(', ')}`,
      });
    return found;
  }
  if (!source) return onAuroraLine(engine, db, findRdsVersion(engine, DEFAULT_RDS_VERSION[engine]));
  const key = `${source.engine}:${source.version}`;
  const target =
    DO_TO_RDS_DEFAULT[key] ??
    DO_TO_RDS_DEFAULT[`${source.engine}:${majorOf(source.version)}`] ??
    DO_TO_RDS_DEFAULT[`${source.engine}:${source.version.split('.')[0]}`];
  const found = onAuroraLine(engine, db, target ? findRdsVersion(engine, target) : undefined);
  if (!found)
    issues.push({
      severity: 'error',
      code: 'data/unsupported-version',
      path: ['databases', index, 'from'],
      message: `${source.name} runs ${source.engine} ${source.version}, which RDS does not offer`,
      expected: `${engine} ${offered.join(', ')}`,
      hint: `upgrade the DigitalOcean cluster first, or set databases[${index}].version to an offered version (the dump/restore then upgrades)`,
    });
  return found;
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

/** Enhanced Monitoring granularity (RDS offers 1, 5, 10, 15, 30, 60 s). */
export const ENHANCED_MONITORING_SECONDS = 60;

/** The Enhanced Monitoring role, when some database is monitored. */
export function monitoringRolePlan(databases: DatabasePlan[]): MonitoringRolePlan | undefined {
  const monitored = databases.find((d) => d.monitored);
  if (!monitored) return undefined;
  return {
    name: monitored.monitoringRoleName,
    description: 'RDS Enhanced Monitoring publishes OS metrics to CloudWatch Logs',
    assumeRolePolicyJson: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'monitoring.rds.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    }),
    managedPolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole',
  };
}

export const monitoringRoleName = (ctx: CompileContext): string =>
  awsName('iamRole', ctx.prefix, 'rds-monitoring');

export const appSecretKey = (db: string): string => `db-${db}-app`;

/** `<database>_app`: a legal MySQL (≤ 32 characters) and PostgreSQL user name that says what it is for. */
export function appUsernameFor(dbName: string): string {
  const base = dbName
    .replace(/[^A-Za-z0-9_]/g, '_')
    .toLowerCase()
    .slice(0, 28);
  return `${/^[a-z]/.test(base) ? base : `db_${base}`.slice(0, 28)}_app`;
}

/** The database the app connects to: the spec's, else the first DigitalOcean logical database, else the name. */
function pickDbName(db: DatabaseTargetSpec, source: DoDatabaseSpec | undefined): string {
  const candidate = source?.databases.find((d) => /^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(d));
  return candidate ?? db.name.replace(/-/g, '_');
}

/**
 * Encryption in transit is enforced by the server, plus slow-query logging for the exported logs.
 * require_secure_transport is a 0/1 parameter in an RDS MySQL DB parameter group and ON/OFF in an Aurora MySQL
 * cluster parameter group: each is written as its group stores it, so the next plan reads back what it wrote.
 */
function parametersFor(engine: RdsEngine, aurora: boolean): DbParameter[] {
  if (engine === 'mysql')
    return [
      { name: 'long_query_time', value: '2', applyMethod: 'immediate' },
      { name: 'require_secure_transport', value: aurora ? 'ON' : '1', applyMethod: 'immediate' },
      { name: 'slow_query_log', value: '1', applyMethod: 'immediate' },
    ];
  return [
    { name: 'log_min_duration_statement', value: '2000', applyMethod: 'immediate' },
    { name: 'rds.force_ssl', value: '1', applyMethod: 'immediate' },
  ];
}

function logExportsFor(engine: RdsEngine, aurora: boolean): string[] {
  if (engine === 'mysql') return ['error', 'slowquery'];
  return aurora ? ['postgresql'] : ['postgresql', 'upgrade'];
}

function describeSource(source: DoDatabaseSpec): string {
  const parts = [
    `${source.name}: ${source.engine} ${source.version}`,
    source.size,
    `${source.nodes} node(s)`,
  ];
  if (source.storageMib !== undefined) parts.push(`${source.storageMib} MiB`);
  if (source.readOnlyNodes.length > 0) parts.push(`${source.readOnlyNodes.length} read-only node(s)`);
  return parts.join(', ');
}
