/**
 * The AWS side's health in the cutover: one CloudWatch alarm per app (its target group's healthy hosts), a
 * Route 53 CLOUDWATCH_METRIC health check on each, and per hostname the check its `aws` record carries
 * (the app's own, or a CALCULATED check that ANDs the apps sharing the hostname). Rules in docs/cutover.md.
 */
import type { Address, Ref } from './refs';

/**
 * An app's single-metric alarm and the Route 53 check that reads it, both in the stack that owns the app's
 * target group (the apps stack, or `app-<name>`), at every phase: a replaced target group updates the alarm
 * and resynchronises the check in the same apply. The cutover stack reads the check's id (`output`).
 */
export interface AwsAppHealthPlan {
  app: string;
  /** The app-tier output holding the check's id, which the cutover stack reads. */
  output: string;
  alarm: {
    /** Construct id of the `aws_cloudwatch_metric_alarm` in the app's stack. */
    key: string;
    name: string;
    description: string;
    namespace: 'AWS/ApplicationELB';
    metricName: 'HealthyHostCount';
    statistic: 'Minimum';
    /** References in the app's stack: a replaced target group updates the alarm in the same apply. */
    dimensions: { LoadBalancer: Ref<'aws_lb'>; TargetGroup: Ref<'aws_lb_target_group'> };
    /** Seconds: a standard-resolution period, the only kind Route 53 reads. */
    period: 60;
    /** No datapointsToAlarm: Route 53 does not take M-out-of-N alarms. */
    evaluationPeriods: number;
    comparisonOperator: 'LessThanThreshold';
    threshold: 1;
    /** For the console only: Route 53 reads the data stream, not the alarm state. */
    treatMissingData: 'breaching';
  };
  check: {
    /** Key the cutover's records and CALCULATED checks name it by: `<app>_aws`, never a DigitalOcean check's. */
    key: string;
    /** The `aws_route53_health_check` in the app's stack; its id is exported as `output`. */
    address: Address<'aws_route53_health_check'>;
    /** The Name tag. */
    name: string;
    /** The region of the alarm: the spec's region (one Route 53 reads alarms in). */
    region: string;
    /** A check with no data yet (or a metric that stopped) must not send traffic to AWS. */
    insufficientDataHealthStatus: 'Unhealthy';
  };
}

/** A hostname's AWS health: the app check it uses, or a CALCULATED check over several. */
export interface AwsHostnameHealthPlan {
  hostname: string;
  /** The apps behind the hostname on the ALB (path routing), in spec order. */
  apps: string[];
  /** The key of the check the hostname's `aws` records carry. */
  check: string;
  /** With several apps: healthy only while every app's check is (child_health_threshold = their number). */
  /** `createBeforeDestroy`: the records name it by id, like the DigitalOcean side's checks. */
  calculated?: {
    key: string;
    name: string;
    children: string[];
    threshold: number;
    createBeforeDestroy: true;
  };
}

export interface AwsHealthPlan {
  apps: AwsAppHealthPlan[];
  /**
   * Per blue/green app, a CALCULATED check healthy while either target group's check is (threshold 1): the
   * live group alternates at each CodeDeploy deployment, and the idle one has no target. Its key replaces the
   * app's check for the app's hostnames.
   */
  either?: {
    app: string;
    key: string;
    name: string;
    children: string[];
    threshold: 1;
    createBeforeDestroy: true;
  }[];
  hostnames: AwsHostnameHealthPlan[];
  /**
   * Where the cutover stack reads the apps' check ids: the apps' stacks, by outputs they always export (a
   * RemoteOutputsPlan each, spelt out here so this module does not import the cutover's).
   */
  states: { stack: string; outputs: { value: Ref; output: string }[] }[];
  /** Minutes from the last healthy target gone to resolvers leaving AWS (alarm + Route 53 + TTL). */
  failoverMinutes: number;
}
