/**
 * `caches:` → ElastiCache replication groups (cluster mode disabled, like a DigitalOcean Redis/Valkey
 * cluster): engine and version, node type and node count derived from the DigitalOcean cluster; encryption
 * at rest and in transit always; an AUTH token that lives only in Secrets Manager (see docs/data.md).
 */
import type { CompileContext } from '../context';
import { awsName } from '../../schema/facts/aws-names';
import { ref } from '../refs';
import type { CacheTargetSpec, DoDatabaseSpec } from '../../schema/spec';
import { chooseSize, DATA_LOG_RETENTION_DAYS, KMS_KEY, type Findings } from './common';
import { findDoDatabase } from '../../schema/inventory/databases';
import {
  CACHE_ENGINE_VERSIONS,
  DEFAULT_CACHE_VERSION,
  DO_TO_CACHE_DEFAULT,
  findCacheVersion,
  type CacheEngine,
  type CacheEngineVersion,
} from '../../schema/facts/engine-versions';
import { cacheNodeFor, maxmemoryGib } from '../../schema/facts/elasticache-nodes';
import type { CachePlan, CacheProtections } from '../model/data';

const DEFAULT_NODE_TYPE = 'cache.t4g.small';
/** Every cache, whatever the spec says. */
const CACHE_PROTECTIONS: CacheProtections = {
  // Encrypted at rest with the environment's key: only possible when the group is created.
  atRestEncryption: true,
  // TLS between clients and nodes, required from the start; AUTH tokens work only with it.
  transitEncryption: true,
  // Security fixes within the pinned engine version, applied in the maintenance window.
  autoMinorVersionUpgrade: true,
};

export function compileCaches(ctx: CompileContext, findings: Findings): CachePlan[] {
  const out: CachePlan[] = [];
  ctx.spec.caches.forEach((cache, index) => {
    const plan = compileCache(ctx, cache, index, findings);
    if (plan) out.push(plan);
  });
  return out;
}

/** The key of a cache's AUTH-token secret in `DataPlan.secrets`. */
export const cacheAuthSecretKey = (cache: string) => `cache-${cache}-auth`;

function compileCache(
  ctx: CompileContext,
  cache: CacheTargetSpec,
  index: number,
  { decisions, issues }: Findings,
): CachePlan | undefined {
  const path = ['caches', index];
  const subject = `caches.${cache.name}`;
  const source = findDoDatabase(ctx.spec, cache.from);
  if (cache.from !== undefined && !source) {
    issues.push({
      severity: 'error',
      code: 'data/unknown-source',
      path: [...path, 'from'],
      message: `caches.${cache.name}.from names "${cache.from}", which is not in digitalocean.databases`,
      expected: 'the name of a DigitalOcean Redis or Valkey cluster',
    });
    return undefined;
  }
  if (source && source.engine !== 'redis' && source.engine !== 'valkey') {
    issues.push({
      severity: 'error',
      code: 'data/engine-mismatch',
      path: [...path, 'from'],
      message: `${source.name} is a ${source.engine} cluster; ElastiCache takes Redis or Valkey`,
      hint: 'declare it under databases: (RDS) instead',
    });
    return undefined;
  }
  const fromText = source
    ? `${source.name}: ${source.engine} ${source.version}, ${source.size}, ${source.nodes} node(s)`
    : undefined;

  const version = resolveVersion(cache, source, index, issues);
  if (!version) return undefined;
  decisions.push({
    subject: `${subject}.engine`,
    choice: `${version.engine} ${version.version}`,
    rule: cache.version
      ? 'given in the spec'
      : source
        ? `DigitalOcean ${source.engine} ${source.version} → ${version.engine} ${version.version}${version.engine === 'valkey' && source.engine === 'redis' ? ' (wire-compatible with Redis OSS 7, lower node price)' : ''}`
        : `no source: the default for ${version.engine}`,
    from: fromText,
  });

  const nodeType = chooseSize(
    {
      subject: `${subject}.nodeType`,
      path,
      given: cache.nodeType,
      source,
      from: fromText,
      map: cacheNodeFor,
      mapped: ({ size, node }, name) => ({
        choice: node.name,
        rule: `${name} (${size.memoryGib} GiB RAM) → smallest node whose maxmemory (${maxmemoryGib(node)} GiB) holds it`,
      }),
      fallback: { choice: DEFAULT_NODE_TYPE, field: 'nodeType' },
      unknown: { what: 'ElastiCache node type', hint: 'set caches[].nodeType, e.g. cache.t4g.small' },
    },
    { decisions, issues },
  );
  if (nodeType === undefined) return undefined;

  const nodes = cache.nodes ?? source?.nodes ?? 1;
  const replicated = nodes > 1;
  decisions.push({
    subject: `${subject}.nodes`,
    choice: replicated ? `${nodes} nodes, automatic failover, Multi-AZ` : '1 node (no replica)',
    rule:
      cache.nodes !== undefined ? 'given in the spec' : source ? 'the DigitalOcean node count' : 'default',
    from: fromText,
  });

  const replicationGroupId = awsName('elasticacheGroup', ctx.prefix, cache.name);
  return {
    name: cache.name,
    replicationGroupId,
    description: `${ctx.prefix} ${cache.name} (${version.engine} ${version.version})${source ? `, replaces DigitalOcean ${source.name}` : ''}`,
    engine: version.engine,
    engineVersion: version.version,
    parameterGroupName: version.parameterGroup,
    nodeType,
    numCacheClusters: nodes,
    port: 6379,
    automaticFailover: replicated,
    multiAz: replicated,
    securityGroupId: ref(`network.sg.cache-${cache.name}.id`),
    kmsKeyArn: KMS_KEY,
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
    protections: CACHE_PROTECTIONS,
    from: source?.name,
  };
}

function resolveVersion(
  cache: CacheTargetSpec,
  source: DoDatabaseSpec | undefined,
  index: number,
  issues: Findings['issues'],
): CacheEngineVersion | undefined {
  const mapped = source
    ? (DO_TO_CACHE_DEFAULT[`${source.engine}:${source.version}`] ??
      DO_TO_CACHE_DEFAULT[`${source.engine}:${source.version.split('.')[0]}`])
    : undefined;
  if (source && !mapped && cache.version === undefined) {
    issues.push({
      severity: 'error',
      code: 'data/unsupported-version',
      path: ['caches', index, 'from'],
      message: `${source.name} runs ${source.engine} ${source.version}, which dropship has no ElastiCache mapping for`,
      expected: `one of ${Object.keys(DO_TO_CACHE_DEFAULT).join(', ')}`,
      hint: `set caches[${index}].engine and version`,
    });
    return undefined;
  }
  const engine: CacheEngine = cache.engine ?? mapped?.engine ?? 'valkey';
  let version = cache.version;
  if (version === undefined)
    version = mapped && mapped.engine === engine ? mapped.version : DEFAULT_CACHE_VERSION[engine];
  // A bare major ("7", "8") means the newest minor of it.
  const found =
    findCacheVersion(engine, version) ??
    (/^\d+$/.test(version)
      ? CACHE_ENGINE_VERSIONS.find((v) => v.engine === engine && v.version.startsWith(`${version}.`))
      : undefined);
  if (!found)
    issues.push({
      severity: 'error',
      code: 'data/unsupported-version',
      path: ['caches', index, cache.version !== undefined ? 'version' : 'engine'],
      message: `ElastiCache ${engine} does not offer version ${version}`,
      expected: `one of ${CACHE_ENGINE_VERSIONS.filter((v) => v.engine === engine)
        .map((v) => v.version)
        .join(', ')}`,
    });
  return found;
}
