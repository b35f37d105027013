/**
 * migration.yaml, spec version 1: the zod schema.
 *
 * Two halves, like the seed guide: `digitalocean` is the inventory of what runs today; `aws`, `ecr`,
 * `secrets`, `apps`, `databases`, `caches` and `cutover` are the decisions for the target. Every object is
 * strict (an unknown key is an error, never silently ignored), every option documents its default, and
 * cross-field rules (references, CIDRs, Fargate pairs, ...) live in `rules.ts`.
 */
// First: zod's index would load all its locales (schema/defer-zod-locales.ts).
import './defer-zod-locales';
import { z } from 'zod';
import { FARGATE_CPU_OPTIONS } from './facts/fargate';
import { CdnEndpoint, Space, StorageSpec } from './storage-spec';
import { BlueGreen, DeploymentStrategy } from './spec-blue-green';
import { CiSpec } from './ci';

// ---------------------------------------------------------------------------------------------------------
// Shared atoms
// ---------------------------------------------------------------------------------------------------------

/** Lowercase DNS-label-like name: what every generated AWS name is derived from. */
export const ResourceName = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]*[a-z0-9]$|^[a-z]$/,
    'a name of lowercase letters, digits and hyphens that starts with a letter and does not end with a hyphen',
  )
  .max(48)
  .describe(
    'A name made of lowercase letters, digits and hyphens (starts with a letter, at most 48 characters).',
  );

const Hostname = z
  .string()
  .regex(
    /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'a lowercase fully qualified host name such as shop.example.com',
  );

const DomainName = z
  .string()
  .regex(
    /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'a lowercase domain name such as example.com',
  );

const Ipv4 = z.ipv4();
const Ipv6 = z.ipv6();
const Cidr4 = z.cidrv4();
const Port = z.number().int().min(1).max(65535);
/** AWS's tag character set (letters, digits, spaces and `_ . : / = + - @`); also keeps `${` out of Terraform. */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_TEXT_MESSAGE = 'letters, digits, spaces and _ . : / = + - @ only (the AWS tag character set)';
const Tags = z.record(
  z.string().min(1).max(128).regex(TAG_TEXT, TAG_TEXT_MESSAGE),
  z.string().max(256).regex(TAG_TEXT, TAG_TEXT_MESSAGE),
);

/** DigitalOcean size slugs: droplets (s-2vcpu-4gb, c-4, ...) and managed databases (db-s-2vcpu-4gb, ...). */
const SizeSlug = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'a DigitalOcean size slug such as s-2vcpu-4gb');

// ---------------------------------------------------------------------------------------------------------
// aws: region, zones, network, tags, state backend
/**
 * A region of the commercial partition. China (cn-*) and GovCloud (us-gov-*) are refused rather than compiled
 * wrongly: their service principals, managed policy ARNs, endpoint service names and Route 53 features differ.
 */
const AWS_REGION = /^(?!cn-|us-gov-)[a-z]{2}-[a-z]+-\d$/;
const AWS_REGION_EXPECTED = 'an AWS region such as us-east-1 (China and GovCloud regions are not supported)';

// ---------------------------------------------------------------------------------------------------------

const NewVpc = z
  .strictObject({
    cidr: Cidr4.describe('The VPC CIDR block, /16 to /28.'),
    publicSubnets: z
      .array(Cidr4)
      .min(2)
      .describe('One public subnet CIDR per availability zone, in zone order.'),
    privateSubnets: z
      .array(Cidr4)
      .min(2)
      .describe('One private subnet CIDR per availability zone, in zone order.'),
    nat: z
      .enum(['single', 'per-az', 'none'])
      .default('single')
      .describe(
        'NAT gateways for private subnets: one shared (cheapest), one per zone (survives a zone outage), or none (tasks then need VPC endpoints). Default: single.',
      ),
    flowLogs: z
      .strictObject({
        retentionDays: z
          .number()
          .int()
          .positive()
          .default(90)
          .describe('Days CloudWatch Logs keeps them. Default: 90.'),
      })
      .default({ retentionDays: 90 })
      .describe('VPC flow logs to CloudWatch Logs (always on). Default retention: 90 days.'),
    ipv6: z
      .boolean()
      .default(false)
      .describe(
        'Serve IPv6 clients: the VPC gets an Amazon-provided IPv6 /56 (no extra charge), each public subnet a /64 and a ::/0 route to the internet gateway, the ALB becomes dualstack and the cutover publishes AAAA pairs where the DigitalOcean side has IPv6 and the hostname answers AAAA today (an AAAA record in digitalocean.domains[].records). Private subnets and tasks stay IPv4 (the ALB reaches them over IPv4). Default: false.',
      ),
  })
  .describe('Create a new VPC.');

const ExistingVpc = z
  .strictObject({
    vpcId: z
      .string()
      .regex(/^vpc-[0-9a-f]{8,17}$/, 'a VPC id such as vpc-0abc1234')
      .describe('The id of the VPC to use.'),
    publicSubnetIds: z
      .array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, 'a subnet id such as subnet-0abc1234'))
      .min(2)
      .describe(
        'Its public subnets (routed to an internet gateway), at least two zones: the ALB goes there.',
      ),
    privateSubnetIds: z
      .array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, 'a subnet id such as subnet-0abc1234'))
      .min(2)
      .describe('Its private subnets, at least two zones: tasks, databases and caches go there.'),
    natGatewayIps: z
      .array(Ipv4)
      .default([])
      .describe('Public IPs of the existing NAT gateways (for DigitalOcean trusted sources). Default: none.'),
  })
  .describe('Use an existing VPC and its subnets.');

const Backend = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('local').describe('local: one state file per stack on the machine that runs terraform.'),
    directory: z
      .string()
      .default('terraform-state')
      .describe(
        'Folder for <stack>.tfstate files, relative to the folder that holds the synth output (the project root for cdktf.out). Never inside, equal to or around the output, which synth replaces whole: synth refuses such a folder. Default: terraform-state.',
      ),
  }),
  z.strictObject({
    type: z.literal('s3').describe('s3: one state object per stack in an S3 bucket you already have.'),
    bucket: z.string().min(3).max(63).describe('The existing S3 bucket that holds the state.'),
    keyPrefix: z
      .string()
      .default('dropship')
      .describe('State keys are <keyPrefix>/<stack>.tfstate. Default: dropship.'),
    region: z.string().regex(AWS_REGION, AWS_REGION_EXPECTED).describe('The region of the bucket.'),
    useLockfile: z
      .boolean()
      .default(true)
      .describe('S3-native state locking (Terraform ≥ 1.10), no DynamoDB table needed. Default: true.'),
    encrypt: z
      .boolean()
      .default(true)
      .describe('Server-side encryption of the state objects. Default: true.'),
  }),
]);

/** Where alarm notifications go: an SNS topic you already have, or email addresses on a topic dropship creates. */
const AlarmNotify = z.union([
  z
    .strictObject({
      topicArn: z
        .string()
        .regex(/^arn:aws:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, 'an SNS topic ARN')
        .describe(
          'An existing standard SNS topic in the same region. If it is encrypted with a customer-managed KMS key, that key policy must allow cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey* (see docs/apps.md).',
        ),
    })
    .describe('Notify an existing SNS topic.'),
  z
    .strictObject({
      emails: z
        .array(
          z
            .string()
            .trim()
            .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an email address'),
        )
        .min(1)
        .describe(
          'Addresses subscribed to the topic dropship creates (<prefix>-alarms, encrypted with the environment key), trimmed and lowercased; an address listed twice (in any case) is subscribed once. Each address must confirm its subscription from the email AWS sends.',
        ),
    })
    .describe('Create an encrypted SNS topic with email subscriptions.'),
]);

