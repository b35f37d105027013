/**
 * The JSON Schema editors and CI validators load (schema/migration.schema.json): it compiles under ajv's
 * strict mode for draft 2020-12 with ajv-formats, accepts both examples, uses only standard formats, describes
 * every field and names each default in the description an editor shows, and offers the closed Fargate CPU values as an enum.
 * `import` points a new draft at it with the `# yaml-language-server: $schema=` line.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { loadSpecText } from '../../schema/load';
import { FARGATE_CPU_OPTIONS } from '../../schema/facts/fargate';
import { migrationJsonSchema } from '../../schema/json-schema';
import { exampleFile, REPO_ROOT } from '../helpers/examples';
import { ensureBuilt, runCli } from '../helpers/built-cli';

type Schema = Record<string, unknown>;

/** ajv in strict mode, told of the one editor keyword the schema uses (yaml-language-server's). */
function strictValidator() {
  const ajv = new Ajv2020({ strict: true, allErrors: true, keywords: ['patternErrorMessage'] });
  addFormats(ajv);
  return ajv.compile(migrationJsonSchema());
}

/** Every property schema with its dotted path (`apps[].size.cpu`). */
function properties(schema: unknown, path = ''): { path: string; schema: Schema }[] {
  if (Array.isArray(schema)) return schema.flatMap((s) => properties(s, path));
  if (typeof schema !== 'object' || schema === null) return [];
  const out: { path: string; schema: Schema }[] = [];
  for (const [key, value] of Object.entries(schema as Schema)) {
    if (key === 'properties')
      for (const [name, sub] of Object.entries(value as Record<string, Schema>)) {
        out.push({ path: `${path}.${name}`, schema: sub });
        out.push(...properties(sub, `${path}.${name}`));
      }
    else out.push(...properties(value, key === 'items' ? `${path}[]` : path));
  }
  return out;
}

/** Paths of every string value in the data. */
function stringLeaves(data: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof data === 'string') return [path];
  if (Array.isArray(data)) return data.flatMap((v, i) => stringLeaves(v, [...path, i]));
  if (typeof data === 'object' && data !== null)
    return Object.entries(data).flatMap(([k, v]) => stringLeaves(v, [...path, k]));
  return [];
}

function setAt(data: unknown, path: (string | number)[], value: unknown): void {
  let at = data as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path[path.length - 1]] = value;
}

