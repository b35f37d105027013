/**
 * The alarms part of the plan model: CloudWatch alarms beside what they watch, and the SNS topic they notify.
 */
import type { Decision, ManualStep } from './record';
import type { Address, Value } from './refs';

export type AlarmStatistic = 'Sum' | 'Maximum' | 'Average' | 'Minimum';

export type AlarmComparison =
  | 'GreaterThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';
/** What an alarm does when the metric has no data point (CloudWatch's treat_missing_data). */
export type MissingData = 'notBreaching' | 'breaching' | 'ignore' | 'missing';

/** One CloudWatch metric as an alarm reads it. */
export interface AlarmMetric {
  namespace: 'AWS/ApplicationELB' | 'AWS/RDS' | 'AWS/ElastiCache' | 'ECS/ContainerInsights';
  metricName: string;
  statistic: AlarmStatistic;
  dimensions: Record<string, Value>;
}

/**
 * A metric-math alarm: CloudWatch evaluates `expression` over `metrics` (each read with the alarm's period,
 * named by its `id`, which starts with a lowercase letter) and compares the result with the threshold.
 */
export interface AlarmMath {
  /** The expression's own id (the result the alarm compares). */
  id: string;
  expression: string;
  /** What the expression computes, as the console labels it. */
  label: string;
  metrics: (AlarmMetric & { id: string })[];
}

interface AlarmSettings {
  /** Logical-id key, unique in its stack, e.g. `web-target-5xx`. */
  key: string;
  /** The stack that renders it: the one holding what it watches. */
  stack: string;
  /** `<prefix>-...`: every alarm of the environment shares the prefix the runbook's check filters on. */
  name: string;
  description: string;
  /** Seconds. */
  period: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  comparisonOperator: AlarmComparison;
  threshold: number;
  treatMissingData: MissingData;
}

/** An alarm on one metric, or on a metric-math expression (`math`). */
export type AlarmPlan = AlarmSettings & (AlarmMetric | { math: AlarmMath });

/** The SNS topic dropship creates for email notifications. */
export interface AlarmTopicPlan {
  name: string;
  /** The network stack: beside the key that encrypts it, read by every stack that holds alarms. */
  stack: string;
  /** The environment's customer-managed key, whose policy lets CloudWatch use it (alarmTopicKeyStatements). */
  kmsKeyArn: Value;
  /** Email subscriptions, each with its logical-id key. */
  subscriptions: { key: string; email: string }[];
  /** `aws_sns_topic.alarm-topic` in `stack`. */
  address: Address<'aws_sns_topic'>;
}

export interface AlarmsPlan {
  enabled: boolean;
  topic?: AlarmTopicPlan;
  /** Where every alarm notifies, on ALARM and on OK (empty: no notification). */
  actions: Value[];
  /** The common name prefix (`<prefix>-`) every alarm name starts with. */
  namePrefix: string;
  alarms: AlarmPlan[];
  decisions: Decision[];
  manualSteps: ManualStep[];
}
