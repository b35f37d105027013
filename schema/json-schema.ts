/** The JSON Schema of migration.yaml, generated from the zod schema (input side: defaults are optional). */
import { z } from 'zod';
import { MigrationSpec } from './spec';

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
