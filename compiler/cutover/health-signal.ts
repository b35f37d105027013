/**
 * The health of the AWS side, per hostname. The `aws` records used to evaluate the shared ALB's target health,
 * and Route 53 counts an ALB unhealthy when any target group that has targets has no healthy one (or has no
 * target at all): one app's trouble sent every hostname back to DigitalOcean. So each app gets its own signal:
 *
 * - a single-metric CloudWatch alarm on its target group's HealthyHostCount (Minimum < 1), the kind Route 53
 *   reads (no metric math, no M-out-of-N, standard resolution);
 * - a CLOUDWATCH_METRIC health check on it, unhealthy on insufficient data (a new check, or a metric that
 *   stopped, would be healthy otherwise) and resynchronised in place whenever the alarm changes (Route 53 keeps
 *   a copy of the alarm's configuration; the provider's `triggers` sends it again, keeping the check's id);
 * - per hostname several apps share (path routing), a CALCULATED check healthy only while all of them are:
 *   its children are the apps' checks, a blue/green app's two (Route 53 refuses a CALCULATED child), and its
 *   threshold the number of apps, so a blue/green app in mid-deployment (both groups healthy) can stand in
 *   for another app's failure until the original group drains (docs/cutover.md states it).
 *
 * The alarm and its check live in the stack that owns the app's target group, at every phase (that stack is
 * the same at every phase): a replaced target group updates the alarm and the check in that one apply. The
 * cutover stack reads the check ids from outputs and holds only the CALCULATED checks and the records.
 */
import { uniqueKeys, awsName } from '../../schema/facts/aws-names';
import type { CompileContext } from '../context';
import type { Decision } from '../model';
import type { AwsAppHealthPlan, AwsHealthPlan, AwsHostnameHealthPlan } from '../model/health-signal';
import type { RemoteOutputsPlan } from '../model/cutover';
import type { Ref } from '../model/refs';
import { appAddresses, platformAddresses } from '../app-addresses';
import { address, ref } from '../refs';
import { appStackName } from '../stack-names';

/** Outputs the app tier always exports for the alarms (whatever the phase, so a phase move changes only the cutover). */
export const HEALTH_OUTPUT_NAMES = {
  albArnSuffix: 'alb_arn_suffix',
  targetGroupArnSuffix: (app: string): string => `target_group_arn_suffix_${app}`,
  greenTargetGroupArnSuffix: (app: string): string => `target_group_arn_suffix_${app}_green`,
  healthCheckId: (app: string): string => `route53_health_check_id_${app}`,
  greenHealthCheckId: (app: string): string => `route53_health_check_id_${app}_green`,
} as const;

/**
 * Where an earlier dropship kept an app's alarm and check: in the cutover stack, above 0 %. They are no longer
 * configured there, so the cutover apply after the app tier's deletes them once the records name the new check.
 */
export const formerCutoverHealth = (ctx: Pick<CompileContext, 'prefix'>, app: string, green: boolean) => ({
  alarmName: awsName(
    'cloudwatchAlarm',
    ctx.prefix,
    'app',
    app,
    green ? 'route53-health-green' : 'route53-health',
  ),
  check: `aws_route53_health_check.health-${app}_aws${green ? '-green' : ''}`,
});

/** One minute per data point: HealthyHostCount is a standard-resolution metric, published every minute. */
const PERIOD = 60;
/** Two minutes in a row without a healthy target: one missed data point during a deployment does not move traffic. */
const EVALUATION_PERIODS = 2;
/**
 * Route 53 does not document how often it reads an alarm's data stream; dropship allows a minute for it in the
 * delay it states.
 */
const ROUTE53_READ_SECONDS = 60;

/** The keys of the CALCULATED checks the cutover stack holds while it publishes the AWS side. */
export const calculatedChecks = (health: AwsHealthPlan | undefined): string[] => [
  ...(health?.either ?? []).map((e) => e.key),
  ...(health?.hostnames ?? []).flatMap((h) => (h.calculated ? [h.calculated.key] : [])),
];

/** A hostname and the apps behind it on the ALB. */
export interface HostnameApps {
  hostname: string;
  apps: string[];
}

