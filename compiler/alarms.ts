/**
 * CloudWatch alarms on what the cutover depends on, so a team moving traffic in phases sees when the AWS side
 * is unhealthy and rolls back: per public app its target group (target 5XX, no healthy target), per other
 * service (workers, internal APIs) its running tasks, the shared ALB (its own 5XX: no healthy target,
 * timeouts), per database CPU and free storage, per cache node memory.
 * Each alarm is planned in the stack beside what it watches; the notification topic, when dropship creates
 * one, in the network stack beside the environment key that encrypts it. Opt out with `aws.alarms.enabled: false`.
 */
import type { CompileContext } from './context';
import type { NetworkPlan } from './model';
import { albStackName } from './stack-names';
import type { DataPlan } from './model/data';
import type { Decision, ManualStep, StackPlan, AppsPlan, TargetGroupPlan } from './model';
import { awsName, shortHash } from '../schema/facts/aws-names';
import { appAlarmNames } from './app-alarm-names';
import { DEPLOY_ALARM, DEPLOY_ALARM_MINUTES_TO_FIRE } from '../schema/facts/deploy-alarm';
import { address, ref } from './refs';
import type { Ref, Value } from './model/refs';
import { findByName } from '../schema/inventory/by-name';
import { STEP_ORDER } from './steps';
import { dq, sh, sq, toCommands, unlessAwsFails } from './shell';
import { chunk } from '../schema/lists';
import { AlarmsPlan, AlarmTopicPlan, AlarmPlan, AlarmMath } from './model/alarms';

const GIB = 1024 ** 3;

/** An AWS identifier without the environment prefix it starts with (`shop-production-main` → `main`). */
function local(ctx: CompileContext, identifier: string): string {
  return identifier.startsWith(`${ctx.prefix}-`) ? identifier.slice(ctx.prefix.length + 1) : identifier;
}

export function compileAlarms(
  ctx: CompileContext,
  parts: { network: NetworkPlan; apps: AppsPlan; data: DataPlan; stacks: StackPlan[] },
): AlarmsPlan {
  const { alarms: spec } = ctx.spec.aws;
  const namePrefix = `${ctx.prefix}-`;
  if (!spec.enabled) {
    return {
      enabled: false,
      actions: [],
      namePrefix,
      alarms: [],
      decisions: [
        {
          subject: 'alarms',
          choice: 'none',
          rule: 'aws.alarms.enabled: false — nothing signals an unhealthy AWS side while traffic moves; watch it some other way',
        },
      ],
      manualSteps: [],
    };
  }
  const stackOf = (role: StackPlan['role'], app?: string) =>
    parts.stacks.find((s) => s.role === role && (app === undefined || s.app === app))?.name;
  // In the per-app layout an app's alarms live in its own stack; in the single layout, in the apps stack.
  const appStack = (app: string) => stackOf('apps') ?? stackOf('app', app);
  const network = stackOf('network')!;
  const topic = topicPlan(ctx, network, parts.network.kms.arn);
  const actions: Value[] = topic
    ? [ref(topic.address, 'arn')]
    : spec.notify && 'topicArn' in spec.notify
      ? [spec.notify.topicArn]
      : [];
  const alarms = [
    ...albAlarms(ctx, parts.apps, albStackName(ctx.prefix, ctx.layout)),
    ...parts.apps.apps.flatMap((app) =>
      app.blueGreen && app.targetGroup
        ? blueGreenAlarms(
            ctx,
            parts.apps,
            app.name,
            [app.targetGroup, app.blueGreen.greenTargetGroup],
            appStack(app.name),
          )
        : targetGroupAlarms(ctx, parts.apps, app.name, app.targetGroup, appStack(app.name)),
    ),
    ...parts.apps.apps.flatMap((app) =>
      runningTaskAlarms(ctx, app, parts.apps.cluster?.name, appStack(app.name)),
    ),
    ...databaseAlarms(ctx, parts.data, stackOf('data')),
    ...cacheAlarms(ctx, parts.data, stackOf('data')),
  ];
  return {
    enabled: true,
    topic,
    actions,
    namePrefix,
    alarms,
    decisions: decisions(ctx, topic, actions, alarms),
    manualSteps: steps(
      ctx.spec.aws.region,
      topic,
      alarms.map((a) => a.name),
      parts.stacks.some((s) => s.role === 'cutover'),
    ),
  };
}

