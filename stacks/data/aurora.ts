/**
 * Aurora clusters (writer, standby and readers) and their cluster parameter group; rds.ts renders the rest of
 * a database and loads this module only when a spec has an Aurora cluster.
 */
import type { TerraformStack } from 'cdktf';
import { RdsCluster } from '@cdktf/provider-aws/lib/rds-cluster';
import { RdsClusterInstance } from '@cdktf/provider-aws/lib/rds-cluster-instance';
import { RdsClusterParameterGroup } from '@cdktf/provider-aws/lib/rds-cluster-parameter-group';
import type { DatabasePlan } from '../../compiler/data';
import type { StackContext } from '../index';
import { CA_CERT, renderLogGroups, type Monitoring } from './rds';

export function renderAurora(
  stack: TerraformStack,
  ctx: StackContext,
  db: DatabasePlan,
  subnetGroupName: string,
  monitoringFor: (db: DatabasePlan) => Monitoring,
): void {
  const { refs } = ctx;
  const aurora = db.aurora!;
  const monitoring = monitoringFor(db);
  const kms = refs.resolve(db.kmsKeyArn);
  const logGroups = renderLogGroups(stack, ctx, db);
  const parameterGroup = new RdsClusterParameterGroup(stack, `db-${db.name}-cluster-parameters`, {
    name: aurora.clusterParameterGroupName,
    family: aurora.clusterParameterFamily,
    description: `${aurora.clusterIdentifier}: TLS required, slow-query logging`,
    parameter: db.parameters.map((p) => ({ name: p.name, value: p.value, applyMethod: p.applyMethod })),
    lifecycle: { createBeforeDestroy: true },
  });
  const cluster = new RdsCluster(stack, `db-${db.name}`, {
    clusterIdentifier: aurora.clusterIdentifier,
    engine: aurora.engine,
    engineVersion: aurora.engineVersion,
    port: db.port,
    databaseName: db.dbName,
    masterUsername: db.username,
    manageMasterUserPassword: true,
    masterUserSecretKmsKeyId: kms,
    storageEncrypted: true,
    kmsKeyId: kms,
    dbSubnetGroupName: subnetGroupName,
    dbClusterParameterGroupName: parameterGroup.name,
    vpcSecurityGroupIds: [refs.resolve(db.securityGroupId)],
    iamDatabaseAuthenticationEnabled: true,
    enabledCloudwatchLogsExports: db.logExports,
    backupRetentionPeriod: db.backupRetentionDays,
    copyTagsToSnapshot: true,
    deletionProtection: db.deletionProtection,
    skipFinalSnapshot: db.finalSnapshotIdentifier === undefined,
    finalSnapshotIdentifier: db.finalSnapshotIdentifier,
    dependsOn: logGroups,
  });
  aurora.instanceIdentifiers.forEach((identifier, i) => {
    new RdsClusterInstance(stack, `db-${db.name}-${i + 1}`, {
      identifier,
      clusterIdentifier: cluster.id,
      engine: aurora.engine,
      engineVersion: cluster.engineVersion,
      instanceClass: db.instanceClass,
      dbSubnetGroupName: subnetGroupName,
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true,
      copyTagsToSnapshot: true,
      caCertIdentifier: CA_CERT,
      // The writer first: failover prefers the lowest tier.
      promotionTier: i,
      performanceInsightsEnabled: db.performanceInsights,
      performanceInsightsKmsKeyId: db.performanceInsights ? kms : undefined,
      performanceInsightsRetentionPeriod: db.performanceInsights
        ? db.performanceInsightsRetentionDays
        : undefined,
      monitoringInterval: monitoring.monitoringInterval,
      monitoringRoleArn: monitoring.monitoringRoleArn,
      dependsOn: monitoring.dependsOn,
    });
  });
  refs.set(`data.db.${db.name}.address`, cluster.endpoint);
  refs.set(`data.db.${db.name}.port`, String(db.port));
  refs.set(`data.db.${db.name}.secret_arn`, cluster.masterUserSecret.get(0).secretArn);
}
