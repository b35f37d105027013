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
import { blueGreenServiceName } from './blue-green';

/** What the service registers its tasks with. */
export interface ServiceTargets {
  exposure?: PublicExposure;
  discovery: boolean;
  /** CodeDeploy deploys it (compiler/apps/blue-green.ts). */
  blueGreen: boolean;
}

export function servicePlan(a: AppContext, { exposure, discovery, blueGreen }: ServiceTargets): ServicePlan {
  const { deps, app, keys, platform } = a;
  const desiredCount = desiredCountDecided(a);
  const waitForSteadyState = steadyStateDecided(a, blueGreen);
  const capacityProviderStrategy = capacityProvidersDecided(a);
  const ignoreChanges: ServicePlan['ignoreChanges'] = [];
  if (app.scaling) ignoreChanges.push('desired_count');
  // CodeDeploy owns the revision and the target group the service registers with: both move at each deployment.
  if (ciOwnsImage(app) || blueGreen) ignoreChanges.push('task_definition');
  if (blueGreen) ignoreChanges.push('load_balancer');
  const service: ServicePlan = {
    name: blueGreen ? blueGreenServiceName(app.name) : app.name,
    clusterArn: ref(platform.cluster, 'arn'),
    taskDefinitionArn: keys.taskDefinitionArn,
    desiredCount,
    minHealthyPercent: app.deployment.minHealthyPercent,
    maxPercent: app.deployment.maxPercent,
    enableExecuteCommand: app.deployment.exec,
    waitForSteadyState,
    capacityProviderStrategy,
    ...(blueGreen
      ? { deploymentController: 'CODE_DEPLOY' as const, createBeforeDestroy: true as const }
      : {
          forceNewDeployment: true as const,
          circuitBreaker: { enable: true as const, rollback: true as const },
        }),
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
  if (!ignoreChanges.includes('task_definition'))
    service.runsRegisteredRevision = {
      errorMessage:
        `ECS service ${app.name} does not run the task definition revision this apply registered: its ` +
        'deployment failed and the circuit breaker rolled it back to the previous revision (the wait for ' +
        'steady state counts a rolled-back service as steady). See the service events ' +
        '(aws ecs describe-services) for why the new tasks failed; the next plan deploys the revision again.',
    };
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

function steadyStateDecided({ app, decisions }: AppContext, blueGreen: boolean): boolean {
  const ci = ciOwnsImage(app);
  if (blueGreen) {
    decisions.push({
      subject: `apps.${app.name}.waitForSteadyState`,
      choice: ci ? 'false (CI waits for its own deployments)' : 'true (at creation)',
      rule:
        'deployment.strategy: blue-green: CodeDeploy deploys every revision after the first, so Terraform waits only for the first task set ' +
        '(pinned) or not at all (ci); no postcondition on the revision (Terraform ignores task_definition) and no circuit breaker (CodeDeploy ' +
        'rolls back on a failed deployment or an alarm)',
    });
    return !ci;
  }
  decisions.push({
    subject: `apps.${app.name}.waitForSteadyState`,
    choice: ci ? 'false (CI waits for its own rollouts)' : 'true',
    rule: ci
      ? 'imageTagMode ci: CI deploys the revisions and should gate on `aws ecs wait services-stable`; Terraform ignores the revision, so waiting would tie infrastructure applies to CI rollouts'
      : 'imageTagMode pinned: Terraform deploys the revision, so the apply waits until the rollout is steady. A circuit-breaker rollback also ends steady, which the AWS provider reports as success (hashicorp/terraform-provider-aws#19519, #20858), so a postcondition fails the apply when the service does not run the revision this apply registered. Limits: a failed first deployment has no earlier revision to roll back to (the service keeps the new one, so the postcondition holds), and a rollback whose old revision fails too never gets steady: both fail the apply only when the wait times out, if at all; an update that redeploys an unchanged revision and rolls back to it passes',
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
