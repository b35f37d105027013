/**
 * The monthly cost ESTIMATE in `dropship plan`: what runs on DigitalOcean today (from the inventory in
 * migration.yaml) against the AWS target (from the synthesized Terraform JSON, so it prices exactly what
 * would be applied). List prices from compiler/prices.ts, dated; no discounts, data transfer, request
 * or log-ingestion charges.
 */
import type { MigrationSpec } from '../../schema/spec';
import { refersTo } from './checks/exposure';
import { awsName } from '../../schema/facts/aws-names';
import { blocks, firstBlock, isSet, isTrue, numeric, resourcesOf } from './terraform';
import type { StackJson, TfResource } from './types';
import { cents, line, rangeLine, usd, type CostLine, type Gaps } from './cost-lines';
import { s3Lines, spacesLines } from './cost-s3';

export type { CostLine, Gaps } from './cost-lines';
import { findRdsVersion, supportStatus, type RdsEngine } from '../../schema/facts/engine-versions';
import { extendedSupportCost } from '../data/rds/support';
import { runsPerMonth } from './schedule-runs';
import {
  AURORA_INSTANCE_PRICES,
  AWS_PRICES,
  FARGATE_MINIMUM_BILLED_MINUTES,
  SCHEDULED_RUN_ASSUMED_MAX_MINUTES,
  CLOUDFRONT_RANGE,
  DO_DATABASE_NODE_PRICES,
  DO_PRICES,
  DROPLET_PRICES,
  ELASTICACHE_NODE_PRICES,
  HOURS_PER_MONTH,
  PRICES_DATE,
  RDS_INSTANCE_PRICES,
} from '../prices';

export interface CostEstimate {
  label: string;
  pricesDate: string;
  priceRegion: 'us-east-1';
  hoursPerMonth: number;
  digitalocean: CostLine[];
  aws: CostLine[];
  /**
   * `differenceUsd` is null while the estimate is incomplete: a difference over missing lines is no figure.
   * With lines whose cost depends on load, `awsMaxUsd` and `differenceMaxUsd` are the top of the range.
   */
  totals: {
    digitaloceanUsd: number;
    awsUsd: number;
    differenceUsd: number | null;
    awsMaxUsd?: number;
    differenceMaxUsd?: number | null;
  };
  /**
   * What is billed every month but has no price here (a class or size missing from the price table, a size
   * that cannot be read): the totals leave it out, so the estimate is incomplete and states no difference.
   * Any line that cannot be priced goes here (`Gaps.missing`).
   */
  incomplete: string[];
  /** What is left out by design: usage-based or temporary (the DMS instance, a schedule whose runs cannot be counted). */
  unpriced: string[];
  notes: string[];
}

/** The only region the price table (compiler/prices.ts) has prices for. */
const PRICE_REGION = 'us-east-1';

const sum = (lines: CostLine[]) => cents(lines.reduce((t, l) => t + l.monthlyUsd, 0));

