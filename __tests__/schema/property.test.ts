/**
 * Property-based tests: random and mutated documents never make the loader throw; every run ends in a
 * valid spec or in structured diagnostics with a position inside the file.
 */
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { loadSpecText, type LoadResult } from '../../schema/load';
import { exampleText } from '../helpers/examples';
import { BASE } from './base-spec';

const examples = ['php-shop', 'django-app'].map(exampleText);
const sources = [BASE, ...examples];
const parsedSources = sources.map((text) => parse(text) as Json);
/** Mostly the small BASE document (fast); the full examples a third of the time. */
const pickSource = fc.constantFrom(0, 0, 0, 0, 1, 2);

/** The invariant every run must satisfy. */
function expectWellFormed(result: LoadResult, text: string): void {
  const lineCount = text.split(/\r\n|\r|\n/).length;
  if (result.ok) {
    expect(result.spec.version).toBe(1);
    for (const w of result.warnings) expect(w.severity).toBe('warning');
    return;
  }
  expect(result.diagnostics.length).toBeGreaterThan(0);
  expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  for (const d of result.diagnostics) {
    expect(Number.isInteger(d.line) && d.line >= 1 && d.line <= lineCount + 1).toBe(true);
    expect(Number.isInteger(d.column) && d.column >= 1).toBe(true);
    expect(typeof d.code).toBe('string');
    expect(d.message.length).toBeGreaterThan(0);
    expect(typeof d.path).toBe('string');
  }
}

function run(text: string): void {
  let result: LoadResult | undefined;
  expect(() => {
    result = loadSpecText(text, 'fuzz.yaml');
  }).not.toThrow();
  expectWellFormed(result as LoadResult, text);
}

// ---- mutations of the parsed examples ----------------------------------------------------------------

type Json = unknown;

/** Every path (to a key or index) in a parsed document. */
function pathsOf(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  const entries: [string | number, Json][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : value && typeof value === 'object'
      ? Object.entries(value)
      : [];
  for (const [key, child] of entries) {
    out.push([...prefix, key]);
    pathsOf(child, [...prefix, key], out);
  }
  return out;
}

function parentAt(doc: Json, path: (string | number)[]): Record<string | number, Json> | undefined {
  let node = doc as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) node = node?.[key] as Record<string | number, Json>;
  return node && typeof node === 'object' ? node : undefined;
}

const garbage: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -100000, max: 100000 }),
  fc.double({ noNaN: false }),
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '',
    'latest',
    '10.0.0.0/8',
    'us-east-1a',
    'web-1',
    'cron(0 3 * * ? *)',
    'a:b',
    '*.example.com',
  ),
  fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), {
    maxKeys: 3,
  }),
);

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: garbage }),
  fc.record({
    kind: fc.constant('insert' as const),
    pick: fc.nat(),
    key: fc.string({ maxLength: 10 }),
    value: garbage,
  }),
  fc.record({ kind: fc.constant('duplicate' as const), pick: fc.nat() }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(doc: Json, steps: Mutation[]): Json {
  for (const step of steps) {
    const paths = pathsOf(doc);
    if (paths.length === 0) break;
    const path = paths[step.pick % paths.length];
    const parent = parentAt(doc, path);
    if (!parent) continue;
    const key = path[path.length - 1];
    if (step.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
    } else if (step.kind === 'replace') parent[key] = structuredClone(step.value);
    else if (step.kind === 'insert' && !Array.isArray(parent)) parent[step.key] = structuredClone(step.value);
    else if (step.kind === 'duplicate' && Array.isArray(parent))
      parent.push(structuredClone(parent[key as number]));
  }
  return doc;
}

describe('the loader never throws', () => {
  it('on mutated examples (delete keys, change types, insert garbage, duplicate list items)', () => {
    fc.assert(
      fc.property(pickSource, fc.array(mutation, { minLength: 1, maxLength: 4 }), (i, steps) => {
        const doc = mutate(structuredClone(parsedSources[i]), steps);
        run(stringify(doc));
      }),
      { numRuns: 800 },
    );
  });

  it('on text edits of the examples (cut, insert, replace characters)', () => {
    const edit = fc.record({
      at: fc.nat(),
      cut: fc.nat({ max: 40 }),
      insert: fc.oneof(
        fc.string({ maxLength: 8 }),
        fc.constantFrom(
          ':',
          '- ',
          '\t',
          '  ',
          '\n',
          '&a ',
          '*a',
          '!!binary ',
          '{',
          ']',
          '"',
          '---\n',
          '<<: ',
          '? ',
        ),
      ),
    });
    fc.assert(
      fc.property(pickSource, fc.array(edit, { minLength: 1, maxLength: 3 }), (i, edits) => {
        let text = sources[i];
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(at + e.cut);
        }
        run(text);
      }),
      { numRuns: 800 },
    );
  });

  it('on arbitrary YAML-ish text and arbitrary JSON values', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.jsonValue({ maxDepth: 4 }).map((v) => stringify(v)),
          fc
            .array(
              fc.constantFrom(
                'a: ',
                '- ',
                'version: 1\n',
                '  ',
                '\n',
                '&x ',
                '*x',
                '[',
                ']',
                '{',
                '}',
                ',',
                '"',
                "'",
                '#',
                'apps:\n',
              ),
              {
                maxLength: 40,
              },
            )
            .map((parts) => parts.join('')),
        ),
        (text) => run(text),
      ),
      { numRuns: 1500 },
    );
  });
});
