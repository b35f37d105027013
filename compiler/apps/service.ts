/**
 * A long-running app's ECS service: how many tasks, on which capacity providers, how it deploys (rolling,
 * with a circuit breaker; waiting for steady state unless CI owns the image), and what it registers with
 * (the target group, the Cloud Map service).
 */
import type { PublicExposure } from '../../schema/inventory/listener-rules';
import type { CapacityProviderWeight, ServicePlan } from '../model/apps';
import { ref } from '../refs';
import { fargateOnly } from './cluster';
import { ciOwnsImage, type AppContext } from './context';
import { desiredCountOf } from '../desired-count';
import { taskSecurityGroups } from './task';

/** What the service registers its tasks with. */
export interface ServiceTargets {
  exposure?: PublicExposure;
  discovery: boolean;
}

export function servicePlan(a: AppContext, { exposure, discovery }: ServiceTargets): ServicePlan {
  const { deps, app, keys, platform } = a;
  const desiredCount = desiredCountDecided(a);
  const waitForSteadyState = steadyStateDecided(a);
  const capacityProviderStrategy = capacityProvidersDecided(a);
  const ignoreChanges: ServicePlan['ignoreChanges'] = [];
  if (app.scaling) ignoreChanges.push('desired_count');
  if (ciOwnsImage(app)) ignoreChanges.push('task_definition');
  const service: ServicePlan = {
    name: app.name,
    clusterArn: ref(platform.cluster, 'arn'),
    taskDefinitionArn: keys.taskDefinitionArn,
    desiredCount,
    minHealthyPercent: app.deployment.minHealthyPercent,
    maxPercent: app.deployment.maxPercent,
    enableExecuteCommand: app.deployment.exec,
    waitForSteadyState,
    capacityProviderStrategy,
    forceNewDeployment: true,
    circuitBreaker: { enable: true, rollback: true },
    propagateTags: 'SERVICE',
    enableEcsManagedTags: true,
    subnets: [...deps.network.privateSubnetIds],
    securityGroups: taskSecurityGroups(a),
    assignPublicIp: false,
    ignoreChanges,
    address: keys.addresses.service,
  };
  if (exposure) {
    service.healthCheckGracePeriodSeconds = app.deployment.healthCheckGracePeriod;
    service.loadBalancer = {
      targetGroupArn: keys.targetGroupArn,
      containerName: exposure.container,
      containerPort: exposure.port,
    };
  }
  if (discovery) service.serviceRegistryArn = keys.discoveryArn;
  return service;
}

function desiredCountDecided({ app, decisions }: AppContext): number {
  const { count, rule } = desiredCountOf(app);
  decisions.push({
    subject: `apps.${app.name}.desiredCount`,
    choice: `${count} task${count === 1 ? '' : 's'}`,
    rule,
  });
  return count;
}

function steadyStateDecided({ app, decisions }: AppContext): boolean {
  const ci = ciOwnsImage(app);
  decisions.push({
    subject: `apps.${app.name}.waitForSteadyState`,
    choice: ci ? 'false (CI waits for its own rollouts)' : 'true',
    rule: ci
      ? 'imageTagMode ci: CI deploys the revisions and should gate on `aws ecs wait services-stable`; Terraform ignores the revision, so waiting would tie infrastructure applies to CI rollouts'
      : 'imageTagMode pinned: Terraform deploys the revision, so the apply waits until the rollout is steady and fails when tasks cannot start (missing image, failing health checks, circuit breaker rollback) instead of reporting success',
  });
  return !ci;
}

function capacityProvidersDecided({ app, decisions }: AppContext): CapacityProviderWeight[] {
  const spot = app.deployment.spot;
  if (!spot || spot.fargate + spot.fargateSpot <= 0) return fargateOnly();
  decisions.push({
    subject: `apps.${app.name}.capacityProviders`,
    choice: `FARGATE weight ${spot.fargate}${spot.fargate > 0 ? ' (base 1)' : ''}, FARGATE_SPOT weight ${spot.fargateSpot}`,
    rule: 'weights from deployment.spot; one on-demand task as base so a Spot reclaim never empties the service',
  });
  // One on-demand task stays as the base whenever on-demand has a weight: Spot interruptions never take
  // the whole service down.
  return [
    { capacityProvider: 'FARGATE', weight: spot.fargate, base: spot.fargate > 0 ? 1 : 0 },
    { capacityProvider: 'FARGATE_SPOT', weight: spot.fargateSpot, base: 0 },
  ];
}
