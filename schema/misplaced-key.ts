/**
 * "Belongs one level up/down": an unknown key that the enclosing mapping (one level up) or a mapping
 * nested in this one (one level down) accepts was most likely written at the wrong indentation, e.g.
 * `expose` under a container instead of beside `containers`, or `hostnames` beside `expose`.
 */
import type { z } from 'zod';
import { formatPath } from './diagnostics';
import { childSchema, kindOf, objectKeys, schemaAt, unionOptions } from './zod-walk';

/** A place the key is accepted, as the spec path a reader would write (`apps[0].containers[].image`). */
interface Place {
  direction: 'up' | 'down';
  path: string;
  schema: z.ZodType;
  /** Where in the document it would go, when that is one place (not "each entry of a list"). */
  at?: readonly PropertyKey[];
}

/**
 * The hint for unknown `key` in the mapping at `objectPath` (a path from `root` into `data`), or undefined
 * when no mapping one level up or down accepts it. When several do, those whose schema accepts the value
 * as written are named first; if none does, all are named.
 */
export function misplacedKeyHint(
  root: z.ZodType,
  data: unknown,
  objectPath: readonly PropertyKey[],
  key: string,
): string | undefined {
  const places = [...placesUp(root, objectPath, key), ...placesDown(root, data, objectPath, key)];
  if (places.length === 0) return undefined;
  const value = valueAt(data, [...objectPath, key]);
  const fitting = places.filter((p) => p.schema.safeParse(value).success);
  const named = fitting.length > 0 ? fitting : places;
  const directions = [...new Set(named.map((p) => p.direction))].join(' or ');
  // Where the key is already written, moving this one there makes a duplicate: say so.
  const paths = named
    .map(
      (p) =>
        `\`${p.path}\`${p.at && valueAt(data, p.at) !== undefined ? ' (already set there: merge the two)' : ''}`,
    )
    .join(' or ');
  return `\`${key}\` belongs one level ${directions}: move it to ${paths}`;
}

/** The nearest enclosing mapping that is not just a wrapper (`public:` under `expose`). */
function placesUp(root: z.ZodType, objectPath: readonly PropertyKey[], key: string): Place[] {
  let up = enclosingMapping(objectPath);
  while (up !== undefined) {
    const schema = schemaAt(root, up);
    if (!schema || !isMapping(schema)) return [];
    if (!isWrapper(schema)) {
      const child = childSchema(schema, key);
      const at = [...up, key];
      return child ? [{ direction: 'up', path: formatPath(at), schema: child, at }] : [];
    }
    up = enclosingMapping(up);
  }
  return [];
}

/** The path of the mapping that holds the one at `path` (or the list it is in), undefined at the top. */
function enclosingMapping(path: readonly PropertyKey[]): PropertyKey[] | undefined {
  const out = [...path];
  while (typeof out[out.length - 1] === 'number') out.pop();
  if (out.length === 0) return undefined;
  out.pop();
  return out;
}

/**
 * The mappings directly under this one that accept `key`: a nested mapping, each entry of a list of
 * mappings, and through a wrapper (`expose: { public: {...} }`) the mapping it wraps.
 */
function placesDown(
  root: z.ZodType,
  data: unknown,
  objectPath: readonly PropertyKey[],
  key: string,
): Place[] {
  const here = schemaAt(root, objectPath);
  if (!here || !isMapping(here)) return [];
  const { required, optional } = objectKeys(here);
  const places: Place[] = [];
  for (const field of [...required, ...optional]) {
    const schema = childSchema(here, field);
    if (!schema) continue;
    const prefix = formatPath([...objectPath, field]);
    if (kindOf(schema) === 'array') {
      const element = childSchema(schema, 0);
      const child = element && isMapping(element) ? childSchema(element, key) : undefined;
      const entries = valueAt(data, [...objectPath, field]);
      const one = Array.isArray(entries) && entries.length === 1;
      const at = one ? [...objectPath, field, 0, key] : undefined;
      const path = `${prefix}${one ? '[0]' : '[]'}.${key}`;
      if (child) places.push({ direction: 'down', path, schema: child, ...(at ? { at } : {}) });
    } else if (isWrapper(schema)) {
      for (const tag of objectKeys(schema).optional.concat(objectKeys(schema).required)) {
        const wrapped = childSchema(schema, tag);
        const child = wrapped && isMapping(wrapped) ? childSchema(wrapped, key) : undefined;
        const at = [...objectPath, field, tag, key];
        if (child) places.push({ direction: 'down', path: formatPath(at), schema: child, at });
      }
    } else if (isMapping(schema)) {
      const child = childSchema(schema, key);
      const at = [...objectPath, field, key];
      if (child) places.push({ direction: 'down', path: formatPath(at), schema: child, at });
    }
  }
  return places;
}

/** An object, or a union of objects; not a record, whose keys are the user's own names. */
function isMapping(schema: z.ZodType): boolean {
  const kind = kindOf(schema);
  if (kind === 'object') return true;
  return kind === 'union' && (unionOptions(schema) ?? []).every((o) => kindOf(o) === 'object');
}

/** A union of one-key mappings whose key names the variant (`expose: { public: ... } | { internal: ... }`). */
function isWrapper(schema: z.ZodType): boolean {
  const options = unionOptions(schema);
  if (!options || options.length < 2) return false;
  return options.every((o) => {
    if (kindOf(o) !== 'object') return false;
    const { required, optional } = objectKeys(o);
    const keys = [...required, ...optional];
    return keys.length === 1 && isMapping(childSchema(o, keys[0]) as z.ZodType);
  });
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