/**
 * Addresses are normalised (trimmed, lowercased) and deduplicated: `Ops@Example.com` and `ops@example.com` are
 * one subscription, not two mails per alarm. Each key is the sanitised address plus a short hash of the
 * normalised address, always, so adding an address never renames another's resource (which would destroy a
 * confirmed subscription and ask for a new confirmation).
 */
export function alarmEmailSubscriptions(emails: readonly string[]): { key: string; email: string }[] {
  const normalised = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
  return normalised.map((email) => ({
    key: `${email.replace(/[^a-z0-9]+/g, '-')}-${shortHash(email)}`,
    email,
  }));
}

function topicPlan(ctx: CompileContext, stack: string, kmsKeyArn: Value): AlarmTopicPlan | undefined {
  const { notify } = ctx.spec.aws.alarms;
  if (!notify || !('emails' in notify)) return undefined;
  return {
    name: awsName('snsTopic', ctx.prefix, 'alarms'),
    stack,
    kmsKeyArn,
    subscriptions: alarmEmailSubscriptions(notify.emails),
    address: address(stack, 'aws_sns_topic', 'alarm-topic'),
  };
}

/**
 * 5XX as a share of requests, not a count: at phase 10 % a small app sends AWS a few requests a minute, under any
 * fixed count even when every one fails. Five-minute sums, more than 10 % in 2 of 3 windows, and only from 10
 * requests in a window (2 a minute): under the floor the rate is 0, so one error among 3 requests pages no one.
 * An app too quiet for the floor is covered by its healthy-target alarm when it is down.
 */
const RATE_WINDOW = { period: 300, evaluationPeriods: 3, datapointsToAlarm: 2 } as const;
export const MIN_REQUESTS_PER_WINDOW = 10;
export const MAX_5XX_PERCENT = 10;

/**
 * The alarm settings of a 5XX rate: `total` is the expression counting the requests the rate is taken of,
 * over `requests` (RequestCount), `errors` and the `extra` metrics it names.
 * The 5XX counts are published only when not zero, so FILL(..., 0) keeps a window with requests and no error at 0 %.
 */
function errorRate(
  total: string,
  dimensions: Record<string, Value>,
  errors: 'HTTPCode_ELB_5XX_Count' | 'HTTPCode_Target_5XX_Count',
  extra: { id: string; metricName: string }[] = [],
): Pick<
  AlarmPlan,
  | 'period'
  | 'evaluationPeriods'
  | 'datapointsToAlarm'
  | 'comparisonOperator'
  | 'threshold'
  | 'treatMissingData'
> & { math: AlarmMath } {
  return {
    math: {
      id: 'rate',
      expression: `IF(${total} >= ${MIN_REQUESTS_PER_WINDOW}, 100 * FILL(errors, 0) / (${total}), 0)`,
      label: `5XX % of requests (0 under ${MIN_REQUESTS_PER_WINDOW} requests)`,
      metrics: [
        { id: 'requests', metricName: 'RequestCount' },
        { id: 'errors', metricName: errors },
        ...extra,
      ].map(({ id, metricName }) => ({
        id,
        namespace: 'AWS/ApplicationELB' as const,
        metricName,
        statistic: 'Sum' as const,
        dimensions,
      })),
    },
    ...RATE_WINDOW,
    comparisonOperator: 'GreaterThanThreshold',
    threshold: MAX_5XX_PERCENT,
    // No requests at all (phase 0): no data, which must not block the next phase.
    treatMissingData: 'notBreaching',
  };
}

