/**
 * The fast reader must agree with `yaml` exactly, or step aside: whenever it returns a value, `yaml` parses
 * the same text without errors or warnings to the same value. Checked on the examples, generated fleets,
 * and thousands of mutated and random documents.
 */
import fc from 'fast-check';
import { parse, parseDocument, stringify, visit } from 'yaml';
import { nodeLimitOffset, readSimpleYaml } from '../../schema/fast-yaml';
import { documentData, parseWithPositions } from '../../schema/load-positions';
import { PlainScalar } from '../../schema/plain-scalar';
import { loadSpecText } from '../../schema/load';
import { generateYaml } from '../../bench/generate';
import { exampleText } from '../helpers/examples';
import { BASE } from './base-spec';

const examples = ['php-shop', 'django-app'].map(exampleText);
const OPTIONS = { version: '1.2', merge: true, uniqueKeys: true } as const;

/**
 * The invariant: no answer, or the positioned reader's answer (yaml's, with unquoted numbers and booleans
 * as PlainScalar). Returns whether the fast reader answered.
 */
function agrees(text: string): boolean {
  const fast = readSimpleYaml(text);
  if (fast === undefined) return false;
  const { doc } = parseWithPositions(text, 'x.yaml');
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  expect(doc.warnings.map((e) => e.message)).toEqual([]);
  expect(fast).toStrictEqual(documentData(doc));
  // And, values aside, what plain yaml reads.
  expect(unwrapped(fast)).toStrictEqual(parseDocument(text, OPTIONS).toJS());
  return true;
}

function unwrapped(value: unknown): unknown {
  if (value instanceof PlainScalar) return value.value;
  if (Array.isArray(value)) return value.map(unwrapped);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapped(v)]));
  }
  return value;
}

