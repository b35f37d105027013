/**
 * `caches:` → ElastiCache replication groups (cluster mode disabled, like a DigitalOcean Redis/Valkey
 * cluster): engine and version, node type and node count derived from the DigitalOcean cluster; encryption
 * at rest and in transit always; an AUTH token that lives only in Secrets Manager (see docs/data.md).
 */
import type { CompileContext } from '../context';
import { awsName } from '../../schema/facts/aws-names';
import { groupOf } from '../plan-lookups';
import type { CacheTargetSpec, DoDatabaseSpec } from '../../schema/spec';
import type { Decision } from '../model';
import { chooseSize, DATA_LOG_RETENTION_DAYS, type DataUpstream } from './common';
import { findDoDatabase } from '../../schema/inventory/databases';
import { cacheNodesOf, cacheVersionOf } from '../../schema/inventory/caches';
import { cacheAuthSecretKey, secretPath } from '../../schema/inventory/secrets';
import { cacheNodeFor, maxmemoryGib } from '../../schema/facts/elasticache-nodes';
import { ELASTICACHE_PORT } from '../../schema/facts/ports';
import type { CachePlan, CacheProtections } from '../model/data';
import { address, ref } from '../refs';
import { dataStackName } from '../stack-names';

const DEFAULT_NODE_TYPE = 'cache.t4g.small';
/**
 * What a changed node count does to an applied group. The provider adds or removes replicas for a changed
 * num_cache_clusters (IncreaseReplicaCount: "no cluster down time"), and automatic failover and Multi-AZ are
 * settings of ModifyReplicationGroup: no replacement.
 */
const NODE_COUNT_IN_PLACE =
  'On a group applied with one node, this changes it in place: num_cache_clusters 1 → 2 adds a replica (IncreaseReplicaCount, without downtime: https://docs.aws.amazon.com/cli/latest/reference/elasticache/increase-replica-count.html) and automatic_failover_enabled / multi_az_enabled are modified, no replacement; if ElastiCache refuses failover before the replica is ready, apply again.';
/** Every cache, whatever the spec says. */
const CACHE_PROTECTIONS: CacheProtections = {
  // Encrypted at rest with the environment's key: only possible when the group is created.
  atRestEncryption: true,
  // TLS between clients and nodes, required from the start; AUTH tokens work only with it.
  transitEncryption: true,
  // Security fixes within the pinned engine version, applied in the maintenance window.
  autoMinorVersionUpgrade: true,
};

export function compileCaches(ctx: CompileContext, decisions: Decision[], up: DataUpstream): CachePlan[] {
  return ctx.spec.caches.map((cache) => compileCache(ctx, cache, decisions, up));
}

/**
 * One cache. The spec is valid: its source is Redis or Valkey, ElastiCache offers its version and its
 * source's size maps to a node type (schema/rules/caches.ts).
 */
function compileCache(
  ctx: CompileContext,
  cache: CacheTargetSpec,
  decisions: Decision[],
  up: DataUpstream,
): CachePlan {
  const subject = `caches.${cache.name}`;
  const source = findDoDatabase(ctx.spec, cache.from);
  const fromText = source
    ? `${source.name}: ${source.engine} ${source.version}, ${source.size}, ${source.nodes} node(s)`
    : undefined;
  const version = chooseCacheEngine({ cache, source, subject, from: fromText, decisions });
  const { nodeType, nodes } = chooseCacheNodes(
    { cache, source, subject, from: fromText, decisions },
    ctx.production,
  );
  const replicated = nodes > 1;

  const replicationGroupId = awsName('elasticacheGroup', ctx.prefix, cache.name);
  const group = address(
    dataStackName(ctx.prefix),
    'aws_elasticache_replication_group',
    `cache-${cache.name}`,
  );
  return {
    name: cache.name,
    address: group,
    endpoint: { host: ref(group, 'primary_endpoint_address'), port: ref(group, 'port') },
    replicationGroupId,
    description: `${ctx.prefix} ${cache.name} (${version.engine} ${version.version})${source ? `, replaces DigitalOcean ${source.name}` : ''}`,
    engine: version.engine,
    engineVersion: version.version,
    parameterGroupName: version.parameterGroup,
    nodeType,
    numCacheClusters: nodes,
    port: ELASTICACHE_PORT,
    automaticFailover: replicated,
    multiAz: replicated,
    securityGroupId: groupOf(up.security, 'cache', cache.name).id,
    kmsKeyArn: up.network.kms.arn,
    snapshotRetentionDays: ctx.production ? 7 : 1,
    finalSnapshotIdentifier: ctx.production
      ? awsName('elasticacheGroup', replicationGroupId, 'final')
      : undefined,
    slowLogGroup: {
      name: `/aws/elasticache/${replicationGroupId}/slow-log`,
      retentionDays: DATA_LOG_RETENTION_DAYS,
    },
    slowLogFormat: 'json',
    authSecret: cacheAuthSecretKey(cache.name),
    authCheck: {
      name: `cache-${cache.name}-auth`,
      errorMessage: `ElastiCache group ${replicationGroupId} has no AUTH token: any client that reaches it (only the apps' security groups can) reads and writes it without a password. Run the manual step that applies its token from ${secretPath(ctx.prefix, 'cache', cache.name, 'auth-token')}.`,
    },
    preventDestroy: ctx.production,
    protections: CACHE_PROTECTIONS,
    from: source?.name,
  };
}

