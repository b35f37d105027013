/**
 * References inside documents the compiler builds as text (ECS container definitions, IAM policies): a
 * reference is embedded as a marker made of Unicode private-use characters, which no spec value contains,
 * and `stacks/` swaps each marker for the resolved token. The compiler thus emits the final JSON itself,
 * and tests can parse and check it without cdktf.
 */
import { isRef, ref } from '../refs';
import { type Ref, type Value } from '../model/refs';

const OPEN = '\u{E000}';
const CLOSE = '\u{E001}';
const MARKER = /\u{E000}([^\u{E001}]+)\u{E001}/gu;

/** The literal itself, or the marker of a reference, to place inside a string. */
export function embed(value: Value): string {
  return isRef(value) ? `${OPEN}${value.ref}${CLOSE}` : value;
}

/** Splits text into literal parts and references, in order. */
export function splitEmbedded(text: string): (string | Ref)[] {
  const parts: (string | Ref)[] = [];
  let last = 0;
  for (const match of text.matchAll(MARKER)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push(ref(match[1]));
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/** The reference keys a text embeds (for tests and dependency checks). */
export function embeddedRefs(text: string): string[] {
  return [...text.matchAll(MARKER)].map((m) => m[1]);
}

/** A value's identity, to de-duplicate lists that mix literals and references. */
export const valueKey = (value: Value): string => (isRef(value) ? `ref:${value.ref}` : `lit:${value}`);

export function uniqueValues(values: readonly Value[]): Value[] {
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const v of values) {
    const key = valueKey(v);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(v);
  }
  return out;
}