const Alarms = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe(
        "CloudWatch alarms on what the cutover depends on: per public app, target 5XX responses and no healthy target; per other service (workers, internal APIs) that cannot scale to zero, no running task; the ALB's own 5XX; per database, CPU and free storage; per cache node, memory. Turn off with false. Default: true.",
      ),
    notify: AlarmNotify.optional().describe(
      'Where alarms notify, on ALARM and on OK. Default: no notification (the alarms still show in the console and in the check before each cutover phase).',
    ),
  })
  .describe('CloudWatch alarms to watch the AWS side while traffic moves (docs/apps.md, Alarms).');

export const AwsSpec = z.strictObject({
  region: z
    .string()
    .regex(AWS_REGION, AWS_REGION_EXPECTED)
    .describe('The AWS region of the target, e.g. us-east-1.'),
  accountId: z
    .string()
    .regex(/^\d{12}$/, 'a 12-digit AWS account id')
    .optional()
    .describe('The target account; when set, the provider refuses to run against any other account.'),
  availabilityZones: z
    .array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, 'a zone name such as us-east-1a'))
    .min(2)
    .describe(
      'At least two zones of the region, e.g. [us-east-1a, us-east-1b]; subnets are listed in this order.',
    ),
  network: z
    .union([z.strictObject({ vpc: NewVpc }), z.strictObject({ existing: ExistingVpc })])
    .describe('Either `vpc:` (create a VPC) or `existing:` (use a VPC and subnets you already have).'),
  tags: Tags.default({}).describe(
    'Tags added to every taggable resource, beside project, environment, app and managed-by.',
  ),
  backend: Backend.default({ type: 'local', directory: 'terraform-state' }).describe(
    "Where Terraform keeps each stack's state: local files, or an S3 bucket. Default: local, in terraform-state.",
  ),
  loadBalancer: z
    .strictObject({
      idleTimeout: z
        .number()
        .int()
        .min(1)
        .max(4000)
        .default(60)
        .describe('Seconds an idle connection stays open. Default: 60.'),
      accessLogs: z
        .strictObject({
          enabled: z
            .boolean()
            .optional()
            .describe(
              'Write the ALB access logs to S3. Default: true in production (false turns them off, and `dropship check` warns), false elsewhere; naming a `bucket` turns them on.',
            ),
          bucket: z
            .string()
            .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name')
            .optional()
            .describe(
              "An existing bucket whose policy lets Elastic Load Balancing write logs (see docs/storage.md). Default: dropship creates <project>-<environment>-alb-logs in the ALB's stack.",
            ),
          prefix: z
            .string()
            .regex(
              /^(?!.*AWSLogs)(?:[^/]|[^/].*[^/])$/,
              'a key prefix without leading or trailing / that does not contain AWSLogs',
            )
            .optional()
            .describe(
              'Key prefix of the log objects (Elastic Load Balancing adds AWSLogs/<account>/... after it). Default: alb in the bucket dropship creates, none in an existing bucket.',
            ),
          expirationDays: z
            .number()
            .int()
            .min(1)
            .max(3650)
            .optional()
            .describe(
              'Days a log object is kept in the bucket dropship creates before S3 deletes it. Default: 90.',
            ),
        })
        .optional()
        .describe(
          'ALB access logs in S3 (docs/storage.md, ALB access logs). Default: on in production, in a bucket dropship creates; off elsewhere.',
        ),
    })
    .default({ idleTimeout: 60 })
    .describe('The shared Application Load Balancer of the environment.'),
  alarms: Alarms.default({ enabled: true }),
});

// ---------------------------------------------------------------------------------------------------------
// digitalocean: the inventory
// ---------------------------------------------------------------------------------------------------------

const Droplet = z.strictObject({
  name: ResourceName,
  id: z.number().int().positive().optional().describe('DigitalOcean droplet id, where known.'),
  size: SizeSlug.describe(
    'Droplet size slug (s-2vcpu-4gb, c-4, ...): apps without `size` derive theirs from it.',
  ),
  region: z.string().min(2).describe('DigitalOcean region slug, e.g. nyc3.'),
  ipv4: z
    .strictObject({
      public: Ipv4.optional().describe('Its public IPv4 address.'),
      private: Ipv4.optional().describe('Its private (VPC) IPv4 address.'),
    })
    .default({})
    .describe('Its IPv4 addresses. Default: none known.'),
  ipv6: Ipv6.optional().describe('Its public IPv6 address, if it has one.'),
  tags: z
    .array(z.string())
    .default([])
    .describe('Its DigitalOcean tags (firewalls and load balancers select droplets by tag). Default: [].'),
  role: z.string().optional().describe('Free text: what this droplet does today (web, worker, cron, ...).'),
});

const Volume = z.strictObject({
  name: ResourceName,
  sizeGb: z.number().int().positive().describe('Volume size in GiB.'),
  droplet: ResourceName.optional().describe('The droplet it is attached to.'),
  mountPath: z
    .string()
    .startsWith('/')
    .optional()
    .describe('Where the droplet mounts it, e.g. /mnt/uploads.'),
});

const DoDatabase = z.strictObject({
  name: ResourceName,
  engine: z
    .enum(['mysql', 'pg', 'redis', 'valkey'])
    .describe(
      'mysql and pg become RDS (under `databases`); redis and valkey become ElastiCache (under `caches`).',
    ),
  version: z
    .union([z.string(), z.number()])
    .transform(String)
    .describe('Engine version as DigitalOcean reports it: "8", "16", "7".'),
  size: SizeSlug.describe(
    'Node size slug, e.g. db-s-2vcpu-4gb: the RDS class / ElastiCache node type derive from it.',
  ),
  nodes: z
    .number()
    .int()
    .min(1)
    .max(3)
    .default(1)
    .describe('Node count of the cluster (primary + standbys).'),
  standbyNodes: z
    .number()
    .int()
    .min(0)
    .max(2)
    .optional()
    .describe('Standby nodes among them (Multi-AZ replaces them). Default: nodes - 1.'),
  readOnlyNodes: z
    .array(
      z.strictObject({
        name: ResourceName,
        size: SizeSlug.optional().describe("Its size slug. Default: the cluster's size."),
      }),
    )
    .default([])
    .describe('Read-only nodes of the cluster (Aurora readers can replace them). Default: [].'),
  storageMib: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Disk size in MiB: an RDS target without storageGb takes it, rounded up to GiB (at least 20).'),
  region: z.string().optional().describe('DigitalOcean region slug of the cluster, e.g. nyc3.'),
  host: z.string().optional().describe('Public or private host name of the cluster (for dump or DMS).'),
  port: Port.optional().describe("The cluster's port. Default: 25060, DigitalOcean's."),
  user: z.string().optional().describe('The user data is read as (doadmin by default on DigitalOcean).'),
  databases: z.array(z.string()).default([]).describe('Logical database names in the cluster.'),
  firewallId: z
    .string()
    .optional()
    .describe('Cluster id for the trusted-sources firewall (DigitalOcean database UUID).'),
  passwordSecret: z
    .string()
    .optional()
    .describe(
      'Name of a declared secret that holds this cluster’s password (DMS source). Never the password itself.',
    ),
});

