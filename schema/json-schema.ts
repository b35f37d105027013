/**
 * The JSON Schema of migration.yaml, generated from the zod schema (input side: defaults are optional).
 * It compiles under ajv's strict mode (draft 2020-12 with ajv-formats) once the editor keyword
 * `patternErrorMessage` is declared (`keywords: ['patternErrorMessage']`): formats zod names that are not JSON
 * Schema's own (`cidrv4`, `starts_with`) are dropped, as zod writes the same rule as a `pattern` beside them,
 * and a union of types is an `anyOf`. Every field with a default names it in its description; every pattern
 * carries the sentence `dropship validate` says when it fails (yaml-language-server shows
 * `patternErrorMessage` instead of the regular expression). A text field also accepts an unquoted number or
 * boolean, as dropship does (schema/scalar-text.ts reads `tag: 3` as "3"), and zod's safe-integer bounds
 * (±9007199254740991) on every integer are left out.
 */
import { z } from 'zod';
import { MigrationSpec } from './spec';
import { unwrap } from './zod-walk';

/** Where the committed copy lives, relative to the repository root. */
export const JSON_SCHEMA_PATH = 'schema/migration.schema.json';

/** Formats of JSON Schema 2020-12 that zod emits and editors and ajv-formats know. */
const STANDARD_FORMATS = new Set([
  'ipv4',
  'ipv6',
  'email',
  'uri',
  'uuid',
  'date',
  'date-time',
  'time',
  'hostname',
]);

type JsonSchema = Record<string, unknown>;

/** Keeps the schema to standard keywords: a non-standard format goes, the pattern that says the same stays. */
function standardFormat(schema: JsonSchema): void {
  const format = schema.format;
  if (typeof format !== 'string' || STANDARD_FORMATS.has(format)) return;
  if (typeof schema.pattern !== 'string')
    throw new Error(`zod format ${format} has no pattern to stand for it in the JSON Schema`);
  delete schema.format;
}

/** `type: [string, number]` as `anyOf` of one type each: ajv's strict mode (strictTypes) asks for that. */
function singleTypes(schema: JsonSchema): void {
  if (!Array.isArray(schema.type)) return;
  const types = schema.type as unknown[];
  delete schema.type;
  schema.anyOf = types.map((type) => ({ type }));
}

/** An editor shows the description alone: it names the default when there is one. */
function describeDefault(schema: JsonSchema): void {
  if (!('default' in schema)) return;
  const described = typeof schema.description === 'string' ? schema.description : '';
  if (/\bdefault\b/i.test(described)) return;
  const value = JSON.stringify(schema.default);
  schema.description = described
    ? `${described.replace(/\.?$/, '.')} Default: ${value}.`
    : `Default: ${value}.`;
}

/** zod's bounds of `.int()`: true of every number a YAML file can hold exactly, so they say nothing. */
function dropSafeIntegerBounds(schema: JsonSchema): void {
  if (schema.minimum === Number.MIN_SAFE_INTEGER) delete schema.minimum;
  if (schema.maximum === Number.MAX_SAFE_INTEGER) delete schema.maximum;
}

interface StringDef {
  type: string;
  format?: string;
  checks?: {
    _zod: { def: { check: string; format?: string; pattern?: RegExp; prefix?: string; error?: unknown } };
  }[];
}

/** Words for zod's formats, whose checks carry no message of their own. */
const FORMAT_WORDS: Record<string, (prefix?: string) => string> = {
  cidrv4: () => 'an IPv4 CIDR block such as 10.0.0.0/16',
  ipv4: () => 'an IPv4 address such as 203.0.113.10',
  ipv6: () => 'an IPv6 address such as 2001:db8::1',
  starts_with: (prefix) => `text starting with ${JSON.stringify(prefix ?? '')}`,
};

/** The sentence zod says when `pattern` fails (a regex check's own message, or its format's words). */
function patternMessage(zodSchema: z.ZodType, pattern: string, format: unknown): string | undefined {
  const def = (unwrap(zodSchema) as unknown as { _zod: { def: StringDef } })._zod.def;
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check !== 'string_format') continue;
    if (c.pattern?.source === pattern && typeof c.error === 'function') {
      try {
        const message: unknown = c.error({ code: 'invalid_format', input: '' });
        if (typeof message === 'string') return message;
      } catch {
        // a message built from the failing value: fall back to the format's words
      }
    }
    if (c.format !== undefined && c.format === format && c.format in FORMAT_WORDS)
      return FORMAT_WORDS[c.format](c.prefix);
  }
  // z.ipv4() and friends carry the format on the schema itself, not on a check.
  if (typeof format === 'string' && format === def.format && format in FORMAT_WORDS)
    return FORMAT_WORDS[format]();
  return undefined;
}

