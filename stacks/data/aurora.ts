/**
 * Aurora clusters (writer, standby and readers) and their cluster parameter group; rds.ts renders the rest of
 * a database and loads this module only when a spec has an Aurora cluster.
 */
import type { TerraformStack } from 'cdktf';
import { RdsCluster } from '@cdktf/provider-aws/lib/rds-cluster';
import { RdsClusterInstance } from '@cdktf/provider-aws/lib/rds-cluster-instance';
import { RdsClusterParameterGroup } from '@cdktf/provider-aws/lib/rds-cluster-parameter-group';
import type { StackContext } from '../context';
import {
  databaseSettings,
  instanceSettings,
  parameterGroupConfig,
  provideDatabase,
  monitoringDependencies,
  renderLogGroups,
  type MonitoringRole,
} from './database-parts';
import type { DatabasePlan } from '../../compiler/model';

export function renderAurora(
  stack: TerraformStack,
  ctx: StackContext,
  db: DatabasePlan,
  subnetGroupName: string,
  monitoring: MonitoringRole | undefined,
): void {
  const { refs } = ctx;
  const aurora = db.aurora!;
  const logGroups = renderLogGroups(stack, ctx, db);
  const parameterGroup = new RdsClusterParameterGroup(
    stack,
    `db-${db.name}-cluster-parameters`,
    parameterGroupConfig(db, aurora.clusterParameterGroupName, aurora.clusterParameterFamily),
  );
  const cluster = new RdsCluster(stack, db.address.name, {
    ...databaseSettings(db, refs, subnetGroupName),
    clusterIdentifier: aurora.clusterIdentifier,
    engine: aurora.engine,
    engineVersion: aurora.engineVersion,
    databaseName: db.dbName,
    masterUsername: db.username,
    dbClusterParameterGroupName: parameterGroup.name,
    // Required before any db.serverless instance joins the cluster.
    serverlessv2ScalingConfiguration: aurora.serverlessV2
      ? { minCapacity: aurora.serverlessV2.minAcu, maxCapacity: aurora.serverlessV2.maxAcu }
      : undefined,
    dependsOn: logGroups,
  });
  aurora.instances.forEach((instance, i) => {
    new RdsClusterInstance(stack, `db-${db.name}-${i + 1}`, {
      ...instanceSettings(db, refs, subnetGroupName, monitoring),
      identifier: instance.identifier,
      clusterIdentifier: cluster.id,
      engine: aurora.engine,
      engineVersion: cluster.engineVersion,
      promotionTier: instance.promotionTier,
      dependsOn: monitoringDependencies(monitoring),
    });
  });
  provideDatabase(refs, db, cluster.endpoint, cluster.readerEndpoint);
}
