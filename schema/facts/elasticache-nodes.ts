/**
 * ElastiCache Graviton node types and the rule that maps a DigitalOcean Redis/Valkey node size to one.
 *
 * Source: AWS ElastiCache User Guide "Valkey / Redis OSS node-type specific parameters"
 * (ParameterGroups.Engine, 2025 edition with cache.m8g/r8g rows): `maxmemory` bytes per node type;
 * GiB = bytes / 2^30. vCPUs from the ElastiCache pricing table (large 2, xlarge 4, 2xlarge 8, ...; t4g 2).
 * Node-type names confirmed by the ElastiCache API model (`CreateReplicationGroupMessage.CacheNodeType`).
 *
 * Rule E: Redis/Valkey executes commands on one thread, so memory decides: among t4g, m7g and r7g, the node
 * with the fewest vCPUs, then the least maxmemory, whose maxmemory is at least the DigitalOcean node's RAM.
 * A reviewed default: set `nodeType` to override it.
 */
import { doDbSize, type DoDbSize } from './rds-classes';

export interface CacheNodeType {
  name: string;
  vcpus: number;
  maxmemoryBytes: number;
}

const GIB = 2 ** 30;

export const CACHE_NODE_TYPES: readonly CacheNodeType[] = [
  ['cache.t4g.micro', 2, 536870912],
  ['cache.t4g.small', 2, 1471026299],
  ['cache.t4g.medium', 2, 3317862236],
  ['cache.m7g.large', 2, 6854542746],
  ['cache.m7g.xlarge', 4, 13891921715],
  ['cache.m7g.2xlarge', 8, 27966669210],
  ['cache.m7g.4xlarge', 16, 56116178125],
  ['cache.m7g.8xlarge', 32, 111325552312],
  ['cache.m7g.12xlarge', 48, 168715971994],
  ['cache.m7g.16xlarge', 64, 225000375228],
  ['cache.r7g.large', 2, 14037181030],
  ['cache.r7g.xlarge', 4, 28261849702],
  ['cache.r7g.2xlarge', 8, 56711183565],
  ['cache.r7g.4xlarge', 16, 113609865216],
  ['cache.r7g.8xlarge', 32, 225000375228],
  ['cache.r7g.12xlarge', 48, 341206346547],
  ['cache.r7g.16xlarge', 64, 450000750456],
].map(([name, vcpus, maxmemoryBytes]) => ({
  name: name as string,
  vcpus: vcpus as number,
  maxmemoryBytes: maxmemoryBytes as number,
}));

export function maxmemoryGib(node: CacheNodeType): number {
  return Math.round((node.maxmemoryBytes / GIB) * 100) / 100;
}

/** Rule E (see the header). `undefined` when the slug is unknown or nothing is large enough. */
export function cacheNodeFor(slug: string): { size: DoDbSize; node: CacheNodeType } | undefined {
  const size = doDbSize(slug);
  if (!size) return undefined;
  const candidates = CACHE_NODE_TYPES.filter((n) => n.maxmemoryBytes >= size.memoryGib * GIB).sort(
    (a, b) => a.vcpus - b.vcpus || a.maxmemoryBytes - b.maxmemoryBytes,
  );
  return candidates.length > 0 ? { size, node: candidates[0] } : undefined;
}
