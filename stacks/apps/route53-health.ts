/**
 * An app's Route 53 health signal in the stack of its target group (plan.cutover.appHealth): the single-metric
 * alarm and the CLOUDWATCH_METRIC check that reads it, and the check's id as an output the cutover stack
 * reads. Route 53 keeps a copy of the alarm's settings, so the check's `triggers` carry them: when the alarm
 * changes (a replaced target group), the provider resends the alarm to Route 53 in place, and the check keeps
 * its id (the records in the cutover stack keep naming it).
 */
import { TerraformOutput } from 'cdktf';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import type { AwsHealthPlan } from '../../compiler/model/health-signal';
import type { AppScope } from './scope';

export function renderRoute53Health(
  { stack, refs, app: appPlan }: AppScope,
  health: AwsHealthPlan['apps'],
): void {
  for (const { app, output, alarm, check } of health) {
    const dimensions = {
      LoadBalancer: refs.resolve(alarm.dimensions.LoadBalancer),
      TargetGroup: refs.resolve(alarm.dimensions.TargetGroup),
    };
    const created = new CloudwatchMetricAlarm(stack, alarm.key, {
      alarmName: alarm.name,
      alarmDescription: alarm.description,
      namespace: alarm.namespace,
      metricName: alarm.metricName,
      statistic: alarm.statistic,
      dimensions,
      period: alarm.period,
      evaluationPeriods: alarm.evaluationPeriods,
      comparisonOperator: alarm.comparisonOperator,
      threshold: alarm.threshold,
      treatMissingData: alarm.treatMissingData,
      tags: appPlan.tags,
    });
    const hc = new Route53HealthCheck(stack, check.address.name, {
      type: 'CLOUDWATCH_METRIC',
      cloudwatchAlarmName: created.alarmName,
      cloudwatchAlarmRegion: check.region,
      insufficientDataHealthStatus: check.insufficientDataHealthStatus,
      triggers: {
        ...dimensions,
        settings: `${alarm.metricName} ${alarm.statistic} ${alarm.comparisonOperator} ${alarm.threshold} ${alarm.evaluationPeriods}x${alarm.period}s`,
      },
      tags: { ...appPlan.tags, Name: check.name },
      lifecycle: { createBeforeDestroy: true },
    });
    refs.provide(check.address, { id: hc.id });
    new TerraformOutput(stack, output, {
      value: hc.id,
      description: `Route 53 health check of ${app} on AWS (the cutover stack's aws records and CALCULATED checks name it)`,
    });
  }
}
