/** The JSON Schema of migration.yaml, generated from the zod schema (input side: defaults are optional). */
import { z } from 'zod';
import { MigrationSpec } from './spec';

/** Where the committed copy lives, relative to the repository root. */
export const JSON_SCHEMA_PATH = 'schema/migration.schema.json';

export function migrationJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(MigrationSpec, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
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
