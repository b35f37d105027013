/**
 * S3 in the cost estimate: the buckets of `storage.buckets` (storage at the size of the Space each takes over;
 * requests are usage-based and left out) and the ALB's access logs, a range that depends on the traffic:
 * Elastic Load Balancing writes one log file per load balancer node every 5 minutes (AWS "Access logs for
 * your Application Load Balancer"), so the PUTs are known; what the files hold grows with the requests.
 */
import type { MigrationSpec } from '../../schema/spec';
import { awsName } from '../../schema/facts/aws-names';
import { AWS_PRICES, DO_PRICES, HOURS_PER_MONTH } from '../prices';
import { blocks, firstBlock, isTrue, numeric, resourcesOf } from './terraform';
import type { StackJson, TfResource } from './types';
import { line, rangeLine, usd, type CostLine, type Gaps } from './cost-lines';

/** Log files each node writes a month: one every 5 minutes. */
const LOG_FILES_PER_NODE_MONTH = 12 * HOURS_PER_MONTH;
/**
 * The busiest traffic the ALB line prices (1 LCU): 25 new connections a second, taken as one request each
 * (AWS "Elastic Load Balancing pricing": an LCU is 25 new connections per second).
 */
const REQUESTS_PER_SECOND_AT_ONE_LCU = 25;
/**
 * Bytes one access-log entry takes once gzip-compressed: an entry is about 500–700 bytes of text, and log
 * text compresses about 6–8 times (an estimate, not a documented figure).
 */
const COMPRESSED_BYTES_PER_REQUEST = 100;
/** Days of logs an existing bucket is assumed to keep (its lifecycle is not in the synthesized Terraform). */
const ASSUMED_LOG_DAYS = 90;
const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

export function s3Lines(spec: MigrationSpec, stacks: StackJson[], gaps: Gaps): CostLine[] {
  return [...bucketLines(spec, gaps), ...accessLogLines(stacks)];
}

/**
 * DigitalOcean Spaces today: one subscription for all Spaces (250 GiB included), and the storage beyond it at
 * the sizes the inventory gives (GB taken as GiB: the difference is under 7 %).
 */
export function spacesLines(spaces: MigrationSpec['digitalocean']['spaces'], gaps: Gaps): CostLine[] {
  if (spaces.length === 0) return [];
  const { spacesMonth: sub, spacesExtraGb: extra } = DO_PRICES;
  const unsized = spaces.filter((s) => s.sizeGb === undefined).map((s) => s.name);
  if (unsized.length > 0)
    gaps.missing(
      `Spaces storage beyond the 250 GiB the subscription includes: no sizeGb for ${unsized.join(', ')}`,
    );
  const stored = spaces.reduce((t, s) => t + (s.sizeGb ?? 0), 0);
  const beyond = Math.max(0, stored - 250);
  return [
    line(
      'Spaces',
      `1 subscription × ${usd(sub.usd)}/month (250 GiB included; ${stored} GB stored) + ${beyond} GiB × ${usd(extra.usd)}`,
      sub.usd + beyond * extra.usd,
      sub,
      extra,
    ),
  ];
}

/** Each `storage.buckets` entry: storage at the size of its Space; requests left out (usage-based). */
function bucketLines(spec: MigrationSpec, gaps: Gaps): CostLine[] {
  const out: CostLine[] = [];
  const prefix = `${spec.project}-${spec.environment}`;
  const p = AWS_PRICES.s3StandardGbMonth;
  for (const bucket of spec.storage.buckets) {
    const name = awsName('s3Bucket', prefix, bucket.name);
    const space = spec.digitalocean.spaces.find((s) => s.name === bucket.from);
    if (!space)
      gaps.excluded(`S3 bucket ${name} storage: a new bucket, billed as it fills (${usd(p.usd)}/GB-month)`);
    else if (space.sizeGb === undefined)
      gaps.missing(
        `S3 bucket ${name} storage: billed as stored; the Space ${space.name} has no sizeGb to estimate it from`,
      );
    else
      out.push(
        line(
          `S3 bucket ${name}`,
          `${space.sizeGb} GB (the Space ${space.name}) × ${usd(p.usd)}/GB-month (+ noncurrent versions as they accrue)`,
          space.sizeGb * p.usd,
          p,
        ),
      );
  }
  if (spec.storage.buckets.length > 0)
    gaps.excluded(
      `S3 requests to the storage buckets: usage-based, ${usd(AWS_PRICES.s3PutThousand.usd)} per 1,000 PUT/LIST, ${usd(AWS_PRICES.s3GetThousand.usd)} per 1,000 GET`,
    );
  return out;
}

/**
 * Each ALB that writes access logs: the PUTs of its nodes' log files (at least one node per zone), and the
 * logs kept, from none to the traffic of the 1 LCU its own line prices.
 */
function accessLogLines(stacks: StackJson[]): CostLine[] {
  const out: CostLine[] = [];
  const buckets = resourcesOf(stacks, 'aws_s3_bucket');
  const lifecycles = resourcesOf(stacks, 'aws_s3_bucket_lifecycle_configuration');
  for (const lb of resourcesOf(stacks, 'aws_lb')) {
    const logs = firstBlock(lb.body.access_logs);
    if (!logs || !isTrue(logs.enabled)) continue;
    const nodes = Math.max(1, Array.isArray(lb.body.subnets) ? lb.body.subnets.length : 1);
    const bucket = buckets.find((b) => b.body.bucket === logs.bucket);
    const days = (bucket && expirationDays(bucket, lifecycles)) ?? ASSUMED_LOG_DAYS;
    const { s3PutThousand: put, s3StandardGbMonth: gb } = AWS_PRICES;
    const puts = nodes * LOG_FILES_PER_NODE_MONTH;
    const putUsd = (puts / 1000) * put.usd;
    const requests = REQUESTS_PER_SECOND_AT_ONE_LCU * 3600 * HOURS_PER_MONTH;
    const keptGb = ((requests * COMPRESSED_BYTES_PER_REQUEST) / 1e9) * (days / DAYS_PER_MONTH);
    out.push(
      rangeLine(
        `ALB ${String(lb.body.name ?? lb.name)} access logs`,
        `${nodes} nodes × ${LOG_FILES_PER_NODE_MONTH} files × ${usd(put.usd)}/1,000 PUT + ${days} days kept: 0–${keptGb.toFixed(1)} GB (idle to 1 LCU, ~${COMPRESSED_BYTES_PER_REQUEST} B/request) × ${usd(gb.usd)}/GB-month`,
        putUsd,
        putUsd + keptGb * gb.usd,
        put,
        gb,
      ),
    );
  }
  return out;
}

/** The days of the lifecycle rule that expires the whole bucket, when dropship created it. */
function expirationDays(bucket: TfResource, lifecycles: TfResource[]): number | undefined {
  const ref = `\${aws_s3_bucket.${bucket.name}.id}`;
  const config = lifecycles.find((l) => l.stack === bucket.stack && l.body.bucket === ref);
  for (const rule of blocks(config?.body.rule)) {
    const days = numeric(firstBlock(rule.expiration)?.days);
    if (days !== undefined) return days;
  }
  return undefined;
}
