/** Which migration.yaml a command reads: the argument, else ./migration.yaml, else the bundled example. */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';

export const BUNDLED_EXAMPLE = join(__dirname, '..', '..', 'examples', 'php-shop', 'migration.yaml');

export function resolveSpecFile(arg: string | undefined): string {
  if (arg) return arg;
  if (existsSync('migration.yaml')) return 'migration.yaml';
  return relative(process.cwd(), BUNDLED_EXAMPLE) || BUNDLED_EXAMPLE;
}