/**
 * The ALB's own 5XX (502/503/504): no healthy target, a reset or timeout; target 5XX do not show it. RequestCount
 * counts the requests for which the ALB chose a target (ELB guide, CloudWatch metrics), so it already holds
 * those that end as an ALB 502 (reset) or 504 (timeout); a request rejected before a target is chosen, mostly
 * a 503 (no target to choose), is not in it. The rate is therefore taken of RequestCount + HTTPCode_ELB_503_Count:
 * with no target at all every request is a 503 and the rate is 100 %, and a 502/504 is counted once. (The
 * guide says some 503s do have a target and some 500s do not: those few count twice, or only as errors.)
 */
/** The ALB's ARN suffix, its CloudWatch dimension (none without an ALB). */
const albArnSuffix = (apps: AppsPlan): Ref<'aws_lb'> | undefined =>
  apps.alb ? ref(apps.alb.address, 'arn_suffix') : undefined;

function albAlarms(ctx: CompileContext, apps: AppsPlan, stack: string | undefined): AlarmPlan[] {
  if (!apps.alb || !stack) return [];
  const dimensions = { LoadBalancer: albArnSuffix(apps)! };
  return [
    {
      key: 'alb-elb-5xx',
      stack,
      name: awsName('cloudwatchAlarm', ctx.prefix, 'alb', 'elb-5xx'),
      description: `The ALB ${apps.alb.name} itself answered more than ${MAX_5XX_PERCENT}% of requests with 5XX (no healthy target, reset or timeout) in 2 of 3 five-minute windows with ${MIN_REQUESTS_PER_WINDOW} requests or more`,
      ...errorRate('FILL(requests, 0) + FILL(rejected, 0)', dimensions, 'HTTPCode_ELB_5XX_Count', [
        { id: 'rejected', metricName: 'HTTPCode_ELB_503_Count' },
      ]),
    },
  ];
}

/**
 * A count that stayed below 1 (its minimum) in each of 3 one-minute periods: nothing healthy or running.
 * These counts are published whether or not traffic flows, so no data means the thing watched is gone.
 */
const NONE_FOR_3_MINUTES = {
  statistic: 'Minimum',
  period: 60,
  evaluationPeriods: 3,
  datapointsToAlarm: 3,
  comparisonOperator: 'LessThanThreshold',
  threshold: 1,
  treatMissingData: 'breaching',
} as const;

function targetGroupAlarms(
  ctx: CompileContext,
  apps: AppsPlan,
  app: string,
  targetGroup: TargetGroupPlan | undefined,
  stack: string | undefined,
): AlarmPlan[] {
  const loadBalancer = albArnSuffix(apps);
  if (!targetGroup || !loadBalancer || !stack) return [];
  const dimensions = { LoadBalancer: loadBalancer, TargetGroup: ref(targetGroup.address, 'arn_suffix') };
  return [
    {
      key: `${app}-target-5xx`,
      stack,
      name: appAlarmNames(ctx.prefix, app).target5xx,
      description: `${app}: its tasks answered more than ${MAX_5XX_PERCENT}% of requests with 5XX in 2 of 3 five-minute windows with ${MIN_REQUESTS_PER_WINDOW} requests or more`,
      ...errorRate('requests', dimensions, 'HTTPCode_Target_5XX_Count'),
    },
    {
      // Published while health checks are on, with or without traffic: at phase 0 this is what says the app
      // is up. A task that never starts (image pull, denied secret) or dies before 3 failed checks is never
      // UnHealthy, only absent, so the count of healthy targets is the signal; no data means no target group.
      key: `${app}-no-healthy-target`,
      stack,
      name: appAlarmNames(ctx.prefix, app).noHealthyTarget,
      description: `${app}: no target passed its health check for 3 minutes in a row (tasks not starting, crashing or failing the check)`,
      namespace: 'AWS/ApplicationELB',
      metricName: 'HealthyHostCount',
      dimensions,
      ...NONE_FOR_3_MINUTES,
    },
  ];
}

