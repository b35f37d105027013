/** Which migration.yaml a command reads: the argument, else ./migration.yaml, else the bundled example. */
import { existsSync } from 'node:fs';
import { CliError } from './exit';
import { join, relative } from 'node:path';

export const BUNDLED_EXAMPLE = join(__dirname, '..', '..', 'examples', 'php-shop', 'migration.yaml');

export function resolveSpecFile(arg: string | undefined): string {
  if (arg) return arg;
  if (existsSync('migration.yaml')) return 'migration.yaml';
  return relative(process.cwd(), BUNDLED_EXAMPLE) || BUNDLED_EXAMPLE;
}

/**
 * The file a command that edits migration.yaml works on: the argument, else ./migration.yaml. Never the
 * bundled example, which a read-only command may fall back to but nothing may rewrite.
 */
export function resolveEditableSpecFile(arg: string | undefined): string {
  if (arg) return arg;
  if (existsSync('migration.yaml')) return 'migration.yaml';
  throw new CliError(
    'no migration.yaml in this directory: name the file to edit, e.g. dropship cutover next path/to/migration.yaml',
  );
}
