/** A service's autoscaling target and its target-tracking policies. */
import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { resolveText } from './text';
import { appId, type AppScope } from './scope';
import type { ScalingPlan } from '../../compiler/model';

export function renderScaling(scope: AppScope, scaling: ScalingPlan): void {
  const { stack, app, refs } = scope;
  const target = new AppautoscalingTarget(stack, appId(scope, 'scaling-target'), {
    serviceNamespace: 'ecs',
    scalableDimension: 'ecs:service:DesiredCount',
    resourceId: resolveText(scaling.resourceId, refs),
    minCapacity: scaling.min,
    maxCapacity: scaling.max,
    tags: app.tags,
  });
  for (const p of scaling.policies) {
    new AppautoscalingPolicy(stack, appId(scope, `scaling-${p.metric}`), {
      name: p.name,
      policyType: 'TargetTrackingScaling',
      serviceNamespace: target.serviceNamespace,
      scalableDimension: target.scalableDimension,
      resourceId: target.resourceId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: p.target,
        scaleInCooldown: p.scaleInCooldown,
        scaleOutCooldown: p.scaleOutCooldown,
        predefinedMetricSpecification: {
          predefinedMetricType: p.metric,
          resourceLabel: p.resourceLabel ? resolveText(p.resourceLabel, refs) : undefined,
        },
      },
    });
  }
}
