/** A scheduled app: an EventBridge rule that runs one Fargate task per firing, instead of a service. */
import { scheduleRuleName } from '../app-addresses';
import type { SchedulePlan } from '../model/apps';
import { ref } from '../refs';
import { ciOwnsImage, type AppContext } from './context';
import { eventsRolePlan } from './roles';
import { taskSecurityGroups } from './task';

export function schedulePlan(a: AppContext, expression: string): SchedulePlan {
  const { ctx, deps, app, keys, platform } = a;
  return {
    ruleName: scheduleRuleName(ctx.prefix, app.name),
    expression,
    description: `Runs ${app.name} (${expression})`,
    role: eventsRolePlan(a),
    clusterArn: ref(platform.cluster, 'arn'),
    // ci mode: the family ARN without revision runs the latest revision CI registered.
    taskDefinitionArn: ciOwnsImage(app) ? keys.taskDefinitionArnWithoutRevision : keys.taskDefinitionArn,
    subnets: [...deps.network.privateSubnetIds],
    securityGroups: taskSecurityGroups(a),
    // One task per firing on Fargate's latest platform, tagged like the task definition.
    launchType: 'FARGATE',
    platformVersion: 'LATEST',
    taskCount: 1,
    propagateTags: 'TASK_DEFINITION',
    enableEcsManagedTags: true,
    // Private subnets behind NAT, like the services' tasks.
    assignPublicIp: false,
  };
}
