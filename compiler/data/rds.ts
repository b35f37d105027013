/**
 * `databases:` → RDS instances (or Aurora clusters): engine and version, class, storage, Multi-AZ and read
 * replicas derived from the DigitalOcean cluster they replace, with every protection on by default.
 */
import type { CompileContext } from '../context';
import type { Decision } from '../model';
import { awsName } from '../../schema/facts/aws-names';
import { groupOf } from '../security/lookup';
import type { DatabaseTargetSpec, DoDatabaseSpec } from '../../schema/spec';
import { chooseSize, DATA_LOG_RETENTION_DAYS, type DataUpstream } from './common';
import {
  findDoDatabase,
  rdsEngineOf,
  rdsIdentifier,
  rdsLayoutOf,
  rdsStorageOf,
  rdsVersionOf,
} from '../../schema/inventory/databases';
import { appSecretKey } from '../../schema/inventory/secrets';
import { RDS_MIN_STORAGE_GB } from '../../schema/facts/rds-limits';
import { type RdsEngine } from '../../schema/facts/engine-versions';
import { rdsClassFor } from '../../schema/facts/rds-classes';
import { RDS_PORTS } from '../../schema/facts/ports';
import { secretPath } from './secrets';
import { address, ref } from '../refs';
import { dataStackName } from '../stack-names';
import type { DatabasePlan, DatabaseProtections, MonitoringRolePlan } from '../model/data';
import type { DbParameter, DbReplicaPlan } from '../model/data';

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
/** Aurora's smallest classes are medium. */
const TOO_SMALL_FOR_AURORA = /^db\.t[34]g?\.(micro|small)$/;

export function compileDatabases(
  ctx: CompileContext,
  decisions: Decision[],
  up: DataUpstream,
): DatabasePlan[] {
  return ctx.spec.databases.map((db) => compileDatabase(ctx, db, decisions, up));
}

/**
 * One database. The spec is valid: its engine and version are known and offered, its source's size maps to
 * a class, storage can grow, and its readers fit (schema/rules/databases.ts, database-targets.ts).
 */
/**
 * The resource apps connect to, `db-<name>` in the data stack: the Aurora cluster (its writer endpoint) or
 * the RDS instance (its address).
 */
function databaseEndpoint(
  ctx: CompileContext,
  db: DatabaseTargetSpec,
): Pick<DatabasePlan, 'address' | 'endpoint'> {
  const stack = dataStackName(ctx.prefix);
  if (db.aurora) {
    const cluster = address(stack, 'aws_rds_cluster', `db-${db.name}`);
    return { address: cluster, endpoint: { host: ref(cluster, 'endpoint'), port: ref(cluster, 'port') } };
  }
  const instance = address(stack, 'aws_db_instance', `db-${db.name}`);
  return { address: instance, endpoint: { host: ref(instance, 'address'), port: ref(instance, 'port') } };
}

function compileDatabase(
  ctx: CompileContext,
  db: DatabaseTargetSpec,
  decisions: Decision[],
  up: DataUpstream,
): DatabasePlan {
  const subject = `databases.${db.name}`;
  const source = findDoDatabase(ctx.spec, db.from);
  const fromText = source ? describeSource(source) : undefined;
  const engine = rdsEngineOf(db, source)!;
  const version = rdsVersionOf(engine, db, source)!;
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

  const identifier = rdsIdentifier(ctx.prefix, db.name);

  // Instance class.
  let instanceClass = chooseSize(
    {
      subject: `${subject}.instanceClass`,
      given: db.instanceClass,
      source,
      from: fromText,
      map: rdsClassFor,
      mapped: ({ size, rdsClass }, name) => ({
        choice: rdsClass.name,
        rule: `${name} (${size.vcpus} vCPU, ${size.memoryGib} GiB) → smallest Graviton class with at least those (${rdsClass.vcpus} vCPU, ${rdsClass.memoryGib} GiB)`,
      }),
      fallback: { choice: DEFAULT_CLASS, field: 'instanceClass' },
    },
    decisions,
  );
  if (db.aurora && TOO_SMALL_FOR_AURORA.test(instanceClass)) {
    decisions.push({
      subject: `${subject}.instanceClass`,
      choice: DEFAULT_CLASS,
      rule: `Aurora's smallest class is db.t4g.medium (${instanceClass} is not offered)`,
    });
    instanceClass = DEFAULT_CLASS;
  }

  // Storage (gp3): the DigitalOcean disk rounded up to whole GiB, at least RDS's minimum.
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
      from: fromText,
    });

  // Availability: a DigitalOcean standby node is what Multi-AZ replaces. Readers for DigitalOcean read-only
  // nodes only with Aurora: RDS cannot replicate an instance whose master password it manages.
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
    from: fromText,
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
    ...databaseEndpoint(ctx, db),
    identifier,
    engine,
    engineVersion: version.version,
    port: RDS_PORTS[engine],
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
            identifier: rdsIdentifier(ctx.prefix, db.name, i + 1),
            promotionTier: i,
          })),
        }
      : undefined,
    dbName,
    username: db.username,
    appUsername,
    appSecret: appSecretKey(db.name),
    securityGroupId: groupOf(up.security, 'db', db.name).id,
    kmsKeyArn: up.network.kms.arn,
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
