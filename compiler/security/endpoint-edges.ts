/** The endpoint group's edges: with no NAT, the tasks and DMS reach AWS through VPC interface endpoints. */
import type { MigrationSpec } from '../../schema/spec';
import type { SgEdge } from '../model';
import { APPS_SG_KEY, DMS_SG_KEY, ENDPOINTS_SG_KEY } from '../group-keys';
import { Sides, EdgesOf } from './sides';

/** nat: none — the interface endpoints answer HTTPS from the tasks (and DMS) inside the VPC. */
export function toVpcEndpoints(spec: MigrationSpec, { dmsDatabases, endpoints }: Sides): EdgesOf {
  if (!endpoints) return { edges: [], decisions: [] };
  const callers = [
    ...(spec.apps.length > 0 ? [APPS_SG_KEY] : []),
    ...(dmsDatabases.length > 0 ? [DMS_SG_KEY] : []),
  ];
  const edges = callers.map((from): SgEdge => ({
    from,
    to: ENDPOINTS_SG_KEY,
    protocol: 'tcp',
    port: 443,
    reason: 'HTTPS to the VPC endpoints (ECR, Secrets Manager, CloudWatch Logs): there is no NAT',
  }));
  return { edges, decisions: [] };
}
