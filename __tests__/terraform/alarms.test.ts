/**
 * terraform init (offline), validate and plan of the alarm topic and the alarms that notify it: django-app with
 * `aws.alarms.notify.emails`, whose network stack creates the encrypted topic and whose apps and data stacks
 * read its ARN from the network stack's state.
 */
import type { MigrationSpec } from '../../schema/spec';
import { expectedNetworkCounts } from '../helpers/expected';
import { cleanupSynth, loadExample, synthSpec } from '../helpers/synth';
import { describeTerraform, planStack } from '../helpers/terraform';
import { revalidated } from '../helpers/validate';
import type { ValidSpec } from '../../schema/load';

afterAll(cleanupSynth);

const withEmails = (spec: MigrationSpec): ValidSpec =>
  revalidated({
    ...spec,
    aws: {
      ...spec.aws,
      alarms: { enabled: true, notify: { emails: ['ops@example.com', 'oncall@example.com'] } },
    },
  });

describeTerraform('alarms with an email topic: offline terraform validate + plan', () => {
  const out = synthSpec(withEmails(loadExample('django-app')));

  it('network: the topic encrypted with the environment key, two email subscriptions, CloudWatch in the key policy', () => {
    const result = planStack(out.outdir, out.stackByRole('network').name);
    expect(result.validate.errorCount).toBe(0);
    expect(result.createdByType).toEqual(expectedNetworkCounts(out.plan));
    expect(result.createdByType.aws_sns_topic).toBe(1);
    expect(result.createdByType.aws_sns_topic_subscription).toBe(2);
    const byAddress = new Map(result.resourceChanges.map((r) => [r.address, r.after]));
    expect(byAddress.get('aws_sns_topic.alarm-topic')).toMatchObject({ name: 'bookclub-production-alarms' });
    // Known at plan time: django-app gives aws.accountId, so the policy needs no ARN of the key.
    const policy = JSON.parse(
      (byAddress.get('aws_kms_key_policy.kms-policy') as { policy: string }).policy,
    ) as {
      Statement: { Sid: string; Principal: unknown; Condition?: unknown }[];
    };
    expect(policy.Statement.find((s) => s.Sid === 'AllowCloudWatchAlarmsToPublish')).toMatchObject({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
    });
  });

  it('apps and data: every alarm plans, notifying the topic on ALARM and OK', () => {
    for (const role of ['apps', 'data'] as const) {
      const result = planStack(out.outdir, out.stackByRole(role).name);
      expect(result.validate.errorCount).toBe(0);
      expect(result.validate.diagnostics.filter((d) => d.severity === 'warning')).toEqual([]);
      const all = result.resourceChanges.filter((r) => r.type === 'aws_cloudwatch_metric_alarm');
      // Each weighted app's Route 53 alarm (the cutover's health signal, beside its target group) notifies
      // nobody: Route 53 reads its data.
      const route53 = all.filter((r) => r.name.endsWith('-route53-health-alarm'));
      for (const a of route53)
        expect((a.after as { alarm_actions?: unknown }).alarm_actions ?? null).toBeNull();
      if (role !== 'apps') expect(route53).toEqual([]);
      const alarms = all.filter((r) => !route53.includes(r));
      expect(alarms).toHaveLength(
        out.plan.alarms.alarms.filter((a) => a.stack === out.stackByRole(role).name).length,
      );
      if (role === 'apps') {
        // The 5XX rates: metric math the provider (5.100.0) and terraform validate accept and plan.
        const rate = alarms.find((a) => a.address === 'aws_cloudwatch_metric_alarm.alarm-alb-elb-5xx');
        const queries = (rate?.after as { metric_query?: { id: string; expression?: string }[] })
          .metric_query;
        // The ALB's own rate also reads its 503s ('rejected'), which RequestCount leaves out.
        expect(queries?.map((q) => q.id).sort()).toEqual(['errors', 'rate', 'rejected', 'requests']);
        expect(queries?.find((q) => q.id === 'rate')?.expression).toContain('IF(');
      }
      for (const a of alarms) {
        const after = a.after as { alarm_actions?: string[]; ok_actions?: string[] };
        expect(after.alarm_actions).toHaveLength(1);
        expect(after.ok_actions).toEqual(after.alarm_actions);
      }
    }
  });
});