const DnsRecord = z.strictObject({
  id: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('DigitalOcean record id (for adopting the record by import).'),
  type: z.enum(['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'SRV', 'CAA', 'SOA']).describe('The record type.'),
  name: z.string().min(1).describe('Relative to the domain; @ for the apex.'),
  data: z
    .string()
    .min(1)
    .describe('The value as DigitalOcean holds it: an address, a target host name, or text.'),
  ttl: z.number().int().min(30).max(604800).default(1800).describe('TTL in seconds. Default: 1800.'),
  priority: z.number().int().min(0).optional().describe('MX and SRV priority. Default: 0.'),
  port: z.number().int().min(0).optional().describe('SRV target port. Default: 0.'),
  weight: z.number().int().min(0).optional().describe('SRV weight. Default: 0.'),
  flags: z.number().int().min(0).optional().describe('CAA flags. Default: 0.'),
  tag: z.string().optional().describe('CAA tag: issue, issuewild or iodef. Default: issue.'),
});

const Domain = z.strictObject({
  name: DomainName.describe('The domain (its zone apex), e.g. example.com.'),
  dns: z
    .enum(['digitalocean', 'route53', 'external'])
    .describe(
      'Where DNS is hosted today. digitalocean: dropship copies the zone to Route 53 before the nameserver switch.',
    ),
  route53ZoneId: z
    .string()
    .regex(/^Z[A-Z0-9]{4,32}$/, 'a Route 53 hosted zone id such as Z0123456789ABC')
    .optional()
    .describe(
      'With dns: route53 only: the hosted zone that serves the domain today, used instead of creating one.',
    ),
  records: z
    .array(DnsRecord)
    .default([])
    .describe(
      'The zone’s records today (copied to Route 53 when DNS moves from DigitalOcean; in an existing Route 53 zone the cutover’s change batch deletes the A, AAAA and CNAME records at its hostnames, so list those exactly as the zone holds them).',
    ),
});

const FirewallEndpoints = z.strictObject({
  addresses: z.array(z.string()).default([]).describe('IP addresses or CIDR blocks. Default: [].'),
  tags: z.array(z.string()).default([]).describe('Droplets carrying these tags. Default: [].'),
  droplets: z.array(ResourceName).default([]).describe('Droplets by name. Default: [].'),
  loadBalancers: z.array(ResourceName).default([]).describe('Load balancers by name. Default: [].'),
});
const FirewallRule = z.strictObject({
  protocol: z.enum(['tcp', 'udp', 'icmp']).describe('The protocol the rule allows.'),
  ports: z
    .string()
    .regex(/^(all|0|\d{1,5}(-\d{1,5})?)$/, 'a port "80", a range "8000-9000", or "all"')
    .default('all')
    .describe('A port, a range or all (0 means all too). Default: all.'),
  sources: FirewallEndpoints.optional().describe('Inbound rules: where the traffic may come from.'),
  destinations: FirewallEndpoints.optional().describe('Outbound rules: where the traffic may go.'),
});
const Firewall = z.strictObject({
  name: ResourceName,
  id: z.string().optional().describe('DigitalOcean firewall id, where known.'),
  inbound: z.array(FirewallRule).default([]).describe('Rules for traffic to its droplets. Default: [].'),
  outbound: z.array(FirewallRule).default([]).describe('Rules for traffic from its droplets. Default: [].'),
  droplets: z.array(ResourceName).default([]).describe('The droplets it applies to, by name. Default: [].'),
  tags: z
    .array(z.string())
    .default([])
    .describe('It applies to the droplets carrying these tags too. Default: [].'),
});

const DoCertificate = z.strictObject({
  name: ResourceName.describe('The certificate’s name at DigitalOcean.'),
  id: z.string().optional().describe('DigitalOcean certificate id, where known.'),
  type: z
    .enum(['lets_encrypt', 'custom'])
    .describe(
      'lets_encrypt: DigitalOcean generated it and renews it through DigitalOcean DNS; custom: uploaded (doctl compute certificate list, Type).',
    ),
});

const LbProtocol = z.enum(['http', 'https', 'http2', 'http3', 'tcp', 'udp']);
const LoadBalancer = z.strictObject({
  name: ResourceName,
  id: z.string().optional().describe('DigitalOcean load balancer id, where known.'),
  ip: Ipv4.optional().describe('Its public IPv4 address.'),
  ipv6: Ipv6.optional().describe('Its public IPv6 address, if it has one.'),
  forwardingRules: z
    .array(
      z.strictObject({
        entryProtocol: LbProtocol.describe('The protocol clients speak to the load balancer.'),
        entryPort: Port.describe('The port clients connect to.'),
        targetProtocol: LbProtocol.describe('The protocol from the load balancer to the droplets.'),
        targetPort: Port.describe('The droplet port it forwards to.'),
        tlsPassthrough: z
          .boolean()
          .default(false)
          .describe('TLS passes through to the droplets undecrypted. Default: false.'),
        certificate: ResourceName.optional().describe(
          'The DigitalOcean certificate it terminates TLS with, by name (digitalocean.certificates; the API’s certificate_id).',
        ),
      }),
    )
    .default([])
    .describe('Each entry port and the droplet port it forwards to. Default: [].'),
  healthCheck: z
    .strictObject({
      protocol: z.enum(['http', 'https', 'tcp']).describe('The protocol of the check.'),
      port: Port.describe('The droplet port checked.'),
      path: z.string().startsWith('/').optional().describe('The path checked (http and https).'),
    })
    .optional()
    .describe('How the load balancer checks its droplets.'),
  droplets: z.array(ResourceName).default([]).describe('The droplets it serves, by name. Default: [].'),
  tag: z.string().optional().describe('A droplet tag: the load balancer serves the droplets that carry it.'),
});

export const DigitalOceanSpec = z.strictObject({
  droplets: z.array(Droplet).default([]).describe('The droplets that run the apps today. Default: [].'),
  volumes: z.array(Volume).default([]).describe('Block storage volumes. Default: [].'),
  databases: z
    .array(DoDatabase)
    .default([])
    .describe('Managed database clusters (MySQL, PostgreSQL, Redis, Valkey). Default: [].'),
  domains: z
    .array(Domain)
    .default([])
    .describe('Domains of the host names the apps serve, with their DNS records. Default: [].'),
  firewalls: z.array(Firewall).default([]).describe('Cloud Firewalls in front of the droplets. Default: [].'),
  loadBalancers: z
    .array(LoadBalancer)
    .default([])
    .describe('Load balancers in front of the droplets. Default: [].'),
  certificates: z
    .array(DoCertificate)
    .default([])
    .describe('TLS certificates stored at DigitalOcean that load balancers serve. Default: [].'),
  spaces: z.array(Space).default([]).describe('Spaces (S3-compatible object storage buckets). Default: [].'),
  cdnEndpoints: z
    .array(CdnEndpoint)
    .default([])
    .describe('Spaces CDN endpoints, with their custom host names. Default: [].'),
});

// ---------------------------------------------------------------------------------------------------------
// ecr, secrets
// ---------------------------------------------------------------------------------------------------------

const EcrRepository = z.strictObject({
  name: z
    .string()
    .regex(
      /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/,
      'an ECR repository name such as shop/web',
    )
    .min(2)
    .max(256)
    .describe('Repository name, e.g. shop/web: lowercase, / between namespaces.'),
  keepImages: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(30)
    .describe('Tagged images kept by the lifecycle policy. Default: 30.'),
  untaggedExpireDays: z
    .number()
    .int()
    .min(1)
    .default(7)
    .describe('Untagged images expire after this many days. Default: 7.'),
});

/** The upstream registries a pull-through cache rule may name (AWS's `upstreamRegistry` names). */
export const PULL_THROUGH_UPSTREAMS = [
  'docker-hub',
  'github-container-registry',
  'quay',
  'ecr-public',
] as const;

const PullThroughCacheRule = z.strictObject({
  upstream: z
    .enum(PULL_THROUGH_UPSTREAMS)
    .describe(
      'The registry cached: docker-hub (registry-1.docker.io), github-container-registry (ghcr.io), quay (quay.io) or ecr-public (public.ecr.aws).',
    ),
  prefix: z
    .string()
    .min(2)
    .max(30)
    .regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/, 'an ECR repository prefix such as docker-hub')
    .optional()
    .describe(
      'The ECR repository prefix the cached images get: <account>.dkr.ecr.<region>.amazonaws.com/<prefix>/<upstream path>. Default: the upstream name.',
    ),
  credentialArn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:ecr-pullthroughcache\/[A-Za-z0-9/_+=.@-]+$/,
      'the ARN of a Secrets Manager secret whose name starts with ecr-pullthroughcache/',
    )
    .optional()
    .describe(
      'The upstream credentials: the ARN of a Secrets Manager secret (JSON {"username", "accessToken"}) named ecr-pullthroughcache/..., in the account and region of the rule. Required for docker-hub and github-container-registry; quay and ecr-public take none.',
    ),
});

