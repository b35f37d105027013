/** What the graph's edges are built from: the apps and databases on either side of the shared groups. */
import { usesVpcEndpoints } from '../../schema/inventory/network';
import type { MigrationSpec, DatabaseTargetSpec } from '../../schema/spec';
import type { SgEdge, Decision } from '../model';

export const IPV4_ANY = '0.0.0.0/0';

export const IPV6_ANY = '::/0';

type AppSpec = MigrationSpec['apps'][number];

/** The apps and databases on either side of the graph's shared groups. */
export interface Sides {
  publicApps: AppSpec[];
  internalApps: AppSpec[];
  dmsDatabases: DatabaseTargetSpec[];
  /** `nat: none`: the tasks and DMS reach AWS through interface endpoints. */
  endpoints: boolean;
}

export function sidesOf(spec: MigrationSpec): Sides {
  return {
    publicApps: spec.apps.filter((a) => a.expose && 'public' in a.expose),
    internalApps: spec.apps.filter((a) => a.expose && 'internal' in a.expose),
    dmsDatabases: spec.databases.filter((d) => d.migration.method === 'dms'),
    endpoints: usesVpcEndpoints(spec),
  };
}

/** The edges of one stretch of the graph, and the decisions that explain them. */
export interface EdgesOf {
  edges: SgEdge[];
  decisions: Decision[];
}