export function estimateCost(spec: MigrationSpec, stacks: StackJson[]): CostEstimate {
  const unpriced: string[] = [];
  const incomplete: string[] = [];
  const gaps: Gaps = { missing: (i) => incomplete.push(i), excluded: (i) => unpriced.push(i) };
  const digitalocean = digitalOceanLines(spec, gaps);
  const aws = awsLines(spec, stacks, gaps);
  const notes = [
    `Estimate from list prices dated ${PRICES_DATE} (compiler/prices.ts), ${HOURS_PER_MONTH} hours per month, USD.`,
    'Not included: data transfer, NAT gateway and interface endpoint GB processed, ALB LCUs above 1, CloudWatch Logs ingestion, Container Insights (billed as CloudWatch metrics and log events, growing with services and tasks), backups beyond the free allowance, taxes, discounts (Savings Plans, reserved instances).',
    'Lines marked * use a price the table marks unverified.',
  ];
  if (aws.some((l) => l.maxMonthlyUsd !== undefined))
    notes.push(
      'A line with a range (low–high) depends on load or volume (Aurora Serverless v2 capacity, scheduled task run time, the requests the ALB logs, CloudFront traffic); the AWS total and the difference give the same range.',
    );
  if (spec.aws.region !== PRICE_REGION) {
    // The price table is us-east-1's (no sourced regional prices yet): a total for another region would
    // compare DigitalOcean with the wrong region, so it counts as incomplete and states no difference.
    gaps.missing(
      `AWS prices for ${spec.aws.region}: the price table holds ${PRICE_REGION} list prices only, so every AWS line above is a ${PRICE_REGION} figure`,
    );
    notes.push(
      `Every AWS figure is a ${PRICE_REGION} list price, not ${spec.aws.region}'s (prices differ by region): read the AWS total as an approximation; no difference is stated.`,
    );
  }
  if (incomplete.length > 0)
    notes.push(
      `Incomplete: ${incomplete.length} gap${incomplete.length === 1 ? '' : 's'} listed as "missing" (an item billed every month with no price in the table, or the table's prices being another region's), so no difference is stated.`,
    );
  const digitaloceanUsd = sum(digitalocean);
  const awsUsd = sum(aws);
  const ranged = aws.some((l) => l.maxMonthlyUsd !== undefined);
  const awsMaxUsd = cents(aws.reduce((t, l) => t + (l.maxMonthlyUsd ?? l.monthlyUsd), 0));
  return {
    label: 'ESTIMATE — monthly, on-demand list prices',
    pricesDate: PRICES_DATE,
    priceRegion: 'us-east-1',
    hoursPerMonth: HOURS_PER_MONTH,
    digitalocean,
    aws,
    totals: {
      digitaloceanUsd,
      awsUsd,
      differenceUsd: incomplete.length > 0 ? null : cents(awsUsd - digitaloceanUsd),
      ...(ranged
        ? {
            awsMaxUsd,
            differenceMaxUsd: incomplete.length > 0 ? null : cents(awsMaxUsd - digitaloceanUsd),
          }
        : {}),
    },
    incomplete,
    unpriced,
    notes,
  };
}

function digitalOceanLines(spec: MigrationSpec, gaps: Gaps): CostLine[] {
  const out: CostLine[] = [];
  const inv = spec.digitalocean;
  for (const d of inv.droplets) {
    const p = DROPLET_PRICES.get(d.size);
    if (p) out.push(line(`Droplet ${d.name}`, `${d.size} ${usd(p.usd)}/month`, p.usd, p));
    else gaps.missing(`DigitalOcean droplet ${d.name}: no list price for size ${d.size}`);
  }
  for (const db of inv.databases) {
    const p = DO_DATABASE_NODE_PRICES.get(db.size);
    const readOnly = db.readOnlyNodes.map((n) => n.size ?? db.size);
    if (!p) {
      gaps.missing(`DigitalOcean database ${db.name}: no list price for node size ${db.size}`);
      continue;
    }
    const readOnlyPrices = readOnly.map((s) => DO_DATABASE_NODE_PRICES.get(s) ?? p);
    const total = p.usd * db.nodes + readOnlyPrices.reduce((t, r) => t + r.usd, 0);
    const extra = readOnly.length > 0 ? ` + ${readOnly.length} read-only` : '';
    out.push(
      line(
        `Database ${db.name} (${db.engine})`,
        `${db.nodes} × ${db.size} ${usd(p.usd)}/node-month${extra}`,
        total,
        p,
        ...readOnlyPrices,
      ),
    );
  }
  for (const lb of inv.loadBalancers) {
    const p = DO_PRICES.loadBalancerNode;
    out.push(line(`Load balancer ${lb.name}`, `1 node × ${usd(p.usd)}/month (node count assumed)`, p.usd, p));
  }
  for (const v of inv.volumes) {
    const p = DO_PRICES.volumeGb;
    out.push(line(`Volume ${v.name}`, `${v.sizeGb} GB × ${usd(p.usd)}/GB-month`, v.sizeGb * p.usd, p));
  }
  out.push(...spacesLines(inv.spaces, gaps));
  return out;
}

/** Tasks a service runs most of the time: desired_count, else its autoscaling minimum, else 1. */
function taskCount(service: TfResource, targetOf: ScalingTargets): number {
  const desired = numeric(service.body.desired_count);
  if (desired !== undefined) return desired;
  const target = targetOf.byReference.get(service.name) ?? targetOf.byName.get(String(service.body.name));
  return numeric(target?.body.min_capacity) ?? 1;
}

