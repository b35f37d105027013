/**
 * `databases:` → RDS instances (or Aurora clusters): engine and version, class, storage, Multi-AZ and read
 * replicas derived from the DigitalOcean cluster they replace, with every protection on by default.
 * compiler/data/rds/ holds one module per group of decisions; this module puts a database's plan together.
 */
import type { CompileContext } from '../context';
import type { Decision } from '../model';
import { awsName } from '../../schema/facts/aws-names';
import { groupOf } from '../plan-lookups';
import type { DatabaseTargetSpec } from '../../schema/spec';
import { DATA_LOG_RETENTION_DAYS, type DataUpstream } from './common';
import { findDoDatabase, pickDbName, rdsIdentifier } from '../../schema/inventory/databases';
import { appSecretKey } from '../../schema/inventory/secrets';
import { RDS_PORTS } from '../../schema/facts/ports';
import { address, ref } from '../refs';
import { dataStackName } from '../stack-names';
import type { DatabasePlan } from '../model/data';
import { auroraPlan } from './rds/aurora';
import { describeSource, type DatabaseChoice } from './rds/choice';
import { chooseEngine, supportSentence } from './rds/engine';
import { extendedSupportCost } from './rds/support';
import { mysql84Upgrade, mysql84UpgradeDecision } from './rds/mysql-upgrade';
import type { RdsEngineVersion } from '../../schema/facts/engine-versions';
import { chooseAvailability, chooseInstanceClass, chooseStorage } from './rds/capacity';
import { appUsernameFor, chooseAccess } from './rds/access';
import { ENHANCED_MONITORING_SECONDS, monitoringRoleName } from './rds/monitoring';
import {
  DATABASE_PROTECTIONS,
  logExportsFor,
  parametersFor,
  RDS_CA_CERT,
  RDS_STORAGE_TYPE,
} from './rds/settings';

export { monitoringRolePlan } from './rds/monitoring';

/** A version past its standard support bills Extended Support from the first hour: the plan says how much. */
function recordExtendedSupport(
  { subject, decisions }: DatabaseChoice,
  version: RdsEngineVersion,
  instanceClass: string,
  instances: number,
): void {
  const sentence = supportSentence(version);
  const cost = extendedSupportCost(version, instanceClass, instances);
  if (!sentence || !cost) return;
  decisions.push({
    subject: `${subject}.extendedSupport`,
    choice: `billed from the first hour: about $${cost.monthlyUsd.toFixed(2)} per month on top of the instance (${cost.detail}${cost.price.verified ? '' : ', price unverified'})`,
    rule: `${sentence}; set version to a major in standard support to avoid it`,
  });
}

export function compileDatabases(
  ctx: CompileContext,
  decisions: Decision[],
  up: DataUpstream,
): DatabasePlan[] {
  return ctx.spec.databases.map((db) => compileDatabase(ctx, db, decisions, up));
}

/**
 * The resource apps connect to, `db-<name>` in the data stack: the Aurora cluster (its writer endpoint) or
 * the RDS instance (its address).
 */
function databaseEndpoint(
  ctx: CompileContext,
  db: DatabaseTargetSpec,
  instances: number,
): Pick<DatabasePlan, 'address' | 'endpoint'> {
  const stack = dataStackName(ctx.prefix);
  if (db.aurora) {
    const cluster = address(stack, 'aws_rds_cluster', `db-${db.name}`);
    // A reader that is paid for serves reads: with a second instance, apps learn the reader endpoint.
    const readerHost = instances > 1 ? { readerHost: ref(cluster, 'reader_endpoint') } : {};
    return {
      address: cluster,
      endpoint: { host: ref(cluster, 'endpoint'), port: ref(cluster, 'port'), ...readerHost },
    };
  }
  const instance = address(stack, 'aws_db_instance', `db-${db.name}`);
  return { address: instance, endpoint: { host: ref(instance, 'address'), port: ref(instance, 'port') } };
}

/**
 * One database. The spec is valid: its engine and version are known and offered, its source's size maps to
 * a class, storage can grow, and its readers fit (schema/rules/databases.ts, database-targets.ts).
 */
function compileDatabase(
  ctx: CompileContext,
  db: DatabaseTargetSpec,
  decisions: Decision[],
  up: DataUpstream,
): DatabasePlan {
  const source = findDoDatabase(ctx.spec, db.from);
  const from = source ? describeSource(source) : undefined;
  const c: DatabaseChoice = { ctx, db, source, subject: `databases.${db.name}`, from, decisions };
  const { engine, version } = chooseEngine(c);
  const identifier = rdsIdentifier(ctx.prefix, db.name);
  const instanceClass = chooseInstanceClass(c);
  const storage = chooseStorage(c);
  const { multiAz, replicas, replicaCount, firstReader } = chooseAvailability(c, instanceClass);
  const dbName = pickDbName(db, source);
  const appUsername = appUsernameFor(dbName);
  const { performanceInsights } = chooseAccess(c, appUsername, engine, instanceClass);
  if (!db.aurora) recordExtendedSupport(c, version, instanceClass, multiAz ? 2 : 1);
  if (mysql84Upgrade(source, { engine, version: version.version, aurora: Boolean(db.aurora) }))
    decisions.push(mysql84UpgradeDecision(c.subject, source, instanceClass, multiAz ? 2 : 1));
  const deletionProtection = db.deletionProtection ?? ctx.production;
  const finalSnapshot = ctx.production || deletionProtection;
  const logExports = logExportsFor(engine, db.aurora);
  const logOwners = db.aurora ? [`cluster/${identifier}`] : [`instance/${identifier}`];
  const logGroups = logOwners.flatMap((owner) =>
    logExports.map((log) => ({ name: `/aws/rds/${owner}/${log}`, retentionDays: DATA_LOG_RETENTION_DAYS })),
  );
  const family = db.aurora ? version.aurora!.family : version.family;
  return {
    name: db.name,
    ...databaseEndpoint(ctx, db, firstReader + replicaCount),
    identifier,
    engine,
    engineVersion: version.version,
    port: RDS_PORTS[engine],
    instanceClass,
    storageType: RDS_STORAGE_TYPE,
    ...storage,
    multiAz,
    replicas,
    aurora: db.aurora ? auroraPlan(ctx, db, identifier, version, firstReader + replicaCount) : undefined,
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
    // RDS and Aurora alike follow the major line (engine_version is the major; the service picks the minor).
    autoMinorVersionUpgrade: true,
    allowMajorVersionUpgrade: true,
    from: source?.name,
  };
}
