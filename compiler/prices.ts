/**
 * List prices for the cost estimate in `dropship plan`: one table, one date, every figure with its source.
 * It is an ESTIMATE: on-demand list prices in USD, no discounts, taxes, data transfer or request charges.
 * A figure marked `verified: false` could not be confirmed from a document read while compiling this table
 * (it is the publicly listed price as remembered); check it before relying on it.
 */

/** The date this table was compiled; shown next to every estimate. */
export const PRICES_DATE = '2026-11-26';
export const HOURS_PER_MONTH = 730;
/**
 * Fargate bills a task per second from its image pull to its stop, with a one-minute minimum (vantage.sh
 * Fargate pricing, via ../shared/reference/aws-do-facts.md section (c)): the least a scheduled run costs.
 */
export const FARGATE_MINIMUM_BILLED_MINUTES = 1;
/**
 * The longest run the scheduled-task estimate assumes (the top of its range, or the time between runs when
 * shorter): an assumption stated in the plan, not a price; a run that takes longer costs proportionally more.
 */
export const SCHEDULED_RUN_ASSUMED_MAX_MINUTES = 60;

export interface Price {
  usd: number;
  unit: string;
  source: string;
  verified: boolean;
}

const SOURCES = {
  dropletSizes:
    'doctl compute size list, captured in boxcutter/oci doctl/README.md (about Aug 2025); cross-checked for 10 slugs against polymathrobotics/oci',
  fargate:
    'vantage.sh/blog/fargate-pricing (x86 and ARM), wring.co (2026-03-10) and factualminds.com (2026-06-17) agree on x86',
  alb: 'cloud-horizons.com "ALB: the line item nobody watches" (2026-05-08): $0.0225 per ALB-hour, $0.008 per LCU-hour',
  nat: 'basavytix.com and cloudburn.io (2026-02-24) NAT gateway pricing, us-east-1: $0.045 per hour and per GB',
  rdsT4g: 'infratally.com "AWS RDS pricing explained 2026", us-east-1 Single-AZ rates',
  rdsStorage: 'usage.ai RDS pricing calculator (June 2026, us-east-1): gp3 $0.115 per GB-month',
  rdsMultiAz:
    'AWS RDS User Guide "On-Demand DB instances": Multi-AZ bills instance-hours and storage for primary and standby',
  secrets: 'awsready.net and hivebook.wiki Secrets Manager pages: $0.40 per secret per month',
  efs: 'aws.amazon.com/efs/pricing: EFS Standard $0.30 per GB-month',
  doVolumes: 'adhdecode DigitalOcean cost estimation guide: Block Storage $0.10 per GB-month',
  route53: 'ns1.com "AWS DNS — Route 53 pricing": $0.50 per hosted zone per month for the first 25 zones',
  route53HealthChecks:
    'wewantcode.com "Health checks status check" (Route 53 console summary): $0.75 per month for a health check of a non-AWS endpoint, extras for HTTPS and the 10 s interval',
  kms: 'aws.amazon.com/kms/pricing: $1/month per KMS key (each automatically rotated backing key adds $1/month)',
  cloudwatchAlarms:
    'aws.amazon.com/cloudwatch/pricing (free tier: 10 standard-resolution alarm metrics; billed per alarm metric, so a metric-math alarm counts each metric in its expression) and c3x.dev aws_cloudwatch_metric_alarm: $0.10 per standard-resolution alarm metric per month',
  aurora:
    'RDS-vs-Aurora cost calculator page (store-v2-khaki.vercel.app, third party): Aurora PostgreSQL instance-hours; cloudexmachina.io and jusdb.com: Aurora Standard storage $0.10 per GB-month, I/O $0.20 per million',
  privatelinkHour:
    'aws.amazon.com/privatelink/pricing (billing unit: per interface endpoint per AZ, partial hours billed as full); the $0.01 figure from third-party 2026 pages, via ../shared/reference/aws-facts-2.md section 5',
  privatelinkGb:
    'aws.amazon.com/privatelink/pricing: $0.01 per GB processed for the first PB a month, all interface endpoints of a region summed (../shared/reference/aws-facts-2.md section 5)',
  publicIpv4:
    'AWS News Blog "New – AWS Public IPv4 Address Charge + Public IP Insights" (2023-07-28): $0.005 per public IPv4 address-hour, in use or idle, from 2024-02-01 (../shared/reference/aws-facts-2.md section 5)',
  extendedSupport:
    'usage.ai blog (2026-05), us-east-1: $0.100 per vCPU-hour in years 1-2 after the end of standard support, $0.200 in year 3 (another source: 0.12/0.24); billing rules from AWS "Amazon RDS Extended Support charges" (Multi-AZ standby included)',
  auroraInstances:
    'third-party tables of Aurora Standard on-demand rates (2026), as collected in the reference notes (aws-facts-2.md section 1); they disagree by up to 20%',
  s3Storage:
    'aws.amazon.com/s3/pricing (S3 Standard, us-east-1, first 50 TB a month); the same $0.023 per GB-month in deepeshsoni.com "Understanding Amazon S3 Pricing" and cloudtoggle.com (about $23 per TB-month)',
  s3Requests:
    'aws.amazon.com/s3/pricing, S3 Standard requests, us-east-1: $0.005 per 1,000 PUT, COPY, POST or LIST (the figure cloudkaramchari.com "Understanding per 1000 PUT COPY POST or LIST requests" works with), $0.0004 per 1,000 GET (as remembered)',
  doSpaces:
    'DigitalOcean community answer "Prices explanation: $5 per space or $5 for spaces?" (staff: the subscription includes 250 GiB across all Spaces, $0.02 per GiB beyond) and cloudtoolstack.com "DigitalOcean Spaces Object Storage Guide" ($5/month with 250 GB and 1 TB outbound, $0.02/GB beyond)',
  cloudfrontDataOut:
    'aws.amazon.com/cloudfront/pricing (read 2026-12-07): Regional Data Transfer Out to Internet, first 10 TB, $0.085 per GB in the United States, Mexico, Canada and Europe; always-free tier 1 TB out and 10,000,000 HTTP or HTTPS requests per month',
  cloudfrontRequests:
    'aws.amazon.com/cloudfront/pricing: HTTPS requests per 10,000, $0.0100 in the United States (Europe $0.0120); the request table was not in the page excerpt read, so the figure is as remembered',
  remembered: 'public list price as remembered (not found in the reference corpus)',
} as const;

