/** An app's log group and task definition. */
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { resolveDocument } from './text';
import type { AppScope } from './scope';

export function renderLogGroup({ stack, app, refs }: AppScope): void {
  const logGroup = new CloudwatchLogGroup(stack, app.logGroup.address.name, {
    name: app.logGroup.name,
    retentionInDays: app.logGroup.retentionDays,
    kmsKeyId: refs.resolve(app.logGroup.kmsKeyArn),
    tags: app.tags,
  });
  refs.provide(app.logGroup.address, { arn: logGroup.arn });
}

export function renderTaskDefinition({ stack, app, refs }: AppScope): void {
  const td = app.taskDefinition;
  const taskDefinition = new EcsTaskDefinition(stack, td.address.name, {
    family: td.family,
    cpu: td.cpu,
    memory: td.memory,
    networkMode: td.networkMode,
    requiresCompatibilities: [...td.requiresCompatibilities],
    runtimePlatform: { cpuArchitecture: td.cpuArchitecture, operatingSystemFamily: td.operatingSystemFamily },
    executionRoleArn: refs.resolve(td.executionRoleArn),
    taskRoleArn: refs.resolve(td.taskRoleArn),
    containerDefinitions: resolveDocument(td.containerDefinitionsJson, refs),
    volume: td.volumes.map((v) => ({
      name: v.name,
      efsVolumeConfiguration: {
        fileSystemId: refs.resolve(v.fileSystemId),
        transitEncryption: v.transitEncryption,
        authorizationConfig: { accessPointId: refs.resolve(v.accessPointId), iam: v.iamAuthorization },
      },
    })),
    skipDestroy: td.skipDestroy,
    tags: app.tags,
  });
  refs.provide(td.address, {
    arn: taskDefinition.arn,
    arn_without_revision: taskDefinition.arnWithoutRevision,
  });
}
