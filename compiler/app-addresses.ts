/**
 * The addresses of the app tier's resources: construct ids in the apps stack, or, with the per-app layout,
 * in the platform stack (what apps share) and each app's own stack. Decided here, from the prefix and the
 * layout alone, so the apps part, the alarms and the cutover name the same resources; `stacks/apps*` names
 * each resource by its plan's address.
 */
import type { CompileContext } from './context';
import { address, ref } from './refs';
import type { ResourceType } from './model/refs';
import { albStackName, appStackName, dataStackName } from './stack-names';
import { awsName, fitName } from '../schema/facts/aws-names';
import type { AppSpec } from '../schema/spec';

type Placement = Pick<CompileContext, 'prefix' | 'layout'>;

/** What apps share: the cluster, the Cloud Map namespace, the ALB and its HTTPS listener, the exec audit log. */
export function platformAddresses(ctx: Placement) {
  const stack = albStackName(ctx.prefix, ctx.layout);
  return {
    cluster: address(stack, 'aws_ecs_cluster', 'cluster'),
    capacityProviders: address(stack, 'aws_ecs_cluster_capacity_providers', 'cluster-capacity-providers'),
    namespace: address(stack, 'aws_service_discovery_private_dns_namespace', 'namespace'),
    alb: address(stack, 'aws_lb', 'alb'),
    httpsListener: address(stack, 'aws_lb_listener', 'listener-https'),
    execAuditLogGroup: address(stack, 'aws_cloudwatch_log_group', 'exec-audit-logs'),
  };
}

/** One app's resources (`<app>-<what>`), and the references to them the apps part uses. */
export function appAddresses(ctx: Placement, app: string) {
  const stack = appStackName(ctx.prefix, ctx.layout, app);
  const at = <T extends ResourceType>(type: T, what: string) => address(stack, type, `${app}-${what}`);
  const addresses = {
    logGroup: at('aws_cloudwatch_log_group', 'logs'),
    executionRole: at('aws_iam_role', 'execution-role'),
    taskRole: at('aws_iam_role', 'task-role'),
    eventsRole: at('aws_iam_role', 'events-role'),
    taskDefinition: at('aws_ecs_task_definition', 'task'),
    targetGroup: at('aws_lb_target_group', 'target-group'),
    discovery: at('aws_service_discovery_service', 'discovery'),
    service: at('aws_ecs_service', 'service'),
    // Blue/green (CodeDeploy): the second target group, the test listener, the application, its deployment
    // group and CodeDeploy's role.
    greenTargetGroup: at('aws_lb_target_group', 'target-group-green'),
    testListener: at('aws_lb_listener', 'test-listener'),
    codeDeployApp: at('aws_codedeploy_app', 'codedeploy'),
    deploymentGroup: at('aws_codedeploy_deployment_group', 'deployment-group'),
    codeDeployRole: at('aws_iam_role', 'codedeploy-role'),
    efs: (volume: string) => ({
      fileSystem: at('aws_efs_file_system', `${volume}-efs`),
      accessPoint: at('aws_efs_access_point', `${volume}-efs-access-point`),
    }),
  };
  return {
    addresses,
    logGroupArn: ref(addresses.logGroup, 'arn'),
    executionRoleArn: ref(addresses.executionRole, 'arn'),
    taskRoleArn: ref(addresses.taskRole, 'arn'),
    taskDefinitionArn: ref(addresses.taskDefinition, 'arn'),
    taskDefinitionArnWithoutRevision: ref(addresses.taskDefinition, 'arn_without_revision'),
    serviceName: ref(addresses.service, 'name'),
    targetGroupArn: ref(addresses.targetGroup, 'arn'),
    targetGroupArnSuffix: ref(addresses.targetGroup, 'arn_suffix'),
    discoveryArn: ref(addresses.discovery, 'arn'),
    efs: (volume: string) => {
      const efs = addresses.efs(volume);
      return {
        fileSystemId: ref(efs.fileSystem, 'id'),
        fileSystemArn: ref(efs.fileSystem, 'arn'),
        accessPointId: ref(efs.accessPoint, 'id'),
        accessPointArn: ref(efs.accessPoint, 'arn'),
      };
    },
  };
}

/** The name of a blue/green service: new, so rolling → blue-green creates it beside the rolling one. */
export const blueGreenServiceName = (app: string): string => awsName('ecs', app, 'bg');

/** An app's ECS service name, which the apps part gives it and the data runbook's commands name. */
export const ecsServiceName = (app: AppSpec): string =>
  app.deployment.strategy === 'blue-green' ? blueGreenServiceName(app.name) : app.name;

/** An app's task definition family, which the apps part gives it and the data runbook's commands name. */
export const taskFamilyName = (prefix: string, app: string): string => awsName('ecs', prefix, app);

/** A scheduled app's EventBridge rule name. */
export const scheduleRuleName = (prefix: string, app: string): string => fitName([prefix, app], 64);

/**
 * The file system of a DigitalOcean volume several entries share, and one entry's access point on it: in the
 * data stack, which every app's stack reads (compiler/storage/shared-efs.ts).
 */
export function sharedEfsAddresses(
  ctx: Pick<CompileContext, 'prefix'>,
  source: string,
  app: string,
  volume: string,
) {
  const stack = dataStackName(ctx.prefix);
  const fileSystem = address(stack, 'aws_efs_file_system', `efs-${source}`);
  const accessPoint = address(stack, 'aws_efs_access_point', `efs-${source}-${app}-${volume}`);
  return {
    fileSystem,
    accessPoint,
    refs: {
      fileSystemId: ref(fileSystem, 'id'),
      fileSystemArn: ref(fileSystem, 'arn'),
      accessPointId: ref(accessPoint, 'id'),
      accessPointArn: ref(accessPoint, 'arn'),
    },
  };
}
