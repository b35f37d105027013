/**
 * What each of the spec's `caches:` becomes on ElastiCache: its engine and version. The rules check it and
 * the compiler plans with it, so both read one answer.
 */
import type { CacheTargetSpec, DoDatabaseSpec } from '../spec';
import {
  CACHE_ENGINE_VERSIONS,
  DEFAULT_CACHE_VERSION,
  DO_TO_CACHE_DEFAULT,
  findCacheVersion,
  type CacheEngine,
  type CacheEngineVersion,
} from '../facts/engine-versions';

export interface CacheVersionChoice {
  /** The ElastiCache engine and version the DigitalOcean source maps to (none without a source or mapping). */
  mapped?: { engine: CacheEngine; version: string };
  engine: CacheEngine;
  /** The version asked for: the spec's, else the mapped one (same engine), else the engine's default. */
  version: string;
  /** What ElastiCache offers for it (a bare major is its newest minor); undefined when nothing. */
  found?: CacheEngineVersion;
}

export function cacheVersionOf(
  cache: CacheTargetSpec,
  source: DoDatabaseSpec | undefined,
): CacheVersionChoice {
  const mapped = source
    ? (DO_TO_CACHE_DEFAULT[`${source.engine}:${source.version}`] ??
      DO_TO_CACHE_DEFAULT[`${source.engine}:${source.version.split('.')[0]}`])
    : undefined;
  const engine: CacheEngine = cache.engine ?? mapped?.engine ?? 'valkey';
  const version =
    cache.version ?? (mapped && mapped.engine === engine ? mapped.version : DEFAULT_CACHE_VERSION[engine]);
  const found =
    findCacheVersion(engine, version) ??
    (/^\d+$/.test(version)
      ? CACHE_ENGINE_VERSIONS.find((v) => v.engine === engine && v.version.startsWith(`${version}.`))
      : undefined);
  return { mapped, engine, version, found };
}

/** What the apps keep in a cache: state (sessions, queues) a lost node loses, or data they rebuild. */
export type CacheHolds = 'sessions' | 'queues' | 'cache';

/**
 * The spec's `holds`, else `cache` when the memory alarm is off (the spec documents `memoryAlarm: false` as
 * the setting of an LRU cache), else `sessions`: reading a cache as state until told otherwise errs on the
 * side of a replica paid for, not of sessions lost.
 */
export function cacheHoldsOf(cache: CacheTargetSpec): { holds: CacheHolds; given: boolean } {
  if (cache.holds) return { holds: cache.holds, given: true };
  return { holds: cache.memoryAlarm === false ? 'cache' : 'sessions', given: false };
}

/** Whether losing the cache's node loses state: sessions or queued jobs. */
export function cacheHoldsState(holds: CacheHolds): boolean {
  return holds !== 'cache';
}

/** Nodes of a production cache that holds state: a primary and a replica in another zone. */
export const STATEFUL_PRODUCTION_CACHE_NODES = 2;

export interface CacheNodesChoice {
  nodes: number;
  /** given: the spec's `nodes`; source: the DigitalOcean count; raised: a production state store's minimum. */
  rule: 'given' | 'source' | 'default' | 'raised';
  holds: CacheHolds;
  holdsGiven: boolean;
}

/** How many nodes a cache gets: the spec's, else the source's, raised to 2 for a production state store. */
export function cacheNodesOf(
  cache: CacheTargetSpec,
  source: DoDatabaseSpec | undefined,
  production: boolean,
): CacheNodesChoice {
  const { holds, given: holdsGiven } = cacheHoldsOf(cache);
  if (cache.nodes !== undefined) return { nodes: cache.nodes, rule: 'given', holds, holdsGiven };
  const derived = source?.nodes ?? 1;
  if (production && cacheHoldsState(holds) && derived < STATEFUL_PRODUCTION_CACHE_NODES) {
    return { nodes: STATEFUL_PRODUCTION_CACHE_NODES, rule: 'raised', holds, holdsGiven };
  }
  return { nodes: derived, rule: source ? 'source' : 'default', holds, holdsGiven };
}
