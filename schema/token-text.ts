/**
 * cdktf carries references through strings as encoded tokens: `${TfToken[TOKEN.<n>]}` (and `#{TfToken[…]}`
 * for lists, `&{TfToken[…]}` for maps), and numbers as doubles whose decimal text it also decodes inside
 * strings (`-1.8881545897087626e+289`). When it synthesizes, any string holding that text is resolved to
 * whatever dropship resource carries that token: a DNS record `${TfToken[TOKEN.5]}` became a reference to
 * another stack's KMS key. The escaping of literal text (stacks/escape-templates.ts) cannot tell such text
 * from a token dropship made, and no real value holds it, so a spec string (or map key) that does is refused.
 *
 * The same holds for dropship's own marker of a reference inside a document it builds as text (the Unicode
 * private-use characters U+E000 and U+E001, compiler/refs.ts): a value holding them would be rendered as
 * a reference to whatever the marker names, so they are refused too (code `reference-marker-text`).
 */
import type { Finding } from './diagnostics';

const STRING_TOKEN = /[$#&]\{TfToken\[/;
/** cdktf's pattern for the decimal text of a number token inside a string (cdktf/lib/tokens/private/encoding.js). */
const NUMBER_TEXT = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/g;
/** The top 16 bits of encoded token doubles (cdktf's DOUBLE_TOKEN_MARKER_BITS, and the list marker). */
const TOKEN_DOUBLE_MARKERS = new Set([0xfdff, 0xfbff]);

const bits = new DataView(new ArrayBuffer(8));

/** Does `text` hold the decimal text of a number cdktf would decode as a token? */
function holdsNumberToken(text: string): boolean {
  if (!/e[-+]?\d/.test(text)) return false;
  for (const m of text.matchAll(NUMBER_TEXT)) {
    const x = parseFloat(m[0]);
    if (!Number.isFinite(x)) continue;
    bits.setFloat64(0, x);
    if (TOKEN_DOUBLE_MARKERS.has(bits.getUint16(0))) return true;
  }
  return false;
}

/** The private-use characters that open and close dropship's reference markers (compiler/refs.ts). */
const REFERENCE_MARKER = /[\u{E000}\u{E001}]/u;

/**
 * Text every problem below needs (a token's `{TfToken[`, a marker character, a number's exponent): one test
 * clears the ~100,000 strings and keys of a 1,000-app spec, most of them, instead of three.
 */
const MAY_HOLD_TOKEN = /\{TfToken\[|[\u{E000}\u{E001}]|e[-+]?\d/u;

function problem(text: string): string | undefined {
  if (!MAY_HOLD_TOKEN.test(text)) return undefined;
  if (STRING_TOKEN.test(text)) return 'holds `TfToken[`, the text of an encoded cdktf token';
  if (REFERENCE_MARKER.test(text))
    return 'holds U+E000 or U+E001, the private-use characters dropship marks its own references with';
  if (holdsNumberToken(text)) return 'holds the decimal text of an encoded cdktf number token';
  return undefined;
}

/** Every string and map key of the spec that holds cdktf's token encoding. */
export function checkTokenText(spec: unknown): Finding[] {
  const findings: Finding[] = [];
  // One path, pushed and popped: copied only for a finding (the walk covers every node of a large spec).
  const path: PropertyKey[] = [];
  // Indexes and own keys, not forEach and Object.entries: no closure or [key, value] pair per node.
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      const why = problem(value);
      if (why) findings.push(finding([...path], 'value', why));
    } else if (Array.isArray(value))
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        visit(value[i]);
        path.pop();
      }
    else if (value !== null && typeof value === 'object')
      for (const key of Object.keys(value)) {
        path.push(key);
        const why = problem(key);
        if (why) findings.push(finding([...path], 'key', why));
        visit((value as Record<string, unknown>)[key]);
        path.pop();
      }
  };
  visit(spec);
  return findings;
}

function finding(path: PropertyKey[], anchor: 'value' | 'key', why: string): Finding {
  return {
    severity: 'error',
    code: why.includes('U+E000') ? 'reference-marker-text' : 'cdktf-token-text',
    path,
    anchor,
    message: `${anchor === 'key' ? 'this key' : 'this value'} ${why}; it would be rendered as a reference`,
    hint: 'no value of migration.yaml can hold this text',
  };
}