const Secret = z.strictObject({
  name: ResourceName,
  description: z
    .string()
    .optional()
    .describe("The secret's description in Secrets Manager. Default: <project>-<environment> <name>."),
  arn: z
    .string()
    .regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/, 'a Secrets Manager secret ARN')
    .optional()
    .describe('An existing secret to reference instead of creating one.'),
  keys: z.array(z.string()).default([]).describe('JSON keys in the secret value, when it is a JSON object.'),
});

// ---------------------------------------------------------------------------------------------------------
// apps
// ---------------------------------------------------------------------------------------------------------

const Image = z.union([
  z.strictObject({
    repository: z.string().describe('Name of a repository declared under ecr.repositories.'),
    tag: z
      .string()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'a Docker tag such as 1.4.2')
      .optional()
      .describe('The image tag. Default: latest (a warning: pin a version).'),
    copyFrom: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._/:@+-]*$/, 'an image reference such as docker.io/library/nginx:1.27')
      .optional()
      .describe(
        "An image elsewhere (Docker Hub, GHCR, …) that the plan's push step copies into this repository and tag from a networked host (docker pull, tag, push), so tasks pull the copy: the way to run a public image with nat: none. Default: none (you build and push the image).",
      ),
  }),
  z.strictObject({
    uri: z.string().min(3).describe('An external image URI such as public.ecr.aws/nginx/nginx:1.27.'),
    pullThroughCache: z
      .boolean()
      .default(false)
      .describe(
        'Pull it through the ECR pull-through cache rule of its registry (declared under ecr.pullThroughCache): the task pulls <account>.dkr.ecr.<region>.amazonaws.com/<prefix>/<path>:<tag>, so upstream rate limits and outages stop mattering once cached. Default: false (pulled from the registry itself).',
      ),
  }),
]);

const ContainerHealthCheck = z.strictObject({
  command: z
    .array(z.string())
    .min(1)
    .describe('e.g. ["CMD-SHELL", "curl -fsS http://127.0.0.1/healthz || exit 1"]'),
  interval: z.number().int().min(5).max(300).default(30).describe('Seconds between checks. Default: 30.'),
  timeout: z.number().int().min(2).max(60).default(5).describe('Seconds; ECS allows 2 to 60. Default: 5.'),
  retries: z
    .number()
    .int()
    .min(1)
    .max(10)
    .default(3)
    .describe('Failed checks in a row before the container is unhealthy. Default: 3.'),
  startPeriod: z
    .number()
    .int()
    .min(0)
    .max(300)
    .default(0)
    .describe('Seconds after start during which failures do not count. Default: 0.'),
});

/** A secret reference: `name` or `name:jsonKey`. */
const SecretRef = z
  .string()
  .regex(/^[a-z][a-z0-9-]*(:[A-Za-z0-9_.-]+)?$/, 'a secret name, optionally with :jsonKey');

/**
 * An environment variable name as the shell reads one (POSIX XBD 8.1 and XCU 2.5.3 "Name": letters, digits and
 * `_`, not starting with a digit): names an app's shell or entrypoint script cannot expand are refused.
 */
const EnvVarName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    'an environment variable name: letters, digits and _, not starting with a digit',
  );

/**
 * Settings both kinds of store have: the same text in both, since docs/spec.md shows one row per key. Each
 * names the setting's variable; a setting an `env` mapping leaves out is not injected.
 */
const HOST_NAME = EnvVarName.optional().describe(
  'The variable of the endpoint host. Without env: DB_HOST or REDIS_HOST (<NAME>_DB_HOST, <NAME>_REDIS_HOST when the container receives several of a kind).',
);
const PORT_NAME = EnvVarName.optional().describe(
  'The variable of the port. Without env: DB_PORT or REDIS_PORT.',
);
const PASSWORD_NAME = EnvVarName.optional().describe(
  "The variable of the password (a secret, by ARN): the database application user's, or the cache's AUTH token. Without env: DB_PASSWORD or REDIS_PASSWORD.",
);

/**
 * The variable of a TLS setting, or false: left out on purpose (the image turns TLS on by itself). Every store
 * dropship wires accepts TLS only, so leaving it out silently is a warning, and false is the explicit opt-out.
 */
const TlsSettingName = z.union([EnvVarName, z.literal(false)]).optional();

const DatabaseUse = z.strictObject({
  database: ResourceName.describe("A database of the app's uses.databases."),
  env: z
    .strictObject({
      host: HOST_NAME,
      port: PORT_NAME,
      name: EnvVarName.optional().describe('The variable of the database name. Without env: DB_NAME.'),
      username: EnvVarName.optional().describe(
        "The variable of the application user's name (a secret, by ARN). Without env: DB_USERNAME.",
      ),
      password: PASSWORD_NAME,
      readerHost: EnvVarName.optional().describe(
        "The variable of an Aurora cluster's reader endpoint, injected when the cluster has a reader. Without env: DB_READER_HOST.",
      ),
      sslmode: TlsSettingName.describe(
        'The variable of the TLS mode the client must use: verify-full (PostgreSQL) or VERIFY_IDENTITY (MySQL); RDS and DigitalOcean both refuse unencrypted connections. false: none, because the image turns TLS on by itself (say how in a comment); an env mapping without it is a warning (uses-without-tls-setting). Without env: DB_SSLMODE.',
      ),
    })
    .optional()
    .describe(
      'The settings this container receives and the variable each is injected as, for an image that expects its own names ({ host: WORDPRESS_DB_HOST, name: WORDPRESS_DB_NAME, username: WORDPRESS_DB_USER, password: WORDPRESS_DB_PASSWORD }): exactly the settings named, no others. Default: every setting, under its default name.',
    ),
});

