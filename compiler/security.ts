/**
 * The security-group graph, as data: which security group admits which on what port, and why. Nodes are
 * the ALB, every app's tasks, every database and cache, and the DMS replication instance; edges come only
 * from the spec (public exposure, internal exposure, `uses`, DMS migrations). Rules are derived from the
 * edges: an edge between two groups is an ingress rule on the target that references the source group plus
 * the matching egress rule on the source, so nothing is open by CIDR inside the VPC.
 *
 * Rules stay linear in the fleet: every app task also carries the shared group `apps` and every internal
 * app's task the shared group `internal`. An internal app admits `apps` on its port (one rule each) and
 * `apps` may reach `internal` on each distinct internal port, so "any app may call an internal app" costs
 * I + P rules instead of 2 × I × (N − 1), and no group comes near AWS's 60 rules per direction. Public
 * apps likewise carry `public`: each admits the ALB on its port, the ALB egresses to `public` per port.
 *
 * Invariants (tested): the only ingress from 0.0.0.0/0 or ::/0 is the ALB's on 80 and 443; databases and
 * caches have no egress; the ALB egresses only to the `public` group (on public app tasks) on their ports.
 *
 * compiler/security/ holds one module per concern: the groups (nodes.ts, keys.ts, names.ts), the edges of
 * the app, data and endpoint groups, rule derivation (rules.ts) and AWS's quota (quota.ts).
 */
import type { CompileContext } from './context';
import type { SecurityPlan } from './model/security';
import { taskSecurityGroupKeys } from './security/task-groups';
import { checkQuota } from './security/quota';
import { rulesFromEdges } from './security/rules';
import { sidesOf } from './security/sides';
import { groupNodes } from './security/nodes';
import {
  albToPublicApps,
  appsHttpsEgress,
  appsToInternalApps,
  declaredAppEgress,
  internetToAlb,
  testListenersToAlb,
} from './security/app-edges';
import { appsToDataStores, dmsToDatabases } from './security/data-edges';
import { toVpcEndpoints } from './security/endpoint-edges';
import { digitalOceanEgress } from './security/digitalocean-edges';

// What the rest of dropship reads of the security part (the plan report, tests) stays importable from here.
export * from './group-keys';
export { groupByKey, groupOf } from './plan-lookups';
export { groupName, sanitizeDescription } from './security/names';
export { RULES_PER_SECURITY_GROUP } from './security/quota';

/** The groups, edges and rules of the environment, and the decisions that explain them. */
export function compileSecurity(ctx: CompileContext): SecurityPlan {
  const { spec } = ctx;
  const sides = sidesOf(spec);
  const nodes = groupNodes(ctx, sides);
  // In this order: the plan lists edges and decisions from the internet inwards, then the ways out.
  const parts = [
    internetToAlb(spec, sides),
    albToPublicApps(sides),
    testListenersToAlb(sides),
    appsToInternalApps(sides),
    appsToDataStores(spec),
    dmsToDatabases(spec, sides),
    appsHttpsEgress(spec),
    declaredAppEgress(spec),
    digitalOceanEgress(spec),
    toVpcEndpoints(spec, sides),
  ];
  const edges = parts.flatMap((p) => p.edges);
  const decisions = parts.flatMap((p) => p.decisions);

  const taskSecurityGroups: Record<string, string[]> = {};
  for (const app of spec.apps) taskSecurityGroups[app.name] = taskSecurityGroupKeys(app);

  const rules = rulesFromEdges(edges, ctx.prefix);
  checkQuota(nodes, rules, ctx.report);
  return { nodes, edges, rules, taskSecurityGroups, decisions };
}
