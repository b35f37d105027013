/** The alarms plan: which alarms, their thresholds and names, where they notify, the opt-out and the runbook check. */
import { compile, planDecisions, planManualSteps } from '../../compiler';
import { address, embed, ref } from '../../compiler/refs';
import { loadSpecText } from '../../schema/load';
import type { MigrationSpec } from '../../schema/spec';
import { alarmEmailSubscriptions } from '../../compiler/alarms';
import { type AlarmPlan } from '../../compiler/model/alarms';
import { shortHash } from '../../schema/facts/aws-names';
import { LINT_CODES } from '../../compiler/lints';
import { STEP_ORDER } from '../../compiler/steps';
import { exampleText, loadExample } from '../helpers/synth';
import { runWithFakeAws } from '../helpers/fake-aws';
import { revalidated } from '../helpers/validate';
import type { ValidSpec } from '../../schema/load';

const PHASE_CHECK = 'Before each phase move: every alarm OK';

const withAlarms = (spec: MigrationSpec, alarms: MigrationSpec['aws']['alarms']): ValidSpec =>
  revalidated({ ...spec, aws: { ...spec.aws, alarms } });
const shop = () => loadExample('php-shop');
type MetricAlarm = Extract<AlarmPlan, { metricName: string }>;
type MathAlarm = Extract<AlarmPlan, { math: unknown }>;
const byMetric = (alarms: AlarmPlan[], metric: string) =>
  alarms.filter((a): a is MetricAlarm => 'metricName' in a && a.metricName === metric);
/** The evaluation settings every alarm has. */
const window = (a: AlarmPlan) => [
  a.period,
  a.evaluationPeriods,
  a.datapointsToAlarm,
  a.comparisonOperator,
  a.threshold,
  a.treatMissingData,
];
const mathAlarm = (alarms: AlarmPlan[], key: string): MathAlarm => {
  const found = alarms.find((a) => a.key === key);
  if (!found || !('math' in found)) throw new Error(`${key} is not a metric-math alarm`);
  return found;
};
/**
 * Evaluates a CloudWatch metric-math expression of the forms the alarms use (IF, FILL, + - * /, >=, numbers,
 * metric ids) for one window; a metric with no datapoint is `undefined`, which only FILL turns into a number.
 */
function evaluateMath(expression: string, values: Record<string, number | undefined>): number {
  const tokens = expression.match(/>=|[-+*/(),]|\d+(?:\.\d+)?|[A-Za-z_]\w*/g)!;
  expect(tokens.join('')).toBe(expression.replace(/\s+/g, '')); // nothing the evaluator skipped
  let at = 0;
  const take = (want?: string) => {
    const t = tokens[at++];
    if (want !== undefined && t !== want) throw new Error(`expected ${want} at ${at}, got ${t}`);
    return t;
  };
  const primary = (): number => {
    const t = take();
    if (t === '(') {
      const inner = expr();
      take(')');
      return inner;
    }
    if (/^\d/.test(t)) return Number(t);
    if (tokens[at] !== '(') return values[t] ?? NaN;
    take('(');
    const args = [expr()];
    while (tokens[at] === ',') args.push((take(), expr()));
    take(')');
    if (t === 'IF' && args.length === 3) return args[0] ? args[1] : args[2];
    if (t === 'FILL' && args.length === 2) return Number.isNaN(args[0]) ? args[1] : args[0];
    throw new Error(`unknown function ${t}`);
  };
  const product = (): number => {
    let v = primary();
    while (tokens[at] === '*' || tokens[at] === '/') v = take() === '*' ? v * primary() : v / primary();
    return v;
  };
  const sum = (): number => {
    let v = product();
    while (tokens[at] === '+' || tokens[at] === '-') v = take() === '+' ? v + product() : v - product();
    return v;
  };
  const expr = (): number => {
    const v = sum();
    return tokens[at] === '>=' ? (take(), v >= sum() ? 1 : 0) : v;
  };
  const value = expr();
  expect(at).toBe(tokens.length);
  return value;
}

/** What an alarm reads: its metric, or the metrics of its expression. */
const watched = (a: AlarmPlan) =>
  'math' in a
    ? a.math.metrics.map((m) => `${m.namespace} ${m.metricName}`).join(' / ')
    : `${a.namespace} ${a.metricName}`;