const price = (usd: number, unit: string, source: string, verified = true): Price => ({
  usd,
  unit,
  source,
  verified,
});

/** DigitalOcean Droplets, USD per month, by size slug (GPU Droplets left out: no Fargate equivalent). */
const DROPLET_MONTHLY: [string, number][] = [
  ['s-1vcpu-512mb-10gb', 4.0],
  ['s-1vcpu-1gb', 6.0],
  ['s-1vcpu-1gb-amd', 7.0],
  ['s-1vcpu-1gb-intel', 7.0],
  ['s-1vcpu-1gb-35gb-intel', 8.0],
  ['s-1vcpu-2gb', 12.0],
  ['s-1vcpu-2gb-amd', 14.0],
  ['s-1vcpu-2gb-intel', 14.0],
  ['s-1vcpu-2gb-70gb-intel', 16.0],
  ['s-2vcpu-2gb', 18.0],
  ['s-2vcpu-2gb-amd', 21.0],
  ['s-2vcpu-2gb-intel', 21.0],
  ['s-2vcpu-2gb-90gb-intel', 24.0],
  ['s-2vcpu-4gb', 24.0],
  ['s-2vcpu-4gb-amd', 28.0],
  ['s-2vcpu-4gb-intel', 28.0],
  ['s-2vcpu-4gb-120gb-intel', 32.0],
  ['s-2vcpu-8gb-amd', 42.0],
  ['c-2', 42.0],
  ['c2-2vcpu-4gb', 47.0],
  ['s-2vcpu-8gb-160gb-intel', 48.0],
  ['s-4vcpu-8gb', 48.0],
  ['s-4vcpu-8gb-amd', 56.0],
  ['s-4vcpu-8gb-intel', 56.0],
  ['g-2vcpu-8gb', 63.0],
  ['s-4vcpu-8gb-240gb-intel', 64.0],
  ['gd-2vcpu-8gb', 68.0],
  ['g-2vcpu-8gb-intel', 76.0],
  ['gd-2vcpu-8gb-intel', 79.0],
  ['s-4vcpu-16gb-amd', 84.0],
  ['m-2vcpu-16gb', 84.0],
  ['c-4', 84.0],
  ['c2-4vcpu-8gb', 94.0],
  ['s-4vcpu-16gb-320gb-intel', 96.0],
  ['s-8vcpu-16gb', 96.0],
  ['m-2vcpu-16gb-intel', 99.0],
  ['m3-2vcpu-16gb', 104.0],
  ['c-4-intel', 109.0],
  ['m3-2vcpu-16gb-intel', 110.0],
  ['s-8vcpu-16gb-amd', 112.0],
  ['s-8vcpu-16gb-intel', 112.0],
  ['c2-4vcpu-8gb-intel', 122.0],
  ['g-4vcpu-16gb', 126.0],
  ['s-8vcpu-16gb-480gb-intel', 128.0],
  ['so-2vcpu-16gb-intel', 131.0],
  ['so-2vcpu-16gb', 131.0],
  ['m6-2vcpu-16gb', 131.0],
  ['gd-4vcpu-16gb', 136.0],
  ['so1_5-2vcpu-16gb-intel', 139.0],
  ['g-4vcpu-16gb-intel', 151.0],
  ['gd-4vcpu-16gb-intel', 158.0],
  ['so1_5-2vcpu-16gb', 163.0],
  ['s-8vcpu-32gb-amd', 168.0],
  ['m-4vcpu-32gb', 168.0],
  ['c-8', 168.0],
  ['c2-8vcpu-16gb', 188.0],
  ['s-8vcpu-32gb-640gb-intel', 192.0],
  ['m-4vcpu-32gb-intel', 198.0],
  ['m3-4vcpu-32gb', 208.0],
  ['c-8-intel', 218.0],
  ['m3-4vcpu-32gb-intel', 220.0],
  ['c2-8vcpu-16gb-intel', 244.0],
  ['g-8vcpu-32gb', 252.0],
  ['so-4vcpu-32gb-intel', 262.0],
  ['so-4vcpu-32gb', 262.0],
  ['m6-4vcpu-32gb', 262.0],
  ['gd-8vcpu-32gb', 272.0],
  ['so1_5-4vcpu-32gb-intel', 278.0],
  ['g-8vcpu-32gb-intel', 302.0],
  ['gd-8vcpu-32gb-intel', 317.0],
  ['so1_5-4vcpu-32gb', 326.0],
  ['m-8vcpu-64gb', 336.0],
  ['c-16', 336.0],
  ['c2-16vcpu-32gb', 376.0],
  ['m-8vcpu-64gb-intel', 396.0],
  ['m3-8vcpu-64gb', 416.0],
  ['c-16-intel', 437.0],
  ['m3-8vcpu-64gb-intel', 440.0],
  ['c2-16vcpu-32gb-intel', 489.0],
  ['g-16vcpu-64gb', 504.0],
  ['so-8vcpu-64gb-intel', 524.0],
  ['so-8vcpu-64gb', 524.0],
  ['m6-8vcpu-64gb', 524.0],
  ['gd-16vcpu-64gb', 544.0],
  ['so1_5-8vcpu-64gb-intel', 556.0],
  ['g-16vcpu-64gb-intel', 605.0],
  ['gd-16vcpu-64gb-intel', 634.0],
  ['so1_5-8vcpu-64gb', 652.0],
  ['m-16vcpu-128gb', 672.0],
  ['c-32', 672.0],
  ['c2-32vcpu-64gb', 752.0],
  ['m-16vcpu-128gb-intel', 792.0],
  ['m3-16vcpu-128gb', 832.0],
  ['c-32-intel', 874.0],
  ['m3-16vcpu-128gb-intel', 880.0],
  ['c2-32vcpu-64gb-intel', 978.0],
  ['c-48', 1008.0],
  ['m-24vcpu-192gb', 1008.0],
  ['g-32vcpu-128gb', 1008.0],
  ['so-16vcpu-128gb-intel', 1048.0],
  ['so-16vcpu-128gb', 1048.0],
  ['m6-16vcpu-128gb', 1048.0],
  ['gd-32vcpu-128gb', 1088.0],
  ['so1_5-16vcpu-128gb-intel', 1112.0],
  ['c2-48vcpu-96gb', 1128.0],
  ['m-24vcpu-192gb-intel', 1188.0],
  ['g-32vcpu-128gb-intel', 1210.0],
  ['m3-24vcpu-192gb', 1248.0],
  ['g-40vcpu-160gb', 1260.0],
  ['gd-32vcpu-128gb-intel', 1268.0],
  ['so1_5-16vcpu-128gb', 1304.0],
  ['c-48-intel', 1310.0],
  ['m3-24vcpu-192gb-intel', 1320.0],
  ['m-32vcpu-256gb', 1344.0],
  ['gd-40vcpu-160gb', 1360.0],
  ['c2-48vcpu-96gb-intel', 1466.0],
  ['so-24vcpu-192gb-intel', 1572.0],
  ['so-24vcpu-192gb', 1572.0],
  ['m6-24vcpu-192gb', 1572.0],
  ['m-32vcpu-256gb-intel', 1584.0],
  ['c-60-intel', 1639.0],
  ['m3-32vcpu-256gb', 1664.0],
  ['so1_5-24vcpu-192gb-intel', 1668.0],
  ['m3-32vcpu-256gb-intel', 1760.0],
  ['g-48vcpu-192gb-intel', 1814.0],
  ['c2-60vcpu-120gb-intel', 1834.0],
  ['gd-48vcpu-192gb-intel', 1901.0],
  ['so1_5-24vcpu-192gb', 1956.0],
  ['so-32vcpu-256gb-intel', 2096.0],
  ['so-32vcpu-256gb', 2096.0],
  ['m6-32vcpu-256gb', 2096.0],
  ['so1_5-32vcpu-256gb-intel', 2224.0],
  ['g-60vcpu-240gb-intel', 2269.0],
  ['m-48vcpu-384gb-intel', 2376.0],
  ['gd-60vcpu-240gb-intel', 2378.0],
  ['so1_5-32vcpu-256gb', 2608.0],
  ['m3-48vcpu-384gb-intel', 2640.0],
  ['so-48vcpu-384gb-intel', 3144.0],
];