/** The resource of `type` a `${type.name.attr}` reference in `token` names, if any. */
function directReference(token: unknown, type: string): string | undefined {
  if (typeof token !== 'string') return undefined;
  const at = token.indexOf(`\${${type}.`);
  if (at < 0) return undefined;
  const start = at + type.length + 3;
  const end = token.indexOf('.', start);
  return end < 0 ? undefined : token.slice(start, end);
}

interface ScalingTargets {
  /** By the service resource a `resource_id` references (`service/<cluster>/${aws_ecs_service.<id>.name}`). */
  byReference: Map<string, TfResource>;
  /** By the literal service name ending a `resource_id` (`service/<cluster>/<name>`). */
  byName: Map<string, TfResource>;
}

/** Each service's scaling target, indexed in one pass by an exact name, so `web` never takes `web2`'s. */
function scalingTargetsByService(targets: TfResource[]): ScalingTargets {
  const out: ScalingTargets = { byReference: new Map(), byName: new Map() };
  const first = (map: Map<string, TfResource>, key: string, t: TfResource) => {
    if (!map.has(key)) map.set(key, t);
  };
  for (const t of targets) {
    const id = String(t.body.resource_id ?? '');
    const service = directReference(id, 'aws_ecs_service');
    if (service !== undefined) first(out.byReference, service, t);
    else if (id.startsWith('service/')) first(out.byName, id.slice(id.lastIndexOf('/') + 1), t);
  }
  return out;
}

/** The task definition a service runs: by its direct reference, else (across stacks) by a scan. */
function taskDefinitionOf(service: TfResource, byName: ReadonlyMap<string, TfResource>, all: TfResource[]) {
  const token = service.body.task_definition;
  const named = byName.get(directReference(token, 'aws_ecs_task_definition') ?? '');
  if (named && refersTo(token, named)) return named;
  return all.find((t) => refersTo(token, t)) ?? (all.length === 1 ? all[0] : undefined);
}

/** Every AWS cost line, in the order the plan lists them. */
function awsLines(spec: MigrationSpec, stacks: StackJson[], gaps: Gaps): CostLine[] {
  return [
    ...fargateLines(stacks, gaps),
    ...scheduledTaskLines(stacks, gaps),
    ...networkLines(stacks, gaps),
    ...rdsLines(stacks, gaps),
    ...auroraLines(spec, stacks, gaps),
    ...cacheLines(stacks, gaps),
    ...accountLines(stacks),
    ...cloudfrontLines(stacks),
    ...efsLines(spec, stacks, gaps),
    ...s3Lines(spec, stacks, gaps),
  ];
}

/** Fargate: each service's tasks at its task size and architecture; scheduled tasks are unpriced. */
function fargateLines(stacks: StackJson[], gaps: Gaps): CostLine[] {
  const out: CostLine[] = [];
  const h = HOURS_PER_MONTH;
  const taskDefs = resourcesOf(stacks, 'aws_ecs_task_definition');
  const taskDefByName = new Map<string, TfResource>();
  for (const t of taskDefs) if (!taskDefByName.has(t.name)) taskDefByName.set(t.name, t);
  const targetOf = scalingTargetsByService(resourcesOf(stacks, 'aws_appautoscaling_target'));
  for (const svc of resourcesOf(stacks, 'aws_ecs_service')) {
    const def = taskDefinitionOf(svc, taskDefByName, taskDefs);
    const cpu = numeric(def?.body.cpu);
    const memory = numeric(def?.body.memory);
    if (!def || cpu === undefined || memory === undefined) {
      gaps.missing(`ECS service ${svc.address}: task size not readable`);
      continue;
    }
    const arm =
      String(firstBlock(def.body.runtime_platform)?.cpu_architecture ?? '').toUpperCase() === 'ARM64';
    const [vcpuPrice, gbPrice] = arm
      ? [AWS_PRICES.fargateVcpuArm, AWS_PRICES.fargateGbArm]
      : [AWS_PRICES.fargateVcpuX86, AWS_PRICES.fargateGbX86];
    const tasks = taskCount(svc, targetOf);
    const vcpu = cpu / 1024;
    const gb = memory / 1024;
    const perTaskHour = vcpu * vcpuPrice.usd + gb * gbPrice.usd;
    // Fargate Spot is cheaper but has no fixed list price: its share is priced on-demand (an upper bound).
    const spot = blocks(svc.body.capacity_provider_strategy).some(
      (c) => c.capacity_provider === 'FARGATE_SPOT' && (numeric(c.weight) ?? 0) > 0,
    );
    out.push(
      line(
        `Fargate ${String(svc.body.name ?? svc.name)}`,
        `${tasks} task${tasks === 1 ? '' : 's'} × ${vcpu} vCPU / ${gb} GB ${arm ? 'ARM' : 'x86'} × ${h} h` +
          (spot ? ' (Spot share priced on-demand)' : ''),
        tasks * perTaskHour * h,
        vcpuPrice,
        gbPrice,
      ),
    );
  }
  return out;
}

