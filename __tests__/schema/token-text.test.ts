/**
 * A spec string holding cdktf's token encoding would be resolved by cdktf into a reference to a dropship
 * resource (schema/token-text.ts): validation refuses it, wherever it is, and only it.
 */
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { Token } from 'cdktf';
import { loadSpecText } from '../../schema/load';
import { checkTokenText } from '../../schema/token-text';
import { exampleText } from '../helpers/examples';

/** Real encodings, made by cdktf itself: string, list and map tokens, and number tokens as text. */
const encodings = [
  Token.asString({ resolve: () => 'x' }),
  Token.asList({ resolve: () => ['x'] })[0],
  Object.keys(Token.asStringMap({ resolve: () => ({}) }))[0],
  String(Token.asNumber({ resolve: () => 1 })),
];
const numberText = encodings[3];

describe('checkTokenText', () => {
  it('refuses dropship’s own reference markers (private-use U+E000/U+E001) in a value or a key', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('\u{E000}', '\u{E001}', '\u{E000}network.kms.arn\u{E001}'),
        fc.string(),
        fc.boolean(),
        (marker, text, asKey) => {
          const value = `${text}${marker}`;
          const spec = { apps: [{ name: 'web', env: asKey ? { [value]: 'v' } : { K: value } }] };
          expect(checkTokenText(spec).map((f) => [f.code, f.path, f.anchor])).toEqual([
            ['reference-marker-text', ['apps', 0, 'env', asKey ? value : 'K'], asKey ? 'key' : 'value'],
          ]);
        },
      ),
    );
    // The examples hold none.
    expect(checkTokenText(parse(exampleText('django-app')))).toEqual([]);
  });

  it('finds an encoding anywhere in a value or a key, with its path', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...encodings),
        fc.string(),
        fc.string(),
        fc.boolean(),
        (enc, a, b, asKey) => {
          // cdktf reads the longest run of number characters: text glued to the number makes another number.
          if (enc === numberText) fc.pre(!/[-|\d.+eE]$/.test(a) && !/^[-|\d.+eE]/.test(b));
          const text = `${a}${enc}${b}`;
          const spec = { apps: [{ name: 'web', env: asKey ? { [text]: 'v' } : { K: text } }] };
          const findings = checkTokenText(spec);
          expect(findings.map((f) => [f.path, f.anchor])).toEqual([
            [['apps', 0, 'env', asKey ? text : 'K'], asKey ? 'key' : 'value'],
          ]);
        },
      ),
    );
  });

  it('leaves every other text alone, numbers in e-notation included', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.double({ min: -1e200, max: 1e200 }).map(String),
          fc.constantFrom('1e5', '-1.8e289', '${var.x}', 'TfToken', '{TfToken[', 'v1.2e-3'),
        ),
        (text) => {
          fc.pre(!encodings.some((e) => text.includes(e)) && !text.includes('{TfToken['));
          expect(checkTokenText({ a: [text], [text]: text })).toEqual([]);
        },
      ),
    );
  });

  it('is a located validation error in a real spec', () => {
    const doc = parse(exampleText('php-shop')) as { secrets: { description?: string }[] };
    doc.secrets[0].description = `key ${encodings[0]}`;
    const result = loadSpecText(stringify(doc), 'spoof.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['cdktf-token-text', 'secrets[0].description'],
    ]);
    expect(result.diagnostics[0].line).toBeGreaterThan(1);
  });
});