export const DROPLET_PRICES: ReadonlyMap<string, Price> = new Map(
  DROPLET_MONTHLY.map(([slug, usd]) => [slug, price(usd, 'month', SOURCES.dropletSizes)]),
);

/**
 * DigitalOcean Managed Databases (MySQL, PostgreSQL, Caching/Valkey), USD per node per month by node size.
 * Not in the reference corpus: unverified. A cluster costs this per node (primary, standbys, read-only).
 */
const DO_DATABASE_NODE_MONTHLY: [string, number][] = [
  ['db-s-1vcpu-1gb', 15],
  ['db-s-1vcpu-2gb', 30],
  ['db-s-2vcpu-4gb', 60],
  ['db-s-4vcpu-8gb', 120],
  ['db-s-6vcpu-16gb', 240],
  ['db-s-8vcpu-32gb', 480],
  ['db-s-16vcpu-64gb', 960],
  ['gd-2vcpu-8gb', 136],
  ['gd-4vcpu-16gb', 272],
  ['gd-8vcpu-32gb', 544],
  ['gd-16vcpu-64gb', 1088],
  ['m-2vcpu-16gb', 200],
  ['m-4vcpu-32gb', 400],
  ['m-8vcpu-64gb', 800],
];

export const DO_DATABASE_NODE_PRICES: ReadonlyMap<string, Price> = new Map(
  DO_DATABASE_NODE_MONTHLY.map(([slug, usd]) => [slug, price(usd, 'node-month', SOURCES.remembered, false)]),
);