const CacheUse = z.strictObject({
  cache: ResourceName.describe("A cache of the app's uses.caches."),
  env: z
    .strictObject({
      host: HOST_NAME,
      port: PORT_NAME,
      tls: TlsSettingName.describe(
        'The variable that holds "true" (the cache accepts TLS only). false: none (the image turns TLS on by itself, or reads scheme). An env mapping with neither tls nor scheme is a warning (uses-without-tls-setting). Without env: REDIS_TLS.',
      ),
      scheme: TlsSettingName.describe(
        'The variable that holds "tls", for clients that read a scheme. false: none. Without env: REDIS_SCHEME.',
      ),
      password: PASSWORD_NAME,
    })
    .optional()
    .describe(
      'The settings this container receives and the variable each is injected as ({ host: CACHE_HOST, password: CACHE_AUTH }): exactly the settings named, no others. Default: every setting, under its default name.',
    ),
});

/** One data store a container receives: its name (default variable names), or the long form with `env`. */
const ContainerUse = z.union([
  ResourceName.describe('A database or cache of the app’s uses, with the default variable names.'),
  DatabaseUse,
  CacheUse,
]);

const Container = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/, 'letters, digits, hyphens and underscores')
    .describe('The container name within the task.'),
  image: Image.describe(
    '{ repository, tag } for an image in a declared ECR repository, or { uri } for any other image.',
  ),
  port: Port.optional().describe('The port the container listens on; omit for workers.'),
  protocol: z.enum(['tcp', 'udp']).default('tcp').describe('The protocol of its port. Default: tcp.'),
  appProtocol: z
    .enum(['http', 'http2', 'grpc'])
    .optional()
    .describe('What the ALB speaks to it (HTTP/1.1, HTTP/2 or gRPC). Default: http.'),
  command: z
    .array(z.string())
    .optional()
    .describe('Overrides the image CMD, as a list: [gunicorn, app.wsgi].'),
  entryPoint: z.array(z.string()).optional().describe('Overrides the image ENTRYPOINT, as a list.'),
  workingDirectory: z.string().optional().describe('Overrides the image WORKDIR.'),
  environment: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String))
    .default({})
    .describe(
      'Plain settings (VARIABLE: value). Credentials go under `secrets`: a literal password is an error.',
    ),
  secrets: z.record(z.string(), SecretRef).default({}).describe('Environment variable → secret reference.'),
  repositoryCredentials: ResourceName.optional().describe(
    'A declared secret (JSON {"username", "password"}) holding the login of a private registry outside ECR (GHCR, a private Docker Hub repository): ECS pulls the image with it, and the execution role may read exactly that secret. Default: none (an anonymous pull).',
  ),
  healthCheck: ContainerHealthCheck.optional().describe(
    'A health check ECS runs inside the container (like a Dockerfile HEALTHCHECK). Default: none.',
  ),
  dependsOn: z
    .array(
      z.strictObject({
        container: z.string().describe('A container of the same task that must reach `condition` first.'),
        condition: z
          .enum(['START', 'COMPLETE', 'SUCCESS', 'HEALTHY'])
          .default('START')
          .describe(
            'What that container must reach: started, exited, exited with 0, or healthy. Default: START.',
          ),
      }),
    )
    .default([])
    .describe('Containers of the task this one starts after. Default: [].'),
  essential: z
    .boolean()
    .default(true)
    .describe('If an essential container stops, the whole task stops. Default: true.'),
  cpu: z.number().int().min(0).optional().describe('CPU units reserved for this container inside the task.'),
  memory: z.number().int().min(6).optional().describe('Hard memory limit (MiB) for this container.'),
  readonlyRootFilesystem: z
    .boolean()
    .default(false)
    .describe('Mount the root file system read-only (writes go to volumes only). Default: false.'),
  user: z.string().optional().describe("The user (name or uid[:gid]) it runs as. Default: the image's."),
  configHints: z
    .array(z.string())
    .default([])
    .describe(
      'Upstream addresses from the app’s config (e.g. "php-fpm:9000" from nginx.conf), checked by lints.',
    ),
  uses: z
    .array(ContainerUse)
    .optional()
    .describe(
      "The app's databases and caches whose settings (host, port, credentials) this container receives as environment variables and secrets: a name ([main]) for the default variable names, or { database | cache, env } to choose them. [] receives none. Default: a container with an image from the spec's ECR repositories receives all of the app's uses, except a front proxy (the public container of a multi-container app); a container with any other image (uri: a third-party image, such as a monitoring agent) receives none.",
    ),
});

const PublicExposure = z.strictObject({
  hostnames: z
    .array(Hostname)
    .min(1)
    .describe('Host names served through the ALB (HTTPS); each in a declared domain.'),
  paths: z.array(z.string().startsWith('/')).default(['/*']).describe('ALB path patterns. Default: ["/*"].'),
  container: z.string().describe('The container that receives traffic.'),
  port: Port.describe('Its container port.'),
  healthCheckPath: z
    .string()
    .startsWith('/')
    .optional()
    .describe('The path the ALB checks. Default: / (a warning: name a cheap one such as /healthz).'),
  healthyCodes: z
    .string()
    .default('200-399')
    .describe(
      'HTTP codes the ALB check counts as healthy (gRPC codes for grpc: 0 while this is left at its default). Default: 200-399.',
    ),
  deregistrationDelay: z
    .number()
    .int()
    .min(0)
    .max(3600)
    .default(30)
    .describe('Seconds a stopping task keeps serving its open requests. Default: 30.'),
  priority: z
    .number()
    .int()
    .min(1)
    .max(50000)
    .optional()
    .describe(
      "Listener rule priority (the first of the app's rules); default: derived from what each rule matches (explicit hosts before wildcards, longer paths before /*) and the app name, never the app order.",
    ),
});

const InternalExposure = z.strictObject({
  container: z.string().describe('The container that receives traffic.'),
  port: Port.describe('Its container port.'),
});

const Scaling = z.strictObject({
  min: z.number().int().min(0).default(1).describe('The fewest tasks. Default: 1.'),
  max: z.number().int().min(1).default(4).describe('The most tasks. Default: 4.'),
  cpuTarget: z
    .number()
    .min(1)
    .max(100)
    .optional()
    .describe('Target average CPU %. Default: 60 when no target is given.'),
  memoryTarget: z.number().min(1).max(100).optional().describe('Target average memory %.'),
  requestsPerTarget: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('ALB requests per target (public apps).'),
});

const AppVolume = z.strictObject({
  name: ResourceName,
  from: ResourceName.optional().describe(
    'The DigitalOcean volume whose data this EFS file system takes over.',
  ),
  dropletPath: z
    .string()
    .regex(/^\/[A-Za-z0-9._@%+=:,\/-]+$/, 'an absolute path such as /var/www/shop/storage/app/public')
    .optional()
    .describe(
      "Without from: the folder on the app's droplet (its root disk, not a DigitalOcean volume) whose files this file system takes over; the plan gets a step that copies them from the app's first droplet. Default: none (the file system starts empty).",
    ),
  container: z.string().describe('The container that mounts it.'),
  mountPath: z.string().startsWith('/').describe('Where the container sees it.'),
  readOnly: z.boolean().default(false).describe('Mount it read-only. Default: false.'),
});

/** A managed prefix list id, as EC2 writes them. */
const PrefixListId = z
  .string()
  .regex(/^pl-[0-9a-f]{8,17}$/, 'a managed prefix list id such as pl-0123456789abcdef0')
  .describe('A managed prefix list id (AWS-managed or your own), such as pl-0123456789abcdef0.');

