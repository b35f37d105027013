/**
 * Making, naming and embedding the plan's references (`Ref`, compiler/model/refs.ts).
 *
 * Documents the compiler builds as text (ECS container definitions, IAM and key policies) embed a reference
 * as a marker: its identity (`<stack>/<type>.<name>.<attribute>`, e.g.
 * `shop-production-network/aws_vpc.vpc.id`) between the Unicode private-use characters U+E000 and U+E001,
 * which validation refuses in spec values (schema/token-text.ts). `stacks/` swaps each marker for the
 * resolved token; the compiler thus emits the final text itself, and tests can parse and check it without
 * cdktf.
 */
import type { Address, AttributeOf, Ref, ResourceType, Value } from './model/refs';

/** The address of the resource named `name` (its construct id) of type `type` in the stack `stack`. */
export function address<T extends ResourceType>(stack: string, type: T, name: string): Address<T> {
  return { stack, type, name };
}

/** The reference to one attribute of the resource at `to`. */
export function ref<T extends ResourceType>(to: Address<T>, attribute: AttributeOf<T>): Ref<T> {
  return { to, attribute } as Ref<T>;
}

export function isRef(value: unknown): value is Ref {
  return typeof value === 'object' && value !== null && 'to' in value && 'attribute' in value;
}

/** An address as one string: `<stack>/<type>.<name>`. */
export const addressId = (a: Address): string => `${a.stack}/${a.type}.${a.name}`;

/** A reference's identity, `<stack>/<type>.<name>.<attribute>`: what a marker holds and the registry keys by. */
export function refId(r: Ref): string {
  return `${r.to.stack}/${r.to.type}.${r.to.name}.${r.attribute}`;
}

/** The reference whose identity is `id` (refId's inverse: stacks have no `/`, types and attributes no `.`). */
export function refFromId(id: string): Ref {
  const slash = id.indexOf('/');
  const firstDot = id.indexOf('.', slash + 1);
  const lastDot = id.lastIndexOf('.');
  // Markers are made only by embed(): a malformed one is a dropship bug.
  if (slash < 0 || id.lastIndexOf('.', slash) >= 0 || firstDot < 0 || lastDot <= firstDot)
    throw new Error(`malformed reference marker ${id} (a dropship bug: please report it)`);
  const to = address(
    id.slice(0, slash),
    id.slice(slash + 1, firstDot) as ResourceType,
    id.slice(firstDot + 1, lastDot),
  );
  return { to, attribute: id.slice(lastDot + 1) } as Ref;
}

const OPEN = '\u{E000}';
const CLOSE = '\u{E001}';
const MARKER = /\u{E000}([^\u{E001}]+)\u{E001}/gu;

/** The literal itself, or the marker of a reference, to place inside a string. */
export function embed(value: Value): string {
  return isRef(value) ? `${OPEN}${refId(value)}${CLOSE}` : value;
}

/** Splits text into literal parts and references, in order. */
export function splitEmbedded(text: string): (string | Ref)[] {
  const parts: (string | Ref)[] = [];
  let last = 0;
  for (const match of text.matchAll(MARKER)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push(refFromId(match[1]));
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/** The references a text embeds, in order (for tests and dependency checks). */
export function embeddedRefs(text: string): Ref[] {
  return [...text.matchAll(MARKER)].map((m) => refFromId(m[1]));
}

/** A value's identity, to de-duplicate lists that mix literals and references. */
export const valueKey = (value: Value): string => (isRef(value) ? `ref:${refId(value)}` : `lit:${value}`);

export function uniqueValues<V extends Value>(values: readonly V[]): V[] {
  const seen = new Set<string>();
  const out: V[] = [];
  for (const v of values) {
    const key = valueKey(v);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(v);
  }
  return out;
}
