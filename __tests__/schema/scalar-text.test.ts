/**
 * What the user wrote is what a text field gets (schema/scalar-text.ts): every YAML spelling of a scalar that
 * the core schema reads as a number or a boolean keeps its source text in environment values, tag values,
 * DNS record data, command items and versions, through the fast reader and the positioned parse alike;
 * null spellings are refused, located, with a hint to quote. Also: YAML that cannot be read truly (an
 * undefined alias, a `__proto__` key, a byte-order mark inside the file, keys that are one key to a JS
 * object) gets a located message, and a CR-only file reads like its LF twin.
 */
import fc from 'fast-check';
import { parse } from 'yaml';
import { loadSpecText, type LoadResult } from '../../schema/load';
import { loadWithPositions } from '../../schema/load-positions';
import { readSimpleYaml } from '../../schema/fast-yaml';
import { setCutoverCurrent } from '../../schema/edit-cutover';
import type { MigrationSpec } from '../../schema/spec';
import { exampleText } from '../helpers/examples';
import { BASE, patch } from './base-spec';

// ---- spellings ----------------------------------------------------------------------------------------

const chars = (alphabet: string, minLength: number, maxLength: number) =>
  fc.array(fc.constantFrom(...alphabet.split('')), { minLength, maxLength }).map((a) => a.join(''));
const sign = fc.constantFrom('', '-', '+');
const exponent = fc
  .tuple(fc.constantFrom('e', 'E'), sign, chars('0123456789', 1, 3))
  .map(([e, s, d]) => `${e}${s}${d}`);

/** Every YAML 1.2 core-schema spelling of an int, a float or a bool (each generator tested below). */
const valueSpelling: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(sign, chars('0123456789', 1, 21)).map(([s, d]) => `${s}${d}`), // 0755, -0, 12345678901234567890
  chars('01234567', 1, 6).map((d) => `0o${d}`),
  chars('0123456789abcdefABCDEF', 1, 6).map((d) => `0x${d}`),
  fc
    .tuple(sign, chars('0123456789', 0, 4), chars('0123456789', 0, 4), fc.option(exponent))
    .filter(([, a, b]) => a !== '' || b !== '')
    .map(([s, a, b, e]) => (a === '' ? `${s}.${b}${e ?? ''}` : `${s}${a}.${b}${e ?? ''}`)), // 1.10, .5, 1.
  fc.tuple(sign, chars('0123456789', 1, 4), exponent).map(([s, d, e]) => `${s}${d}${e}`), // 1e3
  fc.tuple(sign, fc.constantFrom('.inf', '.Inf', '.INF')).map(([s, i]) => `${s}${i}`),
  fc.constantFrom('.nan', '.NaN', '.NAN', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE'),
);
const NULL_SPELLINGS = ['', '~', 'null', 'Null', 'NULL'];
const NULL_HINT = /^YAML reads an empty value, `~` and `null` as "no value": write "" for empty text/;

/** A spec with a text field of every kind the rule covers, in block and flow style, holding `v`. */
function specWith(v: string): string {
  let text = patch('  region: us-east-1\n', `  region: us-east-1\n  tags:\n    cost: ${v}\n`);
  text = patch(
    '    - { name: example.com, dns: digitalocean }\n',
    `    - name: example.com\n      dns: digitalocean\n      records:\n        - type: TXT\n          name: txt\n          data: ${v}\n        - { type: TXT, name: flow, data: ${v} }\n`,
    text,
  );
  return patch(
    '        environment: { APP_ENV: production }\n',
    `        environment:\n          BLOCK: ${v}\n          COMMENTED: ${v} # a note\n        command: [run, ${v}]\n        entryPoint:\n          - ${v}\n`,
    text,
  );
}

function textFields(spec: MigrationSpec): unknown[] {
  const php = spec.apps[0].containers[1];
  const records = spec.digitalocean.domains[0].records;
  return [
    spec.aws.tags.cost,
    records[0].data,
    records[1].data,
    php.environment.BLOCK,
    php.environment.COMMENTED,
    php.command?.[1],
    php.entryPoint?.[0],
  ];
}

/** What a caller keeps of a load: the spec, or the diagnostics (the source map differs by path). */
const outcome = (r: LoadResult) =>
  r.ok ? { spec: r.spec, warnings: r.warnings } : { diagnostics: r.diagnostics };

/** Line and column (1-based) of the `nth` occurrence of `needle` in `text`: where a diagnostic must point. */
function where(text: string, needle: string, nth = 1): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i < nth; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`not in the text: ${needle}`);
  const before = text.slice(0, at);
  return { line: before.split('\n').length, column: at - before.lastIndexOf('\n') };
}

