/**
 * A small JSON Schema validator for the subset zod's toJSONSchema emits for the plan (type, properties,
 * required, additionalProperties, items, enum, const, anyOf, pattern, minimum). Returns the errors.
 */
type Schema = Record<string, unknown>;

export function validateJsonSchema(schema: Schema, value: unknown, path = '$'): string[] {
  const errors: string[] = [];
  if (Array.isArray(schema.anyOf)) {
    const ok = (schema.anyOf as Schema[]).some((s) => validateJsonSchema(s, value, path).length === 0);
    return ok ? [] : [`${path}: matches none of anyOf`];
  }
  if ('const' in schema && value !== schema.const) errors.push(`${path}: expected ${String(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    errors.push(`${path}: not one of ${schema.enum.join(', ')}`);
  const type = schema.type;
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  const matches = (t: unknown) =>
    t === actual || (t === 'integer' && Number.isInteger(value)) || (t === 'number' && actual === 'number');
  if (type !== undefined && !(Array.isArray(type) ? type.some(matches) : matches(type))) {
    return [...errors, `${path}: expected ${JSON.stringify(type)}, got ${actual}`];
  }
  if (
    typeof value === 'string' &&
    typeof schema.pattern === 'string' &&
    !new RegExp(schema.pattern).test(value)
  ) {
    errors.push(`${path}: does not match ${schema.pattern}`);
  }
  if (typeof value === 'number' && typeof schema.minimum === 'number' && value < schema.minimum)
    errors.push(`${path}: below minimum`);
  if (
    typeof value === 'number' &&
    typeof schema.exclusiveMinimum === 'number' &&
    value <= schema.exclusiveMinimum
  )
    errors.push(`${path}: not above exclusiveMinimum`);
  if (actual === 'array' && schema.items) {
    (value as unknown[]).forEach((v, i) =>
      errors.push(...validateJsonSchema(schema.items as Schema, v, `${path}[${i}]`)),
    );
  }
  if (actual === 'object') {
    const obj = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[])
      if (!(key in obj)) errors.push(`${path}.${key}: required`);
    for (const [key, v] of Object.entries(obj)) {
      if (props[key]) errors.push(...validateJsonSchema(props[key], v, `${path}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${path}.${key}: not allowed`);
    }
  }
  return errors;
}