const EgressRule = z.strictObject({
  description: z
    .string()
    .min(1)
    .max(200)
    .describe(
      'Why the app makes this connection (it becomes the rule’s description and the plan’s reason), e.g. "SMTP submission to Mailgun".',
    ),
  protocol: z
    .enum(['tcp', 'udp'])
    .default('tcp')
    .describe(
      'The transport of the connection (SMTP, HTTPS and databases are tcp; DNS, NTP and syslog often udp). Default: tcp.',
    ),
  port: Port.optional().describe('One destination port; give `port` or `ports`, not both.'),
  ports: z
    .string()
    .regex(/^\d{1,5}-\d{1,5}$/, 'a port range "<from>-<to>" such as "8000-8100"')
    .optional()
    .describe('A destination port range "<from>-<to>" (from below to, both 1 to 65535).'),
  to: z
    .union([
      z.strictObject({
        cidrs: z
          .array(z.string())
          .min(1)
          .describe(
            'IPv4 or IPv6 CIDRs (network addresses, IPv6 in its canonical lowercase form): 203.0.113.0/24, 2001:db8::/32; one rule each.',
          ),
      }),
      z.strictObject({ prefixList: PrefixListId }),
      z.strictObject({
        droplet: ResourceName.describe(
          'A droplet of the inventory, reached at its public IPv4 address (ipv4.public) through NAT: one /32 rule.',
        ),
      }),
      z.strictObject({
        database: ResourceName.describe(
          'A DigitalOcean database of the inventory (a cluster, e.g. a PostgreSQL connection pool on 25061): its address when the inventory host is an IPv4 address, else 0.0.0.0/0 on the port (a cluster is known only by hostname).',
        ),
      }),
    ])
    .describe(
      'Where to: { cidrs: [...] }, { prefixList: pl-... }, { droplet: <name> } or { database: <DigitalOcean database name> }.',
    ),
});

const App = z.strictObject({
  name: ResourceName,
  description: z.string().optional().describe('Free text for readers of the spec; not sent to AWS.'),
  droplets: z.array(ResourceName).default([]).describe('The droplets it runs on today.'),
  loadBalancer: ResourceName.optional().describe('The DigitalOcean load balancer in front of it today.'),
  containers: z
    .array(Container)
    .min(1)
    .describe('The containers of one Fargate task (they share localhost and the task size).'),
  size: z
    .strictObject({
      cpu: z
        .number()
        .int()
        // An enum for editors only: validation's own rule (task-size) names the nearest valid pair.
        .meta({ enum: FARGATE_CPU_OPTIONS.map((o) => o.cpu) })
        .describe('Fargate task CPU units (256 = 0.25 vCPU).'),
      memory: z.number().int().describe('Fargate task memory in MiB.'),
    })
    .optional()
    .describe('Fargate task size; default: derived from the droplet size.'),
  architecture: z
    .enum(['x86_64', 'arm64'])
    .default('x86_64')
    .describe('CPU architecture of the task; its images must be built for it. Default: x86_64.'),
  desiredCount: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('Tasks the service runs. Default: scaling.min, or the number of droplets.'),
  scaling: Scaling.optional().describe(
    'Target-tracking auto scaling of the service. Default: none (desiredCount tasks).',
  ),
  expose: z
    .union([
      z.strictObject({
        public: PublicExposure.describe('Serve it on the internet through the shared ALB, over HTTPS.'),
      }),
      z.strictObject({
        internal: InternalExposure.describe(
          'Serve it inside the VPC only, at <app>.<project>-<environment>.local (Cloud Map).',
        ),
      }),
    ])
    .optional()
    .describe('Omit for workers.'),
  schedule: z
    .string()
    .regex(/^(cron|rate)\(.+\)$/, 'an EventBridge expression such as cron(0 3 * * ? *) or rate(1 hour)')
    .optional()
    .describe('Run as a scheduled task instead of a service.'),
  uses: z
    .strictObject({
      databases: z.array(ResourceName).default([]).describe('Names under `databases`. Default: [].'),
      caches: z.array(ResourceName).default([]).describe('Names under `caches`. Default: [].'),
    })
    .default({ databases: [], caches: [] })
    .describe(
      'Databases and caches this app connects to: dropship opens the security groups and injects host, port and credentials.',
    ),
  volumes: z.array(AppVolume).default([]).describe('EFS file systems its containers mount. Default: [].'),
  egress: z
    .array(EgressRule)
    .default([])
    .describe(
      'Outbound connections beyond the ones dropship derives (HTTPS out, the databases, caches and internal apps it uses): each { description, protocol, port | ports, to: { cidrs } | { prefixList } } becomes egress rules on the app’s security group. Default: none.',
    ),
  deployment: z
    .strictObject({
      imageTagMode: z
        .enum(['pinned', 'ci'])
        .default('pinned')
        .describe(
          'pinned: the tag in this file is deployed. ci: CI registers task definitions; Terraform ignores them.',
        ),
      minHealthyPercent: z
        .number()
        .int()
        .min(0)
        .max(100)
        .default(100)
        .describe('Running tasks kept during a deployment, as a percent of the desired count. Default: 100.'),
      maxPercent: z
        .number()
        .int()
        .min(100)
        .max(200)
        .default(200)
        .describe('Tasks allowed during a deployment, as a percent of the desired count. Default: 200.'),
      healthCheckGracePeriod: z
        .number()
        .int()
        .min(0)
        .max(2147483647)
        .default(60)
        .describe('Seconds a new task has before failed load balancer checks count. Default: 60.'),
      exec: z.boolean().default(false).describe('Enable ECS Exec (aws ecs execute-command). Default: false.'),
      spot: z
        .strictObject({
          fargate: z
            .number()
            .int()
            .min(0)
            .max(1000)
            .describe('Weight of on-demand Fargate; above 0, one task stays on it as a base.'),
          fargateSpot: z.number().int().min(0).max(1000).describe('Weight of Fargate Spot.'),
        })
        .optional()
        .describe('Capacity provider weights; default: FARGATE only.'),
      strategy: DeploymentStrategy,
      blueGreen: BlueGreen.optional(),
    })
    .default({
      imageTagMode: 'pinned',
      minHealthyPercent: 100,
      maxPercent: 200,
      healthCheckGracePeriod: 60,
      exec: false,
      strategy: 'rolling',
    })
    .describe('How ECS deploys the service. Default: each field its own default.'),
  taskRole: z
    .strictObject({
      statements: z
        .array(
          z.strictObject({
            actions: z.array(z.string()).min(1).describe('IAM actions allowed, e.g. s3:GetObject.'),
            resources: z.array(z.string()).min(1).describe('The resource ARNs they apply to.'),
          }),
        )
        .default([])
        .describe('IAM statements allowed to the task role. Default: [].'),
    })
    .optional()
    .describe('Extra permissions for the app itself (the task role has none by default).'),
  logRetentionDays: z
    .number()
    .int()
    .positive()
    .default(30)
    .describe("Days CloudWatch Logs keeps the app's logs. Default: 30."),
});

// ---------------------------------------------------------------------------------------------------------
// databases, caches
// ---------------------------------------------------------------------------------------------------------

/**
 * `schema.table` for migration.dumpTables: one dot; no `%`, `[` or `]` (wildcards in DMS table mappings, where
 * `_` becomes `[_]`), no control character (each name is one line of the runbook's lists).
 */
const DUMP_TABLE_NAME = /^[^.%[\]\u0000-\u001f\u007f]{1,64}\.[^.%[\]\u0000-\u001f\u007f]{1,64}$/;