/** yaml-language-server shows `patternErrorMessage` where it would print the regular expression. */
function patternErrorMessage(zodSchema: z.ZodType, schema: JsonSchema): void {
  for (const s of [schema, ...(Array.isArray(schema.allOf) ? (schema.allOf as JsonSchema[]) : [])]) {
    if (typeof s.pattern !== 'string' || 'patternErrorMessage' in s) continue;
    const message = patternMessage(zodSchema, s.pattern, s.format ?? schema.format);
    if (message) s.patternErrorMessage = `Expected ${message}.`;
  }
}

/** Keywords that describe a value, kept beside an `anyOf` rather than inside its string branch. */
const ANNOTATIONS = new Set(['description', 'default', 'title', 'examples', 'deprecated', '$comment']);

/** Texts an unquoted YAML number (or boolean) may be written as, to try a field's pattern on. */
const NUMBER_TEXTS = ['0', '1', '3', '200', '8080', '1.5', '-1'];
const BOOLEAN_TEXTS = ['true', 'false'];

/**
 * A text field as dropship reads it: an unquoted number or boolean is taken as the text it was written as
 * (scalar-text.ts), so `tag: 3` and `healthyCodes: 200` are valid. The schema says so with an `anyOf` of the
 * string and a number or boolean where the field's pattern (if any) accepts such text; dropship validate
 * still checks the text itself.
 */
function acceptPlainScalars(zodSchema: z.ZodType, schema: JsonSchema): void {
  if (schema.type !== 'string' || 'format' in schema || 'enum' in schema || 'const' in schema) return;
  const kind = (unwrap(zodSchema) as unknown as { _zod: { def: StringDef } })._zod.def.type;
  if (kind !== 'string' && kind !== 'template_literal') return;
  const patterns = [schema, ...(Array.isArray(schema.allOf) ? (schema.allOf as JsonSchema[]) : [])]
    .map((s) => s.pattern)
    .filter((p): p is string => typeof p === 'string')
    .map((p) => new RegExp(p, 'u'));
  const fits = (texts: string[]) =>
    texts.some((t) => patterns.every((re) => re.test(t)) && t.length >= Number(schema.minLength ?? 0));
  const others = [...(fits(NUMBER_TEXTS) ? ['number'] : []), ...(fits(BOOLEAN_TEXTS) ? ['boolean'] : [])];
  if (others.length === 0) return;
  const text: JsonSchema = {};
  for (const key of Object.keys(schema)) {
    if (ANNOTATIONS.has(key)) continue;
    text[key] = schema[key];
    delete schema[key];
  }
  schema.anyOf = [text, ...others.map((type) => ({ type }))];
}

const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
const SCHEMA_MAPS = ['properties', '$defs', 'patternProperties'] as const;
const SCHEMA_ONE = ['items', 'additionalProperties', 'not', 'propertyNames'] as const;

/** Calls `visit` on `schema` and every subschema in it (never on a map of names, such as `properties`). */
function eachSchema(schema: JsonSchema, visit: (s: JsonSchema) => void): void {
  visit(schema);
  const isSchema = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);
  for (const key of SCHEMA_ONE) if (isSchema(schema[key])) eachSchema(schema[key], visit);
  for (const key of SCHEMA_LISTS)
    if (Array.isArray(schema[key]))
      for (const s of schema[key] as unknown[]) if (isSchema(s)) eachSchema(s, visit);
  for (const key of SCHEMA_MAPS)
    if (isSchema(schema[key]))
      for (const s of Object.values(schema[key])) if (isSchema(s)) eachSchema(s, visit);
}

export function migrationJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(MigrationSpec, {
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema, path }) => {
      patternErrorMessage(zodSchema as unknown as z.ZodType, jsonSchema);
      standardFormat(jsonSchema);
      describeDefault(jsonSchema);
      dropSafeIntegerBounds(jsonSchema);
      // A key is text whatever it looks like: only values are read as numbers or booleans.
      if (path[path.length - 1] !== 'propertyNames')
        acceptPlainScalars(zodSchema as unknown as z.ZodType, jsonSchema);
    },
  }) as Record<string, unknown>;
  // zod merges a union of primitive types into one `type` list after the override has run.
  eachSchema(schema, singleTypes);
  return {
    ...schema,
    $id: 'https://github.com/dropship/dropship/schema/migration.schema.json',
    title: 'dropship migration.yaml (spec version 1)',
  };
}

/** The exact text `dropship schema` prints and the committed file holds. */
export function migrationJsonSchemaText(): string {
  return `${JSON.stringify(migrationJsonSchema(), null, 2)}\n`;
}
