/**
 * Generated AWS names: deterministic, within each service's length and character rules, never colliding.
 * In schema/facts because the rules check the names the compiler will generate (two databases that would
 * share an RDS instance identifier), with the same function.
 * A name that fits is used as is; a longer one is cut and suffixed with a short hash of the full name, so
 * two long names that share a prefix still differ, and the same input always gives the same name.
 */
import { createHash } from 'node:crypto';

/** AWS limits on the names dropship generates (sources in docs/naming.md). */
export const NAME_LIMITS = {
  alb: 32, // elbv2 CreateLoadBalancer.Name
  targetGroup: 32, // elbv2 CreateTargetGroup.Name
  rdsInstance: 63, // rds DBInstanceIdentifier
  elasticacheGroup: 40, // elasticache ReplicationGroupId
  ecs: 255, // cluster, service, family, container
  iamRole: 64, // iam CreateRole.RoleName
  iamPolicy: 128,
  logGroup: 512,
  secret: 512,
  securityGroup: 255,
  subnetGroup: 255,
  s3Bucket: 63,
  dmsIdentifier: 63, // dms CreateReplicationInstance.ReplicationInstanceIdentifier (tasks, subnet groups: 255)
  healthCheckTag: 255,
  efs: 256,
  appAutoscalingPolicy: 255,
  nameTag: 256, // ec2 tag value (the Name tag of VPC, subnets, gateways, route tables)
  kmsAlias: 256, // kms CreateAlias.AliasName, including the alias/ prefix
  ecrRepository: 256, // ecr CreateRepository.RepositoryName
  cloudwatchAlarm: 255, // cloudwatch PutMetricAlarm.AlarmName
  snsTopic: 256, // sns CreateTopic.Name
} as const;

export type NameKind = keyof typeof NAME_LIMITS;

export function shortHash(input: string, length = 6): string {
  return createHash('sha256').update(input).digest('hex').slice(0, length);
}

/**
 * Join parts with hyphens and fit the result in `max` characters. Characters outside [a-z0-9-] become
 * hyphens, runs of hyphens collapse (RDS and ElastiCache forbid `--`), and no name ends with a hyphen.
 */
export function fitName(parts: readonly string[], max: number): string {
  const full = parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  if (full.length <= max) return full;
  const hash = shortHash(full);
  const head = full.slice(0, max - hash.length - 1).replace(/-+$/, '');
  return `${head}-${hash}`;
}

export function awsName(kind: NameKind, ...parts: string[]): string {
  return fitName(parts, NAME_LIMITS[kind]);
}

/**
 * Logical-id keys for names that ids cannot always hold as they are: `sanitize` maps each name to its key.
 * When names map to the same key (`*.x` and `wildcard.x`, `a-b.x` and `a.b.x`), one keeps it and the others
 * add a short hash of their full name: a name that is its own key first (`wildcard` before `*`), then the
 * one with the fewest labels, then the one that sorts first (`*.x` before `wildcard.x`), so a name keeps its
 * key when another that sorts after it is added beside it, and the key of a name without a collision never
 * carries a hash. Keys do not depend on the order of the list; each name
 * is sanitized once (linear in the number of names).
 */
export function uniqueKeys(
  names: readonly string[],
  sanitize: (name: string) => string,
): Map<string, string> {
  const byKey = new Map<string, string[]>();
  for (const name of new Set(names)) {
    const key = sanitize(name);
    byKey.set(key, [...(byKey.get(key) ?? []), name]);
  }
  const labels = (n: string) => n.split(/[./]/).length;
  const keys = new Map<string, string>();
  for (const [key, group] of byKey) {
    const own = (n: string) => (n === key ? 0 : 1);
    const [keeper, ...others] = group.sort(
      (a, b) => own(a) - own(b) || labels(a) - labels(b) || (a < b ? -1 : a > b ? 1 : 0),
    );
    keys.set(keeper, key);
    for (const other of others) keys.set(other, `${key}-${shortHash(other)}`);
  }
  return keys;
}
