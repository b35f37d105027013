/**
 * Who writes an Application Load Balancer's access logs into its S3 bucket, by region: the bucket policy must
 * name it.
 *
 * - Regions opened before August 2022: the region's Elastic Load Balancing account, as
 *   `arn:aws:iam::<account>:root`. Source: AWS "Enable access logs for your Application Load Balancer", step 2
 *   "Attach a policy to your S3 bucket"
 *   (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html), and the
 *   same table in the AWS provider's `aws_elb_service_account` data source
 *   (hashicorp/terraform-provider-aws internal/service/elb/service_account_data_source.go), which cites it.
 * - Regions opened in August 2022 or later: the service principal
 *   `logdelivery.elasticloadbalancing.amazonaws.com` (the same AWS page; amazonka-elb's `getAccountId` quotes
 *   it: "For regions launched in August 2022 or later ... the logdelivery.elasticloadbalancing.amazonaws.com
 *   principal"). The provider's table leaves me-central-1 out for that reason.
 *
 * Commercial partition only (the spec refuses China and GovCloud). A region in neither list is refused by
 * `validate` while dropship would create the log bucket (schema/rules/access-logs.ts): add it here once AWS
 * lists it.
 */

/** The Elastic Load Balancing account of each region opened before August 2022. */
export const ELB_LOG_ACCOUNTS: ReadonlyMap<string, string> = new Map([
  ['us-east-1', '127311923021'],
  ['us-east-2', '033677994240'],
  ['us-west-1', '027434742980'],
  ['us-west-2', '797873946194'],
  ['af-south-1', '098369216593'],
  ['ap-east-1', '754344448648'],
  ['ap-southeast-3', '589379963580'],
  ['ap-south-1', '718504428378'],
  ['ap-northeast-3', '383597477331'],
  ['ap-northeast-2', '600734575887'],
  ['ap-southeast-1', '114774131450'],
  ['ap-southeast-2', '783225319266'],
  ['ap-northeast-1', '582318560864'],
  ['ca-central-1', '985666609251'],
  ['eu-central-1', '054676820928'],
  ['eu-west-1', '156460612806'],
  ['eu-west-2', '652711504416'],
  ['eu-south-1', '635631232127'],
  ['eu-west-3', '009996457667'],
  ['eu-north-1', '897822967062'],
  ['me-south-1', '076674570225'],
  ['sa-east-1', '507241528517'],
]);

/** The service principal regions opened in August 2022 or later grant instead of an account. */
export const ELB_LOG_DELIVERY_PRINCIPAL = 'logdelivery.elasticloadbalancing.amazonaws.com';

/** Regions opened in August 2022 or later (the service principal writes their logs). */
export const ELB_LOG_PRINCIPAL_REGIONS: ReadonlySet<string> = new Set([
  'me-central-1',
  'ap-south-2',
  'ap-southeast-4',
  'eu-central-2',
  'eu-south-2',
  'il-central-1',
  'ca-west-1',
  'ap-southeast-5',
  'ap-southeast-7',
  'mx-central-1',
  'ap-east-2',
  'ap-southeast-6',
]);

/** Who writes a region's ALB access logs: its ELB account, the service principal, or unknown here. */
export type ElbLogWriter =
  { kind: 'account'; accountId: string } | { kind: 'service'; principal: typeof ELB_LOG_DELIVERY_PRINCIPAL };

export function elbLogWriter(region: string): ElbLogWriter | undefined {
  const accountId = ELB_LOG_ACCOUNTS.get(region);
  if (accountId) return { kind: 'account', accountId };
  if (ELB_LOG_PRINCIPAL_REGIONS.has(region))
    return { kind: 'service', principal: ELB_LOG_DELIVERY_PRINCIPAL };
  return undefined;
}

/** Every region the table knows, for the diagnostic of one it does not. */
export const ELB_LOG_REGIONS: readonly string[] = [...ELB_LOG_ACCOUNTS.keys(), ...ELB_LOG_PRINCIPAL_REGIONS];