const DatabaseTarget = z.strictObject({
  name: ResourceName,
  from: ResourceName.optional().describe('The DigitalOcean database this one replaces.'),
  engine: z
    .enum(['mysql', 'postgres'])
    .optional()
    .describe('mysql or postgres. Default: from the DigitalOcean database.'),
  version: z
    .union([z.string(), z.number()])
    .transform(String)
    .optional()
    .describe('Engine version. Default: the DigitalOcean major version.'),
  aurora: z
    .boolean()
    .default(false)
    .describe('An Aurora cluster instead of an RDS instance. Default: false.'),
  instanceClass: z
    .string()
    .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, 'an RDS class such as db.t4g.medium')
    .optional()
    .describe(
      "The RDS instance class. Default: the smallest Graviton class with the DigitalOcean size's vCPUs and memory, else db.t4g.medium.",
    ),
  serverlessV2: z
    .strictObject({
      minAcu: z
        .number()
        .min(0.5)
        .max(256)
        .multipleOf(0.5)
        .describe('Fewest Aurora capacity units (ACUs), 0.5-256.'),
      maxAcu: z
        .number()
        .min(1)
        .max(256)
        .multipleOf(0.5)
        .describe('Most ACUs, 1-256 (1 ACU is about 2 GiB of memory).'),
    })
    .optional()
    .describe(
      'With aurora: Aurora Serverless v2 instances (class db.serverless) that scale between minAcu and maxAcu, instead of a fixed instanceClass.',
    ),
  storageGb: z
    .number()
    .int()
    .min(20)
    .max(65536)
    .optional()
    .describe('Allocated gp3 storage in GiB. Default: the DigitalOcean storageMib rounded up, at least 20.'),
  maxStorageGb: z
    .number()
    .int()
    .min(20)
    .max(65536)
    .optional()
    .describe('Storage autoscaling ceiling in GiB. Default: twice the allocated storage, at least 100.'),
  multiAz: z
    .boolean()
    .optional()
    .describe(
      'A synchronous standby in a second zone. Default: true when the DigitalOcean cluster has a standby node.',
    ),
  readReplicas: z
    .number()
    .int()
    .min(0)
    .max(15)
    .optional()
    .describe(
      'Aurora readers (with aurora only: RDS cannot replicate an instance whose master password it manages). Default: one per DigitalOcean read-only node.',
    ),
  databaseName: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,62}$/)
    .optional()
    .describe(
      'The database apps use. Default: the first valid name in the DigitalOcean databases list, else the name with _ for -.',
    ),
  username: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,15}$/)
    .default('app')
    .describe('The master user, for administration only (apps get a user of their own). Default: app.'),
  backupRetentionDays: z
    .number()
    .int()
    .min(7)
    .max(35)
    .default(7)
    .describe('Days automated backups are kept. Default: 7.'),
  deletionProtection: z
    .boolean()
    .optional()
    .describe('Refuse to delete the database. Default: true in production.'),
  migration: z
    .strictObject({
      method: z
        .enum(['dump', 'dms'])
        .default('dump')
        .describe('dump: a one-time dump and restore; dms: AWS DMS replication. Default: dump.'),
      dmsInstanceClass: z
        .string()
        .default('dms.t3.medium')
        .describe('The DMS replication instance class (method dms). Default: dms.t3.medium.'),
      dumpTables: z
        .array(
          z
            .string()
            .regex(DUMP_TABLE_NAME, 'a table as schema.table (MySQL: database.table), without %, [ or ]'),
        )
        .default([])
        .describe(
          'Tables (schema.table; MySQL: database.table) that DMS leaves out and the runbook copies by a data-only dump while writes are stopped (method dms): every table without a primary key, since DMS drops their updates and deletes. The runbook lists them before the full load. Default: [].',
        ),
    })
    .default({ method: 'dump', dmsInstanceClass: 'dms.t3.medium', dumpTables: [] })
    .describe('How the data moves from the DigitalOcean database. Default: dump.'),
});

const CacheTarget = z.strictObject({
  name: ResourceName,
  from: ResourceName.optional(),
  engine: z
    .enum(['redis', 'valkey'])
    .optional()
    .describe(
      'redis or valkey. Default: as the DigitalOcean version maps (Redis 7 becomes Valkey 7.2), else valkey.',
    ),
  version: z
    .union([z.string(), z.number()])
    .transform(String)
    .optional()
    .describe("Engine version. Default: the DigitalOcean version's match, else the engine's default."),
  nodeType: z
    .string()
    .regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, 'a node type such as cache.t4g.small')
    .optional()
    .describe(
      "The ElastiCache node type. Default: the smallest whose maxmemory holds the DigitalOcean size's memory, else cache.t4g.small.",
    ),
  nodes: z
    .number()
    .int()
    .min(1)
    .max(6)
    .optional()
    .describe(
      'Primary + replicas. Default: the DigitalOcean node count, and at least 2 (automatic failover, Multi-AZ) for a production cache that holds sessions or queues.',
    ),
  holds: z
    .enum(['sessions', 'queues', 'cache'])
    .optional()
    .describe(
      'What the apps keep in it: sessions (a session store), queues (a job queue or broker: Celery, Laravel or Sidekiq queues) or cache (data the apps can rebuild). In production, sessions and queues get two nodes with automatic failover and Multi-AZ: a lost node loses every session or queued job; an explicit nodes: 1 keeps one node and warns. Default: cache when memoryAlarm is false (an LRU cache, as that field says), else sessions (the safe reading: state until told otherwise).',
    ),
  memoryAlarm: z
    .union([z.literal(false), z.number().int().min(50).max(100)])
    .optional()
    .describe(
      "Percent of maxmemory (DatabaseMemoryUsagePercentage) at or above which each node's memory alarm fires after 15 minutes, or false for no memory alarm. Default: 80, right for a session store, queue or broker, which loses data or refuses writes when full. A cache used as an LRU cache fills up and evicts by design: set false, or its alarm stays in ALARM and fails the check before every cutover phase (docs/apps.md, Alarms).",
    ),
});

// ---------------------------------------------------------------------------------------------------------
// cutover
// ---------------------------------------------------------------------------------------------------------

/** How apps reach their data while both sides serve traffic (docs/cutover.md, "Where the apps write"). */
export const DATA_MODES = ['digitalocean-until-100', 'move-first'] as const;
export type DataMode = (typeof DATA_MODES)[number];

