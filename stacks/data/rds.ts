/**
 * RDS instances or Aurora clusters (writer, standby and readers), their private subnet group, parameter
 * groups and log groups. The master password is RDS-managed in Secrets Manager: no password attribute is
 * ever set.
 */
import type { TerraformStack } from 'cdktf';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { DatabasePlan, MonitoringRolePlan } from '../../compiler/data';
import { resolveDocument } from '../apps/text';
import type { StackContext } from '../index';

/** RDS's current CA (RSA 2048, 40-year validity); clients verify against the RDS global bundle. */
export const CA_CERT = 'rds-ca-rsa2048-g1';

export function renderDatabases(stack: TerraformStack, ctx: StackContext, databases: DatabasePlan[]): void {
  if (databases.length === 0) return;
  const { refs } = ctx;
  const first = databases[0];
  const subnetGroup = new DbSubnetGroup(stack, 'db-subnet-group', {
    name: first.subnetGroupName,
    description: `Private subnets for the ${ctx.plan.meta.prefix} databases`,
    subnetIds: first.subnetIds.map((s) => refs.resolve(s)),
  });
  const monitoring = renderMonitoringRole(stack, ctx, ctx.plan.data.monitoringRole);
  for (const db of databases) {
    // Aurora's provider classes (~0.5 MB of code) are loaded only for a spec that has an Aurora cluster.
    if (db.aurora)
      (require('./aurora') as typeof import('./aurora')).renderAurora(
        stack,
        ctx,
        db,
        subnetGroup.name,
        monitoring,
      );
    else renderInstance(stack, ctx, db, subnetGroup.name, monitoring);
  }
}

/** Where Enhanced Monitoring is on: its interval, the role, and the attachment the role must have first. */
export interface Monitoring {
  monitoringInterval: number;
  monitoringRoleArn?: string;
  dependsOn: IamRolePolicyAttachment[];
}

/** The environment's Enhanced Monitoring role (as the compiler planned it) and what each database takes from it. */
function renderMonitoringRole(
  stack: TerraformStack,
  ctx: StackContext,
  plan: MonitoringRolePlan | undefined,
) {
  if (!plan)
    return (db: DatabasePlan): Monitoring => ({
      monitoringInterval: db.monitoringIntervalSeconds,
      dependsOn: [],
    });
  const role = new IamRole(stack, 'db-monitoring-role', {
    name: plan.name,
    description: plan.description,
    assumeRolePolicy: resolveDocument(plan.assumeRolePolicyJson, ctx.refs),
  });
  const attachment = new IamRolePolicyAttachment(stack, 'db-monitoring-policy', {
    role: role.name,
    policyArn: plan.managedPolicyArn,
  });
  return (db: DatabasePlan): Monitoring =>
    db.monitoringIntervalSeconds > 0
      ? {
          monitoringInterval: db.monitoringIntervalSeconds,
          monitoringRoleArn: role.arn,
          dependsOn: [attachment],
        }
      : { monitoringInterval: 0, dependsOn: [] };
}

/** The log groups RDS exports into, created first so they are KMS-encrypted and expire. */
export function renderLogGroups(
  stack: TerraformStack,
  ctx: StackContext,
  db: DatabasePlan,
): CloudwatchLogGroup[] {
  const kms = ctx.refs.resolve(db.kmsKeyArn);
  return db.logGroups.map(
    (group) =>
      new CloudwatchLogGroup(stack, `db-${db.name}-log-${group.name.split('/').slice(-2).join('-')}`, {
        name: group.name,
        retentionInDays: group.retentionDays,
        kmsKeyId: kms,
      }),
  );
}

function renderInstance(
  stack: TerraformStack,
  ctx: StackContext,
  db: DatabasePlan,
  subnetGroupName: string,
  monitoringFor: (db: DatabasePlan) => Monitoring,
): void {
  const { refs } = ctx;
  const kms = refs.resolve(db.kmsKeyArn);
  const logGroups = renderLogGroups(stack, ctx, db);
  const monitoring = monitoringFor(db);
  const parameterGroup = new DbParameterGroup(stack, `db-${db.name}-parameters`, {
    name: db.parameterGroupName,
    family: db.parameterFamily,
    description: `${db.identifier}: TLS required, slow-query logging`,
    parameter: db.parameters.map((p) => ({ name: p.name, value: p.value, applyMethod: p.applyMethod })),
    lifecycle: { createBeforeDestroy: true },
  });
  const performanceInsights = db.performanceInsights
    ? {
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: kms,
        performanceInsightsRetentionPeriod: db.performanceInsightsRetentionDays,
      }
    : { performanceInsightsEnabled: false };
  const primary = new DbInstance(stack, `db-${db.name}`, {
    identifier: db.identifier,
    engine: db.engine,
    engineVersion: db.engineVersion,
    port: db.port,
    dbName: db.dbName,
    username: db.username,
    manageMasterUserPassword: true,
    masterUserSecretKmsKeyId: kms,
    allocatedStorage: db.allocatedStorageGb,
    maxAllocatedStorage: db.maxAllocatedStorageGb,
    storageType: 'gp3',
    storageEncrypted: true,
    kmsKeyId: kms,
    dbSubnetGroupName: subnetGroupName,
    multiAz: db.multiAz,
    backupRetentionPeriod: db.backupRetentionDays,
    skipFinalSnapshot: db.finalSnapshotIdentifier === undefined,
    finalSnapshotIdentifier: db.finalSnapshotIdentifier,
    instanceClass: db.instanceClass,
    parameterGroupName: parameterGroup.name,
    vpcSecurityGroupIds: [refs.resolve(db.securityGroupId)],
    publiclyAccessible: false,
    iamDatabaseAuthenticationEnabled: true,
    enabledCloudwatchLogsExports: db.logExports,
    autoMinorVersionUpgrade: true,
    copyTagsToSnapshot: true,
    deletionProtection: db.deletionProtection,
    caCertIdentifier: CA_CERT,
    ...performanceInsights,
    monitoringInterval: monitoring.monitoringInterval,
    monitoringRoleArn: monitoring.monitoringRoleArn,
    // RDS checks the role's permissions when the instance is created.
    dependsOn: [...logGroups, ...monitoring.dependsOn],
  });
  refs.set(`data.db.${db.name}.address`, primary.address);
  // The port is set above, so it is known: a literal string keeps it a string in container environments
  // (a cross-stack number would be JSON-encoded as a number, which ECS rejects).
  refs.set(`data.db.${db.name}.port`, String(db.port));
  refs.set(`data.db.${db.name}.secret_arn`, primary.masterUserSecret.get(0).secretArn);
}
