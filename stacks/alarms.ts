/**
 * Renders `plan.alarms` into whichever stack the compiler placed each part in: the topic and its email
 * subscriptions beside the environment key (network stack), every alarm beside what it watches (apps or
 * app-<name>, platform, data). Runs after the stack's own renderer, so the refs it reads are registered.
 * A topic dropship creates is named by its plan's address and provides its ARN.
 */
import type { TerraformStack } from 'cdktf';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import type { AlarmMetric } from '../compiler/model/alarms';
import type { StackContext } from './context';

export function renderAlarms(stack: TerraformStack, ctx: StackContext): void {
  const { plan, refs, stackPlan } = ctx;
  const { topic } = plan.alarms;
  if (topic?.stack === stackPlan.name) {
    const created = new SnsTopic(stack, topic.address.name, {
      name: topic.name,
      kmsMasterKeyId: refs.resolve(topic.kmsKeyArn),
      tags: { Name: topic.name },
    });
    for (const s of topic.subscriptions)
      new SnsTopicSubscription(stack, `alarm-topic-email-${s.key}`, {
        topicArn: created.arn,
        protocol: 'email',
        endpoint: s.email,
      });
    refs.provide(topic.address, { arn: created.arn });
  }
  const alarms = plan.alarms.alarms.filter((a) => a.stack === stackPlan.name);
  if (alarms.length === 0) return;
  const resolved = plan.alarms.actions.map((a) => refs.resolve(a));
  const actions = resolved.length > 0 ? resolved : undefined;
  const dimensions = (metric: AlarmMetric): Record<string, string> =>
    Object.fromEntries(Object.entries(metric.dimensions).map(([name, value]) => [name, refs.resolve(value)]));
  for (const a of alarms) {
    const watched =
      'math' in a
        ? {
            // Metric math: the metrics (not returned), then the expression the alarm compares.
            metricQuery: [
              ...a.math.metrics.map((m) => ({
                id: m.id,
                returnData: false,
                metric: {
                  namespace: m.namespace,
                  metricName: m.metricName,
                  stat: m.statistic,
                  period: a.period,
                  dimensions: dimensions(m),
                },
              })),
              { id: a.math.id, expression: a.math.expression, label: a.math.label, returnData: true },
            ],
          }
        : {
            namespace: a.namespace,
            metricName: a.metricName,
            statistic: a.statistic,
            dimensions: dimensions(a),
            period: a.period,
          };
    new CloudwatchMetricAlarm(stack, `alarm-${a.key}`, {
      alarmName: a.name,
      alarmDescription: a.description,
      ...watched,
      evaluationPeriods: a.evaluationPeriods,
      datapointsToAlarm: a.datapointsToAlarm,
      comparisonOperator: a.comparisonOperator,
      threshold: a.threshold,
      treatMissingData: a.treatMissingData,
      alarmActions: actions,
      okActions: actions,
    });
  }
}