/**
 * Scheduled tasks (EventBridge rule → ECS task): runs per month from the rule's schedule expression, times
 * the task's vCPU and GB per run. How long a run takes is the app's: the range goes from Fargate's one-minute
 * minimum per run to SCHEDULED_RUN_ASSUMED_MAX_MINUTES (or the time between runs, when shorter).
 */
function scheduledTaskLines(stacks: StackJson[], gaps: Gaps): CostLine[] {
  const out: CostLine[] = [];
  const rules = resourcesOf(stacks, 'aws_cloudwatch_event_rule');
  const taskDefs = resourcesOf(stacks, 'aws_ecs_task_definition');
  for (const target of resourcesOf(stacks, 'aws_cloudwatch_event_target')) {
    const ecs = firstBlock(target.body.ecs_target);
    if (!ecs) continue;
    const rule = rules.find((r) => refersTo(target.body.rule, r));
    const def = taskDefs.find((t) => refersTo(ecs.task_definition_arn, t));
    const expression = String(rule?.body.schedule_expression ?? '');
    const runs = runsPerMonth(expression);
    const cpu = numeric(def?.body.cpu);
    const memory = numeric(def?.body.memory);
    const name = String(rule?.body.name ?? target.name);
    if (runs === undefined || cpu === undefined || memory === undefined) {
      gaps.excluded(
        `scheduled task ${name}: ${runs === undefined ? `runs per month of ${expression || 'its schedule'} not countable` : 'task size not readable'}`,
      );
      continue;
    }
    const arm =
      String(firstBlock(def?.body.runtime_platform)?.cpu_architecture ?? '').toUpperCase() === 'ARM64';
    const [vcpuPrice, gbPrice] = arm
      ? [AWS_PRICES.fargateVcpuArm, AWS_PRICES.fargateGbArm]
      : [AWS_PRICES.fargateVcpuX86, AWS_PRICES.fargateGbX86];
    const perMinute = ((cpu / 1024) * vcpuPrice.usd + (memory / 1024) * gbPrice.usd) / 60;
    const between = (HOURS_PER_MONTH * 60) / runs;
    const longest = Math.max(
      FARGATE_MINIMUM_BILLED_MINUTES,
      Math.min(SCHEDULED_RUN_ASSUMED_MAX_MINUTES, between),
    );
    const shown = Math.round(runs * 10) / 10;
    out.push(
      rangeLine(
        `Fargate ${name} (scheduled)`,
        `${expression}: ${shown} runs × ${cpu / 1024} vCPU / ${memory / 1024} GB ${arm ? 'ARM' : 'x86'} × ${FARGATE_MINIMUM_BILLED_MINUTES}–${Math.round(longest)} min per run (Fargate's minimum to an assumed longest run)`,
        runs * FARGATE_MINIMUM_BILLED_MINUTES * perMinute,
        runs * longest * perMinute,
        vcpuPrice,
        gbPrice,
      ),
    );
  }
  return out;
}