describe('which alarms', () => {
  const plan = compile(shop());

  it('php-shop: the ALB, its public app, the database and the cache node, each in the stack of what it watches', () => {
    expect(plan.alarms.alarms.map((a) => [a.name, watched(a), a.stack])).toEqual([
      [
        'shop-production-alb-elb-5xx',
        'AWS/ApplicationELB RequestCount / AWS/ApplicationELB HTTPCode_ELB_5XX_Count / AWS/ApplicationELB HTTPCode_ELB_503_Count',
        'shop-production-apps',
      ],
      [
        'shop-production-app-web-target-5xx',
        'AWS/ApplicationELB RequestCount / AWS/ApplicationELB HTTPCode_Target_5XX_Count',
        'shop-production-apps',
      ],
      [
        'shop-production-app-web-no-healthy-target',
        'AWS/ApplicationELB HealthyHostCount',
        'shop-production-apps',
      ],
      ['shop-production-db-main-cpu', 'AWS/RDS CPUUtilization', 'shop-production-data'],
      ['shop-production-db-main-free-storage', 'AWS/RDS FreeStorageSpace', 'shop-production-data'],
      // The sessions cache holds sessions in production: two nodes, one memory alarm each.
      [
        'shop-production-cache-sessions-001-memory',
        'AWS/ElastiCache DatabaseMemoryUsagePercentage',
        'shop-production-data',
      ],
      [
        'shop-production-cache-sessions-002-memory',
        'AWS/ElastiCache DatabaseMemoryUsagePercentage',
        'shop-production-data',
      ],
    ]);
  });

  it('target group alarms use the ALB and target group ARN suffixes; database and cache alarms their identifiers', () => {
    const tg5xx = mathAlarm(plan.alarms.alarms, 'web-target-5xx');
    for (const m of tg5xx.math.metrics)
      expect(m.dimensions).toEqual({
        LoadBalancer: ref(plan.apps.alb!.address, 'arn_suffix'),
        TargetGroup: ref(plan.apps.apps.find((a) => a.name === 'web')!.targetGroup!.address, 'arn_suffix'),
      });
    for (const m of mathAlarm(plan.alarms.alarms, 'alb-elb-5xx').math.metrics)
      expect(m.dimensions).toEqual({ LoadBalancer: ref(plan.apps.alb!.address, 'arn_suffix') });
    expect(byMetric(plan.alarms.alarms, 'CPUUtilization')[0].dimensions).toEqual({
      DBInstanceIdentifier: 'shop-production-main',
    });
    expect(byMetric(plan.alarms.alarms, 'DatabaseMemoryUsagePercentage')[0].dimensions).toEqual({
      CacheClusterId: 'shop-production-sessions-001',
    });
  });

  it('thresholds: no healthy target for 3 minutes, sustained CPU and memory', () => {
    const settings = (metric: string) => {
      const [a] = byMetric(plan.alarms.alarms, metric);
      return [a.statistic, ...window(a)];
    };
    expect(settings('HealthyHostCount')).toEqual(['Minimum', 60, 3, 3, 'LessThanThreshold', 1, 'breaching']);
    expect(settings('CPUUtilization')).toEqual([
      'Average',
      300,
      3,
      3,
      'GreaterThanOrEqualToThreshold',
      80,
      'breaching',
    ]);
    expect(settings('DatabaseMemoryUsagePercentage')).toEqual([
      'Average',
      300,
      3,
      3,
      'GreaterThanOrEqualToThreshold',
      80,
      'breaching',
    ]);
  });

  it('5XX as a rate of requests (metric math), from a floor of requests, over five-minute windows', () => {
    const target = mathAlarm(plan.alarms.alarms, 'web-target-5xx');
    expect(target.math.id).toBe('rate');
    expect(target.math.expression).toBe('IF(requests >= 10, 100 * FILL(errors, 0) / (requests), 0)');
    expect(target.math.metrics.map((m) => [m.id, m.metricName, m.statistic])).toEqual([
      ['requests', 'RequestCount', 'Sum'],
      ['errors', 'HTTPCode_Target_5XX_Count', 'Sum'],
    ]);
    expect(window(target)).toEqual([300, 3, 2, 'GreaterThanThreshold', 10, 'notBreaching']);
    // RequestCount counts the requests the ALB chose a target for (its 502s and 504s too): only the 503s
    // rejected before a target is chosen join the total.
    const alb = mathAlarm(plan.alarms.alarms, 'alb-elb-5xx');
    expect(alb.math.expression).toBe(
      'IF(FILL(requests, 0) + FILL(rejected, 0) >= 10, 100 * FILL(errors, 0) / (FILL(requests, 0) + FILL(rejected, 0)), 0)',
    );
    expect(alb.math.metrics.map((m) => [m.id, m.metricName, m.statistic])).toEqual([
      ['requests', 'RequestCount', 'Sum'],
      ['errors', 'HTTPCode_ELB_5XX_Count', 'Sum'],
      ['rejected', 'HTTPCode_ELB_503_Count', 'Sum'],
    ]);
    expect(window(alb)).toEqual(window(target));
  });

  it('fires at phase 10 % of a 40-requests-a-minute app whose requests all fail (REVIEW14 finding 2)', () => {
    // The plan's own expressions, evaluated for one window as CloudWatch does.
    const target = mathAlarm(plan.alarms.alarms, 'web-target-5xx');
    const alb = mathAlarm(plan.alarms.alarms, 'alb-elb-5xx');
    const perWindow = 40 * 0.1 * (target.period / 60); // 4 a minute reach AWS: 20 a window
    const fires = (a: MathAlarm, values: Record<string, number | undefined>) =>
      evaluateMath(a.math.expression, values) > a.threshold;
    expect(fires(target, { requests: perWindow, errors: perWindow })).toBe(true);
    // The ALB's own 503s (no target to choose): RequestCount has no datapoint, the 503s alone make the total.
    expect(fires(alb, { requests: undefined, errors: perWindow, rejected: perWindow })).toBe(true);
    // ... and one error among a handful of requests does not (under the floor), nor 5 % of 40.
    expect(fires(target, { requests: 5, errors: 1 })).toBe(false);
    expect(fires(target, { requests: 40, errors: 2 })).toBe(false);
    expect(fires(target, { requests: 40, errors: undefined })).toBe(false); // no 5XX datapoint at all
    expect(fires(alb, { requests: 8, errors: 1 })).toBe(false);
  });

  it('the alarms.5xx decision argues with five-minute sums, as the alarms read (REVIEW15 finding 9)', () => {
    const target = mathAlarm(plan.alarms.alarms, 'web-target-5xx');
    const rule = planDecisions(plan).find((d) => d.subject === 'alarms.5xx')!.rule;
    const perWindow = (perMinute: number, phase: number) => (perMinute * phase * target.period) / 60 / 100;
    // Its figures are the window's: 40 a minute is 200 a window at 100 %, 10 % of it a count of 20, 10 at phase 5 %.
    expect(rule).toContain(
      `at 40 requests a minute AWS gets ${perWindow(40, 100)} requests in a five-minute window at 100 %, ` +
        `where 10 % failing is a count of ${perWindow(40, 100) / 10}, but ${perWindow(40, 5)} in a window at phase 5 %`,
    );
    // ... where that count cannot fire and the rate does.
    expect(perWindow(40, 5)).toBeLessThan(perWindow(40, 100) / 10);
    const all = perWindow(40, 5);
    expect(evaluateMath(target.math.expression, { requests: all, errors: all })).toBeGreaterThan(
      target.threshold,
    );
  });

  it('the ALB rate counts a 502/504 once: RequestCount already holds the requests a target was chosen for (REVIEW15 finding 2)', () => {
    const alb = mathAlarm(plan.alarms.alarms, 'alb-elb-5xx');
    const rate = (values: Record<string, number | undefined>) => evaluateMath(alb.math.expression, values);
    // Every request times out at the target (ALB 504): 100 %, not 50 %.
    expect(rate({ requests: 20, errors: 20, rejected: undefined })).toBe(100);
    // 11 of 100 requests end as ALB 502/504: 11 % fires (as errors / (requests + errors) it read 9.9 %).
    expect(rate({ requests: 100, errors: 11, rejected: undefined })).toBe(11);
    expect(rate({ requests: 100, errors: 11, rejected: undefined })).toBeGreaterThan(alb.threshold);
    // 503s rejected before a target is chosen are not in RequestCount: they join the total.
    expect(rate({ requests: 90, errors: 10, rejected: 10 })).toBe(10);
  });

  it('a public app with no healthy target fails the check at phase 0: HealthyHostCount is published without traffic, so its absence breaches', () => {
    const [healthy] = byMetric(plan.alarms.alarms, 'HealthyHostCount');
    expect(healthy.dimensions).toEqual({
      LoadBalancer: ref(plan.apps.alb!.address, 'arn_suffix'),
      TargetGroup: ref(plan.apps.apps.find((a) => a.name === 'web')!.targetGroup!.address, 'arn_suffix'),
    });
    // The only per-app alarm that can fire without traffic; a task that never starts is never "unhealthy".
    const withoutTraffic = plan.alarms.alarms.filter(
      (a) => a.stack === 'shop-production-apps' && a.treatMissingData === 'breaching',
    );
    expect(withoutTraffic.map((a) => a.key)).toEqual(['web-no-healthy-target']);
    expect(byMetric(plan.alarms.alarms, 'UnHealthyHostCount')).toEqual([]);
    expect(planDecisions(plan).find((d) => d.subject === 'alarms.targetHealth')?.rule).toContain(
      'replaces UnHealthyHostCount',
    );
  });

  it('free storage: under 5% of the first allocation, in bytes (the unit RDS publishes)', () => {
    const db = plan.data.databases[0];
    const [storage] = byMetric(plan.alarms.alarms, 'FreeStorageSpace');
    expect(storage.comparisonOperator).toBe('LessThanThreshold');
    expect(storage.statistic).toBe('Minimum');
    expect(storage.threshold).toBe(Math.floor(db.allocatedStorageGb * 1024 ** 3 * 0.05));
    expect(storage.threshold).toBe(3221225472); // 60 GiB
  });

  it('Aurora (django-app): CPU on every cluster instance, no FreeStorageSpace (the cluster volume grows itself)', () => {
    const aurora = compile(loadExample('django-app'));
    const db = aurora.data.databases[0];
    expect(db.aurora).toBeDefined();
    expect(
      byMetric(aurora.alarms.alarms, 'CPUUtilization').map((a) => a.dimensions.DBInstanceIdentifier),
    ).toEqual(db.aurora!.instances.map((i) => i.identifier));
    expect(byMetric(aurora.alarms.alarms, 'FreeStorageSpace')).toEqual([]);
  });

  it('a service without a target group (django-app worker): no running task for 3 minutes, by Container Insights', () => {
    const django = compile(loadExample('django-app'));
    const running = byMetric(django.alarms.alarms, 'RunningTaskCount');
    expect(running.map((a) => [a.name, a.namespace, a.dimensions, a.statistic, ...window(a)])).toEqual([
      [
        'bookclub-production-app-worker-no-running-task',
        'ECS/ContainerInsights',
        { ClusterName: django.apps.cluster!.name, ServiceName: 'worker' },
        'Minimum',
        60,
        3,
        3,
        'LessThanThreshold',
        1,
        'breaching',
      ],
    ]);
    // The public app has its healthy-target alarm instead; the scheduled job has no service.
  });

  it('an internal API (expose.internal, no target group) gets the running-task alarm too', () => {
    const spec = loadExample('django-app');
    const worker = spec.apps.find((a) => a.name === 'worker')!;
    const [celery] = worker.containers;
    spec.apps.push({
      ...worker,
      name: 'api',
      containers: [{ ...celery, name: 'api', command: ['gunicorn', 'bookclub.wsgi'], port: 9000 }],
      expose: { internal: { container: 'api', port: 9000 } },
    });
    const plan = compile(spec);
    const running = byMetric(plan.alarms.alarms, 'RunningTaskCount');
    expect(running.map((a) => [a.key, a.name, a.dimensions])).toEqual([
      [
        'worker-no-running-task',
        'bookclub-production-app-worker-no-running-task',
        { ClusterName: plan.apps.cluster!.name, ServiceName: 'worker' },
      ],
      [
        'api-no-running-task',
        'bookclub-production-app-api-no-running-task',
        { ClusterName: plan.apps.cluster!.name, ServiceName: 'api' },
      ],
    ]);
    expect(window(running[1])).toEqual(window(running[0]));
    // Without a target group it has no healthy-target alarm: the running-task one is its only alarm.
    expect(plan.alarms.alarms.filter((a) => a.key.startsWith('api-')).map((a) => a.key)).toEqual([
      'api-no-running-task',
    ]);
  });

  it('a service allowed to scale to zero gets no running-task alarm (it may rightly run none)', () => {
    const spec = loadExample('django-app');
    const worker = spec.apps.find((a) => a.name === 'worker')!;
    worker.scaling = { ...worker.scaling!, min: 0 };
    expect(byMetric(compile(spec).alarms.alarms, 'RunningTaskCount')).toEqual([]);
  });

  it('a cache with replicas gets a memory alarm per node (failover moves the primary role)', () => {
    const spec = shop();
    const plan3 = compile({ ...spec, caches: spec.caches.map((c) => ({ ...c, nodes: 3 })) });
    const nodes = plan3.data.caches[0].numCacheClusters;
    expect(nodes).toBe(3);
    expect(
      byMetric(plan3.alarms.alarms, 'DatabaseMemoryUsagePercentage').map((a) => a.dimensions.CacheClusterId),
    ).toEqual([
      'shop-production-sessions-001',
      'shop-production-sessions-002',
      'shop-production-sessions-003',
    ]);
  });

  it('caches[].memoryAlarm: false drops a cache’s memory alarm (an LRU cache is full by design); a percent sets the threshold', () => {
    const spec = shop();
    const withCache = (memoryAlarm: false | number | undefined) =>
      compile({ ...spec, caches: spec.caches.map((c) => ({ ...c, nodes: 2, memoryAlarm })) });
    const memory = (plan: ReturnType<typeof compile>) =>
      byMetric(plan.alarms.alarms, 'DatabaseMemoryUsagePercentage').map((a) => a.threshold);
    expect(memory(withCache(undefined))).toEqual([80, 80]);
    expect(memory(withCache(95))).toEqual([95, 95]);
    const off = withCache(false);
    expect(memory(off)).toEqual([]);
    expect(off.alarms.alarms.map((a) => a.key)).toContain('db-main-cpu');
    expect(planDecisions(off).find((d) => d.subject === 'alarms.cacheMemory')?.choice).toBe(
      'sessions: no memory alarm',
    );
    expect(planDecisions(withCache(undefined)).find((d) => d.subject === 'alarms.cacheMemory')?.choice).toBe(
      'sessions: ≥ 80%',
    );
  });

  it('per-app layout: target group alarms in the app stack, the ALB alarm in the platform stack', () => {
    const perApp = compile(shop(), { layout: 'per-app' });
    expect(
      perApp.alarms.alarms
        .filter((a) => watched(a).startsWith('AWS/ApplicationELB'))
        .map((a) => [a.key, a.stack]),
    ).toEqual([
      ['alb-elb-5xx', 'shop-production-platform'],
      ['web-target-5xx', 'shop-production-app-web'],
      ['web-no-healthy-target', 'shop-production-app-web'],
    ]);
    const stacks = new Set(perApp.stacks.map((s) => s.name));
    for (const a of perApp.alarms.alarms) expect(stacks.has(a.stack)).toBe(true);
  });
});

