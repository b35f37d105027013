/**
 * Where in migration.yaml a security finding belongs, for annotations and SARIF: a finding names a
 * synthesized resource (`aws_db_instance.db-main`), and the fix is made in the spec entry that resource
 * comes from. dropship's logical ids start with that entry's name (`db-<database>`, `cache-<cache>`,
 * `secret-<secret>`, `repo-<repository>`, `<app>-…`, `sg-app-<app>`…), so the entry whose name is the
 * longest such prefix is the place; a shared resource (the VPC, the ALB, the KMS key) points at the spec
 * section that shapes it. A finding no rule places points at `aws` (the top of the target).
 */
import type { MigrationSpec } from '../schema/spec';
import type { SourceMap } from '../schema/source';

/** A place in the file, 1-based. */
export interface SpecLocation {
  path: readonly PropertyKey[];
  line: number;
  column: number;
  length: number;
}

interface Candidate {
  /** Logical-id prefixes that mean this entry (each followed by `-` or the end of the id). */
  prefixes: string[];
  path: PropertyKey[];
}

/** The id a name takes inside a logical id: anything but letters, digits and `-` becomes `-`. */
const idOf = (name: string) => name.replace(/[^A-Za-z0-9-]/g, '-');

function candidates(spec: MigrationSpec): Candidate[] {
  const out: Candidate[] = [];
  spec.databases.forEach((d, i) => {
    const n = idOf(d.name);
    out.push({
      prefixes: [`db-${n}`, `alarm-db-${n}`, `sg-db-${n}`, `sgr-db-${n}`, `secret-db-${n}`, `dms-${n}`],
      path: ['databases', i, 'name'],
    });
  });
  spec.caches.forEach((c, i) => {
    const n = idOf(c.name);
    out.push({
      prefixes: [`cache-${n}`, `alarm-cache-${n}`, `sg-cache-${n}`, `sgr-cache-${n}`, `secret-cache-${n}`],
      path: ['caches', i, 'name'],
    });
  });
  spec.secrets.forEach((s, i) =>
    out.push({ prefixes: [`secret-${idOf(s.name)}`], path: ['secrets', i, 'name'] }),
  );
  spec.ecr.repositories.forEach((r, i) =>
    out.push({ prefixes: [`repo-${idOf(r.name)}`], path: ['ecr', 'repositories', i, 'name'] }),
  );
  spec.apps.forEach((a, i) => {
    const n = idOf(a.name);
    out.push({
      prefixes: [n, `sg-app-${n}`, `sgr-app-${n}`, `alarm-${n}`, `health-${n}`, `weighted-${n}`],
      path: ['apps', i, 'name'],
    });
  });
  return out;
}

/** Shared resources: the spec section that shapes them. */
const SECTIONS: readonly [RegExp, (spec: MigrationSpec) => PropertyKey[]][] = [
  [/^(vpc|subnet-|nat-|rt-|igw|flow-log|default-sg|kms|endpoint)/, () => ['aws', 'network']],
  [/^(alb|listener-|certificate|sg-alb|sgr-alb|alarm-alb)/, publicExpose],
  [/^(sg-public|sgr-public|sg-apps|sgr-apps|cluster)/, () => ['apps']],
];

function publicExpose(spec: MigrationSpec): PropertyKey[] {
  const i = spec.apps.findIndex((a) => a.expose && 'public' in a.expose);
  return i < 0 ? ['apps'] : ['apps', i, 'expose'];
}

/** The spec path a finding about `resource` (an address) belongs to. */
export function findingPath(spec: MigrationSpec, resource: string): PropertyKey[] {
  const id = resource.split('.').pop() ?? resource;
  let best: { path: PropertyKey[]; length: number } | undefined;
  for (const c of candidates(spec))
    for (const prefix of c.prefixes)
      if ((id === prefix || id.startsWith(`${prefix}-`)) && prefix.length > (best?.length ?? 0))
        best = { path: c.path, length: prefix.length };
  if (best) return best.path;
  const section = SECTIONS.find(([pattern]) => pattern.test(id));
  return section ? section[1](spec) : ['aws'];
}

/** Where a finding about `resource` is shown in the file. */
export function locateResource(
  spec: MigrationSpec,
  source: SourceMap | undefined,
  resource: string,
): SpecLocation {
  const path = findingPath(spec, resource);
  const at = source?.locate(path, 'value') ?? { line: 1, column: 1 };
  return { path, line: at.line, column: at.column, length: at.length ?? 1 };
}
