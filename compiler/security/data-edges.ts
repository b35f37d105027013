/**
 * The data groups' edges: apps to their databases and caches, DMS to the databases it loads and out to its
 * sources.
 */
import type { RdsEngine } from '../../schema/facts/engine-versions';
import { ELASTICACHE_PORT, DO_DATABASE_PORT, RDS_PORTS } from '../../schema/facts/ports';
import { findByName } from '../../schema/inventory/by-name';
import { rdsEngineOf, findDoDatabase } from '../../schema/inventory/databases';
import type { DatabaseTargetSpec, MigrationSpec } from '../../schema/spec';
import type { SgEdge } from '../model';
import { appKey, dbKey, cacheKey, DMS_SG_KEY, INTERNET } from '../group-keys';
import { EdgesOf, Sides, IPV4_ANY } from './sides';

/** app → its databases and caches. */
export function appsToDataStores(spec: MigrationSpec): EdgesOf {
  const edges: SgEdge[] = [];
  for (const app of spec.apps) {
    // Every name resolves: the rules refuse an unknown one (unresolved-reference).
    for (const dbName of app.uses.databases) {
      const db = findByName(spec.databases, dbName)!;
      const { port, engine } = databasePort(spec, db);
      edges.push({
        from: appKey(app.name),
        to: dbKey(db.name),
        protocol: 'tcp',
        port,
        reason: `${app.name} uses database ${db.name} (${engine})`,
      });
    }
    for (const cacheName of app.uses.caches) {
      edges.push({
        from: appKey(app.name),
        to: cacheKey(cacheName),
        protocol: 'tcp',
        port: ELASTICACHE_PORT,
        reason: `${app.name} uses cache ${cacheName} (Redis protocol, TLS)`,
      });
    }
  }
  return { edges, decisions: [] };
}

/** DMS → the target databases it loads, and out to the DigitalOcean sources and Secrets Manager. */
export function dmsToDatabases(spec: MigrationSpec, { dmsDatabases }: Sides): EdgesOf {
  const edges: SgEdge[] = [];
  for (const db of dmsDatabases) {
    const { port, engine } = databasePort(spec, db);
    edges.push({
      from: DMS_SG_KEY,
      to: dbKey(db.name),
      protocol: 'tcp',
      port,
      reason: `DMS replicates ${db.from ?? 'the source'} into ${db.name} (${engine})`,
    });
  }
  if (dmsDatabases.length === 0) return { edges, decisions: [] };
  const sourcePorts = new Set<number>();
  for (const db of dmsDatabases) {
    const source = findDoDatabase(spec, db.from);
    sourcePorts.add(source?.port ?? DO_DATABASE_PORT);
  }
  for (const port of [...sourcePorts].sort((a, b) => a - b)) {
    edges.push({
      from: DMS_SG_KEY,
      to: INTERNET,
      protocol: 'tcp',
      port,
      cidrs: { ipv4: IPV4_ANY },
      reason: 'DMS reads the DigitalOcean source database over its public endpoint, through NAT',
    });
  }
  edges.push({
    from: DMS_SG_KEY,
    to: INTERNET,
    protocol: 'tcp',
    port: 443,
    cidrs: { ipv4: IPV4_ANY },
    reason: 'DMS reads endpoint credentials from Secrets Manager (HTTPS, through NAT)',
  });
  return { edges, decisions: [] };
}

/** The port of a target database: its engine's (its own, or that of the DigitalOcean database it comes `from`). */
export function databasePort(
  spec: MigrationSpec,
  db: DatabaseTargetSpec,
): { port: number; engine: RdsEngine } {
  // The engine is known: the loader refuses a database with neither an engine nor a mysql/pg source.
  const engine = rdsEngineOf(db, findDoDatabase(spec, db.from))!;
  return { port: RDS_PORTS[engine], engine };
}
