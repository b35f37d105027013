/** Target-tracking autoscaling of a service: CPU, memory and, behind the ALB, requests per task. */
import type { AppSpec } from '../../schema/spec';
import { awsName } from '../../schema/facts/aws-names';
import type { ScalingPlan, ScalingPolicyPlan } from '../model/apps';
import { embed, ref } from '../refs';
import type { AppContext } from './context';

/** Default CPU target when an app scales but names no target. */
export const DEFAULT_CPU_TARGET = 60;

export function scalingPlan(
  { ctx, app, keys, platform }: AppContext,
  scaling: NonNullable<AppSpec['scaling']>,
  isPublic: boolean,
): ScalingPlan {
  const policies: ScalingPolicyPlan[] = [];
  const policy = (
    suffix: string,
    metric: ScalingPolicyPlan['metric'],
    target: number,
    resourceLabel?: string,
  ) =>
    policies.push({
      name: awsName('appAutoscalingPolicy', ctx.prefix, app.name, suffix),
      metric,
      target,
      ...(resourceLabel ? { resourceLabel } : {}),
      scaleInCooldown: 300,
      scaleOutCooldown: 60,
    });
  const requests = isPublic ? scaling.requestsPerTarget : undefined;
  if (scaling.cpuTarget !== undefined || (scaling.memoryTarget === undefined && requests === undefined))
    policy('cpu', 'ECSServiceAverageCPUUtilization', scaling.cpuTarget ?? DEFAULT_CPU_TARGET);
  if (scaling.memoryTarget !== undefined)
    policy('memory', 'ECSServiceAverageMemoryUtilization', scaling.memoryTarget);
  if (requests !== undefined)
    policy(
      'requests',
      'ALBRequestCountPerTarget',
      requests,
      `${embed(ref(platform.alb, 'arn_suffix'))}/${embed(keys.targetGroupArnSuffix)}`,
    );
  return {
    min: scaling.min,
    max: scaling.max,
    resourceId: `service/${embed(ref(platform.capacityProviders, 'cluster_name'))}/${embed(keys.serviceName)}`,
    policies,
  };
}
