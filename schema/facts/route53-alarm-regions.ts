/**
 * The regions whose CloudWatch alarms a Route 53 CLOUDWATCH_METRIC health check can read: the valid values of
 * `AlarmIdentifier.Region` in the Route 53 API reference
 * (https://docs.aws.amazon.com/Route53/latest/APIReference/API_AlarmIdentifier.html), commercial partition
 * only (the spec refuses China and GovCloud regions). The cutover's per-hostname health signal is an alarm in
 * `aws.region`, so a region missing here cannot carry it; add a region here once the API lists it.
 */
export const ROUTE53_ALARM_REGIONS: ReadonlySet<string> = new Set([
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'ap-east-1',
  'ap-east-2',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'me-south-1',
  'me-central-1',
  'il-central-1',
  'af-south-1',
  'sa-east-1',
  'mx-central-1',
]);
