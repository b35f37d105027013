/**
 * The JSON Schema of migration.yaml, generated from the zod schema (input side: defaults are optional).
 * It compiles under ajv's strict mode (draft 2020-12 with ajv-formats): formats zod names that are not JSON
 * Schema's own (`cidrv4`, `starts_with`) are dropped, as zod writes the same rule as a `pattern` beside them,
 * and a union of types is an `anyOf`. Every field with a default names it in its description.
 */
import { z } from 'zod';
import { MigrationSpec } from './spec';

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
    override: ({ jsonSchema }) => {
      standardFormat(jsonSchema);
      describeDefault(jsonSchema);
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
