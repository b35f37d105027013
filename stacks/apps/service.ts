/** A long-running app's Cloud Map service (when internal) and its ECS service. */
import { Op, TerraformSelf, type ITerraformDependable } from 'cdktf';
import { EcsService, type EcsServiceConfig } from '@cdktf/provider-aws/lib/ecs-service';
import { ServiceDiscoveryService } from '@cdktf/provider-aws/lib/service-discovery-service';
import type { AppScope } from './scope';
import type { AppPlan, ServicePlan } from '../../compiler/model';

export function renderDiscovery(
  { stack, app, refs }: AppScope,
  discovery: NonNullable<AppPlan['discovery']>,
): void {
  const service = new ServiceDiscoveryService(stack, discovery.address.name, {
    name: discovery.name,
    dnsConfig: {
      namespaceId: refs.resolve(discovery.namespaceId),
      dnsRecords: [{ type: 'A', ttl: discovery.ttl }],
      routingPolicy: discovery.routingPolicy,
    },
    tags: app.tags,
  });
  refs.provide(discovery.address, { arn: service.arn });
}

/** `dependencies`: what the service waits for (roles' policies, mount targets, capacity providers, listener rules). */
export function renderService(
  { stack, app, refs }: AppScope,
  svc: ServicePlan,
  dependencies: ITerraformDependable[],
): void {
  const resolve = (v: Parameters<typeof refs.resolve>[0]) => refs.resolve(v);
  const service = new EcsService(stack, svc.address.name, {
    name: svc.name,
    cluster: resolve(svc.clusterArn),
    taskDefinition: resolve(svc.taskDefinitionArn),
    desiredCount: svc.desiredCount,
    capacityProviderStrategy: svc.capacityProviderStrategy.map((c) => ({
      capacityProvider: c.capacityProvider,
      weight: c.weight,
      base: c.base,
    })),
    forceNewDeployment: svc.forceNewDeployment,
    deploymentCircuitBreaker: svc.circuitBreaker,
    deploymentController: svc.deploymentController ? { type: svc.deploymentController } : undefined,
    deploymentMinimumHealthyPercent: svc.minHealthyPercent,
    deploymentMaximumPercent: svc.maxPercent,
    healthCheckGracePeriodSeconds: svc.healthCheckGracePeriodSeconds,
    enableExecuteCommand: svc.enableExecuteCommand,
    waitForSteadyState: svc.waitForSteadyState,
    propagateTags: svc.propagateTags,
    enableEcsManagedTags: svc.enableEcsManagedTags,
    networkConfiguration: {
      subnets: svc.subnets.map(resolve),
      securityGroups: svc.securityGroups.map(resolve),
      assignPublicIp: svc.assignPublicIp,
    },
    loadBalancer: svc.loadBalancer
      ? [
          {
            targetGroupArn: resolve(svc.loadBalancer.targetGroupArn),
            containerName: svc.loadBalancer.containerName,
            containerPort: svc.loadBalancer.containerPort,
          },
        ]
      : undefined,
    serviceRegistries: svc.serviceRegistryArn ? { registryArn: resolve(svc.serviceRegistryArn) } : undefined,
    lifecycle: lifecycleOf(svc, resolve(svc.taskDefinitionArn)),
    dependsOn: dependencies.length > 0 ? dependencies : undefined,
    tags: app.tags,
  });
  refs.provide(svc.address, { name: service.name, id: service.id });
}

/** What Terraform ignores after creation, and the check that the service runs the revision it registered. */
function lifecycleOf(svc: ServicePlan, taskDefinitionArn: string): EcsServiceConfig['lifecycle'] {
  const check = svc.runsRegisteredRevision;
  if (svc.ignoreChanges.length === 0 && !check && !svc.createBeforeDestroy) return undefined;
  return {
    ...(svc.createBeforeDestroy ? { createBeforeDestroy: true } : {}),
    ...(svc.ignoreChanges.length > 0 ? { ignoreChanges: [...svc.ignoreChanges] } : {}),
    ...(check
      ? {
          postcondition: [
            {
              condition: Op.eq(TerraformSelf.getString('task_definition'), taskDefinitionArn),
              errorMessage: check.errorMessage,
            },
          ],
        }
      : {}),
  };
}