/**
 * A blue/green app's alarms watch both of its target groups: CodeDeploy moves the traffic from one to the
 * other at each deployment, so the live one alternates, and during a deployment the replacement tasks are in
 * the other. Same names, thresholds and windows as one target group's; metric math sums each count over the
 * two (FILL(…, 0): the idle group publishes no request counts, and may publish no HealthyHostCount).
 * CodeDeploy stops and rolls back a deployment on these alarms (compiler/apps/blue-green.ts).
 */
function blueGreenAlarms(
  ctx: CompileContext,
  apps: AppsPlan,
  app: string,
  targetGroups: [TargetGroupPlan, TargetGroupPlan],
  stack: string | undefined,
): AlarmPlan[] {
  const loadBalancer = albArnSuffix(apps);
  if (!loadBalancer || !stack) return [];
  const names = appAlarmNames(ctx.prefix, app);
  const sides = [
    { suffix: 'blue', targetGroup: targetGroups[0] },
    { suffix: 'green', targetGroup: targetGroups[1] },
  ];
  const metric = (id: string, metricName: string, statistic: 'Sum' | 'Minimum') =>
    sides.map(({ suffix, targetGroup }) => ({
      id: `${id}${suffix}`,
      namespace: 'AWS/ApplicationELB' as const,
      metricName,
      statistic,
      dimensions: { LoadBalancer: loadBalancer, TargetGroup: ref(targetGroup.address, 'arn_suffix') },
    }));
  const sum = (id: string) => sides.map(({ suffix }) => `FILL(${id}${suffix}, 0)`).join(' + ');
  const { statistic: _minimum, ...noneFor3Minutes } = NONE_FOR_3_MINUTES;
  const rate = (floor: number): AlarmMath => ({
    id: 'rate',
    expression: `IF((${sum('requests')}) >= ${floor}, 100 * (${sum('errors')}) / (${sum('requests')}), 0)`,
    label: `5XX % of requests, both target groups (0 under ${floor} requests)`,
    metrics: [
      ...metric('requests', 'RequestCount', 'Sum'),
      ...metric('errors', 'HTTPCode_Target_5XX_Count', 'Sum'),
    ],
  });
  return [
    {
      key: `${app}-target-5xx`,
      stack,
      name: names.target5xx,
      description: `${app}: its tasks (both target groups of its blue/green deployments) answered more than ${MAX_5XX_PERCENT}% of requests with 5XX in 2 of 3 five-minute windows with ${MIN_REQUESTS_PER_WINDOW} requests or more`,
      math: rate(MIN_REQUESTS_PER_WINDOW),
      ...RATE_WINDOW,
      comparisonOperator: 'GreaterThanThreshold',
      threshold: MAX_5XX_PERCENT,
      treatMissingData: 'notBreaching',
    },
    {
      // CodeDeploy's rollback alarm during the bake: the five-minute one above fires ~10 minutes after the
      // errors start at the earliest, after a short bake has already terminated the original tasks.
      key: `${app}-deploy-5xx`,
      stack,
      name: names.deploy5xx,
      description: `${app}: its tasks (both target groups) answered more than ${DEPLOY_ALARM.maxPercent}% of requests with 5XX in ${DEPLOY_ALARM.datapointsToAlarm} of ${DEPLOY_ALARM.evaluationPeriods} one-minute windows with ${DEPLOY_ALARM.minRequests} requests or more: CodeDeploy rolls a deployment back on it (fires about ${DEPLOY_ALARM_MINUTES_TO_FIRE} minutes after the errors start)`,
      math: rate(DEPLOY_ALARM.minRequests),
      period: DEPLOY_ALARM.period,
      evaluationPeriods: DEPLOY_ALARM.evaluationPeriods,
      datapointsToAlarm: DEPLOY_ALARM.datapointsToAlarm,
      comparisonOperator: 'GreaterThanThreshold',
      threshold: DEPLOY_ALARM.maxPercent,
      treatMissingData: 'notBreaching',
    },
    {
      key: `${app}-no-healthy-target`,
      stack,
      name: names.noHealthyTarget,
      description: `${app}: no target of either target group passed its health check for 3 minutes in a row (tasks not starting, crashing or failing the check)`,
      math: {
        id: 'healthy',
        expression: sum('healthy'),
        label: 'healthy targets, both target groups',
        metrics: metric('healthy', 'HealthyHostCount', 'Minimum'),
      },
      ...noneFor3Minutes,
    },
  ];
}

