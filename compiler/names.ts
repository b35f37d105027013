/**
 * Generated AWS names: deterministic, within each service's length and character rules, never colliding.
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
