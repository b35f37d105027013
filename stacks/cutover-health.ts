/**
 * The AWS side's health in the cutover stack (plan.cutover.awsHealth): each app's alarm, the
 * CLOUDWATCH_METRIC check that reads it (replaced whenever the alarm changes), and the CALCULATED checks of
 * shared hostnames. Returns the checks by key, for the `aws` records.
 */
import type { TerraformStack } from 'cdktf';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import type { AwsHealthPlan } from '../compiler/model/health-signal';
import type { Value } from '../compiler/model/refs';

export function renderAwsHealth(
  stack: TerraformStack,
  health: AwsHealthPlan,
  resolve: (value: Value) => string,
): Map<string, Route53HealthCheck> {
  const checks = new Map<string, Route53HealthCheck>();
  for (const { alarm, check } of health.apps) {
    const created = new CloudwatchMetricAlarm(stack, alarm.key, {
      alarmName: alarm.name,
      alarmDescription: alarm.description,
      namespace: alarm.namespace,
      metricName: alarm.metricName,
      statistic: alarm.statistic,
      dimensions: {
        LoadBalancer: resolve(alarm.dimensions.LoadBalancer),
        TargetGroup: resolve(alarm.dimensions.TargetGroup),
      },
      period: alarm.period,
      evaluationPeriods: alarm.evaluationPeriods,
      comparisonOperator: alarm.comparisonOperator,
      threshold: alarm.threshold,
      treatMissingData: alarm.treatMissingData,
    });
    checks.set(
      check.key,
      new Route53HealthCheck(stack, `health-${check.key}`, {
        type: 'CLOUDWATCH_METRIC',
        cloudwatchAlarmName: created.alarmName,
        cloudwatchAlarmRegion: check.region,
        insufficientDataHealthStatus: check.insufficientDataHealthStatus,
        tags: { Name: check.name },
        // Route 53 copies the alarm's settings when the check is created; a new check reads the new ones.
        // The new check exists before the old goes, so the records never point at a deleted one. A bare
        // address: cdktf 0.21 writes a resource given here as "${…}", which terraform refuses in lifecycle.
        lifecycle: {
          replaceTriggeredBy: [`${created.terraformResourceType}.${created.friendlyUniqueId}`],
          createBeforeDestroy: true,
        },
      }),
    );
  }
  for (const e of health.either ?? [])
    checks.set(
      e.key,
      new Route53HealthCheck(stack, `health-${e.key}`, {
        type: 'CALCULATED',
        childHealthchecks: e.children.map((key) => (checks.get(key) as Route53HealthCheck).id),
        childHealthThreshold: e.threshold,
        tags: { Name: e.name },
        lifecycle: { createBeforeDestroy: e.createBeforeDestroy },
      }),
    );
  for (const h of health.hostnames) {
    const calc = h.calculated;
    if (!calc) continue;
    checks.set(
      calc.key,
      new Route53HealthCheck(stack, `health-${calc.key}`, {
        type: 'CALCULATED',
        childHealthchecks: calc.children.map((key) => (checks.get(key) as Route53HealthCheck).id),
        childHealthThreshold: calc.threshold,
        tags: { Name: calc.name },
        lifecycle: { createBeforeDestroy: calc.createBeforeDestroy },
      }),
    );
  }
  return checks;
}