/** Application load balancers, NAT gateways, interface endpoints and public IPv4 addresses, by the hour. */
function networkLines(stacks: StackJson[], gaps: Gaps): CostLine[] {
  const out: CostLine[] = [];
  const h = HOURS_PER_MONTH;
  const albs = resourcesOf(stacks, 'aws_lb', 'aws_alb').filter(
    (lb) => (lb.body.load_balancer_type ?? 'application') === 'application',
  );
  for (const lb of albs) {
    const { albHour, albLcuHour } = AWS_PRICES;
    out.push(
      line(
        `ALB ${String(lb.body.name ?? lb.name)}`,
        `${h} h × (${usd(albHour.usd)} + 1 LCU × ${usd(albLcuHour.usd)})`,
        h * (albHour.usd + albLcuHour.usd),
        albHour,
        albLcuHour,
      ),
    );
  }
  const nats = resourcesOf(stacks, 'aws_nat_gateway');
  if (nats.length > 0) {
    const p = AWS_PRICES.natHour;
    out.push(
      line(
        'NAT gateways',
        `${nats.length} × ${h} h × ${usd(p.usd)} (+ ${usd(AWS_PRICES.natGb.usd)}/GB processed, not included)`,
        nats.length * h * p.usd,
        p,
      ),
    );
  }

  out.push(...interfaceEndpointLines(stacks, gaps), ...publicIpv4Lines(stacks, albs, gaps));
  return out;
}

/** The zones (subnets) a resource sits in, when its list is written out; a list token is unreadable. */
function subnetCount(value: unknown): number | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value.length : undefined;
}

/**
 * Interface VPC endpoints (what `nat: none` relies on): billed per endpoint per zone it sits in, by the
 * hour, plus per GB processed (not included). Gateway endpoints (S3) cost nothing.
 */
function interfaceEndpointLines(stacks: StackJson[], gaps: Gaps): CostLine[] {
  const h = HOURS_PER_MONTH;
  const p = AWS_PRICES.interfaceEndpointAzHour;
  const endpoints = resourcesOf(stacks, 'aws_vpc_endpoint').filter(
    (e) => String(e.body.vpc_endpoint_type ?? 'Gateway') === 'Interface',
  );
  let endpointZones = 0;
  let priced = 0;
  for (const e of endpoints) {
    const zones = subnetCount(e.body.subnet_ids);
    if (zones === undefined) {
      gaps.missing(`VPC endpoint ${e.address}: its subnets (zones) are not readable`);
      continue;
    }
    endpointZones += zones;
    priced += 1;
  }
  if (priced === 0) return [];
  return [
    line(
      'VPC interface endpoints',
      `${priced} endpoint${priced === 1 ? '' : 's'} in ${endpointZones} endpoint-zones × ${h} h × ${usd(p.usd)} (+ ${usd(AWS_PRICES.interfaceEndpointGb.usd)}/GB processed, not included)`,
      endpointZones * h * p.usd,
      p,
    ),
  ];
}

/**
 * Public IPv4 addresses, billed by the hour whether in use or idle: each NAT gateway's Elastic IP, and an
 * internet-facing ALB's address in each of its zones (it may add more as it scales).
 */
function publicIpv4Lines(stacks: StackJson[], albs: TfResource[], gaps: Gaps): CostLine[] {
  const h = HOURS_PER_MONTH;
  const p = AWS_PRICES.publicIpv4Hour;
  const eips = resourcesOf(stacks, 'aws_eip').length;
  let albAddresses = 0;
  for (const lb of albs) {
    if (isTrue(lb.body.internal) || lb.body.ip_address_type === 'dualstack-without-public-ipv4') continue;
    const zones = subnetCount(lb.body.subnets);
    if (zones === undefined)
      gaps.missing(`public IPv4 addresses of ALB ${lb.address}: its subnets (zones) are not readable`);
    else albAddresses += zones;
  }
  const total = eips + albAddresses;
  if (total === 0) return [];
  const parts = [
    ...(eips > 0 ? [`${eips} Elastic IP${eips === 1 ? '' : 's'} (NAT)`] : []),
    ...(albAddresses > 0 ? [`${albAddresses} ALB (one per zone, more as it scales)`] : []),
  ];
  return [
    line(
      'Public IPv4 addresses',
      `${total} (${parts.join(', ')}) × ${h} h × ${usd(p.usd)}`,
      total * h * p.usd,
      p,
    ),
  ];
}

