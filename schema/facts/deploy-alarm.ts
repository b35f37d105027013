/**
 * The alarm a blue/green app's CodeDeploy deployment group rolls back on during the bake (compiler/alarms.ts
 * renders it, schema/rules/blue-green.ts compares the bake time with its time to fire). The app's other 5XX
 * alarm uses five-minute windows, 2 of 3, so it fires at the earliest ~10 minutes after the errors start:
 * a bake shorter than that ends (the original tasks terminated) before it can. This one counts one-minute
 * windows.
 */
export const DEPLOY_ALARM = {
  period: 60,
  evaluationPeriods: 2,
  datapointsToAlarm: 2,
  /** Requests a minute below which a window counts as 0 % (one error among 3 requests pages no one). */
  minRequests: 5,
  maxPercent: 10,
} as const;

/**
 * Elastic Load Balancing publishes its metrics in 60-second intervals, and a datapoint reaches CloudWatch
 * about a minute after its period ends ("CloudWatch metrics for your Application Load Balancer":
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html);
 * allowed once on top of the windows.
 */
const PUBLICATION_DELAY_SECONDS = 60;

/** From the first bad minute to ALARM: 2 windows of 60 s and the publication delay, 3 minutes. */
export const DEPLOY_ALARM_MINUTES_TO_FIRE =
  (DEPLOY_ALARM.period * DEPLOY_ALARM.datapointsToAlarm + PUBLICATION_DELAY_SECONDS) / 60;