describe('the JSON Schema of migration.yaml', () => {
  it('compiles under ajv strict mode (2020-12, ajv-formats) and accepts both examples', () => {
    const validate = strictValidator();
    for (const example of ['php-shop', 'django-app'] as const) {
      const spec: unknown = parse(readFileSync(exampleFile(example), 'utf8'));
      expect(validate(spec) ? [] : validate.errors).toEqual([]);
    }
  });

  it('refuses what the spec refuses where a pattern stands for a zod format', () => {
    const validate = strictValidator();
    const spec = parse(readFileSync(exampleFile('php-shop'), 'utf8')) as {
      aws: { network: { vpc: { cidr: string } } };
      apps: { expose: { public: { healthCheckPath: string } }; size?: unknown }[];
    };
    const variants: [string, (s: typeof spec) => void][] = [
      ['a CIDR that is not one', (s) => (s.aws.network.vpc.cidr = '10.0.0.0/33')],
      ['a path without its leading /', (s) => (s.apps[0].expose.public.healthCheckPath = 'healthz')],
      ['a Fargate CPU that does not exist', (s) => (s.apps[0].size = { cpu: 300, memory: 1024 })],
    ];
    for (const [what, change] of variants) {
      const copy = structuredClone(spec);
      change(copy);
      expect([what, validate(copy)]).toEqual([what, false]);
    }
  });

  it('uses only formats JSON Schema defines, and no list of types', () => {
    const text = JSON.stringify(migrationJsonSchema());
    const formats = new Set([...text.matchAll(/"format":"([^"]+)"/g)].map((m) => m[1]));
    expect([...formats].filter((f) => !['ipv4', 'ipv6'].includes(f))).toEqual([]);
    expect(text).not.toMatch(/"type":\[/);
  });

  it('accepts an unquoted number or boolean wherever dropship reads it as text (tag: 3, healthyCodes: 200)', () => {
    const validate = strictValidator();
    let accepted = 0;
    for (const example of ['php-shop', 'django-app'] as const) {
      const spec: unknown = parse(readFileSync(exampleFile(example), 'utf8'));
      const leaves = stringLeaves(spec);
      fc.assert(
        fc.property(
          fc.constantFrom(...leaves),
          fc.oneof(fc.integer({ min: -5, max: 99_999 }), fc.boolean(), fc.constantFrom(1.5, 200, 3)),
          (path, value) => {
            const copy = structuredClone(spec);
            setAt(copy, path, value);
            // Written unquoted, as a user would: dropship reads the text where the field holds text.
            if (!loadSpecText(stringify(copy), 'case.yaml').ok) return true;
            accepted++;
            const data: unknown = parse(stringify(copy));
            return validate(data) || (console.error(path, value, validate.errors), false);
          },
        ),
        { numRuns: 150 },
      );
    }
    expect(accepted).toBeGreaterThan(30);
  });

  it('has no safe-integer bounds, and a readable message beside every pattern zod words', () => {
    const text = JSON.stringify(migrationJsonSchema());
    expect(text).not.toContain(String(Number.MAX_SAFE_INTEGER));
    const patterns: Schema[] = [];
    (function collect(node: unknown): void {
      if (typeof node !== 'object' || node === null) return;
      if (typeof (node as Schema).pattern === 'string') patterns.push(node as Schema);
      Object.values(node).forEach(collect);
    })(migrationJsonSchema());
    expect(patterns.length).toBeGreaterThan(50);
    // databaseName and username: zod checks them with a bare regex (the rule words them elsewhere).
    const bare = patterns.filter((p) => !/^Expected .+\.$/.test(String(p.patternErrorMessage ?? '')));
    expect(bare.map((p) => p.pattern)).toEqual([
      '^[A-Za-z][A-Za-z0-9_]{0,62}$',
      '^[A-Za-z][A-Za-z0-9_]{0,15}$',
    ]);
    expect(text).toContain('"patternErrorMessage":"Expected a Docker tag such as 1.4.2."');
  });

  it('names the default of every field that has one in its description', () => {
    const withDefault = properties(migrationJsonSchema()).filter(({ schema }) => 'default' in schema);
    expect(withDefault.length).toBeGreaterThan(50);
    const unnamed = withDefault.filter(
      ({ schema }) => !/\bdefault\b/i.test(String(schema.description ?? '')),
    );
    expect(unnamed.map((p) => p.path)).toEqual([]);
  });

  it('describes every field, beyond naming its default', () => {
    const all = properties(migrationJsonSchema());
    expect(all.length).toBeGreaterThan(250);
    // "Default: 30." alone (what the generator writes for a field without a description) says nothing.
    const said = (schema: Schema) =>
      String(schema.description ?? '')
        .replace(/\s*\bDefault\b:[^]*$/, '')
        .trim();
    const undescribed = [...new Set(all.filter(({ schema }) => !said(schema)).map((p) => p.path))];
    expect(undescribed).toEqual([]);
  });

  it('offers the Fargate CPU values as an enum', () => {
    const schema = migrationJsonSchema() as {
      properties: { apps: { items: { properties: { size: { properties: { cpu: Schema } } } } } };
    };
    expect(schema.properties.apps.items.properties.size.properties.cpu.enum).toEqual(
      FARGATE_CPU_OPTIONS.map((o) => o.cpu),
    );
  });
});

describe('import', () => {
  let dir: string;
  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'dropship-schema-line-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the yaml-language-server line that leads an editor to the schema dropship ships', () => {
    const fixtures = join(REPO_ROOT, '__tests__', 'fixtures', 'doctl');
    // A repository with dropship installed (linked, as pnpm does), and dropship's own checkout.
    mkdirSync(join(dir, 'repo', '.git'), { recursive: true });
    mkdirSync(join(dir, 'repo', 'node_modules'), { recursive: true });
    symlinkSync(REPO_ROOT, join(dir, 'repo', 'node_modules', 'dropship'));
    for (const [out, cwd, schema] of [
      [
        join(dir, 'repo', 'infra', 'migration.yaml'),
        REPO_ROOT,
        join(dir, 'repo', 'node_modules', 'dropship', 'schema', 'migration.schema.json'),
      ],
      [undefined, REPO_ROOT, join(REPO_ROOT, 'schema', 'migration.schema.json')],
    ] as const) {
      if (out) mkdirSync(dirname(out), { recursive: true });
      const r = runCli(['import', fixtures, ...(out ? ['--out', out] : [])], cwd);
      expect(r.code).toBe(0);
      const text = out ? readFileSync(out, 'utf8') : r.stdout;
      const first = text.split('\n')[0];
      const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
      expect(match).not.toBeNull();
      expect(resolve(out ? dirname(out) : cwd, match?.[1] ?? '')).toBe(schema);
    }
  });
});