/** RDS instances and their storage (a read replica's as large as its source's). */
function rdsLines(stacks: StackJson[], gaps: Gaps): CostLine[] {
  const out: CostLine[] = [];
  const h = HOURS_PER_MONTH;
  const dbs = resourcesOf(stacks, 'aws_db_instance');
  for (const db of dbs) {
    const cls = String(db.body.instance_class ?? '');
    const p = RDS_INSTANCE_PRICES.get(cls);
    const replica = isSet(db.body.replicate_source_db);
    const multiAz = isTrue(db.body.multi_az);
    const instances = multiAz ? 2 : 1;
    const name = String(db.body.identifier ?? db.name);
    if (!p) gaps.missing(`RDS ${name}: no price for instance class ${cls || '(not set)'}`);
    else
      out.push(
        line(
          `RDS ${name}${replica ? ' (read replica)' : ''}`,
          `${cls} × ${instances}${multiAz ? ' (Multi-AZ)' : ''} × ${h} h`,
          instances * h * p.usd,
          p,
        ),
      );
    // A version past its standard support (as of the engine facts' date) bills Extended Support per vCPU.
    const version = findRdsVersion(
      String(db.body.engine ?? '') as RdsEngine,
      String(db.body.engine_version ?? ''),
    );
    const extended = version && extendedSupportCost(version, cls, instances);
    if (extended)
      out.push(line(`RDS ${name} Extended Support`, extended.detail, extended.monthlyUsd, extended.price));
    else if (version && supportStatus(version).state === 'extended')
      gaps.missing(`RDS ${name} Extended Support: the vCPUs of ${cls || '(not set)'} are not known`);
    // A read replica has its own storage, as large as its source's.
    const source = replica ? dbs.find((d) => refersTo(db.body.replicate_source_db, d)) : undefined;
    const gb = numeric(db.body.allocated_storage) ?? numeric(source?.body.allocated_storage);
    if (gb !== undefined) {
      const s = AWS_PRICES.rdsGp3GbMonth;
      out.push(
        line(
          `RDS ${name} storage`,
          `${gb} GB gp3 × ${instances} × ${usd(s.usd)}/GB-month`,
          gb * instances * s.usd,
          s,
        ),
      );
    }
  }
  return out;
}

/** ElastiCache replication groups, per node. */
function cacheLines(stacks: StackJson[], gaps: Gaps): CostLine[] {
  const out: CostLine[] = [];
  const h = HOURS_PER_MONTH;
  for (const rg of resourcesOf(stacks, 'aws_elasticache_replication_group')) {
    const type = String(rg.body.node_type ?? '');
    const nodes =
      numeric(rg.body.num_cache_clusters) ??
      (numeric(rg.body.num_node_groups) ?? 1) * ((numeric(rg.body.replicas_per_node_group) ?? 0) + 1);
    const p = ELASTICACHE_NODE_PRICES.get(type);
    const name = String(rg.body.replication_group_id ?? rg.name);
    if (!p) gaps.missing(`ElastiCache ${name}: no price for node type ${type || '(not set)'}`);
    else {
      // Valkey nodes list below Redis OSS ones; the table has Redis OSS prices, so this errs high.
      const engine = String(rg.body.engine ?? 'redis');
      const note = engine === 'valkey' ? ' (Redis OSS price; Valkey lists lower)' : '';
      out.push(
        line(`ElastiCache ${name}`, `${nodes} × ${type} ${engine} × ${h} h${note}`, nodes * h * p.usd, p),
      );
    }
  }

  return out;
}

/**
 * CloudFront bills data out and requests, nothing per distribution: a range from $0 (within the always-free
 * 1 TB and 10 million requests a month, per account) to the bill of the traffic a Spaces subscription
 * includes (1 TiB out) and 10 million HTTPS requests, priced without the free tier.
 */
