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