/**
 * A service without a target group (a worker, an internal API) has no health check to count, so its running
 * tasks are the signal (Container Insights, which every cluster has on: apps.cluster.containerInsights): none
 * for 3 minutes in a row means tasks that do not start or keep crashing. Published per service every minute,
 * so no data means the service is gone: breaching. Not for a service allowed to scale to zero.
 */
function runningTaskAlarms(
  ctx: CompileContext,
  app: AppsPlan['apps'][number],
  clusterName: string | undefined,
  stack: string | undefined,
): AlarmPlan[] {
  if (!app.service || app.targetGroup || !clusterName || !stack) return [];
  const minimum = app.scaling ? app.scaling.min : app.service.desiredCount;
  if (minimum < 1) return [];
  return [
    {
      key: `${app.name}-no-running-task`,
      stack,
      name: awsName('cloudwatchAlarm', ctx.prefix, 'app', app.name, 'no-running-task'),
      description: `${app.name}: no task of the service ran for 3 minutes in a row (tasks not starting or crashing)`,
      namespace: 'ECS/ContainerInsights',
      metricName: 'RunningTaskCount',
      dimensions: { ClusterName: clusterName, ServiceName: app.service.name },
      ...NONE_FOR_3_MINUTES,
    },
  ];
}

/**
 * A utilization at or above 80% for 15 minutes (three 5-minute averages): sustained load, not a spike. RDS and
 * ElastiCache publish every minute while they run, so 15 minutes without a data point mean the instance or node
 * is stopped, failed or gone: breaching, so it pages (`missing` would only turn INSUFFICIENT_DATA, silently).
 */
const SUSTAINED_80_PERCENT = {
  period: 300,
  evaluationPeriods: 3,
  datapointsToAlarm: 3,
  comparisonOperator: 'GreaterThanOrEqualToThreshold',
  threshold: 80,
  treatMissingData: 'breaching',
} as const;

function databaseAlarms(ctx: CompileContext, data: DataPlan, stack: string | undefined): AlarmPlan[] {
  if (!stack) return [];
  return data.databases.flatMap((db) => {
    const instances = db.aurora ? db.aurora.instances.map((i) => i.identifier) : [db.identifier];
    const cpu = instances.map((identifier): AlarmPlan => ({
      key: `db-${local(ctx, identifier)}-cpu`,
      stack,
      name: awsName('cloudwatchAlarm', ctx.prefix, 'db', local(ctx, identifier), 'cpu'),
      description: `${identifier}: average CPU at or above 80% for 15 minutes`,
      namespace: 'AWS/RDS',
      metricName: 'CPUUtilization',
      statistic: 'Average',
      dimensions: { DBInstanceIdentifier: identifier },
      ...SUSTAINED_80_PERCENT,
    }));
    // Aurora's cluster volume grows by itself: FreeStorageSpace is a metric of RDS instances only.
    if (db.aurora) return cpu;
    const thresholdBytes = Math.floor(db.allocatedStorageGb * GIB * 0.05);
    return [
      ...cpu,
      {
        key: `db-${local(ctx, db.identifier)}-free-storage`,
        stack,
        name: awsName('cloudwatchAlarm', ctx.prefix, 'db', local(ctx, db.identifier), 'free-storage'),
        description: `${db.identifier}: free storage under 5% of the first ${db.allocatedStorageGb} GiB for 10 minutes (storage autoscaling did not keep up, or reached ${db.maxAllocatedStorageGb} GiB)`,
        namespace: 'AWS/RDS',
        metricName: 'FreeStorageSpace',
        statistic: 'Minimum',
        dimensions: { DBInstanceIdentifier: db.identifier },
        period: 300,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        comparisonOperator: 'LessThanThreshold',
        threshold: thresholdBytes,
        treatMissingData: 'missing',
      },
    ];
  });
}

