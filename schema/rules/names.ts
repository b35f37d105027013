/**
 * Names: every list's names are unique (later duplicates reported at their name), and a reference resolves
 * among the names of its list, with a did-you-mean. The name maps are what the other rules look names up in.
 */
import { formatPath } from '../diagnostics';
import type { FindingPath, Report } from '../report';
import type { MigrationSpec } from '../spec';
import { didYouMean } from '../suggest';

/** name → index of its first occurrence; reports later duplicates at their `name`. */
export function indexNames<T extends { name: string }>(
  r: Report,
  items: readonly T[],
  at: FindingPath,
  what: string,
): Map<string, T> {
  const byName = new Map<string, T>();
  const firstIndex = new Map<string, number>();
  items.forEach((item, i) => {
    const first = firstIndex.get(item.name);
    if (first !== undefined) {
      r.error([...at, i, 'name'], 'duplicate-name', `duplicate ${what} name \`${item.name}\``, {
        hint: `it is already used by ${formatPath([...at, first])}; names must be unique`,
      });
    } else {
      firstIndex.set(item.name, i);
      byName.set(item.name, item);
    }
  });
  return byName;
}
/** Reports `name` at `path` unless `known` has it, with a did-you-mean among the known names. */
export function resolve(
  r: Report,
  known: ReadonlyMap<string, unknown>,
  name: string,
  at: FindingPath | (() => FindingPath),
  where: string,
): boolean {
  if (known.has(name)) return true;
  // The path is built only for a failure: most references resolve, and 1,000-app files have thousands.
  const path = typeof at === 'function' ? at() : at;
  const suggestion = didYouMean(name, known.keys());
  const declared = [...known.keys()];
  r.error(path, 'unresolved-reference', `\`${name}\` is not declared under ${where}`, {
    expected: declared.length
      ? `one of: ${declared.slice(0, 12).join(', ')}${declared.length > 12 ? ', ...' : ''}`
      : undefined,
    hint: suggestion ?? (declared.length ? undefined : `declare it under ${where} first`),
  });
  return false;
}
export type Names = ReturnType<typeof checkNames>;
export function checkNames(r: Report, spec: MigrationSpec) {
  const d = spec.digitalocean;
  return {
    droplets: indexNames(r, d.droplets, ['digitalocean', 'droplets'], 'droplet'),
    volumes: indexNames(r, d.volumes, ['digitalocean', 'volumes'], 'volume'),
    doDatabases: indexNames(r, d.databases, ['digitalocean', 'databases'], 'database'),
    domains: indexNames(r, d.domains, ['digitalocean', 'domains'], 'domain'),
    firewalls: indexNames(r, d.firewalls, ['digitalocean', 'firewalls'], 'firewall'),
    loadBalancers: indexNames(r, d.loadBalancers, ['digitalocean', 'loadBalancers'], 'load balancer'),
    certificates: indexNames(r, d.certificates, ['digitalocean', 'certificates'], 'certificate'),
    repositories: indexNames(r, spec.ecr.repositories, ['ecr', 'repositories'], 'ECR repository'),
    secrets: indexNames(r, spec.secrets, ['secrets'], 'secret'),
    apps: indexNames(r, spec.apps, ['apps'], 'app'),
    databases: indexNames(r, spec.databases, ['databases'], 'database'),
    caches: indexNames(r, spec.caches, ['caches'], 'cache'),
  };
}
