/**
 * `caches:`: the source is a Redis or Valkey database, the engine is known, and ElastiCache offers the
 * version (or has a default for the source's); then what each cache becomes (checkCacheTargets).
 */
import {
  CACHE_ENGINE_VERSIONS,
  DO_TO_CACHE_DEFAULT,
  findCacheVersion,
  majorOf,
} from '../facts/engine-versions';
import { cacheNodeFor } from '../facts/elasticache-nodes';
import { cacheHoldsOf, cacheHoldsState, cacheVersionOf, type CacheHolds } from '../inventory/caches';
import { isProductionSpec } from '../inventory/production';
import { findDoDatabase } from '../inventory/databases';
import type { Report } from '../report';
import type { CacheTargetSpec, MigrationSpec } from '../spec';
import { resolve, type Names } from './names';

export function checkCaches(r: Report, spec: MigrationSpec, n: Names): void {
  spec.caches.forEach((cache, i) => {
    const at = ['caches', i];
    let engine = cache.engine;
    let doVersion: string | undefined;
    if (cache.from) {
      if (!resolve(r, n.doDatabases, cache.from, () => [...at, 'from'], 'digitalocean.databases')) return;
      const source = n.doDatabases.get(cache.from);
      if (source && source.engine !== 'redis' && source.engine !== 'valkey') {
        r.error(
          [...at, 'from'],
          'wrong-engine',
          `\`${cache.from}\` is a ${source.engine} database; caches come from redis or valkey`,
          {
            hint: 'move it under databases: (it becomes RDS)',
          },
        );
        return;
      }
      if (source) doVersion = `${source.engine}:${majorOf(source.version)}`;
    }
    if (!engine && !doVersion) {
      r.error(
        [...at, 'engine'],
        'missing-engine',
        `cache \`${cache.name}\` needs an engine (or \`from\` a DigitalOcean database)`,
        {
          anchor: 'parent',
          expected: 'redis or valkey',
        },
      );
      return;
    }
    if (cache.version !== undefined) {
      engine ??=
        DO_TO_CACHE_DEFAULT[doVersion ?? '']?.engine ?? (doVersion?.split(':')[0] as 'redis' | 'valkey');
      if (!findCacheVersion(engine, majorOf(cache.version))) {
        r.error(
          [...at, 'version'],
          'engine-version',
          `ElastiCache does not offer ${engine} ${cache.version}`,
          {
            expected: `one of: ${CACHE_ENGINE_VERSIONS.filter((v) => v.engine === engine)
              .map((v) => v.version)
              .join(', ')}`,
          },
        );
      }
    } else if (!engine && doVersion && !DO_TO_CACHE_DEFAULT[doVersion]) {
      r.error(
        [...at, 'from'],
        'engine-version',
        `\`${cache.from}\` runs ${doVersion.replace(':', ' ')}, which has no ElastiCache default`,
        {
          hint: 'set `engine:` and `version:` explicitly',
        },
      );
    }
  });
}

/**
 * What each cache becomes on ElastiCache: a node type for its source's size, and an engine version
 * ElastiCache offers (a DigitalOcean version dropship can map, a version written out in full or as a bare
 * major). Over a spec whose names resolve (rules/index.ts).
 */
export function checkCacheTargets(r: Report, spec: MigrationSpec): void {
  spec.caches.forEach((cache, index) => {
    const source = findDoDatabase(spec, cache.from);
    const { mapped, engine, version, found } = cacheVersionOf(cache, source);
    if (source && !mapped && cache.version === undefined) {
      r.error(
        ['caches', index, 'from'],
        'data/unsupported-version',
        `${source.name} runs ${source.engine} ${source.version}, which dropship has no ElastiCache mapping for`,
        {
          expected: `one of ${Object.keys(DO_TO_CACHE_DEFAULT).join(', ')}`,
          hint: `set caches[${index}].engine and version`,
        },
      );
      return;
    }
    if (!found) {
      r.error(
        ['caches', index, cache.version !== undefined ? 'version' : 'engine'],
        'data/unsupported-version',
        `ElastiCache ${engine} does not offer version ${version}`,
        {
          expected: `one of ${CACHE_ENGINE_VERSIONS.filter((v) => v.engine === engine)
            .map((v) => v.version)
            .join(', ')}`,
        },
      );
      return;
    }
    warnSingleNodeStateStore(r, spec, cache, index);
    if (!cache.nodeType && source && !cacheNodeFor(source.size)) {
      r.error(
        ['caches', index, 'from'],
        'data/unknown-size',
        `no ElastiCache node type is known for the DigitalOcean size ${source.size}`,
        { hint: 'set caches[].nodeType, e.g. cache.t4g.small' },
      );
    }
  });
}

/** What a lost node of a cache that holds this loses. */
const LOST_WITH_A_NODE: Record<CacheHolds, string> = {
  sessions: 'every session (each signed-in user is signed out, every cart and form in progress is lost)',
  queues: 'every queued job not yet picked up (e-mails, payments, exports silently never run)',
  cache: 'its contents',
};

/**
 * A production cache that holds sessions or queues with one node, by the spec's choice: no replica, no
 * failover. The default is two nodes (schema/inventory/caches.ts); an explicit `nodes: 1` keeps one, warned.
 */
function warnSingleNodeStateStore(
  r: Report,
  spec: MigrationSpec,
  cache: CacheTargetSpec,
  index: number,
): void {
  if (cache.nodes !== 1 || !isProductionSpec(spec)) return;
  const { holds, given } = cacheHoldsOf(cache);
  if (!cacheHoldsState(holds)) return;
  r.warn(
    ['caches', index, 'nodes'],
    'data/single-node-cache',
    `production cache \`${cache.name}\` holds ${holds}${given ? '' : ' (the default reading of a cache)'} on one node: a node failure or replacement, or AWS maintenance on it, loses ${LOST_WITH_A_NODE[holds]}, and the cache is down until ElastiCache replaces the node`,
    {
      hint: given
        ? 'remove `nodes: 1` (two nodes, automatic failover, Multi-AZ), or accept the risk'
        : 'remove `nodes: 1` (two nodes, automatic failover, Multi-AZ), or set `holds: cache` if the apps can lose its contents',
    },
  );
}