/** What a cache's decisions start from: the spec's target, its DigitalOcean source, where to record. */
interface CacheChoice {
  cache: CacheTargetSpec;
  source: DoDatabaseSpec | undefined;
  subject: string;
  from: string | undefined;
  decisions: Decision[];
}

/** The engine and version: the spec's, else the source's (Redis may become Valkey), else the default. */
function chooseCacheEngine({ cache, source, subject, from, decisions }: CacheChoice) {
  const version = cacheVersionOf(cache, source).found!;
  decisions.push({
    subject: `${subject}.engine`,
    choice: `${version.engine} ${version.version}`,
    rule: cache.version
      ? 'given in the spec'
      : source
        ? `DigitalOcean ${source.engine} ${source.version} → ${version.engine} ${version.version}${version.engine === 'valkey' && source.engine === 'redis' ? ' (wire-compatible with Redis OSS 7, lower node price)' : ''}`
        : `no source: the default for ${version.engine}`,
    from,
  });
  return version;
}

/** The node type and count: from the spec, else from the DigitalOcean cluster's size and nodes. */
function chooseCacheNodes({ cache, source, subject, from, decisions }: CacheChoice, production: boolean) {
  const nodeType = chooseSize(
    {
      subject: `${subject}.nodeType`,
      given: cache.nodeType,
      source,
      from,
      map: cacheNodeFor,
      mapped: ({ size, node }, name) => ({
        choice: node.name,
        rule: `${name} (${size.memoryGib} GiB RAM) → smallest node whose maxmemory (${maxmemoryGib(node)} GiB) holds it`,
      }),
      fallback: { choice: DEFAULT_NODE_TYPE, field: 'nodeType' },
    },
    decisions,
  );
  const { nodes, rule, holds, holdsGiven } = cacheNodesOf(cache, source, production);
  const holdsText = `holds ${holds}${holdsGiven ? '' : holds === 'cache' ? ' (memoryAlarm: false reads as an LRU cache)' : ' (the default reading: state until `holds: cache` says otherwise)'}`;
  decisions.push({
    subject: `${subject}.nodes`,
    choice: nodes > 1 ? `${nodes} nodes, automatic failover, Multi-AZ` : '1 node (no replica)',
    rule:
      rule === 'given'
        ? `given in the spec (${holdsText})`
        : rule === 'raised'
          ? `production cache that ${holdsText}: a primary and a replica in another zone, so a lost node fails over instead of losing every ${holds === 'queues' ? 'queued job' : 'session'} (the DigitalOcean cluster has ${source?.nodes ?? 1}). ${NODE_COUNT_IN_PLACE}`
          : `${rule === 'source' ? 'the DigitalOcean node count' : 'default'} (${holdsText})`,
    from,
  });
  if (source)
    decisions.push({
      subject: `${subject}.contents`,
      choice: 'not copied: the replication group starts empty',
      rule:
        holds === 'queues'
          ? 'the move copies databases, not caches: the stop-writes step lets the queue workers empty the queues before they stop, since a job left on DigitalOcean is lost'
          : holds === 'sessions'
            ? 'the move copies databases, not caches: the sessions stay on DigitalOcean, so every signed-in user is signed out at the switch (and jobs queued there must be drained first, as the stop-writes step says)'
            : 'the move copies databases, not caches: the apps rebuild what they cache',
      from,
    });
  return { nodeType, nodes };
}
