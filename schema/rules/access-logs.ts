/**
 * ALB access logs: the bucket dropship creates needs a log-delivery policy for the region
 * (schema/facts/elb-log-delivery.ts), a name no `storage.buckets` entry takes, and settings that agree with
 * each other (an existing bucket's lifecycle is not dropship's; `enabled: false` with settings is a contradiction).
 */
import { ELB_LOG_REGIONS, elbLogWriter } from '../facts/elb-log-delivery';
import { ACCESS_LOG_BUCKET_NAME, accessLogsOf, hasAlb } from '../inventory/access-logs';
import type { Report } from '../report';
import type { MigrationSpec } from '../spec';

const AT = ['aws', 'loadBalancer', 'accessLogs'];

export function checkAccessLogs(r: Report, spec: MigrationSpec): void {
  const asked = spec.aws.loadBalancer.accessLogs;
  if (asked?.enabled === false)
    for (const field of ['bucket', 'prefix', 'expirationDays'] as const)
      if (asked[field] !== undefined)
        r.error(
          [...AT, field],
          'access-logs-disabled-with-settings',
          `aws.loadBalancer.accessLogs.enabled is false, so ${field} would be ignored`,
          { hint: `remove ${field}, or remove enabled: false` },
        );
  if (asked?.bucket !== undefined && asked.expirationDays !== undefined)
    r.error(
      [...AT, 'expirationDays'],
      'access-logs-existing-bucket-lifecycle',
      `expirationDays applies to the bucket dropship creates; ${asked.bucket} is yours and keeps its own lifecycle rules`,
      { hint: 'remove expirationDays, or remove bucket to let dropship create the log bucket' },
    );
  const logs = accessLogsOf(spec);
  if (!logs.on || logs.bucket !== 'created' || !hasAlb(spec)) return;
  spec.storage.buckets.forEach((b, i) => {
    if (b.name === ACCESS_LOG_BUCKET_NAME)
      r.error(
        ['storage', 'buckets', i, 'name'],
        'access-logs-bucket-clash',
        `the bucket \`${ACCESS_LOG_BUCKET_NAME}\` would have the S3 name of the ALB's access-log bucket, which dropship creates`,
        {
          hint: `rename this bucket, or name an existing log bucket in aws.loadBalancer.accessLogs.bucket`,
        },
      );
  });
  if (!elbLogWriter(spec.aws.region))
    r.error(
      ['aws', 'region'],
      'access-logs-region',
      `dropship does not know who delivers ALB access logs in ${spec.aws.region}: the log bucket's policy must name the region's Elastic Load Balancing account or, for regions opened in August 2022 or later, logdelivery.elasticloadbalancing.amazonaws.com`,
      {
        expected: `one of ${ELB_LOG_REGIONS.join(', ')}`,
        hint: 'name an existing bucket whose policy you wrote (aws.loadBalancer.accessLogs.bucket), or set aws.loadBalancer.accessLogs.enabled: false; see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html',
      },
    );
}
