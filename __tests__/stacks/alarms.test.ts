/** Alarms as synthesized: beside what they watch, notifying the topic the network stack creates and encrypts. */
import { Testing } from 'cdktf';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { compile } from '../../compiler';
import type { MigrationSpec } from '../../schema/spec';
import { cleanupSynth, loadExample, resourcesOfType, synthRoleJson, synthSpec } from '../helpers/synth';
import { revalidated } from '../helpers/validate';
import type { ValidSpec } from '../../schema/load';

Testing.setupJest();
afterAll(cleanupSynth);

const withEmails = (spec: MigrationSpec): ValidSpec =>
  revalidated({
    ...spec,
    aws: { ...spec.aws, alarms: { enabled: true, notify: { emails: ['ops@example.com'] } } },
  });

describe('php-shop with email notification', () => {
  // The whole app: the topic's ARN reaches the other stacks as a cross-stack reference only in a full synth.
  const synthesized = synthSpec(withEmails(loadExample('php-shop')));
  const { plan } = synthesized;
  const json = (role: 'network' | 'apps' | 'data') =>
    JSON.stringify(synthesized.stackJson(synthesized.stackByRole(role).name));
  const network = json('network');
  const apps = json('apps');
  const data = json('data');

  it('the network stack creates the topic encrypted with the environment key, and the email subscription', () => {
    expect(network).toHaveResourceWithProperties(SnsTopic, {
      name: 'shop-production-alarms',
      kms_master_key_id: '${aws_kms_key.kms.arn}',
    });
    expect(network).toHaveResourceWithProperties(SnsTopicSubscription, {
      topic_arn: '${aws_sns_topic.alarm-topic.arn}',
      protocol: 'email',
      endpoint: 'ops@example.com',
    });
  });

  it('the environment key policy lets CloudWatch use the key for this account only', () => {
    const policy = JSON.parse(
      resourcesOfType(network, 'aws_kms_key_policy')['kms-policy'].policy as string,
    ) as {
      Statement: { Sid: string; Principal?: unknown; Action: unknown; Condition?: unknown }[];
    };
    const statement = policy.Statement.find((s) => s.Sid === 'AllowCloudWatchAlarmsToPublish');
    expect(statement).toMatchObject({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Condition: { StringEquals: { 'aws:SourceAccount': plan.meta.accountId ?? '${local.account_id}' } },
    });
  });

  it('the apps stack alarms on the target group by ARN suffix and notifies the topic on ALARM and OK', () => {
    const alarms = resourcesOfType(apps, 'aws_cloudwatch_metric_alarm');
    expect(Object.keys(alarms)).toEqual([
      'alarm-alb-elb-5xx',
      'alarm-web-no-healthy-target',
      'alarm-web-target-5xx',
      // the cutover's health signal, beside its target group (Route 53 reads it; it notifies nobody)
      'web-route53-health-alarm',
    ]);
    const tg = alarms['alarm-web-target-5xx'];
    const dimensions = {
      LoadBalancer: '${aws_lb.alb.arn_suffix}',
      TargetGroup: '${aws_lb_target_group.web-target-group.arn_suffix}',
    };
    // Metric math: the two metrics (not returned) at the alarm's period, then the rate the alarm compares.
    expect(tg).toMatchObject({
      alarm_name: 'shop-production-app-web-target-5xx',
      comparison_operator: 'GreaterThanThreshold',
      threshold: 10,
      treat_missing_data: 'notBreaching',
      metric_query: [
        {
          id: 'requests',
          return_data: false,
          metric: {
            namespace: 'AWS/ApplicationELB',
            metric_name: 'RequestCount',
            stat: 'Sum',
            period: 300,
            dimensions,
          },
        },
        {
          id: 'errors',
          return_data: false,
          metric: {
            namespace: 'AWS/ApplicationELB',
            metric_name: 'HTTPCode_Target_5XX_Count',
            stat: 'Sum',
            period: 300,
            dimensions,
          },
        },
        {
          id: 'rate',
          expression: 'IF(requests >= 10, 100 * FILL(errors, 0) / (requests), 0)',
          return_data: true,
        },
      ],
    });
    // With metric_query, the top-level metric arguments must be absent (the provider refuses both).
    for (const field of ['metric_name', 'namespace', 'statistic', 'period', 'dimensions'])
      expect(tg).not.toHaveProperty(field);
    expect(alarms['alarm-web-no-healthy-target']).toMatchObject({
      metric_name: 'HealthyHostCount',
      statistic: 'Minimum',
      comparison_operator: 'LessThanThreshold',
      threshold: 1,
      treat_missing_data: 'breaching',
      period: 60,
      dimensions,
    });
    // The topic lives in the network stack: a cross-stack reference (remote state).
    const actions = tg.alarm_actions as string[];
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatch(/^\$\{data\.terraform_remote_state\./);
    expect(tg.ok_actions).toEqual(actions);
  });

  it('the data stack alarms on the database and the cache node by identifier', () => {
    expect(data).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'shop-production-db-main-free-storage',
      metric_name: 'FreeStorageSpace',
      dimensions: { DBInstanceIdentifier: 'shop-production-main' },
      comparison_operator: 'LessThanThreshold',
    });
    expect(data).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'shop-production-cache-sessions-001-memory',
      dimensions: { CacheClusterId: 'shop-production-sessions-001' },
    });
  });
});