function bothPaths(text: string): { fast: LoadResult; positioned: LoadResult } {
  return { fast: loadSpecText(text, 'm.yaml'), positioned: loadWithPositions(text, 'm.yaml') };
}

describe('a scalar YAML reads as a number or a boolean', () => {
  it('is spelled by the generators exactly as yaml reads a non-string (the generators test what they claim)', () => {
    fc.assert(
      fc.property(valueSpelling, (v) => {
        expect(typeof (parse(`a: ${v}\n`) as { a: unknown }).a).not.toBe('string');
      }),
      { numRuns: 500 },
    );
  });

  it('keeps its source text in every text field, through both readers alike', () => {
    let fastAnswered = 0;
    fc.assert(
      fc.property(valueSpelling, (v) => {
        const text = specWith(v);
        if (readSimpleYaml(text) !== undefined) fastAnswered++;
        const { fast, positioned } = bothPaths(text);
        if (!fast.ok) throw new Error(`${v}: ${fast.diagnostics.map((d) => d.message).join('; ')}`);
        expect(textFields(fast.spec)).toEqual(Array(7).fill(v));
        expect(outcome(positioned)).toStrictEqual(outcome(fast));
      }),
      { numRuns: 200 },
    );
    // Decimal numbers and booleans are in the fast subset: the fast reader itself must have been tested.
    expect(fastAnswered).toBeGreaterThan(20); // about 40 in 200
  });

  it('keeps its source text quoted too, and quoted text is the text inside the quotes', () => {
    fc.assert(
      fc.property(valueSpelling, fc.constantFrom('"', "'"), (v, q) => {
        const { fast, positioned } = bothPaths(specWith(`${q}${v}${q}`));
        expect(fast.ok && textFields(fast.spec)).toEqual(Array(7).fill(v));
        expect(outcome(positioned)).toStrictEqual(outcome(fast));
      }),
      { numRuns: 100 },
    );
  });

  it('stays a value where the field takes a number or a boolean', () => {
    const text = patch('        port: 9000\n', '        port: 9000.0\n        essential: TRUE\n');
    const { fast, positioned } = bothPaths(text);
    if (!fast.ok) throw new Error(fast.diagnostics[0].message);
    expect(fast.spec.apps[0].containers[1]).toMatchObject({ port: 9000, essential: true });
    expect(outcome(positioned)).toStrictEqual(outcome(fast));
  });

  it('keeps versions as written: `8.0` is not the 8 that RDS does not offer', () => {
    const text = patch(
      '  - { name: main, from: do-mysql }\n',
      '  - { name: main, from: do-mysql, version: 8.0 }\n',
    );
    const { fast, positioned } = bothPaths(text);
    if (!fast.ok) throw new Error(fast.diagnostics[0].message);
    expect(fast.spec.databases[0].version).toBe('8.0');
    expect(outcome(positioned)).toStrictEqual(outcome(fast));
  });

  it('through an alias, is text where the alias sits in a text field and a value where a number is wanted', () => {
    const text = patch(
      '        port: 9000\n        environment: { APP_ENV: production }\n',
      '        port: &port 0x2328\n        environment: { APP_ENV: production, PORT: *port }\n',
    );
    const result = loadSpecText(text, 'm.yaml');
    if (!result.ok) throw new Error(result.diagnostics[0].message);
    expect(result.spec.apps[0].containers[1].port).toBe(9000);
    expect(result.spec.apps[0].containers[1].environment.PORT).toBe('0x2328');
  });

  it('through an alias of a whole list, is text in one place and values in another', () => {
    let text = patch('  phases: [0, 50, 100]\n', '  phases: *phases\n');
    text = patch('        port: 9000\n', '        port: 9000\n        command: &phases [0, 50, 100]\n', text);
    const result = loadSpecText(text, 'm.yaml');
    if (!result.ok) throw new Error(result.diagnostics[0].message);
    expect(result.spec.apps[0].containers[1].command).toEqual(['0', '50', '100']);
    expect(result.spec.cutover?.phases).toEqual([0, 50, 100]);
  });

  it('is read folded, as YAML reads it, when a plain scalar runs over two lines', () => {
    const text = patch(
      '        environment: { APP_ENV: production }\n',
      '        environment:\n          A: 1\n            2\n',
    );
    const result = loadSpecText(text, 'm.yaml');
    expect(result.ok && result.spec.apps[0].containers[1].environment.A).toBe('1 2');
  });
});

