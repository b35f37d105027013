/**
 * One app's resources: log group, EFS volumes, IAM roles, task definition, and either a service (with its
 * target group, listener rules, Cloud Map service and autoscaling) or an EventBridge schedule. Renders
 * `plan.apps.apps[i]` exactly, one renderer per resource group (stacks/apps/*); all choices were made by
 * compiler/apps.ts. The order of the constructs is the order of the synthesized Terraform.
 */
import type { ITerraformDependable, TerraformStack } from 'cdktf';
import type { RefRegistry } from '../refs';
import type { AppPlan } from '../../compiler/model';
import type { AppScope } from './scope';
import { renderLogGroup, renderTaskDefinition } from './task';
import { renderEfs, renderEfsPolicies } from './efs';
import { RemovedBlock } from '../removed-block';
import { renderRole } from './roles';
import { renderSchedule } from './schedule';
import { renderTargetGroup } from './target-group';
import { renderDiscovery, renderService } from './service';
import { renderScaling } from './scaling';
import { renderBlueGreenTargets, renderCodeDeploy } from './blue-green';
import { renderRoute53Health } from './route53-health';
import type { AwsHealthPlan } from '../../compiler/model/health-signal';

/**
 * One app's resources. `capacityProviders`: the cluster's capacity-provider association when it is in the same
 * stack (the single layout), which the service waits for; a per-app stack is applied after the platform's.
 */
export function renderAppResources(
  stack: TerraformStack,
  app: AppPlan,
  refs: RefRegistry,
  capacityProviders?: ITerraformDependable,
  route53Health: AwsHealthPlan['apps'] = [],
): void {
  const scope: AppScope = { stack, app, refs };
  renderLogGroup(scope);

  // Earlier output's per-app file systems of a shared volume: forgotten, never destroyed.
  for (const fs of app.forgottenFileSystems)
    new RemovedBlock(stack, `${fs.name}-removed`, `${fs.type}.${fs.name}`);
  // EFS first: the task role's policy names the file systems and access points.
  const volumes = app.efs.map((fs) => renderEfs(scope, fs));
  const mountTargets = volumes.flatMap((v) => v.mountTargets);
  const policies: ITerraformDependable[] = [];
  renderRole(scope, 'execution', app.executionRole, policies);
  renderRole(scope, 'task', app.taskRole, policies);
  renderEfsPolicies(
    scope,
    volumes.map((v) => v.fileSystem),
  );
  renderTaskDefinition(scope);

  if (app.schedule) {
    renderSchedule(scope, app.schedule, policies, mountTargets);
    return;
  }
  const listenerRules = app.targetGroup ? renderTargetGroup(scope, app.targetGroup) : [];
  const testListener = app.blueGreen ? renderBlueGreenTargets(scope, app.blueGreen) : [];
  renderRoute53Health(scope, route53Health);
  if (app.discovery) renderDiscovery(scope, app.discovery);
  renderService(scope, app.service!, [
    ...policies,
    ...mountTargets,
    ...(capacityProviders ? [capacityProviders] : []),
    ...listenerRules,
    ...testListener,
  ]);
  if (app.blueGreen) renderCodeDeploy(scope, app.blueGreen);
  if (app.scaling) renderScaling(scope, app.scaling);
}