describe('names', () => {
  it('share the environment prefix, are unique and fit CloudWatch (255)', () => {
    for (const name of ['php-shop', 'django-app']) {
      const plan = compile(loadExample(name));
      const names = plan.alarms.alarms.map((a) => a.name);
      expect(new Set(names).size).toBe(names.length);
      for (const n of names) {
        expect(n.startsWith(plan.alarms.namePrefix)).toBe(true);
        expect(n.length).toBeLessThanOrEqual(255);
      }
    }
  });

  it('the longest project and environment the schema allows still lead every name', () => {
    const long = compile({ ...shop(), project: 'p'.repeat(20), environment: 'e'.repeat(12) });
    expect(long.alarms.namePrefix).toBe(`${'p'.repeat(20)}-${'e'.repeat(12)}-`);
    for (const a of long.alarms.alarms) expect(a.name.startsWith(long.alarms.namePrefix)).toBe(true);
    expect(long.alarms.alarms.map((a) => a.name)).toContain(`${long.alarms.namePrefix}db-main-cpu`);
  });
});

describe('notification and opt-out', () => {
  it('default: alarms without actions, and no topic or key policy change', () => {
    const plan = compile(shop());
    expect(plan.alarms.actions).toEqual([]);
    expect(plan.alarms.topic).toBeUndefined();
    expect(plan.network.kms.policy.map((s) => s.Sid)).toEqual(['EnableIamPolicies', 'AllowCloudWatchLogs']);
  });

  it('emails: an encrypted topic in the network stack, one subscription per distinct address, and a key statement for CloudWatch', () => {
    const spec = withAlarms(shop(), {
      enabled: true,
      notify: { emails: ['ops@example.com', 'Oncall+shop@example.com', 'ops@example.com'] },
    });
    const plan = compile(spec);
    expect(plan.alarms.topic).toEqual({
      name: 'shop-production-alarms',
      stack: 'shop-production-network',
      kmsKeyArn: plan.network.kms.arn,
      subscriptions: [
        { key: `ops-example-com-${shortHash('ops@example.com')}`, email: 'ops@example.com' },
        {
          key: `oncall-shop-example-com-${shortHash('oncall+shop@example.com')}`,
          email: 'oncall+shop@example.com',
        },
      ],
      address: address('shop-production-network', 'aws_sns_topic', 'alarm-topic'),
    });
    expect(plan.alarms.actions).toEqual([ref(plan.alarms.topic!.address, 'arn')]);
    const statement = plan.network.kms.policy.find((s) => s.Sid === 'AllowCloudWatchAlarmsToPublish');
    expect(statement).toEqual({
      Sid: 'AllowCloudWatchAlarmsToPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: {
        StringEquals: {
          'aws:SourceAccount':
            spec.aws.accountId ?? embed(ref(plan.network.accountIdLocal!.address, 'value')),
        },
      },
    });
    const confirm = planManualSteps(plan).find((s) => s.title === 'Confirm the alarm email subscriptions');
    expect(confirm?.order).toBe(STEP_ORDER.confirmAlarmEmails);
    expect(confirm?.commands?.[0]).toContain(":shop-production-alarms')");
  });

  it('addresses are trimmed, lowercased and deduplicated: Ops@Example.com and ops@example.com are one subscription', () => {
    expect(alarmEmailSubscriptions(['Ops@Example.com', ' ops@example.com ', 'oncall@example.com'])).toEqual([
      { key: `ops-example-com-${shortHash('ops@example.com')}`, email: 'ops@example.com' },
      { key: `oncall-example-com-${shortHash('oncall@example.com')}`, email: 'oncall@example.com' },
    ]);
  });

  it('adding an address never renames another subscription, even one that sanitises to the same key', () => {
    const before = alarmEmailSubscriptions(['a.b@x.com', 'ops@example.com']);
    const after = alarmEmailSubscriptions(['a-b@x.com', 'ops@example.com', 'a.b@x.com', 'new@example.com']);
    for (const s of before) expect(after).toContainEqual(s);
    const keys = after.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('the confirmation check is positive: it fails listing every address not confirmed, pending or deleted by SNS', () => {
    const plan = compile(
      withAlarms(shop(), {
        enabled: true,
        notify: { emails: ['ops@example.com', "o'neil@example.com", 'oncall@example.com'] },
      }),
    );
    const step = planManualSteps(plan).find((s) => s.title === 'Confirm the alarm email subscriptions')!;
    const [check] = step.commands!;
    expect(check).not.toContain('\n'); // one line to copy
    expect(step.detail).toContain('The command must succeed');
    expect(step.detail).toContain('apply the shop-production-network stack again');
    const topic = 'arn:aws:sns:us-east-1:123456789012:shop-production-alarms';
    const sub = (
      Endpoint: string,
      SubscriptionArn = `${topic}:8a21d249-4329-4871-acc6-7be709c6ea7f`,
      TopicArn = topic,
    ) => ({
      SubscriptionArn,
      Owner: '123456789012',
      Protocol: 'email',
      Endpoint,
      TopicArn,
    });
    const listing = (subs: ReturnType<typeof sub>[]) => ({ Subscriptions: subs });
    const confirmedAll = [sub('ops@example.com'), sub("O'Neil@Example.com"), sub('oncall@example.com')];
    expect(runWithFakeAws(check, listing(confirmedAll))).toMatchObject({ status: 0, stderr: '' });
    // oncall still pending; ops's subscription deleted by SNS unconfirmed (absent); ops confirmed on another topic.
    const failed = runWithFakeAws(
      check,
      listing([
        sub("o'neil@example.com"),
        sub('oncall@example.com', 'PendingConfirmation'),
        sub('ops@example.com', `${topic}-eu:1`, `${topic}-eu`),
      ]),
    );
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toBe('STOP: not confirmed:\nops@example.com\noncall@example.com\n');
    // Nothing listed at all (the old check's "empty list: all confirmed") fails too.
    expect(runWithFakeAws(check, listing([])).status).not.toBe(0);
    // A confirmed address that only contains a wanted one does not confirm it (whole-line match).
    const lookalike = runWithFakeAws(
      check,
      listing([sub('devops@example.com'), sub("o'neil@example.com"), sub('oncall@example.com')]),
    );
    expect(lookalike.stderr).toBe('STOP: not confirmed:\nops@example.com\n');
    // The CLI call failing says so instead of calling every address not confirmed (REVIEW15 finding 4).
    const cliFails = runWithFakeAws(`aws() { return 255; }; ${check}`, listing(confirmedAll));
    expect(cliFails.status).not.toBe(0);
    expect(cliFails.stderr).toBe(
      'STOP: the AWS CLI call failed (aws sns list-subscriptions): its error is above\n',
    );
  });

  it('topicArn: every alarm notifies the existing topic; dropship creates no topic and leaves the key policy alone', () => {
    const arn = 'arn:aws:sns:us-east-1:123456789012:pager';
    const plan = compile(withAlarms(shop(), { enabled: true, notify: { topicArn: arn } }));
    expect(plan.alarms.actions).toEqual([arn]);
    expect(plan.alarms.topic).toBeUndefined();
    expect(plan.network.kms.policy.map((s) => s.Sid)).not.toContain('AllowCloudWatchAlarmsToPublish');
  });

  it('enabled: false plans no alarm, no topic, no key statement and no runbook check, and says so', () => {
    const plan = compile(withAlarms(shop(), { enabled: false, notify: { emails: ['ops@example.com'] } }));
    expect(plan.alarms.alarms).toEqual([]);
    expect(plan.alarms.topic).toBeUndefined();
    expect(plan.alarms.manualSteps).toEqual([]);
    expect(plan.network.kms.policy.map((s) => s.Sid)).not.toContain('AllowCloudWatchAlarmsToPublish');
    expect(planDecisions(plan).find((d) => d.subject === 'alarms')?.choice).toBe('none');
  });

  it('enabled: false beside notify: a warning located at aws.alarms.notify (someone believes the emails still go out)', () => {
    const text = exampleText('php-shop').replace(
      /^aws:\n/m,
      'aws:\n  alarms:\n    enabled: false\n    notify:\n      emails: [ops@example.com]\n',
    );
    const loaded = loadSpecText(text, 'migration.yaml');
    if (!loaded.ok) throw new Error('invalid');
    const plan = compile(loaded.spec, { source: loaded.source });
    const [w] = plan.warnings.filter((d) => d.code === LINT_CODES.ignoredAlarmNotify);
    expect(w.message).toContain('aws.alarms.notify is ignored');
    expect(text.split('\n')[w.line - 1].slice(w.column - 1)).toMatch(/^emails: \[ops@example.com\]/);
    // Either one alone is no warning.
    const codes = (alarms: MigrationSpec['aws']['alarms']) =>
      compile(withAlarms(shop(), alarms)).warnings.map((d) => d.code);
    expect(codes({ enabled: false })).not.toContain(LINT_CODES.ignoredAlarmNotify);
    expect(codes({ enabled: true, notify: { emails: ['ops@example.com'] } })).not.toContain(
      LINT_CODES.ignoredAlarmNotify,
    );
  });
});

describe('runbook', () => {
  it('before each phase move: a describe-alarms check of the environment’s alarms by name, in its region, in text output', () => {
    const plan = compile(shop());
    const i = planManualSteps(plan).findIndex((s) => s.title === PHASE_CHECK);
    // By name, not by prefix: shop-production-eu's alarms would match the prefix shop-production-.
    const [check] = planManualSteps(plan)[i].commands!;
    expect(planManualSteps(plan)[i].commands).toHaveLength(1);
    expect(check).toContain(
      `aws cloudwatch describe-alarms --region ${shop().aws.region} --alarm-names ` +
        `${plan.alarms.alarms.map((a) => a.name).join(' ')} ` +
        `--query "MetricAlarms[].[AlarmName,StateValue]" --output text)`,
    );
    expect(check).not.toContain('--state-value');
    expect(check).not.toContain('\n'); // one line to copy
    expect(planManualSteps(plan)[i].detail).toContain('the command must succeed');
    expect(planManualSteps(plan)[i + 1].title).toBe('Move traffic one phase at a time');
  });

  const describeAlarms = (states: [string, string][]) => ({
    MetricAlarms: states.map(([AlarmName, StateValue]) => ({ AlarmName, StateValue, Namespace: 'AWS/RDS' })),
    CompositeAlarms: [],
  });

  it('the check fails, naming each alarm and its state, unless every alarm is OK: INSUFFICIENT_DATA too (a silent metric)', () => {
    const plan = compile(shop());
    const [check] = planManualSteps(plan).find((s) => s.title === PHASE_CHECK)!.commands!;
    const names = plan.alarms.alarms.map((a) => a.name);
    const allOk = runWithFakeAws(check, describeAlarms(names.map((n) => [n, 'OK'])));
    expect(allOk).toMatchObject({ status: 0, stderr: '' });
    const dbSilent = runWithFakeAws(
      check,
      describeAlarms(
        names.map((n) => [
          n,
          n.endsWith('-free-storage') ? 'INSUFFICIENT_DATA' : n.endsWith('-cpu') ? 'ALARM' : 'OK',
        ]),
      ),
    );
    expect(dbSilent.status).not.toBe(0);
    expect(dbSilent.stderr).toBe(
      'STOP: 7 of 7 alarms found; not OK:\n' +
        'shop-production-db-main-cpu\tALARM\n' +
        'shop-production-db-main-free-storage\tINSUFFICIENT_DATA\n',
    );
    // describe-alarms leaves out names that do not exist: a stack not applied yet must not pass as all OK.
    const dataNotApplied = runWithFakeAws(
      check,
      describeAlarms(names.filter((n) => !/-(db|cache)-/.test(n)).map((n) => [n, 'OK'])),
    );
    expect(dataNotApplied.status).not.toBe(0);
    expect(dataNotApplied.stderr).toBe('STOP: 3 of 7 alarms found; not OK:\n\n');
    // None found (nothing applied): the empty output counts as no alarm, not one.
    expect(runWithFakeAws(check, describeAlarms([])).stderr).toBe('STOP: 0 of 7 alarms found; not OK:\n\n');
    // The CLI itself failing (credentials, region) fails the check as well, saying so, not "0 of 7 alarms
    // found" (REVIEW15 finding 4).
    const cliFails = runWithFakeAws(
      `aws() { echo 'An error occurred (ExpiredToken)' >&2; return 255; }; ${check}`,
      describeAlarms(names.map((n) => [n, 'OK'])),
    );
    expect(cliFails.status).not.toBe(0);
    expect(cliFails.stderr).toBe(
      'An error occurred (ExpiredToken)\n' +
        'STOP: the AWS CLI call failed (aws cloudwatch describe-alarms): its error is above\n',
    );
  });

  it('a silent database or cache node pages: CPU and memory treat missing data as breaching; the decision says what missing does', () => {
    const plan = compile(shop());
    for (const metric of ['CPUUtilization', 'DatabaseMemoryUsagePercentage'])
      expect(byMetric(plan.alarms.alarms, metric)[0].treatMissingData).toBe('breaching');
    expect(byMetric(plan.alarms.alarms, 'FreeStorageSpace')[0].treatMissingData).toBe('missing');
    const rule = planDecisions(plan).find((d) => d.subject === 'alarms.treatMissingData')!.rule;
    expect(rule).toContain('turns the alarm INSUFFICIENT_DATA, which notifies no one');
    expect(rule).not.toContain('keeps the last state instead');
  });

  it('splits the check into calls of at most 100 alarm names (the API’s limit)', () => {
    const spec = shop();
    const web = spec.apps[0];
    const exposure = web.expose && 'public' in web.expose ? web.expose.public : undefined;
    if (!exposure) throw new Error('php-shop web is public');
    // 60 public apps on the shop's domain: 120 target-group alarms beside the ALB, database and cache ones.
    spec.apps = Array.from({ length: 60 }, (_, n) => ({
      ...web,
      name: `web${n}`,
      expose: { public: { ...exposure, hostnames: [`web${n}.shop-example.com`] } },
    }));
    // Each name answers the shop's droplets today, so each is weighted (a new name is a plain alias).
    const droplets = spec.digitalocean.droplets.filter((d) => web.droplets.includes(d.name));
    const domain = spec.digitalocean.domains.find((d) => d.name === 'shop-example.com')!;
    for (let n = 0; n < 60; n++)
      for (const droplet of droplets)
        domain.records.push({
          type: 'A',
          name: `web${n}`,
          data: droplet.ipv4.public!,
          ttl: 3600,
        } as (typeof domain.records)[number]);
    const plan = compile(spec);
    const step = planManualSteps(plan).find((s) => s.title === PHASE_CHECK);
    const names = (step?.commands ?? []).map((c) =>
      c.split(' --alarm-names ')[1].split(' --query')[0].split(' '),
    );
    expect(names.map((n) => n.length)).toEqual([100, plan.alarms.alarms.length - 100]);
    expect(names.flat()).toEqual(plan.alarms.alarms.map((a) => a.name));
  });

  it('no cutover, no phase check', () => {
    const plan = compile({ ...shop(), cutover: undefined });
    expect(planManualSteps(plan).map((s) => s.title)).not.toContain(PHASE_CHECK);
  });
});

describe('schema', () => {
  const withNotify = (notify: unknown) => {
    const doc = exampleText('php-shop').replace(
      /^aws:\n/m,
      `aws:\n  alarms:\n    notify: ${JSON.stringify(notify)}\n`,
    );
    return loadSpecText(doc, 'migration.yaml');
  };

  it('defaults to enabled with no notification', () => {
    expect(shop().aws.alarms).toEqual({ enabled: true });
  });

  it('refuses a topic in another region than the alarms (CloudWatch notifies its own region only)', () => {
    const result = withNotify({ topicArn: 'arn:aws:sns:eu-central-1:123456789012:pager' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map((d) => [d.code, d.path])).toEqual([
      [expect.stringContaining('alarm-topic-region'), 'aws.alarms.notify.topicArn'],
    ]);
  });

  it('accepts an SNS topic ARN or email addresses, and refuses anything else', () => {
    expect(withNotify({ topicArn: 'arn:aws:sns:us-east-1:123456789012:pager' }).ok).toBe(true);
    expect(withNotify({ emails: ['ops@example.com'] }).ok).toBe(true);
    const padded = withNotify({ emails: [' ops@example.com '] });
    expect(padded.ok && padded.spec.aws.alarms.notify).toEqual({ emails: ['ops@example.com'] });
    expect(withNotify({ topicArn: 'arn:aws:sqs:eu-central-1:123456789012:queue' }).ok).toBe(false);
    expect(withNotify({ emails: ['not-an-address'] }).ok).toBe(false);
    expect(withNotify({ emails: [] }).ok).toBe(false);
  });

  it('caches[].memoryAlarm: false or a percent from 50 to 100, unset by default', () => {
    const withMemoryAlarm = (value: string) =>
      loadSpecText(
        exampleText('php-shop').replace(
          /^caches:\n  - name: sessions\n/m,
          `caches:\n  - name: sessions\n    memoryAlarm: ${value}\n`,
        ),
        'migration.yaml',
      );
    for (const ok of ['false', '50', '95', '100']) expect(withMemoryAlarm(ok).ok).toBe(true);
    for (const bad of ['true', '49', '101', '80.5']) expect(withMemoryAlarm(bad).ok).toBe(false);
    expect(shop().caches[0].memoryAlarm).toBeUndefined();
  });
});