describe('a null in a text field', () => {
  it.each(NULL_SPELLINGS.map((n) => [n]))(
    '`%s` is refused where it is, with a hint to quote, by both readers',
    (n) => {
      const text = patch('environment: { APP_ENV: production }', `environment:\n          APP_ENV: ${n}\n`);
      const { fast, positioned } = bothPaths(text);
      expect(outcome(positioned)).toStrictEqual(outcome(fast));
      expect(fast.ok).toBe(false);
      if (fast.ok) return;
      // An empty value is placed right after the key's colon; the others on the value.
      const key = where(text, 'APP_ENV:');
      expect(fast.diagnostics).toEqual([
        expect.objectContaining({
          path: 'apps[0].containers[1].environment.APP_ENV',
          line: key.line,
          column: key.column + 9, // the value, or for an empty one where it would start
          hint: expect.stringMatching(NULL_HINT),
        }),
      ]);
    },
  );

  it('in a string-only field gets the same hint', () => {
    const result = loadSpecText(
      patch('        image: { uri: "php:8.3-fpm" }\n', '        image: { uri: ~ }\n'),
    );
    expect(!result.ok && result.diagnostics[0]).toMatchObject({ hint: expect.stringMatching(NULL_HINT) });
  });
});

describe('keys are names, as written', () => {
  it('an unquoted number as a key is the text written (`1.10` is not "1.1")', () => {
    const text = patch('environment: { APP_ENV: production }', 'environment: { 1.10: a, 0755: b, true: c }');
    const result = loadSpecText(text, 'm.yaml');
    if (!result.ok) throw new Error(result.diagnostics[0].message);
    expect(Object.keys(result.spec.apps[0].containers[1].environment)).toEqual(['1.10', '0755', 'true']);
  });

  it.each([
    ['a quoted and an unquoted spelling of one key', '1: a, "1": b', '"1"'],
    ['a plain and a single-quoted key', "A: a, 'A': b", "'A'"],
    ['a decimal and a quoted key', 'PORT: 1, "PORT": 2', '"PORT"'],
  ])('%s are a duplicate, located at the second', (_name, pairs, second) => {
    const text = patch('environment: { APP_ENV: production }', `environment: { ${pairs} }`);
    const result = loadSpecText(text, 'm.yaml');
    expect(!result.ok && result.diagnostics[0]).toMatchObject({
      code: 'yaml/duplicate-key',
      ...where(text, second),
    });
  });

  it('`1` and `1.0` are two keys, as written', () => {
    const result = loadSpecText(
      patch('environment: { APP_ENV: production }', 'environment: { 1: a, 1.0: b }'),
    );
    expect(result.ok && result.spec.apps[0].containers[1].environment).toEqual({ '1': 'a', '1.0': 'b' });
  });
});

describe('YAML that cannot be read truly is located', () => {
  it.each([
    ['in a block mapping', '        environment:\n          X: *nope\n', '*nope'],
    ['in a flow sequence', '        command: [a, *nope]\n', '*nope'],
    ['before its anchor', '        command: [*later]\n        workingDirectory: &later /srv\n', '*later'],
  ])('an alias with no anchor %s', (_name, lines, alias) => {
    const text = patch('        environment: { APP_ENV: production }\n', lines);
    const { line, column } = where(text, alias);
    const result = loadSpecText(text, 'm.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        code: 'yaml/undefined-alias',
        line,
        column,
        message: expect.stringMatching(/^the alias `\*(nope|later)` refers to no anchor/),
        hint: expect.stringMatching(/an anchor must come before its aliases/),
      }),
    ]);
  });

  it.each([
    ['an environment key', '        environment: { APP_ENV: production, __proto__: x }\n', '__proto__'],
    ['a quoted key', '        environment:\n          "__proto__": x\n', '"__proto__"'],
    ['a top-level key', '        environment: { APP_ENV: production }\n', '__proto__'],
    ['a tag key', '        environment: { APP_ENV: production }\n', '__proto__'],
  ])('a `__proto__` key: %s', (name, lines, key) => {
    let text = patch('        environment: { APP_ENV: production }\n', lines);
    if (name === 'a top-level key') text += '__proto__: {}\n';
    if (name === 'a tag key')
      text = patch('  region: us-east-1\n', '  region: us-east-1\n  tags: { __proto__: x }\n', text);
    const { line, column } = where(text, key);
    const result = loadSpecText(text, 'm.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        code: 'yaml/reserved-key',
        line,
        column,
        hint: expect.stringMatching(/rename or remove/),
      }),
    ]);
  });

  it('a byte-order mark inside the file', () => {
    const text = patch('APP_ENV: production', 'APP_ENV: prod\uFEFFuction');
    const result = loadSpecText(text, 'm.yaml');
    expect(!result.ok && result.diagnostics).toEqual([
      expect.objectContaining({
        code: 'yaml/byte-order-mark',
        ...where(text, '\uFEFF'),
        hint: expect.stringMatching(/delete it/),
      }),
    ]);
  });

  it('a prototype name that JS objects carry anyway (`constructor`, `toString`) is an ordinary key', () => {
    const text = patch(
      'environment: { APP_ENV: production }',
      'environment: { constructor: a, toString: b }',
    );
    const result = loadSpecText(text, 'm.yaml');
    expect(result.ok && Object.entries(result.spec.apps[0].containers[1].environment)).toEqual([
      ['constructor', 'a'],
      ['toString', 'b'],
    ]);
  });
});