describe('without notification, and opted out', () => {
  it('alarms carry no actions when aws.alarms.notify is absent', () => {
    const apps = synthRoleJson(compile(loadExample('php-shop')), 'apps');
    const alarms = Object.values(resourcesOfType(apps, 'aws_cloudwatch_metric_alarm'));
    expect(alarms).toHaveLength(4);
    for (const a of alarms) {
      expect(a.alarm_actions).toBeUndefined();
      expect(a.ok_actions).toBeUndefined();
    }
  });

  it('enabled: false renders no alarm, topic or subscription in any stack, but the cutover’s health signal', () => {
    const spec = loadExample('php-shop');
    const plan = compile({
      ...spec,
      aws: { ...spec.aws, alarms: { enabled: false, notify: { emails: ['ops@example.com'] } } },
    });
    for (const role of ['network', 'apps', 'data'] as const) {
      const json = synthRoleJson(plan, role);
      // Route 53 routes on the weighted app's alarm (docs/cutover.md): not a notification, so it stays, actionless.
      const alarms = resourcesOfType(json, 'aws_cloudwatch_metric_alarm');
      expect(Object.keys(alarms)).toEqual(role === 'apps' ? ['web-route53-health-alarm'] : []);
      for (const a of Object.values(alarms)) expect(a.alarm_actions).toBeUndefined();
      expect(resourcesOfType(json, 'aws_sns_topic')).toEqual({});
      expect(resourcesOfType(json, 'aws_sns_topic_subscription')).toEqual({});
    }
  });
});

describe('django-app: a service without a target group', () => {
  it('the worker’s running-task alarm reads Container Insights by cluster and service name', () => {
    const plan = compile(loadExample('django-app'));
    const apps = synthRoleJson(plan, 'apps');
    const alarms = resourcesOfType(apps, 'aws_cloudwatch_metric_alarm');
    expect(alarms['alarm-worker-no-running-task']).toEqual({
      alarm_name: 'bookclub-production-app-worker-no-running-task',
      alarm_description:
        'worker: no task of the service ran for 3 minutes in a row (tasks not starting or crashing)',
      namespace: 'ECS/ContainerInsights',
      metric_name: 'RunningTaskCount',
      statistic: 'Minimum',
      dimensions: { ClusterName: 'bookclub-production', ServiceName: 'worker' },
      period: 60,
      evaluation_periods: 3,
      datapoints_to_alarm: 3,
      comparison_operator: 'LessThanThreshold',
      threshold: 1,
      treat_missing_data: 'breaching',
    });
    // The dimensions name the cluster and the service this stack renders, and the cluster publishes the metric.
    const [cluster] = Object.values(resourcesOfType(apps, 'aws_ecs_cluster'));
    expect(cluster.name).toBe('bookclub-production');
    expect(cluster.setting).toContainEqual({ name: 'containerInsights', value: 'enabled' });
    const services = Object.values(resourcesOfType(apps, 'aws_ecs_service')).map((s) => s.name);
    expect(services).toContain('worker');
  });
});

describe('per-app layout', () => {
  it('each app stack holds its own target group alarms; the platform stack the ALB alarm', () => {
    const plan = compile(loadExample('php-shop'), { layout: 'per-app' });
    expect(Object.keys(resourcesOfType(synthRoleJson(plan, 'app'), 'aws_cloudwatch_metric_alarm'))).toEqual([
      'alarm-web-no-healthy-target',
      'alarm-web-target-5xx',
      'web-route53-health-alarm',
    ]);
    expect(
      Object.keys(resourcesOfType(synthRoleJson(plan, 'platform'), 'aws_cloudwatch_metric_alarm')),
    ).toEqual(['alarm-alb-elb-5xx']);
  });
});