function cloudfrontLines(stacks: StackJson[]): CostLine[] {
  const distributions = resourcesOf(stacks, 'aws_cloudfront_distribution').length;
  if (distributions === 0) return [];
  const out = AWS_PRICES.cloudfrontDataOutGb;
  const requests = AWS_PRICES.cloudfrontHttpsRequests10k;
  const gb = CLOUDFRONT_RANGE.dataOutGb;
  const millions = CLOUDFRONT_RANGE.requestsMillions;
  return [
    rangeLine(
      'CloudFront data out',
      `${distributions} distribution${distributions === 1 ? '' : 's'}: $0 within the always-free 1 TB/month, up to ${gb} GB × ${usd(out.usd)} (the 1 TiB out a Spaces subscription includes, without the free tier)`,
      0,
      gb * out.usd,
      out,
    ),
    rangeLine(
      'CloudFront HTTPS requests',
      `$0 within the always-free 10 M requests/month, up to ${millions} M × ${usd(requests.usd)} per 10,000`,
      0,
      millions * 100 * requests.usd,
      requests,
    ),
  ];
}

/** What the account holds per month: secrets, hosted zones, health checks, KMS keys, alarms. */
function accountLines(stacks: StackJson[]): CostLine[] {
  const out: CostLine[] = [];
  const secrets = resourcesOf(stacks, 'aws_secretsmanager_secret').length;
  const managedMasters = resourcesOf(stacks, 'aws_db_instance', 'aws_rds_cluster').filter((d) =>
    isTrue(d.body.manage_master_user_password),
  ).length;
  if (secrets + managedMasters > 0) {
    const p = AWS_PRICES.secretMonth;
    const detail = `${secrets + managedMasters} × ${usd(p.usd)}/month${managedMasters > 0 ? ` (incl. ${managedMasters} RDS-managed master secret${managedMasters === 1 ? '' : 's'})` : ''}`;
    out.push(line('Secrets Manager', detail, (secrets + managedMasters) * p.usd, p));
  }
  const zones = resourcesOf(stacks, 'aws_route53_zone').length;
  if (zones > 0) {
    const p = AWS_PRICES.route53ZoneMonth;
    out.push(
      line(
        'Route 53 hosted zones',
        `${zones} × ${usd(p.usd)}/month (queries not included)`,
        zones * p.usd,
        p,
      ),
    );
  }
  // The cutover's checks probe the droplets: non-AWS endpoints, with HTTPS and the fast interval as extras.
  const checks = resourcesOf(stacks, 'aws_route53_health_check');
  if (checks.length > 0) {
    const base = AWS_PRICES.route53HealthCheckNonAwsMonth;
    const option = AWS_PRICES.route53HealthCheckOptionMonth;
    const options = checks.reduce(
      (n, c) =>
        n + (/^HTTPS/.test(String(c.body.type)) ? 1 : 0) + (Number(c.body.request_interval) === 10 ? 1 : 0),
      0,
    );
    out.push(
      line(
        'Route 53 health checks',
        `${checks.length} × ${usd(base.usd)}/month${options > 0 ? ` + ${options} optional features × ${usd(option.usd)}` : ''}`,
        checks.length * base.usd + options * option.usd,
        base,
        ...(options > 0 ? [option] : []),
      ),
    );
  }
  const keys = resourcesOf(stacks, 'aws_kms_key').length;
  if (keys > 0) {
    const p = AWS_PRICES.kmsKeyMonth;
    out.push(line('KMS keys', `${keys} × ${usd(p.usd)}/month (requests not included)`, keys * p.usd, p));
  }
  const alarms = resourcesOf(stacks, 'aws_cloudwatch_metric_alarm');
  if (alarms.length > 0) {
    const p = AWS_PRICES.cloudwatchAlarmMonth;
    // CloudWatch bills alarm metrics: a metric-math alarm counts each metric it reads, not its expressions.
    const metrics = alarms
      .map((a) => blocks(a.body.metric_query).filter((q) => q.metric !== undefined).length || 1)
      .reduce((sum, n) => sum + n, 0);
    out.push(
      line(
        'CloudWatch alarms',
        `${alarms.length} alarms, ${metrics} alarm metrics × ${usd(p.usd)}/month (before the free tier's 10 alarm metrics)`,
        metrics * p.usd,
        p,
      ),
    );
  }
  return out;
}

