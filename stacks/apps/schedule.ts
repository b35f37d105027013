/** A scheduled app: the EventBridge rule, the role it runs the task with, and its ECS target. */
import type { ITerraformDependable } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { renderRole } from './roles';
import { appId, type AppScope } from './scope';
import type { SchedulePlan } from '../../compiler/model';

/** The runs wait for the roles' policies (`policies`, to which the events role's is added) and the mount targets. */
export function renderSchedule(
  scope: AppScope,
  s: SchedulePlan,
  policies: ITerraformDependable[],
  mountTargets: ITerraformDependable[],
): void {
  const { stack, app, refs } = scope;
  const rule = new CloudwatchEventRule(stack, appId(scope, 'schedule'), {
    name: s.ruleName,
    description: s.description,
    scheduleExpression: s.expression,
    tags: app.tags,
  });
  const eventsRole = renderRole(scope, 'events', s.role, policies);
  new CloudwatchEventTarget(stack, appId(scope, 'schedule-target'), {
    rule: rule.name,
    arn: refs.resolve(s.clusterArn),
    roleArn: eventsRole.arn,
    ecsTarget: {
      taskDefinitionArn: refs.resolve(s.taskDefinitionArn),
      launchType: s.launchType,
      platformVersion: s.platformVersion,
      taskCount: s.taskCount,
      propagateTags: s.propagateTags,
      enableEcsManagedTags: s.enableEcsManagedTags,
      networkConfiguration: {
        subnets: s.subnets.map((v) => refs.resolve(v)),
        securityGroups: s.securityGroups.map((v) => refs.resolve(v)),
        assignPublicIp: s.assignPublicIp,
      },
    },
    dependsOn: [...policies, ...mountTargets],
  });
}