export function awsHealthSignal(
  ctx: CompileContext,
  hostnames: readonly HostnameApps[],
  ttl: number,
): { plan: AwsHealthPlan; decisions: Decision[] } {
  const appNames = [...new Set(hostnames.flatMap((h) => h.apps))];
  const albArnSuffix = ref(platformAddresses(ctx).alb, 'arn_suffix');
  const apps = appNames.map((app) => appHealth(ctx, app, albArnSuffix));
  const checkOf = new Map(apps.map((a) => [a.app, a.check.key]));
  // A blue/green app: one alarm and check per target group (the live group alternates at each CodeDeploy
  // deployment, the idle one has no target), and, for a hostname it serves alone, a check healthy while either is.
  const blueGreen = new Set(
    appNames.filter((app) =>
      ctx.spec.apps.some((a) => a.name === app && a.deployment.strategy === 'blue-green'),
    ),
  );
  const groupChecks = new Map<string, string[]>();
  for (const app of blueGreen) {
    const green = greenHealth(ctx, appHealth(ctx, app, albArnSuffix));
    apps.push(green);
    groupChecks.set(app, [checkOf.get(app) as string, green.check.key]);
  }
  const either: NonNullable<AwsHealthPlan['either']> = [];
  const eitherOf = (app: string): string => {
    const key = `${app}_aws-either`;
    if (!either.some((e) => e.key === key))
      either.push({
        app,
        key,
        name: `${app} on AWS: either target group healthy (blue/green)`,
        children: groupChecks.get(app) as string[],
        threshold: 1,
        // Weighted records name it by id: replaced in place it would leave them pointing at a deleted check.
        createBeforeDestroy: true,
      });
    return key;
  };
  const calcKeys = uniqueKeys(
    hostnames.map((h) => h.hostname),
    (name) =>
      name
        .toLowerCase()
        .replace(/\*/g, 'wildcard')
        .replace(/[^a-z0-9-]+/g, '-'),
  );
  const planned: AwsHostnameHealthPlan[] = hostnames.map(({ hostname, apps: behind }) => {
    if (behind.length === 1) {
      const [app] = behind;
      return {
        hostname,
        apps: [app],
        check: blueGreen.has(app) ? eitherOf(app) : (checkOf.get(app) as string),
      };
    }
    // Route 53 refuses a CALCULATED check as the child of another ("You can't configure a calculated health
    // check to monitor the health of other calculated health checks", Developer Guide, health-checks-creating-values),
    // so a blue/green app is here by its two target groups' checks, not its "either" check: one healthy child
    // per app is needed, and a blue/green app's idle group has no target (unhealthy).
    const children = behind.flatMap((app) => groupChecks.get(app) ?? [checkOf.get(app) as string]);
    const key = `${calcKeys.get(hostname) as string}_aws-all`;
    return {
      hostname,
      apps: [...behind],
      check: key,
      calculated: {
        key,
        name: `${hostname} on AWS: ${behind.join(', ')} all healthy`,
        children,
        threshold: behind.length,
        createBeforeDestroy: true,
      },
    };
  });
  const failoverMinutes = Math.ceil((PERIOD * EVALUATION_PERIODS + ROUTE53_READ_SECONDS + ttl) / 60);
  return {
    plan: {
      apps,
      ...(either.length > 0 ? { either } : {}),
      hostnames: planned,
      states: remoteStates(apps),
      failoverMinutes,
    },
    decisions: decisions(ctx, planned, ttl, failoverMinutes),
  };
}

function appHealth(ctx: CompileContext, app: string, albArnSuffix: Ref<'aws_lb'>): AwsAppHealthPlan {
  // Not `…-route53-health`, the name the cutover stack's former alarm has until its next apply deletes it.
  const name = awsName('cloudwatchAlarm', ctx.prefix, 'app', app, 'route53-target-health');
  const stack = appStackName(ctx.prefix, ctx.layout, app);
  return {
    app,
    output: HEALTH_OUTPUT_NAMES.healthCheckId(app),
    alarm: {
      key: `${app}-route53-health-alarm`,
      name,
      description: `${app}: no healthy target for ${EVALUATION_PERIODS} minutes in a row; the Route 53 health check of its hostnames reads this alarm's data and moves their traffic back to DigitalOcean`,
      namespace: 'AWS/ApplicationELB',
      metricName: 'HealthyHostCount',
      statistic: 'Minimum',
      dimensions: { LoadBalancer: albArnSuffix, TargetGroup: appAddresses(ctx, app).targetGroupArnSuffix },
      period: PERIOD,
      evaluationPeriods: EVALUATION_PERIODS,
      comparisonOperator: 'LessThanThreshold',
      threshold: 1,
      treatMissingData: 'breaching',
    },
    check: {
      // App names never hold `_`, so no DigitalOcean check (`<app>-<endpoint>`, `…_ipv6`) has this key.
      key: `${app}_aws`,
      address: address(stack, 'aws_route53_health_check', `${app}-route53-health`),
      name: `${app} on AWS (alarm ${name})`,
      region: ctx.spec.aws.region,
      insufficientDataHealthStatus: 'Unhealthy',
    },
  };
}