/** EFS storage, and DMS instances (unpriced). */
function efsLines(spec: MigrationSpec, stacks: StackJson[], gaps: Gaps): CostLine[] {
  const out: CostLine[] = [];
  const efs = resourcesOf(stacks, 'aws_efs_file_system').length;
  if (efs > 0) {
    // EFS bills what is stored; the DigitalOcean volumes it takes over are the best guess at that size.
    const fromVolumes = new Set(
      spec.apps.flatMap((a) => a.volumes.map((v) => v.from).filter((v): v is string => !!v)),
    );
    const gb = spec.digitalocean.volumes
      .filter((v) => fromVolumes.has(v.name))
      .reduce((t, v) => t + v.sizeGb, 0);
    const p = AWS_PRICES.efsStandardGbMonth;
    out.push(
      line(
        'EFS storage',
        `${gb} GB (size of the DigitalOcean volumes it replaces) × ${usd(p.usd)}/GB-month`,
        gb * p.usd,
        p,
      ),
    );
  }
  const dms = resourcesOf(stacks, 'aws_dms_replication_instance').length;
  if (dms > 0) gaps.excluded(`${dms} DMS replication instance(s): temporary, for the data migration only`);
  return out;
}

/** Aurora: writer and reader instance-hours; storage at the size of the DigitalOcean clusters it replaces. */
function auroraLines(spec: MigrationSpec, stacks: StackJson[], gaps: Gaps): CostLine[] {
  const out: CostLine[] = [];
  const h = HOURS_PER_MONTH;
  const instances = resourcesOf(stacks, 'aws_rds_cluster_instance');
  for (const cluster of resourcesOf(stacks, 'aws_rds_cluster')) {
    const name = String(cluster.body.cluster_identifier ?? cluster.name);
    for (const inst of instances.filter((i) => refersTo(i.body.cluster_identifier, cluster))) {
      const cls = String(inst.body.instance_class ?? '');
      const p = AURORA_INSTANCE_PRICES.get(cls);
      const id = String(inst.body.identifier ?? inst.name);
      const scaling = firstBlock(cluster.body.serverlessv2_scaling_configuration);
      const minAcu = numeric(scaling?.min_capacity);
      const maxAcu = numeric(scaling?.max_capacity);
      if (cls === 'db.serverless' && minAcu !== undefined && maxAcu !== undefined) {
        // Serverless v2 bills the ACUs in use: its floor all month to its ceiling all month.
        const acu = AWS_PRICES.auroraServerlessV2AcuHour;
        out.push(
          rangeLine(
            `Aurora ${id}`,
            `db.serverless ${minAcu}–${maxAcu} ACU × ${usd(acu.usd)}/ACU-hour × ${h} h (what it uses between them depends on load)`,
            minAcu * acu.usd * h,
            maxAcu * acu.usd * h,
            acu,
          ),
        );
      } else if (p) out.push(line(`Aurora ${id}`, `${cls} × ${h} h`, h * p.usd, p));
      else gaps.missing(`Aurora instance ${id}: no price for instance class ${cls || '(not set)'}`);
    }
    // The spec database this cluster is: the one whose generated identifier is the cluster's.
    const prefix = `${spec.project}-${spec.environment}`;
    const target = spec.databases.find((d) => d.aurora && awsName('rdsInstance', prefix, d.name) === name);
    const source = spec.digitalocean.databases.find((d) => d.name === target?.from);
    const gb = source?.storageMib ? Math.ceil(source.storageMib / 1024) : undefined;
    const s = AWS_PRICES.auroraStorageGbMonth;
    if (gb !== undefined) {
      out.push(
        line(
          `Aurora ${name} storage`,
          `${gb} GB (the DigitalOcean cluster's disk) × ${usd(s.usd)}/GB-month (+ ${usd(AWS_PRICES.auroraIoMillion.usd)} per million I/O, not included)`,
          gb * s.usd,
          s,
        ),
      );
    } else
      gaps.missing(`Aurora ${name} storage: billed as used; no DigitalOcean disk size to estimate it from`);
  }
  return out;
}
