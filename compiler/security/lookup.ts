/** Finding a group in the security plan: what other parts read to refer to a group. */
import type { SecurityPlan, SgNodeKind, SgNode } from '../model';

/**
 * The group of `kind` (for `subject`: the app, database or cache it stands for). Every caller asks for one the
 * spec gives the graph; a missing one is a dropship bug.
 */
export function groupOf(security: SecurityPlan, kind: SgNodeKind, subject?: string): SgNode {
  const node = security.nodes.find((n) => n.kind === kind && n.subject === subject);
  if (!node)
    throw new Error(
      `security plan: no ${kind} group${subject ? ` of ${subject}` : ''} (a dropship bug: please report it)`,
    );
  return node;
}

const nodesByKey = new WeakMap<SecurityPlan, Map<string, SgNode>>();

/** The group the plan names `key` (a key the plan gave, e.g. in `taskSecurityGroups`). */
export function groupByKey(security: SecurityPlan, key: string): SgNode {
  let byKey = nodesByKey.get(security);
  if (!byKey) nodesByKey.set(security, (byKey = new Map(security.nodes.map((n) => [n.key, n]))));
  const node = byKey.get(key);
  if (!node) throw new Error(`security plan: no group ${key} (a dropship bug: please report it)`);
  return node;
}