export const DO_PRICES = {
  /** Per load-balancer node; docs.digitalocean.com in the corpus shows an older $10 per node. */
  loadBalancerNode: price(12, 'node-month', SOURCES.remembered, false),
  volumeGb: price(0.1, 'GB-month', SOURCES.doVolumes),
  spacesMonth: price(5, 'subscription-month (250 GiB included)', SOURCES.doSpaces),
  spacesExtraGb: price(0.02, 'GiB-month beyond 250 GiB', SOURCES.doSpaces),
} as const;

/** AWS us-east-1, on-demand. */
export const AWS_PRICES = {
  fargateVcpuX86: price(0.04048, 'vCPU-hour', SOURCES.fargate),
  fargateGbX86: price(0.004445, 'GB-hour', SOURCES.fargate),
  fargateVcpuArm: price(0.03238, 'vCPU-hour', SOURCES.fargate),
  fargateGbArm: price(0.00356, 'GB-hour', SOURCES.fargate),
  albHour: price(0.0225, 'ALB-hour', SOURCES.alb),
  albLcuHour: price(0.008, 'LCU-hour', SOURCES.alb),
  s3StandardGbMonth: price(0.023, 'GB-month', SOURCES.s3Storage),
  s3PutThousand: price(0.005, '1,000 PUT/COPY/POST/LIST requests', SOURCES.s3Requests, false),
  s3GetThousand: price(0.0004, '1,000 GET requests', SOURCES.s3Requests, false),
  natHour: price(0.045, 'NAT gateway-hour', SOURCES.nat),
  natGb: price(0.045, 'GB processed', SOURCES.nat),
  interfaceEndpointAzHour: price(0.01, 'interface endpoint-AZ-hour', SOURCES.privatelinkHour, false),
  interfaceEndpointGb: price(0.01, 'GB processed (first PB a month)', SOURCES.privatelinkGb),
  publicIpv4Hour: price(0.005, 'public IPv4 address-hour', SOURCES.publicIpv4),
  rdsGp3GbMonth: price(0.115, 'GB-month', SOURCES.rdsStorage),
  secretMonth: price(0.4, 'secret-month', SOURCES.secrets),
  route53ZoneMonth: price(0.5, 'hosted zone-month (first 25)', SOURCES.route53),
  route53HealthCheckNonAwsMonth: price(
    0.75,
    'health check-month (non-AWS endpoint)',
    SOURCES.route53HealthChecks,
  ),
  route53HealthCheckOptionMonth: price(
    2,
    'optional feature-month per non-AWS health check (HTTPS, 10 s interval)',
    SOURCES.remembered,
    false,
  ),
  efsStandardGbMonth: price(0.3, 'GB-month', SOURCES.efs),
  kmsKeyMonth: price(1, 'key-month', SOURCES.kms),
  cloudfrontDataOutGb: price(
    0.085,
    'GB out to the internet (first 10 TB, US and Europe)',
    SOURCES.cloudfrontDataOut,
  ),
  cloudfrontHttpsRequests10k: price(
    0.01,
    '10,000 HTTPS requests (United States)',
    SOURCES.cloudfrontRequests,
    false,
  ),
  cloudwatchAlarmMonth: price(0.1, 'standard-resolution alarm-month', SOURCES.cloudwatchAlarms),
  auroraStorageGbMonth: price(0.1, 'GB-month (Aurora Standard)', SOURCES.aurora),
  auroraIoMillion: price(0.2, 'million I/O requests (Aurora Standard)', SOURCES.aurora),
  auroraServerlessV2AcuHour: price(
    0.12,
    'ACU-hour (Aurora Serverless v2, Aurora Standard)',
    SOURCES.auroraInstances,
    false,
  ),
  rdsExtendedSupportVcpuHourYears1to2: price(
    0.1,
    'vCPU-hour (RDS Extended Support, years 1-2)',
    SOURCES.extendedSupport,
    false,
  ),
  rdsExtendedSupportVcpuHourYear3: price(
    0.2,
    'vCPU-hour (RDS Extended Support, year 3)',
    SOURCES.extendedSupport,
    false,
  ),
} as const;

