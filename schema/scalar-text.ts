/**
 * What the user wrote is what a text field gets. YAML's core schema reads an unquoted `0755` as the number
 * 755, `1.10` as 1.1, `0x1F` as 31 and `1e3` as 1000; a field that holds text (an environment value, a tag,
 * a version, DNS record data) would then get a rewritten value. Both readers (fast-yaml.ts and `yaml` in
 * load-positions.ts) hand every unquoted number or boolean over as a `PlainScalar` holding the value and the
 * text it was written as, and `resolvePlainScalars` picks, by the spec schema, the text where the field
 * accepts text and the value everywhere else (ports, counts, flags). One rule, applied in one place, so the
 * two readers agree.
 *
 * Null is not wrapped: an empty value, `~` or `null` means "no value" in YAML, and a text field refuses it
 * with a hint to quote (zod-issues.ts), rather than guess between "", "~" and "null".
 */
import type { z } from 'zod';
import { MigrationSpec } from './spec';
import { unwrap } from './zod-walk';
import { PlainScalar } from './plain-scalar';

/** Where the spec accepts text: the field itself, its keys (objects) and its items or record values. */
interface TextShape {
  text: boolean;
  keys?: Map<string, TextShape>;
  items?: TextShape;
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, unknown>;
  values?: unknown[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

let specShape: TextShape | undefined;

/**
 * The data with every PlainScalar replaced: by its text where the spec accepts a string there, by its value
 * elsewhere. `shared`: the data may hold one container in two places (a YAML alias), which may need
 * different answers: then new containers are built; otherwise the data is changed in place (the fast path
 * of a 1,000-app file: ~7 ms of CPU less than copying).
 */
export function resolvePlainScalars(data: unknown, shared: boolean): unknown {
  specShape ??= textShape(MigrationSpec, new Map()) ?? { text: false };
  return shared ? resolveCopy(data, specShape) : resolveInPlace(data, specShape);
}

function pick(scalar: PlainScalar, shape: TextShape | undefined): string | number | boolean {
  return shape?.text ? scalar.text : scalar.value;
}

function resolveInPlace(value: unknown, shape: TextShape | undefined): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof PlainScalar) return pick(value, shape);
  if (Array.isArray(value)) {
    const items = shape?.items;
    for (let i = 0; i < value.length; i++) value[i] = resolveInPlace(value[i], items);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const child = record[key];
    if (child !== null && typeof child === 'object') {
      record[key] = resolveInPlace(child, shape?.keys?.get(key) ?? shape?.items);
    }
  }
  return record;
}

function resolveCopy(value: unknown, shape: TextShape | undefined): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof PlainScalar) return pick(value, shape);
  if (Array.isArray(value)) return value.map((item) => resolveCopy(item, shape?.items));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const child = resolveCopy((value as Record<string, unknown>)[key], shape?.keys?.get(key) ?? shape?.items);
    // The readers refuse `__proto__`; never let a key set the object's prototype all the same.
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: child, enumerable: true, writable: true });
    else out[key] = child;
  }
  return out;
}

/** The TextShape of a schema, or undefined when no text is accepted at or below it. */
function textShape(schema: z.ZodType, seen: Map<z.ZodType, TextShape | undefined>): TextShape | undefined {
  if (seen.has(schema)) return seen.get(schema);
  seen.set(schema, undefined); // a recursive schema: its inner reference adds nothing new
  const def = defOf(unwrap(schema));
  let shape: TextShape | undefined;
  switch (def.type) {
    case 'string':
    case 'template_literal':
      shape = { text: true };
      break;
    case 'enum':
      shape = { text: Object.values(def.entries ?? {}).some((v) => typeof v === 'string') };
      break;
    case 'literal':
      shape = { text: (def.values ?? []).some((v) => typeof v === 'string') };
      break;
    case 'object': {
      const keys = new Map<string, TextShape>();
      for (const [key, field] of Object.entries(def.shape ?? {})) {
        const child = textShape(field, seen);
        if (child) keys.set(key, child);
      }
      shape = { text: false, keys };
      break;
    }
    case 'array':
      shape = def.element && { text: false, items: textShape(def.element, seen) };
      break;
    case 'record':
      shape = def.valueType && { text: false, items: textShape(def.valueType, seen) };
      break;
    case 'union':
      shape = (def.options ?? []).map((o) => textShape(o, seen)).reduce(merge, undefined);
      break;
  }
  const useful = shape && (shape.text || shape.items || shape.keys?.size) ? shape : undefined;
  seen.set(schema, useful);
  return useful;
}

/** A union accepts text wherever one of its options does. */
function merge(a: TextShape | undefined, b: TextShape | undefined): TextShape | undefined {
  if (!a || !b) return a ?? b;
  const keys = new Map(a.keys);
  for (const [key, shape] of b.keys ?? []) keys.set(key, merge(keys.get(key), shape) as TextShape);
  return { text: a.text || b.text, keys, items: merge(a.items, b.items) };
}
