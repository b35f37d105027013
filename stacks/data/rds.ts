/**
 * RDS instances or Aurora clusters (writer, standby and readers), their private subnet group, parameter
 * groups and log groups. The master password is RDS-managed in Secrets Manager: no password attribute is
 * ever set.
 */
import type { TerraformStack } from 'cdktf';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import type { StackContext } from '../context';
import {
  databaseSettings,
  instanceSettings,
  parameterGroupConfig,
  provideDatabase,
  renderLogGroups,
  monitoringDependencies,
  renderMonitoringRole,
  type MonitoringRole,
} from './database-parts';
import type { DatabasePlan } from '../../compiler/model';

export function renderDatabases(stack: TerraformStack, ctx: StackContext): void {
  const { refs } = ctx;
  const { data } = ctx.plan;
  // The plan's type holds the group with the databases: without one there are none to render.
  if (!data.dbSubnetGroup) return;
  const { databases, dbSubnetGroup: group } = data;
  const subnetGroup = new DbSubnetGroup(stack, 'db-subnet-group', {
    name: group.name,
    description: group.description,
    subnetIds: group.subnetIds.map((s) => refs.resolve(s)),
  });
  const monitoringRole = renderMonitoringRole(stack, ctx, ctx.plan.data.monitoringRole);
  for (const db of databases) {
    // Only a monitored database names the role and waits for it.
    const monitoring = db.monitored ? monitoringRole : undefined;
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

function renderInstance(
  stack: TerraformStack,
  ctx: StackContext,
  db: DatabasePlan,
  subnetGroupName: string,
  monitoring: MonitoringRole | undefined,
): void {
  const { refs } = ctx;
  const logGroups = renderLogGroups(stack, ctx, db);
  const parameterGroup = new DbParameterGroup(
    stack,
    `db-${db.name}-parameters`,
    parameterGroupConfig(db, db.parameterGroupName, db.parameterFamily),
  );
  const primary = new DbInstance(stack, db.address.name, {
    ...databaseSettings(db, refs, subnetGroupName),
    ...instanceSettings(db, refs, subnetGroupName, monitoring),
    identifier: db.identifier,
    engine: db.engine,
    engineVersion: db.engineVersion,
    dbName: db.dbName,
    username: db.username,
    allocatedStorage: db.allocatedStorageGb,
    maxAllocatedStorage: db.maxAllocatedStorageGb,
    storageType: db.storageType,
    multiAz: db.multiAz,
    parameterGroupName: parameterGroup.name,
    // RDS checks the role's permissions when the instance is created.
    dependsOn: [...logGroups, ...monitoringDependencies(monitoring)],
  });
  provideDatabase(refs, db, primary.address);
}
