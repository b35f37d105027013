/** Which migration.yaml a command reads: the argument, else ./migration.yaml, else the bundled example. */
import { existsSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

/**
 * Writes a spec file whole or not at all: a temporary file beside it, renamed over it. An existing file
 * keeps its permissions, and a symlink keeps pointing at it (the link's target is what gets replaced).
 */
export function writeSpecFileAtomically(file: string, text: string): void {
  let temp: string | undefined;
  try {
    const target = existsSync(file) ? realpathSync(file) : file;
    temp = `${target}.dropship-${process.pid}.tmp`;
    const mode = existsSync(target) ? statSync(target).mode & 0o7777 : undefined;
    writeFileSync(temp, text, mode === undefined ? undefined : { mode });
    renameSync(temp, target);
  } catch (err) {
    if (temp) rmSync(temp, { force: true });
    throw new CliError(`cannot write ${file}: ${(err as Error).message}; nothing changed`);
  }
}
