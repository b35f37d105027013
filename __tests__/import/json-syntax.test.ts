/**
 * The importer's JSON error locator (cli/import/json-syntax.ts) names the position V8 names, whenever V8
 * names one, on broken DigitalOcean API and doctl JSON: the real captures mutated the ways hands and
 * truncated downloads break them. (jsonc-parser was measured against it: it places errors at the start of
 * the token, e.g. a string, not at the bad character; see docs/performance.md.)
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { findJsonSyntaxError, MAX_JSON_DEPTH } from '../../cli/import/json-syntax';
import { parseJson } from '../../cli/import/read';
import { apiFixtures, doctlFixtures, hasApiFixtures } from './helpers';

const jsonFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => readFileSync(join(dir, f), 'utf8'));
const captures = [...jsonFiles(doctlFixtures), ...(hasApiFixtures ? jsonFiles(apiFixtures) : [])];
// The same data compact (one long line), as `curl` gives it.
const corpus = [...captures, ...captures.map((t) => JSON.stringify(JSON.parse(t)))];

type Edit = [number, string, string];
const edit: fc.Arbitrary<Edit> = fc.tuple(
  fc.nat(),
  fc.constantFrom('truncate', 'delete', 'insert', 'replace', 'duplicate', 'escape', 'control', 'comment'),
  fc.constantFrom(
    ',',
    '}',
    ']',
    '"',
    ':',
    '\n',
    'x',
    '\u0001',
    "'",
    '{',
    '[',
    '0',
    '-',
    '.',
    'e',
    '\\',
    ' ',
    'u',
  ),
);

function mutate(text: string, [n, kind, ch]: Edit): string {
  const i = n % (text.length + 1);
  const quote = text.indexOf('"', i);
  switch (kind) {
    case 'truncate':
      return text.slice(0, i);
    case 'delete':
      return text.slice(0, i) + text.slice(i + 1);
    case 'insert':
      return text.slice(0, i) + ch + text.slice(i);
    case 'replace':
      return text.slice(0, i) + ch + text.slice(i + 1);
    case 'duplicate':
      return text.slice(0, i + 1) + text.slice(i);
    case 'escape': // a backslash inside a string, followed by anything
      return quote < 0 ? text : `${text.slice(0, quote + 1)}\\${ch}${text.slice(quote + 1)}`;
    case 'control':
      return quote < 0 ? text : `${text.slice(0, quote + 1)}\t${text.slice(quote + 1)}`;
    default:
      return `${text.slice(0, i)}// note\n${text.slice(i)}`;
  }
}

/** V8's position for the error, when its message gives one. */
function v8Position(text: string): number | undefined | 'valid' {
  try {
    JSON.parse(text);
    return 'valid';
  } catch (err) {
    const match = /at position (\d+)/.exec((err as Error).message);
    return match ? Number(match[1]) : undefined;
  }
}

describe('JSON syntax errors in DigitalOcean captures', () => {
  it('has captures to break', () => {
    expect(captures.length).toBeGreaterThanOrEqual(8);
  });

  it('are placed where V8 places them, on generated breakages', () => {
    let compared = 0;
    fc.assert(
      fc.property(
        fc.nat({ max: corpus.length - 1 }),
        fc.array(edit, { minLength: 1, maxLength: 2 }),
        (f, edits) => {
          const text = edits.reduce(mutate, corpus[f]);
          const expected = v8Position(text);
          if (expected === 'valid') return;
          const found = findJsonSyntaxError(text);
          expect(found.offset).toBeGreaterThanOrEqual(0);
          expect(found.offset).toBeLessThanOrEqual(text.length);
          if (expected === undefined) return;
          compared++;
          expect(found.offset).toBe(expected);
        },
      ),
      { numRuns: 1500, seed: 20261207 },
    );
    expect(compared).toBeGreaterThan(800);
  });

  it.each([
    ['a bad escape', '{"name": "a\\qb"}', 12, 'invalid escape in a string: "q" after a backslash'],
    [
      'a short \\u escape',
      '{"name": "\\u00"}',
      14,
      'invalid \\u escape in a string (four hex digits expected), found character "\\""',
    ],
    ['a minus without digits', '{"id": -x}', 8, 'expected a digit after "-", found character "x"'],
    ['a misspelt literal', '{"id": nul0}', 10, 'unexpected character "0"'],
    ['an exponent without digits', '{"id": 1e}', 9, 'expected a digit in the exponent, found character "}"'],
  ])('%s: position and reason', (_name, text, offset, reason) => {
    expect(findJsonSyntaxError(text)).toEqual({ offset, reason });
  });

  it('never quotes more than one character of the input (a capture may hold a password)', () => {
    const secret = 'hunter2-secret';
    const text = `{"password": "${secret}\\q", "x": 1}`;
    expect(() => parseJson(text, 'dbs.json')).toThrow(/line 1, column 30: invalid escape/);
    expect(() => parseJson(text, 'dbs.json')).not.toThrow(new RegExp(secret));
  });
});

describe('JSON nested beyond any export', () => {
  it('is a located error at the level past the limit, never a stack overflow, however deep and whatever opens it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('[', '{"a":'), {
          minLength: MAX_JSON_DEPTH + 1,
          maxLength: MAX_JSON_DEPTH + 50,
        }),
        fc.integer({ min: 0, max: 200_000 }),
        (openers, extra) => {
          const text = openers.join('') + '['.repeat(extra);
          const problem = findJsonSyntaxError(text);
          expect(problem.reason).toBe(
            `nested deeper than ${MAX_JSON_DEPTH} levels: not a DigitalOcean export`,
          );
          expect(problem.offset).toBe(openers.slice(0, MAX_JSON_DEPTH).join('').length);
        },
      ),
      { numRuns: 20 },
    );
  });
});
