/**
 * Read-only introspection of the zod schema: find the schema at a spec path, list the keys an object
 * accepts (for "did you mean"), and describe what a schema expects in words (for `expected:` lines).
 * Uses zod 4's `_zod.def`, which is stable within zod 4.
 */
import type { z } from 'zod';

/** The parts of zod's internal definition this module reads. */
interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  checks?: { _zod: { def: CheckDef } }[];
  format?: string;
  pattern?: RegExp;
}
interface CheckDef {
  check: string;
  format?: string;
  value?: number;
  inclusive?: boolean;
  minimum?: number;
  maximum?: number;
  prefix?: string;
  pattern?: RegExp;
  error?: (issue: unknown) => unknown;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch', 'nonoptional']);

/** Strips optional/default/pipe/transform wrappers down to the schema that checks the input. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let i = 0; i < 20; i++) {
    const def = defOf(current);
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) {
      // A transform's input side is `in`; a `.pipe(other)` whose `in` is a transform checks `out`.
      current = defOf(def.in).type === 'transform' && def.out ? def.out : def.in;
    } else return current;
  }
  return current;
}

export function kindOf(schema: z.ZodType): string {
  return defOf(unwrap(schema)).type;
}

/** Options of a union (after unwrapping), or undefined. */
export function unionOptions(schema: z.ZodType): z.ZodType[] | undefined {
  const def = defOf(unwrap(schema));
  return def.type === 'union' ? def.options : undefined;
}

/** The keys an object schema accepts, required ones first (union: all options' keys). */
export function objectKeys(schema: z.ZodType): { required: string[]; optional: string[] } {
  const def = defOf(unwrap(schema));
  if (def.type === 'union' && def.options) {
    const required = new Set<string>();
    const optional = new Set<string>();
    for (const option of def.options) {
      const keys = objectKeys(option);
      keys.required.forEach((k) => required.add(k));
      keys.optional.forEach((k) => optional.add(k));
    }
    return { required: [...required], optional: [...optional].filter((k) => !required.has(k)) };
  }
  if (def.type !== 'object' || !def.shape) return { required: [], optional: [] };
  const required: string[] = [];
  const optional: string[] = [];
  for (const [key, value] of Object.entries(def.shape)) {
    (isOptional(value) ? optional : required).push(key);
  }
  return { required, optional };
}

function isOptional(schema: z.ZodType): boolean {
  const type = defOf(schema).type;
  return type === 'optional' || type === 'default' || type === 'prefault';
}

/**
 * The schema at a spec path. Inside a union, the option that knows the next key is followed; `data` (the
 * parsed document) breaks ties the same way the union-issue resolver does.
 */
export function schemaAt(root: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = root;
  for (const key of path) {
    if (!current) return undefined;
    current = childSchema(current, key);
  }
  return current;
}

export function childSchema(schema: z.ZodType, key: PropertyKey): z.ZodType | undefined {
  const def = defOf(unwrap(schema));
  switch (def.type) {
    case 'object':
      // Own keys only: `valueOf` or `constructor` in a document is an unknown key, not Object.prototype's.
      return typeof key === 'string' && def.shape && Object.hasOwn(def.shape, key)
        ? def.shape[key]
        : undefined;
    case 'array':
      return typeof key === 'number' ? def.element : undefined;
    case 'record':
      return def.valueType;
    case 'union':
      for (const option of def.options ?? []) {
        const child = childSchema(option, key);
        if (child) return child;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** A short description of what a schema accepts, e.g. "an integer from 1 to 65535". */
export function describeSchema(schema: z.ZodType, depth = 0): string {
  const def = defOf(unwrap(schema));
  const checks = (def.checks ?? []).map((c) => c._zod.def);
  switch (def.type) {
    case 'string':
      return describeString(def, checks);
    case 'number':
      return describeNumber(checks);
    case 'boolean':
      return 'true or false';
    case 'literal':
      return (def.values ?? []).map((v) => JSON.stringify(v)).join(' or ');
    case 'enum':
      return `one of: ${Object.values(def.entries ?? {}).join(', ')}`;
    case 'array': {
      const min = checks.find((c) => c.check === 'min_length')?.minimum;
      // Nested mappings are summarized: the full key list belongs to the element's own diagnostics.
      const element =
        def.element && depth < 2
          ? kindOf(def.element) === 'object'
            ? 'a mapping'
            : describeSchema(def.element, depth + 1)
          : 'items';
      return `a list${min ? ` of at least ${min}` : ''} (each ${element})`;
    }
    case 'record':
      return `a mapping of names to ${def.valueType && depth < 2 ? describeSchema(def.valueType, depth + 1) : 'values'}`;
    case 'object':
      return `a mapping ${describeShape(schema)}`;
    case 'union':
      return (def.options ?? []).map((o) => describeUnionOption(o, depth)).join(' or ');
    default:
      return def.type;
  }
}

function describeUnionOption(option: z.ZodType, depth: number): string {
  return kindOf(option) === 'object' ? describeShape(option) : describeSchema(option, depth + 1);
}

/** `{ repository, tag? }` */
export function describeShape(schema: z.ZodType): string {
  const { required, optional } = objectKeys(schema);
  const keys = [...required, ...optional.map((k) => `${k}?`)];
  return `{ ${keys.join(', ')} }`;
}

const FORMATS: Record<string, string> = {
  cidrv4: 'an IPv4 CIDR block such as 10.0.0.0/16',
  ipv4: 'an IPv4 address such as 203.0.113.10',
  ipv6: 'an IPv6 address such as 2001:db8::1',
  url: 'a URL',
  email: 'an e-mail address',
};

function describeString(def: Def, checks: CheckDef[]): string {
  if (def.format && FORMATS[def.format]) return FORMATS[def.format];
  const parts: string[] = [];
  for (const c of checks) {
    if (c.check === 'string_format' && c.format === 'regex') {
      const message = c.error?.({});
      parts.push(typeof message === 'string' ? message : `a string matching ${String(c.pattern)}`);
    } else if (c.check === 'string_format' && c.format === 'starts_with') {
      parts.push(`a string starting with "${c.prefix}"`);
    } else if (c.check === 'string_format' && c.format && FORMATS[c.format]) {
      parts.push(FORMATS[c.format]);
    }
  }
  // The last bound wins (`ResourceName.max(20)` narrows the shared `.max(48)`).
  const min = [...checks].reverse().find((c) => c.check === 'min_length')?.minimum;
  const max = [...checks].reverse().find((c) => c.check === 'max_length')?.maximum;
  const base = parts.length > 0 ? parts.join(', ') : 'a string';
  if (min !== undefined && max !== undefined) return `${base} (${min}–${max} characters)`;
  if (max !== undefined) return `${base} (at most ${max} characters)`;
  if (min !== undefined && min > 1) return `${base} (at least ${min} characters)`;
  if (min === 1 && parts.length === 0) return 'a non-empty string';
  return base;
}

function describeNumber(checks: CheckDef[]): string {
  const integer = checks.some((c) => c.check === 'number_format' && /int/.test(c.format ?? ''));
  const noun = integer ? 'an integer' : 'a number';
  const min = checks.find((c) => c.check === 'greater_than');
  const max = checks.find((c) => c.check === 'less_than');
  const lo = min?.value;
  const hi = max?.value;
  if (lo !== undefined && hi !== undefined && min?.inclusive && max?.inclusive)
    return `${noun} from ${lo} to ${hi}`;
  const bounds: string[] = [];
  if (lo !== undefined) bounds.push(`${min?.inclusive ? '≥' : '>'} ${lo}`);
  if (hi !== undefined) bounds.push(`${max?.inclusive ? '≤' : '<'} ${hi}`);
  return bounds.length ? `${noun} ${bounds.join(' and ')}` : noun;
}
