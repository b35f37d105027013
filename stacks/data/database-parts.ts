/**
 * What an RDS instance (rds.ts) and an Aurora cluster (aurora.ts) render alike: the Enhanced Monitoring role,
 * the exported log groups, the parameter group, the settings the instance and cluster share, and the refs a
 * database registers. Its own module so that aurora.ts, which rds.ts loads lazily, need not import rds.ts.
 */
import type { TerraformStack } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { resolveDocument } from '../apps/text';
import type { StackContext } from '../context';
import type { RefRegistry } from '../refs';
import type { DatabasePlan, MonitoringRolePlan } from '../../compiler/model';

/** The environment's Enhanced Monitoring role: its ARN, and the attachment RDS checks when it creates a database. */
export interface MonitoringRole {
  arn: string;
  attachment: IamRolePolicyAttachment;
}

/** The environment's Enhanced Monitoring role, as the compiler planned it (only when a database is monitored). */
export function renderMonitoringRole(
  stack: TerraformStack,
  ctx: StackContext,
  plan: MonitoringRolePlan | undefined,
): MonitoringRole | undefined {
  if (!plan) return undefined;
  const role = new IamRole(stack, 'db-monitoring-role', {
    name: plan.name,
    description: plan.description,
    assumeRolePolicy: resolveDocument(plan.assumeRolePolicyJson, ctx.refs),
  });
  const attachment = new IamRolePolicyAttachment(stack, 'db-monitoring-policy', {
    role: role.name,
    policyArn: plan.managedPolicyArn,
  });
  return { arn: role.arn, attachment };
}

/** What a monitored database waits for: RDS checks the role's permissions when it creates the instance. */
export const monitoringDependencies = (monitoring: MonitoringRole | undefined): IamRolePolicyAttachment[] =>
  monitoring ? [monitoring.attachment] : [];

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

/** A DB or DB cluster parameter group of the planned parameters (replaced before it is destroyed). */
export function parameterGroupConfig(db: DatabasePlan, name: string, family: string) {
  return {
    name,
    family,
    description: db.parameterGroupDescription,
    parameter: db.parameters.map((p) => ({ name: p.name, value: p.value, applyMethod: p.applyMethod })),
    lifecycle: { createBeforeDestroy: true },
  };
}

/**
 * What an RDS instance and an Aurora cluster share: RDS-managed master password, encryption with the
 * environment key, placement, IAM authentication, log exports, backups and protections.
 */
export function databaseSettings(db: DatabasePlan, refs: RefRegistry, subnetGroupName: string) {
  const kms = refs.resolve(db.kmsKeyArn);
  return {
    port: db.port,
    manageMasterUserPassword: db.protections.manageMasterUserPassword,
    masterUserSecretKmsKeyId: kms,
    storageEncrypted: db.protections.storageEncrypted,
    kmsKeyId: kms,
    dbSubnetGroupName: subnetGroupName,
    vpcSecurityGroupIds: [refs.resolve(db.securityGroupId)],
    iamDatabaseAuthenticationEnabled: db.protections.iamDatabaseAuthentication,
    enabledCloudwatchLogsExports: db.logExports,
    backupRetentionPeriod: db.backupRetentionDays,
    copyTagsToSnapshot: db.protections.copyTagsToSnapshot,
    allowMajorVersionUpgrade: db.allowMajorVersionUpgrade,
    deletionProtection: db.deletionProtection,
    skipFinalSnapshot: db.skipFinalSnapshot,
    finalSnapshotIdentifier: db.finalSnapshotIdentifier,
  };
}

/** What an RDS instance and an Aurora instance share: class, placement, CA, Performance Insights, monitoring. */
export function instanceSettings(
  db: DatabasePlan,
  refs: RefRegistry,
  subnetGroupName: string,
  monitoring: MonitoringRole | undefined,
) {
  return {
    instanceClass: db.instanceClass,
    dbSubnetGroupName: subnetGroupName,
    publiclyAccessible: db.protections.publiclyAccessible,
    autoMinorVersionUpgrade: db.autoMinorVersionUpgrade,
    copyTagsToSnapshot: db.protections.copyTagsToSnapshot,
    caCertIdentifier: db.caCertIdentifier,
    performanceInsightsEnabled: db.performanceInsights,
    performanceInsightsKmsKeyId: db.performanceInsights ? refs.resolve(db.kmsKeyArn) : undefined,
    performanceInsightsRetentionPeriod: db.performanceInsights
      ? db.performanceInsightsRetentionDays
      : undefined,
    monitoringInterval: db.monitoringIntervalSeconds,
    monitoringRoleArn: monitoring?.arn,
  };
}

/**
 * What other stacks read of a database: where apps connect. The port is planned, so it is known: a literal
 * string keeps it a string in container environments (a cross-stack number would be JSON-encoded as a number,
 * which ECS rejects).
 */
export function provideDatabase(
  refs: RefRegistry,
  db: DatabasePlan,
  host: string,
  readerHost?: string,
): void {
  const port = String(db.port);
  if (db.address.type === 'aws_rds_cluster')
    refs.provide(db.address, { endpoint: host, port, reader_endpoint: readerHost ?? host });
  else refs.provide(db.address, { address: host, port });
}
