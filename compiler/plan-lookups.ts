/**
 * Lookups in the parts' plans: how a part finds what another part planned (a security group, a repository,
 * a declared secret) to refer to it. They read only the plan model, so a part that uses them imports no
 * other part (the rule parts-stay-apart, .dependency-cruiser.cjs). Each is a dropship bug when it finds
 * nothing: the caller asks only for what the spec gives that part.
 */
import { domainOf } from '../schema/inventory/records';
import type { DnsPlan } from './model/dns';
import type { Value } from './model/refs';
import type {
  DataPlan,
  PullThroughCacheRulePlan,
  RegistryPlan,
  RepositoryPlan,
  SecretPlan,
  SecurityPlan,
  SgNode,
  SgNodeKind,
} from './model';

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

/**
 * `find(plan, key)`: the item of `items(plan)` whose `keyOf` is `key`, from an index built once per plan (a
 * fleet asks for thousands); a missing key throws `missing(key)`, a dropship bug.
 */
function indexedLookup<Plan extends object, Item>(
  items: (plan: Plan) => readonly Item[],
  keyOf: (item: Item) => string,
  missing: (key: string) => string,
): (plan: Plan, key: string) => Item {
  const indexes = new WeakMap<Plan, Map<string, Item>>();
  return (plan, key) => {
    let index = indexes.get(plan);
    if (!index) indexes.set(plan, (index = new Map(items(plan).map((item) => [keyOf(item), item]))));
    const item = index.get(key);
    if (item === undefined) throw new Error(`${missing(key)} (a dropship bug: please report it)`);
    return item;
  };
}

/** The group the plan names `key` (a key the plan gave, e.g. in `taskSecurityGroups`). */
export const groupByKey: (security: SecurityPlan, key: string) => SgNode = indexedLookup(
  (security: SecurityPlan) => security.nodes,
  (n) => n.key,
  (key) => `security plan: no group ${key}`,
);

/** The repository the spec names `name` (the rules refuse an image from an undeclared repository). */
export const repositoryOf: (registry: RegistryPlan, name: string) => RepositoryPlan = indexedLookup(
  (registry: RegistryPlan) => registry.repositories,
  (r) => r.name,
  (name) => `registry plan: no repository ${name}`,
);

/** The pull-through cache rule of an upstream registry (the rules refuse a cached image without one). */
export const pullThroughRuleOf: (registry: RegistryPlan, upstream: string) => PullThroughCacheRulePlan =
  indexedLookup(
    (registry: RegistryPlan) => registry.pullThroughCacheRules,
    (r) => r.upstream,
    (upstream) => `registry plan: no pull-through cache rule for ${upstream}`,
  );

/** The secret the spec declares as `name` (the rules refuse a reference to an undeclared one). */
export const declaredSecretOf: (data: DataPlan, name: string) => SecretPlan = indexedLookup(
  (data: DataPlan) => data.secrets.filter((s) => s.declared),
  (s) => s.key,
  (name) => `data plan: no declared secret ${name}`,
);

/**
 * The Route 53 zone dropship can write a hostname's validation record to (from the dns part of the plan:
 * a new zone, or the spec's existing route53ZoneId), or undefined when its DNS is hosted elsewhere.
 */
export function zoneFor(dns: DnsPlan, hostname: string): { zoneId: Value; domain: string } | undefined {
  const name = hostname.replace(/^\*\./, '');
  const domain = domainOf(
    dns.zones.map((z) => ({ name: z.domain })),
    name,
  );
  const zone = dns.zones.find((z) => z.domain === domain);
  if (!zone || zone.mode === 'none' || zone.zoneId === undefined) return undefined;
  return { zoneId: zone.zoneId, domain: zone.domain };
}