describe('a file with CR-only line ends (old Mac)', () => {
  const lf = exampleText('php-shop');

  it('reads as its LF twin', () => {
    const cr = loadSpecText(lf.replace(/\n/g, '\r'), 'm.yaml');
    const reference = loadSpecText(lf, 'm.yaml');
    expect(cr.ok && cr.spec).toStrictEqual(reference.ok && reference.spec);
  });

  it('places every diagnostic where its LF twin does, also with mixed line ends', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('\n', '\r', '\r\n'), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        (ends, seed) => {
          const broken = patch('APP_ENV: production', 'APP_ENV: ~');
          let i = seed;
          const mixed = broken.replace(/\n/g, () => ends[i++ % ends.length]);
          const a = loadSpecText(mixed, 'm.yaml');
          const b = loadSpecText(broken, 'm.yaml');
          expect(outcome(a)).toStrictEqual(outcome(b));
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('a file with CR-only line ends, edited by `cutover`', () => {
  it.each([
    ['changes only the value', 'cutover:\n  phases: [0, 50, 100]\n  current: 0\n'],
    ['inserts `current` with the file’s own line end', 'cutover:\n  phases: [0, 50, 100]\n'],
  ])('%s', (_name, cutover) => {
    const lf = patch('cutover:\n  phases: [0, 50, 100]\n  current: 0\n', cutover);
    const edit = setCutoverCurrent(lf.replace(/\n/g, '\r'), 50);
    expect(edit.text).not.toContain('\n');
    expect(edit.text).toBe(setCutoverCurrent(lf, 50).text.replace(/\n/g, '\r'));
    expect(edit.after).toBe('  current: 50');
  });
});

describe('the fast reader and the positioned parse', () => {
  /** Text at text fields, values at number fields, quoted or not, and strings that are not numbers. */
  const anyScalar = fc.oneof(
    valueSpelling,
    fc.constantFrom(...NULL_SPELLINGS, 'x', 'a b', '-x', '::1', 'x#y', "it's", '*.example.com'),
    fc.string({ maxLength: 6 }).filter((s) => !/[\n\r]/.test(s)),
    valueSpelling.map((v) => JSON.stringify(v)),
  );

  it('load every generated spec to the same spec or the same diagnostics', () => {
    let fastAnswered = 0;
    fc.assert(
      fc.property(anyScalar, anyScalar, anyScalar, (text1, number1, text2) => {
        const text = patch('        port: 9000\n', `        port: ${number1}\n`, specWith(text1)).replace(
          'container: nginx, port: 80 }',
          `container: nginx, port: 80, healthyCodes: ${text2} }`,
        );
        if (readSimpleYaml(text) !== undefined) fastAnswered++;
        let fast: LoadResult | undefined;
        expect(() => (fast = loadSpecText(text, 'm.yaml'))).not.toThrow();
        expect(outcome(fast as LoadResult)).toStrictEqual(outcome(loadWithPositions(text, 'm.yaml')));
      }),
      { numRuns: 250 },
    );
    expect(fastAnswered).toBeGreaterThan(40);
  });
});

describe('examples', () => {
  it.each([['php-shop'], ['django-app'], ['base']])(
    '%s loads to the same spec through both readers',
    (name) => {
      const text = name === 'base' ? BASE : exampleText(name);
      const { fast, positioned } = bothPaths(text);
      expect(fast.ok).toBe(true);
      expect(outcome(positioned)).toStrictEqual(outcome(fast));
    },
  );
});