/** The memory alarm's threshold when `caches[].memoryAlarm` is not set. */
export const CACHE_MEMORY_DEFAULT_PERCENT = 80;

/** Each cache's memory alarm threshold (percent of maxmemory), or false when the cache opts out. */
function cacheMemoryPercent(ctx: CompileContext, cache: string): number | false {
  return findByName(ctx.spec.caches, cache)?.memoryAlarm ?? CACHE_MEMORY_DEFAULT_PERCENT;
}

/**
 * Member clusters of a replication group are `<id>-001`, `<id>-002`, ...: ElastiCache publishes per node,
 * and a failover moves the primary role, so every node is watched. A cache that is full by design (LRU) opts
 * out with `memoryAlarm: false`, or its alarm would stay in ALARM and block every phase.
 */
function cacheAlarms(ctx: CompileContext, data: DataPlan, stack: string | undefined): AlarmPlan[] {
  if (!stack) return [];
  return data.caches.flatMap((cache) => {
    const percent = cacheMemoryPercent(ctx, cache.name);
    if (percent === false) return [];
    return Array.from({ length: cache.numCacheClusters }, (_, i): AlarmPlan => {
      const node = `${cache.replicationGroupId}-${String(i + 1).padStart(3, '0')}`;
      return {
        key: `cache-${local(ctx, node)}-memory`,
        stack,
        name: awsName('cloudwatchAlarm', ctx.prefix, 'cache', local(ctx, node), 'memory'),
        description: `${node}: memory in use at or above ${percent}% of maxmemory for 15 minutes (evictions follow; for an LRU cache, full by design, set caches[].memoryAlarm: false)`,
        namespace: 'AWS/ElastiCache',
        metricName: 'DatabaseMemoryUsagePercentage',
        statistic: 'Average',
        dimensions: { CacheClusterId: node },
        ...SUSTAINED_80_PERCENT,
        threshold: percent,
      };
    });
  });
}

