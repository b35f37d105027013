/**
 * Lookups in the parts' plans: how a part finds what another part planned (a security group, a repository,
 * a declared secret) to refer to it. They read only the plan model, so a part that uses them imports no
 * other part (the rule parts-stay-apart, .dependency-cruiser.cjs). Each is a dropship bug when it finds
 * nothing: the caller asks only for what the spec gives that part.
 */
import type {
  DataPlan,
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

const nodesByKey = new WeakMap<SecurityPlan, Map<string, SgNode>>();

/** The group the plan names `key` (a key the plan gave, e.g. in `taskSecurityGroups`). */
export function groupByKey(security: SecurityPlan, key: string): SgNode {
  let byKey = nodesByKey.get(security);
  if (!byKey) nodesByKey.set(security, (byKey = new Map(security.nodes.map((n) => [n.key, n]))));
  const node = byKey.get(key);
  if (!node) throw new Error(`security plan: no group ${key} (a dropship bug: please report it)`);
  return node;
}

const repositoriesByName = new WeakMap<RegistryPlan, Map<string, RepositoryPlan>>();

/** The repository the spec names `name` (the rules refuse an image from an undeclared repository). */
export function repositoryOf(registry: RegistryPlan, name: string): RepositoryPlan {
  let repositories = repositoriesByName.get(registry);
  if (!repositories)
    repositoriesByName.set(registry, (repositories = new Map(registry.repositories.map((r) => [r.name, r]))));
  const repository = repositories.get(name);
  if (!repository) throw new Error(`registry plan: no repository ${name} (a dropship bug: please report it)`);
  return repository;
}

const declaredByName = new WeakMap<DataPlan, Map<string, SecretPlan>>();

/** The secret the spec declares as `name` (the rules refuse a reference to an undeclared one). */
export function declaredSecretOf(data: DataPlan, name: string): SecretPlan {
  let byName = declaredByName.get(data);
  if (!byName)
    declaredByName.set(
      data,
      (byName = new Map(data.secrets.filter((s) => s.declared).map((s) => [s.key, s]))),
    );
  const secret = byName.get(name);
  if (!secret) throw new Error(`data plan: no declared secret ${name} (a dropship bug: please report it)`);
  return secret;
}