/** The same alarm and check on a blue/green app's second target group. */
function greenHealth(ctx: CompileContext, blue: AwsAppHealthPlan): AwsAppHealthPlan {
  const { app } = blue;
  const name = awsName('cloudwatchAlarm', ctx.prefix, 'app', app, 'route53-target-health-green');
  return {
    app,
    output: HEALTH_OUTPUT_NAMES.greenHealthCheckId(app),
    alarm: {
      ...blue.alarm,
      key: `${app}-route53-health-alarm-green`,
      name,
      description: `${app}: no healthy target in its second (blue/green) target group for ${EVALUATION_PERIODS} minutes in a row; the Route 53 health check of its hostnames is healthy while this or the first group's is`,
      dimensions: {
        LoadBalancer: blue.alarm.dimensions.LoadBalancer,
        TargetGroup: ref(appAddresses(ctx, app).addresses.greenTargetGroup, 'arn_suffix'),
      },
    },
    check: {
      ...blue.check,
      key: `${app}_aws-green`,
      address: { ...blue.check.address, name: `${app}-route53-health-green` },
      name: `${app} on AWS, second target group (alarm ${name})`,
    },
  };
}

/** The check ids the cutover stack reads, grouped by the stack whose state holds them. */
function remoteStates(apps: AwsAppHealthPlan[]): RemoteOutputsPlan[] {
  const byStack = new Map<string, RemoteOutputsPlan>();
  const add = (stack: string, value: Ref, output: string) => {
    const state = byStack.get(stack) ?? { stack, outputs: [] };
    state.outputs.push({ value, output });
    byStack.set(stack, state);
  };
  for (const a of apps) add(a.check.address.stack, ref(a.check.address, 'id'), a.output);
  return [...byStack.values()];
}

function decisions(
  ctx: CompileContext,
  hostnames: AwsHostnameHealthPlan[],
  ttl: number,
  failoverMinutes: number,
): Decision[] {
  const shared = hostnames.filter((h) => h.calculated);
  return [
    {
      subject: 'cutover.awsHealth',
      choice:
        `per app: alarm HealthyHostCount (Minimum) < 1 for ${EVALUATION_PERIODS} × ${PERIOD} s, read by a CLOUDWATCH_METRIC health check (insufficient data: unhealthy) in ${ctx.spec.aws.region}; ` +
        `the aws records carry their hostname's check, evaluate_target_health = false` +
        (shared.length > 0
          ? `; ${shared
              .map(
                (h) =>
                  `${h.hostname}: CALCULATED, at least ${h.calculated!.threshold} of ${h.calculated!.children.length} healthy (all of ${h.apps.join(', ')})`,
              )
              .join('; ')}`
          : ''),
      rule:
        'Route 53 counts an ALB unhealthy when any target group with targets has no healthy target, and a target group with no target as unhealthy (API reference, AliasTarget), so evaluating the shared ALB sent every hostname back to DigitalOcean when one app failed. ' +
        'A CLOUDWATCH_METRIC check reads the alarm’s data stream, not its state (so the alarm’s treat_missing_data does not apply), takes only single-metric, standard-resolution alarms without M-out-of-N, and counts as healthy on no data unless told otherwise; ' +
        'it keeps a copy of the alarm’s settings, so the alarm and the check live in the stack of the app’s target group (every phase) and the check is resynchronised in place (triggers) whenever the alarm changes: a replaced target group reaches the check in the same apply, and the check keeps its id, which the cutover stack reads' +
        (shared.some((h) => h.calculated!.children.length > h.apps.length)
          ? '. A CALCULATED check may not monitor another CALCULATED check (Route 53 Developer Guide, "Values that you specify when you create or update health checks", calculated health checks), ' +
            'so a blue/green app behind a shared hostname is one of its CALCULATED check’s children by its two target groups’ checks (the idle group has no target and is unhealthy), and the threshold is one healthy child per app; ' +
            'while a blue/green deployment keeps both of its groups healthy (until the original task set is terminated), that surplus can stand in for another app on the same hostname'
          : ''),
    },
    {
      subject: 'cutover.failoverDelay',
      choice: `about ${failoverMinutes} minutes from an app's last healthy target to resolvers leaving AWS for its hostnames`,
      rule:
        `alarm: ${EVALUATION_PERIODS} periods of ${PERIOD} s; Route 53 reading the alarm’s data: undocumented, about ${ROUTE53_READ_SECONDS} s allowed; ` +
        `cached answers: the records’ TTL (${ttl} s). It starts once the ALB has marked the targets unhealthy (the target group’s unhealthy threshold × interval)`,
    },
  ];
}