function decisions(
  ctx: CompileContext,
  topic: AlarmTopicPlan | undefined,
  actions: Value[],
  alarms: AlarmPlan[],
): Decision[] {
  const notify = ctx.spec.aws.alarms.notify;
  const out: Decision[] = [
    {
      subject: 'alarms',
      choice: `${alarms.length} CloudWatch alarm(s) named ${ctx.prefix}-*`,
      rule:
        `per public app: target 5XX above ${MAX_5XX_PERCENT}% of requests and no healthy target for 3 minutes; per other service (workers, internal APIs; not one that may scale to zero): no running task for 3 minutes; the ALB: its own 5XX above ${MAX_5XX_PERCENT}% of requests; ` +
        'per database instance: CPU ≥ 80% for 15 minutes, and (RDS, not Aurora) free storage under 5% of the first allocation; per cache node: memory ≥ its caches[].memoryAlarm percent (default 80) for 15 minutes',
    },
    {
      subject: 'alarms.5xx',
      choice: `5XX as a share of requests (metric math): more than ${MAX_5XX_PERCENT}% in 2 of 3 five-minute windows, from ${MIN_REQUESTS_PER_WINDOW} requests a window`,
      rule:
        'a count tuned for full traffic cannot fire at the early phases of a small app: at 40 requests a minute AWS gets 200 requests in a five-minute window at 100 %, where 10 % failing is a count of 20, but 10 in a window at phase 5 %, which stay under 20 even when all fail; ' +
        `a rate can, from ${MIN_REQUESTS_PER_WINDOW} requests in five minutes (2 a minute), under which it is 0 so one error among a handful pages no one; ` +
        'above 10 % is far over the normal error rate of a working app and far under that of a broken cutover. Target 5XX: HTTPCode_Target_5XX_Count / RequestCount of the target group; ' +
        "the ALB's own: HTTPCode_ELB_5XX_Count / (RequestCount + HTTPCode_ELB_503_Count), since RequestCount counts the requests the ALB chose a target for (its 502s and 504s too) and not those rejected before, mostly 503s (no target). " +
        'The target rate reads 2 metrics and the ALB rate 3, which CloudWatch bills as that many alarm metrics',
    },
    {
      subject: 'alarms.targetHealth',
      choice: 'per public app: HealthyHostCount (minimum) < 1 for 3 minutes; no UnHealthyHostCount alarm',
      rule:
        'the healthy count is published while health checks run, traffic or not, so it is the signal that an app is up at phase 0; a task that never starts (image pull, denied secret) or exits before 3 failed checks is never counted unhealthy, only absent. ' +
        'It replaces UnHealthyHostCount rather than joining it, keeping 2 alarms per app: a single bad task among healthy ones is replaced by ECS, and if it keeps answering it shows in the target 5XX alarm',
    },
    {
      subject: 'alarms.treatMissingData',
      choice:
        '5XX rates: notBreaching; healthy targets, running tasks, database CPU and cache memory: breaching; free storage: missing',
      rule:
        'the ALB publishes a request metric only while requests flow, so no data means no errors (and no traffic at phase 0 must not block the next phase); ' +
        "the healthy-target count is published whenever health checks run, Container Insights publishes a service's running tasks every minute, and RDS and ElastiCache publish every minute while they run, so no data there means the target group, service, instance or node is gone, stopped or failed: breaching, so it pages; " +
        'free storage keeps missing (a silent instance already pages through its CPU alarm): with missing, an evaluation range without any data point turns the alarm INSUFFICIENT_DATA, which notifies no one (it does not keep the last state; that is ignore). The check before each phase therefore fails on every alarm that is not OK, INSUFFICIENT_DATA included',
    },
  ];
  if (ctx.spec.caches.length > 0)
    out.push({
      subject: 'alarms.cacheMemory',
      choice: ctx.spec.caches
        .map((c) => {
          const percent = cacheMemoryPercent(ctx, c.name);
          return `${c.name}: ${percent === false ? 'no memory alarm' : `≥ ${percent}%`}`;
        })
        .join(', '),
      rule: `caches[].memoryAlarm (default ${CACHE_MEMORY_DEFAULT_PERCENT}): a session store, queue or broker loses data or refuses writes when full, so memory that stays high is a reason not to move more traffic; a cache used as an LRU cache fills up and evicts by design, and its alarm would stay in ALARM and block every phase — set false for it`,
    });
  if (topic)
    out.push({
      subject: 'alarms.topic',
      choice: `SNS topic ${topic.name}, encrypted with the environment key, ${topic.subscriptions.length} email subscription(s)`,
      rule: 'aws.alarms.notify.emails — the environment key policy lets cloudwatch.amazonaws.com (this account only) use it, which the AWS-managed alias/aws/sns key cannot allow; each address must confirm its subscription',
    });
  else
    out.push({
      subject: 'alarms.notify',
      choice: actions.length > 0 ? `existing topic ${String(actions[0])}` : 'none',
      rule: notify
        ? 'aws.alarms.notify.topicArn — its access policy and key are yours: a customer-managed key must allow cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey*'
        : 'no aws.alarms.notify: the alarms change state without notifying anyone; the check before each phase still reads them',
    });
  return out;
}

/** `describe-alarms --alarm-names` takes at most 100 names per call. */
const ALARM_NAMES_PER_CALL = 100;