describe('fast YAML reader', () => {
  it.each([
    ['base', BASE],
    ['php-shop', examples[0]],
    ['django-app', examples[1]],
    ['fleet of 25 apps', generateYaml(25)],
  ])('reads %s exactly like yaml', (_name, text) => {
    expect(agrees(text)).toBe(true);
  });

  it.each([
    ['a no-break space ending a flow scalar', 'a: [x\u00a0]\n'],
    ['a no-break space ending a flow key', 'a: {b\u00a0: 1}\n'],
    ['a no-break space ending a plain value', 'a: x\u00a0\n'],
  ])('keeps %s as content, like yaml', (_name, text) => {
    expect(agrees(text)).toBe(true);
  });

  it.each([
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a block scalar', 'a: |\n  text\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a merge key', 'a: { x: 1 }\nb:\n  <<: { y: 2 }\n'],
    ['a tab in indentation', 'a:\n\tb: 1\n'],
    ['a document marker', '---\na: 1\n'],
    ['a hex number', 'a: 0x1F\n'],
    ['an exponent', 'a: 1e3\n'],
    ['.inf', 'a: .inf\n'],
    ['a quoted scalar continued on the next line', 'a: "one\n  two"\n'],
    ['a flow collection over two lines', 'a: [1,\n  2]\n'],
    ['a top-level list', '- a\n- b\n'],
    ['an empty file', ''],
    ['a numeric key', '1: a\n'],
    ['a complex key', '? a\n: b\n'],
    ['a plain value with ": " inside', 'a: b: c\n'],
    ['an unknown escape', 'a: "\\q"\n'],
    ['a colon in a flow plain scalar', 'a: { b: 2604:a880::1 }\n'],
    // YAML's white space is spaces and tabs only: a no-break space or a form feed is content.
    ['a line holding only a no-break space', 'a: 1\n\u00a0\nb: 2\n'],
    ['a line holding only a form feed', 'a: 1\n\f\n'],
    ['a no-break space after a flow collection', 'a: [x]\u00a0\n'],
    ['a tab before a comment after a key', 'a: \t# c\n'],
    ['a tab before a comment after a dash', 'x:\n  - \t# c\n'],
    ['a tab before # in a flow scalar', 'a: [x\t#c]\n'],
  ])('steps aside for %s', (_name, text) => {
    expect(readSimpleYaml(text)).toBeUndefined();
  });

  it('keeps what yaml keeps: comments, quotes, flow collections, colons and hashes inside values', () => {
    const text = [
      'a: x # comment',
      'b: "quoted # not a comment"',
      "c: 'it''s'",
      'd: [1, "two", { e: f }, []]',
      'g: http://example.com:8080/#anchor',
      'h: x#y',
      "i: x 'y # z' w",
      'j: --bind',
      'k:',
      '  - ::/0',
      '  - { l: "2604:a880::1" }',
      'm: ~',
      'n: -1.5',
      'o: "\\u00e9\\t"',
      'p:',
      'q: cron(0 3 * * ? *)',
    ].join('\n');
    expect(agrees(`${text}\n`)).toBe(true);
  });

  it('agrees with yaml on mutated, re-serialized and edited documents', () => {
    let answered = 0;
    const docs = [BASE, ...examples].map((t) => parse(t) as Record<string, unknown>);
    const leaf = fc.oneof(
      fc.string({ maxLength: 10 }),
      fc.constantFrom(
        '1',
        '0x1',
        '1e3',
        '.inf',
        'null',
        'True',
        '~',
        '- a',
        'a: b',
        '#x',
        "'q'",
        '"',
        '::1',
        '1.0',
        '+1',
        '-',
        '?x',
        '',
      ),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
    );
    fc.assert(
      fc.property(
        fc.nat({ max: docs.length - 1 }),
        fc.array(fc.tuple(fc.nat(), leaf), { maxLength: 4 }),
        fc.constantFrom(
          {},
          { flowCollectionPadding: false },
          { indentSeq: false },
          { collectionStyle: 'flow' as const },
        ),
        (i, edits, options) => {
          const doc = structuredClone(docs[i]);
          const apps = (doc.apps ?? []) as Record<string, unknown>[];
          for (const [pick, value] of edits) {
            const app = apps[pick % Math.max(1, apps.length)];
            if (app) app[`k${pick % 7}`] = value;
            else doc[`k${pick % 7}`] = value;
          }
          if (agrees(stringify(doc, options))) answered++;
        },
      ),
      { numRuns: 400 },
    );
    // The block-style variants must reach the fast path (flow style and some edits are refused).
    expect(answered).toBeGreaterThan(100);
  });

  it('agrees with yaml on random line-based documents', () => {
    let answered = 0;
    const token = fc.constantFrom(
      'a:',
      'b: 1',
      'c: "x"',
      "d: 'y'",
      '- ',
      '- e: 2',
      '  ',
      '    ',
      '# c',
      'f: [1, 2]',
      'g: { h: i }',
      'j: k # l',
      'm: n: o',
      'p: |',
      'q: &r 1',
      's: *r',
      't: !!str 3',
      'u: 1.5',
      'v: -',
      'w: ::1',
      '"x": 1',
      'y: "a # b"',
      '\u00a0',
      'z: \t# c',
      '- \t# c',
      'n: a\u00a0',
      '\f',
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 6 }), token), { maxLength: 14 }), (lines) => {
        if (agrees(lines.map(([indent, t]) => `${' '.repeat(indent)}${t}`).join('\n'))) answered++;
      }),
      { numRuns: 1500 },
    );
    // Mostly refusals by design (random indentation); some documents must still be read.
    expect(answered).toBeGreaterThan(5);
  });

  it('agrees with yaml on generated block-style documents with tricky scalars', () => {
    const scalar = fc.oneof(
      fc.constantFrom(
        'x',
        'x#y',
        'x # y',
        'a:b',
        '-x',
        '--bind',
        '::1',
        '1.0',
        '+1',
        '01',
        '-0',
        'true',
        'True',
        'Null',
        '~',
        '.5',
        '1.',
        'a b',
        'é',
        'null',
        '1_000',
        '0o7',
        '0x1',
        '1e3',
        '.inf',
        'yes',
        'on',
        '2604:a880::1',
        '*.example.com',
        'cron(0 3 * * ? *)',
        'a, b',
        '[x]',
        '{x}',
        '@x',
        '`x`',
        '%x',
        '? x',
        ': x',
        'x:',
        "it's",
        '"',
        "'",
        'x\u00a0',
        '\u00a0x',
        'x\u2028y',
        'x\ty',
      ),
      fc.string({ maxLength: 6 }),
      fc.integer({ min: -1e6, max: 1e6 }),
    );
    const render = (text: string | number, quote: number): string => {
      const t = String(text);
      if (quote === 1) return JSON.stringify(t);
      if (quote === 2) return `'${t.replace(/'/g, "''")}'`;
      return t;
    };
    type Tree = { [key: string]: Tree } | Tree[] | string | number;
    const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        scalar,
        fc.dictionary(fc.constantFrom('a', 'b', 'name', 'port', 'x-y', 'k 1', '"q"'), tie('node'), {
          maxKeys: 3,
        }),
        fc.array(tie('node'), { maxLength: 3 }),
      ),
    })).node;
    const lines = (value: Tree, indent: number, step: number, choice: () => number): string[] => {
      const pad = ' '.repeat(indent);
      const inline = (v: Tree): string | undefined => {
        if (typeof v === 'string' || typeof v === 'number') return render(v, choice() % 3);
        if (choice() % 3 !== 0) return undefined;
        if (Array.isArray(v)) return `[${v.map((x) => inline(x) ?? 'z').join(', ')}]`;
        return `{ ${Object.entries(v)
          .map(([k, x]) => `${k}: ${inline(x) ?? 'z'}`)
          .join(', ')} }`;
      };
      const out: string[] = [];
      const entries: [string | undefined, Tree][] = Array.isArray(value)
        ? value.map((v) => [undefined, v])
        : typeof value === 'object'
          ? Object.entries(value)
          : [];
      for (const [key, child] of entries) {
        const head = key === undefined ? `${pad}- ` : `${pad}${key}:`;
        const flat = inline(child);
        const comment = choice() % 5 === 0 ? ' # note' : '';
        if (flat !== undefined) out.push(`${head}${key === undefined ? '' : ' '}${flat}${comment}`);
        else {
          out.push(`${head.trimEnd()}${comment}`);
          out.push(...lines(child, indent + step, step, choice));
        }
      }
      return out;
    };
    let answered = 0;
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('version', 'apps', 'aws', 'a b', 'k'), tree, {
          minKeys: 1,
          maxKeys: 4,
        }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 64 }),
        (doc, step, choices) => {
          let n = 0;
          const choice = () => choices[n++ % choices.length];
          if (agrees(`${lines(doc, 0, step, choice).join('\n')}\n`)) answered++;
        },
      ),
      { numRuns: 1500 },
    );
    // The generator must exercise the fast path, not only its refusals.
    expect(answered).toBeGreaterThan(300);
  });

  it('loads a fleet through the fast path with the same spec as the positioned path', () => {
    const text = generateYaml(25);
    const result = loadSpecText(text, 'fleet.yaml');
    if (!result.ok) throw new Error(result.diagnostics[0].message);
    expect(result.source.locate(['apps', 3, 'name'])).toMatchObject({
      line: expect.any(Number),
      column: expect.any(Number),
    });
    // An equivalent text outside the fast subset (a leading document marker) takes the positioned path.
    const slow = loadSpecText(`---\n${text}`, 'fleet.yaml');
    expect(slow.ok && slow.spec).toStrictEqual(result.spec);
  });
});

describe('nodeLimitOffset: an upper bound on the nodes of a document, counted without parsing it', () => {
  const countNodes = (text: string): number => {
    let n = 0;
    visit(parseDocument(text, OPTIONS), { Node: () => void n++ });
    return n;
  };

  it('never counts fewer nodes than yaml finds, in any style', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.jsonValue({ maxDepth: 4 }), {
          minKeys: 1,
        }),
        fc.constantFrom('block', 'flow', 'mixed'),
        (data, style) => {
          const text = stringify(data, {
            collectionStyle: style === 'mixed' ? 'any' : style,
            flowCollectionPadding: style !== 'flow',
          });
          const nodes = countNodes(text);
          // With a limit of one node fewer than the document has, the bound must see it pass.
          expect(nodeLimitOffset(text, nodes - 1)).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a 1,000-app fleet is far under the limit; a file under half the limit is not even read', () => {
    const fleet = generateYaml(1000);
    expect(nodeLimitOffset(fleet)).toBe(-1);
    expect(nodeLimitOffset(fleet, countNodes(fleet) * 2)).toBe(-1);
    expect(nodeLimitOffset(':'.repeat(100), 201)).toBe(-1);
  });
});
