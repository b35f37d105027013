/**
 * A small JSON Schema (draft 2020-12 subset) checker for tests: exactly the keywords z.toJSONSchema emits
 * for migration.yaml (type, properties, required, additionalProperties, items, anyOf, oneOf, enum, const,
 * pattern, min/maxLength, minimum/maximum/exclusiveMinimum/exclusiveMaximum, minItems/maxItems,
 * propertyNames). Unknown keywords throw, so a new keyword in the schema cannot be silently skipped.
 */
type Schema = Record<string, unknown>;

const ANNOTATIONS = new Set([
  '$schema',
  '$id',
  'title',
  'description',
  'default',
  'format',
  'examples',
  'patternErrorMessage',
]);
const CHECKED = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'anyOf',
  'oneOf',
  'enum',
  'const',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'propertyNames',
]);

export function jsonSchemaErrors(schema: Schema, value: unknown, path = '$'): string[] {
  for (const key of Object.keys(schema)) {
    if (!CHECKED.has(key) && !ANNOTATIONS.has(key))
      throw new Error(`unsupported JSON Schema keyword ${key} at ${path}`);
  }
  const errors: string[] = [];
  const fail = (message: string) => errors.push(`${path}: ${message}`);

  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => hasType(value, t))) return [`${path}: expected ${types.join('|')}`];
  }
  if (schema.const !== undefined && JSON.stringify(schema.const) !== JSON.stringify(value)) fail('const');
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    fail(`not in enum ${JSON.stringify(schema.enum)}`);
  }
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value))
      fail(`pattern ${schema.pattern}`);
    if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) fail('minLength');
    if (typeof schema.maxLength === 'number' && [...value].length > schema.maxLength) fail('maxLength');
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) fail('minimum');
    if (typeof schema.maximum === 'number' && value > schema.maximum) fail('maximum');
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum)
      fail('exclusiveMinimum');
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum)
      fail('exclusiveMaximum');
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail('minItems');
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) fail('maxItems');
    if (schema.items && typeof schema.items === 'object') {
      value.forEach((item, i) =>
        errors.push(...jsonSchemaErrors(schema.items as Schema, item, `${path}[${i}]`)),
      );
    }
  }
  if (isObject(value)) {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in value)) fail(`missing ${key}`);
    for (const [key, child] of Object.entries(value)) {
      if (properties[key]) errors.push(...jsonSchemaErrors(properties[key], child, `${path}.${key}`));
      else if (schema.additionalProperties === false) fail(`unexpected key ${key}`);
      else if (isObject(schema.additionalProperties)) {
        errors.push(...jsonSchemaErrors(schema.additionalProperties, child, `${path}.${key}`));
      }
      if (isObject(schema.propertyNames))
        errors.push(...jsonSchemaErrors(schema.propertyNames, key, `${path}{${key}}`));
    }
  }
  if (Array.isArray(schema.anyOf)) {
    const results = (schema.anyOf as Schema[]).map((s) => jsonSchemaErrors(s, value, path));
    if (!results.some((r) => r.length === 0))
      fail(`matches no anyOf branch (${results.map((r) => r[0]).join('; ')})`);
  }
  if (Array.isArray(schema.oneOf)) {
    const matches = (schema.oneOf as Schema[]).filter(
      (s) => jsonSchemaErrors(s, value, path).length === 0,
    ).length;
    if (matches !== 1) fail(`matches ${matches} oneOf branches, expected exactly 1`);
  }
  return errors;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}