function steps(
  region: string,
  topic: AlarmTopicPlan | undefined,
  alarmNames: readonly string[],
  cutover: boolean,
): ManualStep[] {
  const out: ManualStep[] = [];
  if (topic) {
    // Positive: the confirmed endpoints (a subscription ARN, not PendingConfirmation) must hold every address.
    // A pending subscription SNS deleted unconfirmed vanishes from the listing, so listing the pending ones
    // would print nothing for it. Text output, lowercased and one per line (pages and tabs alike).
    // The address pattern admits a quote.
    const addresses = topic.subscriptions.map((s) => sq(s.email));
    out.push({
      order: STEP_ORDER.confirmAlarmEmails,
      title: 'Confirm the alarm email subscriptions',
      detail:
        `Each address in aws.alarms.notify.emails receives "AWS Notification - Subscription Confirmation" from SNS once the ${topic.stack} stack applies; until it follows the link, it gets no alarm. ` +
        'The command must succeed: it compares the confirmed subscriptions of the topic with the addresses and fails, listing each one not confirmed (or saying that the AWS CLI call itself failed). ' +
        `SNS deletes a subscription left unconfirmed (after 48 hours, its guide says) and its link stops working: apply the ${topic.stack} stack again, which sees the subscription gone and creates it, sending a new email.`,
      commands: toCommands([
        unlessAwsFails(
          sh`out=$(aws sns list-subscriptions --region ${region} --query ${dq(`Subscriptions[?ends_with(TopicArn, ':${topic.name}') && starts_with(SubscriptionArn, 'arn:')].Endpoint`)} --output text)`,
          'aws sns list-subscriptions',
          sh`confirmed=$(printf '%s\\n' "$out" | tr 'A-Z\\t' 'a-z\\n') && missing=$(for e in ${addresses}; do printf '%s\\n' "$confirmed" | grep -qxF -- "$e" || echo "$e"; done) && test -z "$missing" || { printf 'STOP: not confirmed:\\n%s\\n' "$missing" >&2; false; }`,
        ),
      ]),
    });
  }
  if (cutover && alarmNames.length > 0) {
    // By exact names, not by prefix: another environment whose name starts with this one's (production-eu
    // beside production) shares the prefix, and its alarms must not hold this cutover back. Text output,
    // whatever the profile's default: one `name<TAB>state` line per alarm found; the check counts the lines
    // and lists those not OK.
    // describe-alarms leaves out a name that does not exist (a stack not applied yet): count them too.
    const commands = chunk(alarmNames, ALARM_NAMES_PER_CALL).map((names) =>
      unlessAwsFails(
        sh`out=$(aws cloudwatch describe-alarms --region ${region} --alarm-names ${names} --query "MetricAlarms[].[AlarmName,StateValue]" --output text)`,
        'aws cloudwatch describe-alarms',
        sh`bad=$(printf '%s\\n' "$out" | awk 'NF && $2 != "OK"') && found=$(printf '%s\\n' "$out" | awk 'NF' | wc -l) && [ "$found" -eq ${names.length} ] && [ -z "$bad" ] || { printf ${sq(`STOP: %s of ${names.length} alarms found; not OK:\\n%s\\n`)} "\${found:-0}" "$bad" >&2; false; }`,
      ),
    );
    out.push({
      order: STEP_ORDER.checkAlarmsBeforePhase,
      title: 'Before each phase move: every alarm OK',
      detail:
        `The environment's ${alarmNames.length === 1 ? 'alarm' : `${alarmNames.length} alarms`} must all be OK before \`dropship cutover next\`: ` +
        `${commands.length === 1 ? 'the command must succeed' : 'each command must succeed'}. ` +
        'It fails, printing how many of the alarms exist and each one that is not OK with its state: ALARM, or INSUFFICIENT_DATA (no data to judge: just created, or a metric that stopped); an alarm missing from the count belongs to a stack not applied yet. When the AWS CLI call itself fails (credentials, region), it says so instead. ' +
        'An alarm that fires after a move is the signal to run `dropship cutover rollback` and apply the cutover stack.',
      commands: toCommands(commands),
    });
  }
  return out;
}