/** RDS for MySQL / PostgreSQL Single-AZ instance-hours (Multi-AZ bills a second instance). */
const RDS_HOURLY: [string, number, boolean][] = [
  ['db.t4g.micro', 0.016, true],
  ['db.t4g.small', 0.032, true],
  ['db.t4g.medium', 0.065, true],
  ['db.t4g.large', 0.129, false],
  ['db.t4g.xlarge', 0.258, false],
  ['db.t4g.2xlarge', 0.517, false],
  ['db.m7g.large', 0.168, false],
  ['db.m7g.xlarge', 0.336, false],
  ['db.m7g.2xlarge', 0.673, false],
  ['db.m7g.4xlarge', 1.345, false],
  ['db.m7g.8xlarge', 2.69, false],
  ['db.m7g.12xlarge', 4.036, false],
  ['db.r7g.large', 0.239, false],
  ['db.r7g.xlarge', 0.478, false],
  ['db.r7g.2xlarge', 0.956, false],
  ['db.r7g.4xlarge', 1.912, false],
  ['db.r7g.8xlarge', 3.824, false],
  ['db.r7g.12xlarge', 5.736, false],
];

export const RDS_INSTANCE_PRICES: ReadonlyMap<string, Price> = new Map(
  RDS_HOURLY.map(([cls, usd, verified]) => [
    cls,
    price(usd, 'instance-hour', verified ? SOURCES.rdsT4g : SOURCES.remembered, verified),
  ]),
);

