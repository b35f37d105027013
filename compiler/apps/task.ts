/**
 * An app's task: its Fargate size and CPU architecture, its log group, the task definition that names its
 * containers, roles and EFS volumes, and the security groups its tasks run in.
 */
import { taskFamilyName } from '../app-addresses';
import type { AppPlan, LogGroupPlan, TaskDefinitionPlan } from '../model/apps';
import type { Value } from '../model/refs';
import { groupByKey } from '../plan-lookups';
import { sizeApp } from '../sizing';
import { containerDefinitions } from './containers';
import type { AppWiring } from '../model/wiring';
import type { AppContext } from './context';

/** The task's Fargate CPU and memory (compiler/sizing.ts), with the decision that explains them. */
export function taskSize({ app, ctx, decisions }: AppContext): AppPlan['size'] {
  const sizing = sizeApp(app, ctx.spec.digitalocean.droplets);
  decisions.push(sizing.decision);
  return sizing.size;
}

const logGroupName = ({ ctx, app }: AppContext): string => `/ecs/${ctx.prefix}/${app.name}`;

export function logGroupPlan(a: AppContext): LogGroupPlan {
  return {
    name: logGroupName(a),
    retentionDays: a.app.logRetentionDays,
    kmsKeyArn: a.deps.network.kms.arn,
    address: a.keys.addresses.logGroup,
  };
}

export function taskDefinitionPlan(
  a: AppContext,
  size: AppPlan['size'],
  wiring: AppWiring,
): TaskDefinitionPlan {
  const { ctx, deps, app, keys } = a;
  const containers = containerDefinitions({
    app,
    spec: ctx.spec,
    region: ctx.spec.aws.region,
    logGroupName: logGroupName(a),
    wiring,
    registry: deps.registry,
    data: deps.data,
  });
  return {
    family: taskFamilyName(ctx.prefix, app.name),
    cpu: String(size.cpu),
    memory: String(size.memory),
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpuArchitecture: app.architecture === 'arm64' ? 'ARM64' : 'X86_64',
    operatingSystemFamily: 'LINUX',
    executionRoleArn: keys.executionRoleArn,
    taskRoleArn: keys.taskRoleArn,
    containerDefinitionsJson: JSON.stringify(containers),
    volumes: app.volumes.map((v) => ({
      name: v.name,
      fileSystemId: keys.efs(v.name).fileSystemId,
      accessPointId: keys.efs(v.name).accessPointId,
      transitEncryption: 'ENABLED',
      iamAuthorization: 'ENABLED',
    })),
    address: keys.addresses.taskDefinition,
  };
}

/** Its own group plus the shared ones (apps, internal): see compiler/security.ts. */
export function taskSecurityGroups({ app, deps }: AppContext): Value<'aws_security_group'>[] {
  return deps.security.taskSecurityGroups[app.name].map((key) => groupByKey(deps.security, key).id);
}
