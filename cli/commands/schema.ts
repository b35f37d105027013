/** `dropship schema [--out file]`: the JSON Schema of migration.yaml. */
import { writeFileSync } from 'node:fs';
import { migrationJsonSchema } from '../../schema/json-schema';
import { EXIT_OK } from '../exit';

export function runSchema(args: { out?: string }): number {
  const text = `${JSON.stringify(migrationJsonSchema(), null, 2)}\n`;
  if (args.out) writeFileSync(args.out, text);
  else process.stdout.write(text);
  return EXIT_OK;
}
