/** Reference keys of what the apps/platform stacks produce (conventions in compiler/refs.ts). */
export const APPS_KEYS = {
  clusterArn: 'apps.cluster.arn',
  clusterName: 'apps.cluster.name',
  albArn: 'apps.alb.arn',
  albArnSuffix: 'apps.alb.arn_suffix',
  albDnsName: 'apps.alb.dns_name',
  albZoneId: 'apps.alb.zone_id',
  httpsListenerArn: 'apps.listener.https.arn',
  namespaceId: 'apps.namespace.id',
  /** The cluster's ECS Exec audit log group (only when an app enables exec). */
  execLogGroupArn: 'apps.exec.log_group.arn',
} as const;

/** Keys of one app's resources. */
export function appKeys(app: string) {
  const base = `apps.app.${app}`;
  return {
    logGroupArn: `${base}.log_group.arn`,
    executionRoleArn: `${base}.execution_role.arn`,
    taskRoleArn: `${base}.task_role.arn`,
    eventsRoleArn: `${base}.events_role.arn`,
    taskDefinitionArn: `${base}.task_definition.arn`,
    taskDefinitionArnWithoutRevision: `${base}.task_definition.arn_without_revision`,
    serviceName: `${base}.service.name`,
    targetGroupArn: `${base}.target_group.arn`,
    targetGroupArnSuffix: `${base}.target_group.arn_suffix`,
    discoveryArn: `${base}.discovery.arn`,
    efs: (volume: string) => ({
      fileSystemId: `${base}.efs.${volume}.id`,
      fileSystemArn: `${base}.efs.${volume}.arn`,
      accessPointId: `${base}.efs.${volume}.access_point.id`,
      accessPointArn: `${base}.efs.${volume}.access_point.arn`,
    }),
  };
}