const Cutover = z.strictObject({
  phases: z
    .array(z.number().int().min(0).max(100))
    .min(2)
    .default([0, 10, 50, 100])
    .describe('Percent of traffic on AWS at each step, strictly ascending.'),
  current: z
    .number()
    .int()
    .min(0)
    .max(100)
    .default(0)
    .describe('The AWS share of traffic now (one of phases).'),
  ttl: z
    .number()
    .int()
    .min(10)
    .max(3600)
    .default(60)
    .describe(
      "TTL (seconds) of the weighted records during the cutover. Default: 60, the TTL Route 53 gives the alias to the ALB; any other value skews every split phase's share (docs/cutover.md, TTL).",
    ),
  healthCheck: z
    .strictObject({
      protocol: z.enum(['HTTP', 'HTTPS']).default('HTTPS').describe('The protocol checked. Default: HTTPS.'),
      path: z
        .string()
        .startsWith('/')
        .optional()
        .describe(
          "The path every hostname's DigitalOcean-side check requests, over each app's own. Default: each hostname's app's expose.public.healthCheckPath (of apps sharing a hostname by path, the one serving its default route), else /; `/` means the default. A path differing from an app's own health path is warned (cutover/health-path-override): droplets that do not serve it fail the check and leave DNS.",
        ),
      port: Port.optional().describe('The port Route 53 checks. Default: 443 for HTTPS, 80 for HTTP.'),
      failureThreshold: z
        .number()
        .int()
        .min(1)
        .max(10)
        .default(3)
        .describe('Failed checks in a row before an endpoint is unhealthy. Default: 3.'),
      interval: z.literal([10, 30]).default(30).describe('Seconds between Route 53 health checks: 10 or 30.'),
    })
    .default({ protocol: 'HTTPS', failureThreshold: 3, interval: 30 })
    .describe(
      "The Route 53 health checks of each weighted endpoint. Default: HTTPS on each hostname's app's health path every 30 seconds.",
    ),
  dataMode: z
    .enum(DATA_MODES)
    .optional()
    .describe(
      'Where the apps write while both sides serve traffic. digitalocean-until-100: the AWS tasks use the DigitalOcean databases and caches (through the NAT gateways; their security groups get egress to the DigitalOcean ports) until 100 %, then the data moves in a downtime window; rolling back stays possible until that move. move-first: the data moves (dump or DMS) before phase 1, after which the DigitalOcean databases are kept read-only (or stopped) as a copy to roll the data back to: the DigitalOcean share of every later phase is served read-only, and `cutover rollback` past phase 0 is refused without --force. Default: digitalocean-until-100, or move-first with nat: none (the tasks cannot reach DigitalOcean without a NAT gateway).',
    ),
  dataMoved: z
    .boolean()
    .default(false)
    .describe(
      'The data has moved to RDS/ElastiCache (set it when the data migration runbook’s last step says so, once every migrated database has moved; then apply the data, apps and network stacks, in that order). In dataMode digitalocean-until-100 the AWS tasks use the DigitalOcean databases and caches until this is true, then RDS/ElastiCache. Only valid at `current: 100` (below it the droplets’ share would write to the stale DigitalOcean copy: error data-moved-before-100), so `cutover rollback` from 100 is refused while it is true: copy the AWS writes back, set it to false (apply data, apps, network), then roll back. Ignored in move-first (the tasks use AWS from the start). Default: false.',
    ),
});

// ---------------------------------------------------------------------------------------------------------
// waivers, root
// ---------------------------------------------------------------------------------------------------------

const WaiverReason = z
  .string()
  .min(10, 'a written reason of at least 10 characters')
  .describe('Why it is waived: shown in the plan.');

const CheckWaiver = z
  .strictObject({
    check: z
      .string()
      .regex(/^DS\d{3}$/, 'a dropship check id such as DS004')
      .describe('The check to waive, e.g. DS004 (`dropship check` names them).'),
    resource: z
      .string()
      .optional()
      .describe('Logical id or address; default: every resource the check flags.'),
    reason: WaiverReason,
  })
  .describe('Waives a security check (`dropship check`).');

const SecretWaiver = z
  .strictObject({
    variable: z
      .string()
      .min(1)
      .describe(
        'An environment variable that holds no secret although its name or value looks like one (the `literal-secret` rule), e.g. SORT_KEY.',
      ),
    app: ResourceName.optional().describe('Only in this app; default: every app.'),
    container: z.string().optional().describe('Only in this container; default: every container.'),
    reason: WaiverReason,
  })
  .describe('Keeps a variable in plain environment although it looks like a secret.');

const Waiver = z.union([CheckWaiver, SecretWaiver]);

export const MigrationSpec = z.strictObject({
  version: z.literal(1).describe('The spec format version: 1.'),
  project: ResourceName.max(20).describe(
    'Project name (at most 20 characters): every AWS name and tag derives from project + environment.',
  ),
  environment: ResourceName.max(12).describe(
    'Environment name (at most 12 characters), e.g. production, staging.',
  ),
  production: z
    .boolean()
    .optional()
    .describe(
      'Production protections (deletion protection, final snapshots). Default: environment is prod or production.',
    ),
  aws: AwsSpec.describe(
    'The AWS target: region, zones, network, tags, state backend, load balancer, alarms.',
  ),
  digitalocean: DigitalOceanSpec.default({
    droplets: [],
    volumes: [],
    databases: [],
    domains: [],
    firewalls: [],
    loadBalancers: [],
    certificates: [],
    spaces: [],
    cdnEndpoints: [],
  }).describe('The inventory of what runs on DigitalOcean today. Default: every list empty.'),
  ecr: z
    .strictObject({
      repositories: z.array(EcrRepository).default([]).describe('The repositories to create. Default: [].'),
      pullThroughCache: z
        .array(PullThroughCacheRule)
        .default([])
        .describe(
          'ECR pull-through cache rules, one per upstream registry: images with pullThroughCache: true are pulled through them. Default: [].',
        ),
    })
    .default({ repositories: [], pullThroughCache: [] })
    .describe('ECR repositories for the images the apps run. Default: none.'),
  secrets: z
    .array(Secret)
    .default([])
    .describe('Secrets Manager secrets the apps read (values never in the spec). Default: [].'),
  apps: z
    .array(App)
    .default([])
    .describe('The apps, each an ECS service (or a scheduled task) on Fargate. Default: [].'),
  databases: z
    .array(DatabaseTarget)
    .default([])
    .describe('RDS or Aurora databases (MySQL, PostgreSQL) to create. Default: [].'),
  caches: z
    .array(CacheTarget)
    .default([])
    .describe('ElastiCache replication groups (Redis, Valkey) to create. Default: [].'),
  storage: StorageSpec.default({ buckets: [] }).describe(
    'Object storage: S3 buckets, from DigitalOcean Spaces or new, and the apps that use them. Default: none.',
  ),
  cutover: Cutover.optional().describe(
    'The phased Route 53 weighted cutover from DigitalOcean to AWS. Default: none (no weighted records).',
  ),
  ci: CiSpec.optional().describe(
    'CI that builds, pushes and deploys the images: GitHub Actions through OIDC roles (docs/ci.md). Default: none.',
  ),
  waivers: z
    .array(Waiver)
    .default([])
    .describe(
      'Written exceptions: `{ check, resource?, reason }` waives a security check, `{ variable, app?, container?, reason }` a variable that looks like a secret but is none. An unused waiver is a warning.',
    ),
});

export type MigrationSpec = z.output<typeof MigrationSpec>;
export type { BucketAccessSpec, BucketSpec, CdnEndpointSpec, SpaceSpec } from './storage-spec';
export type MigrationSpecInput = z.input<typeof MigrationSpec>;
export type AppSpec = MigrationSpec['apps'][number];
export type ContainerSpec = AppSpec['containers'][number];
export type ContainerUseSpec = NonNullable<ContainerSpec['uses']>[number];
export type EgressSpec = AppSpec['egress'][number];
export type DropletSpec = MigrationSpec['digitalocean']['droplets'][number];
export type DoDatabaseSpec = MigrationSpec['digitalocean']['databases'][number];
export type DomainSpec = MigrationSpec['digitalocean']['domains'][number];
export type DnsRecordSpec = DomainSpec['records'][number];
export type DatabaseTargetSpec = MigrationSpec['databases'][number];
export type CacheTargetSpec = MigrationSpec['caches'][number];
export type CutoverSpec = NonNullable<MigrationSpec['cutover']>;
export type SecretSpec = MigrationSpec['secrets'][number];
export type PullThroughCacheRuleSpec = MigrationSpec['ecr']['pullThroughCache'][number];
export type GitHubCiSpec = NonNullable<MigrationSpec['ci']>['github'];
export type WaiverSpec = MigrationSpec['waivers'][number];
export type CheckWaiverSpec = Extract<WaiverSpec, { check: string }>;