/**
 * Aurora (PostgreSQL-compatible; MySQL-compatible lists slightly lower) instance-hours. A third-party
 * calculator's figures plus remembered list prices: unverified. Within a family the hourly rate is linear in
 * the size (an Nxlarge bills N/2 larges, as every family in the RDS and Aurora price lists does), so the larger
 * r6g/r7g sizes, which rule A picks for large DigitalOcean nodes, are that multiple of the listed large.
 */
const AURORA_LISTED: [string, number][] = [
  ['db.t4g.medium', 0.09],
  ['db.t4g.large', 0.161],
  ['db.r6g.large', 0.3],
  ['db.r7g.large', 0.319],
];
const LINEAR_SIZES: [string, number][] = [
  ['xlarge', 2],
  ['2xlarge', 4],
  ['4xlarge', 8],
  ['8xlarge', 16],
  ['12xlarge', 24],
  ['16xlarge', 32],
];
const AURORA_HOURLY: [string, number][] = [
  ...AURORA_LISTED,
  ...(['db.r6g', 'db.r7g'] as const).flatMap((family) => {
    const large = AURORA_LISTED.find(([c]) => c === `${family}.large`)![1];
    return LINEAR_SIZES.map(([size, n]): [string, number] => [
      `${family}.${size}`,
      Math.round(large * n * 1000) / 1000,
    ]);
  }),
];

export const AURORA_INSTANCE_PRICES: ReadonlyMap<string, Price> = new Map(
  AURORA_HOURLY.map(([cls, usd]) => [cls, price(usd, 'instance-hour', SOURCES.aurora, false)]),
);

/** ElastiCache (Redis OSS) node-hours; Valkey nodes list about 20% lower (not applied). Unverified. */
const ELASTICACHE_HOURLY: [string, number][] = [
  ['cache.t4g.micro', 0.016],
  ['cache.t4g.small', 0.032],
  ['cache.t4g.medium', 0.065],
  ['cache.m7g.large', 0.158],
  ['cache.m7g.xlarge', 0.315],
  ['cache.m7g.2xlarge', 0.63],
  ['cache.r7g.large', 0.219],
  ['cache.r7g.xlarge', 0.437],
  ['cache.r7g.2xlarge', 0.873],
  ['cache.r7g.4xlarge', 1.747],
  ['cache.r7g.8xlarge', 3.494],
  ['cache.r7g.12xlarge', 5.24],
];

export const ELASTICACHE_NODE_PRICES: ReadonlyMap<string, Price> = new Map(
  ELASTICACHE_HOURLY.map(([type, usd]) => [type, price(usd, 'node-hour', SOURCES.remembered, false)]),
);

export { SOURCES as PRICE_SOURCES };

/**
 * The high end of the CloudFront lines: the outbound transfer a DigitalOcean Spaces subscription includes
 * (1 TiB: digitalocean.com/pricing#spaces-object-storage, "1TB + 0.01 per GB" in a 2021 comparison of storage prices) and as many HTTPS requests as the free tier.
 */
export const CLOUDFRONT_RANGE = { dataOutGb: 1024, requestsMillions: 10 } as const;
