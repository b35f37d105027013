/**
 * `dropship schema [--format json-schema|markdown] [--out file]`: the JSON Schema of migration.yaml (for
 * editor autocompletion) or its Markdown field reference. The committed copies are
 * schema/migration.schema.json and docs/spec.md; regenerate them after changing schema/spec.ts with
 *   node bin/dropship.js schema --out schema/migration.schema.json
 *   node bin/dropship.js schema --format markdown --out docs/spec.md
 */
import { writeFileSync } from 'node:fs';
import { migrationJsonSchemaText } from '../../schema/json-schema';
import { specReferenceMarkdown } from '../../schema/spec-docs';
import { CliError, EXIT_OK } from '../exit';

export function runSchema(args: { out?: string; format?: 'json-schema' | 'markdown' }): number {
  const text = args.format === 'markdown' ? specReferenceMarkdown() : migrationJsonSchemaText();
  if (!args.out) {
    process.stdout.write(text);
    return EXIT_OK;
  }
  try {
    writeFileSync(args.out, text);
  } catch (err) {
    throw new CliError(`cannot write ${args.out}: ${(err as Error).message}`);
  }
  process.stderr.write(`wrote ${args.out}\n`);
  return EXIT_OK;
}
