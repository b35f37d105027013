/**
 * The `# yaml-language-server: $schema=` reference `import` writes: a path, relative to the written file's
 * folder, that stays valid in the user's repository. dropship may run from the npx cache or a pnpm store, so
 * the schema is looked for where the repository installs dropship (`node_modules/dropship`, found walking up
 * from the file's folder without resolving symlinks, which would lead into the store), or in dropship's own
 * checkout; never outside the repository (the folder holding the nearest `.git`, else the file's folder).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { JSON_SCHEMA_PATH } from '../../schema/json-schema';
import { repositoryRoot } from '../repository-root';

const PACKAGE = 'dropship';

/** The reference from `folder` (absolute), or undefined when no schema lies inside its repository. */
export function schemaReference(folder: string): string | undefined {
  const root = repositoryRoot(folder) ?? folder;
  for (let dir = folder; ; dir = dirname(dir)) {
    const installed = join(dir, 'node_modules', PACKAGE);
    if (existsSync(join(installed, 'package.json')) && existsSync(join(installed, JSON_SCHEMA_PATH)))
      return relative(folder, join(installed, JSON_SCHEMA_PATH)).split(sep).join('/');
    if (isOwnCheckout(dir)) return relative(folder, join(dir, JSON_SCHEMA_PATH)).split(sep).join('/');
    if (dir === root || dirname(dir) === dir) return undefined;
  }
}

/** dropship's own repository (its examples carry the line too). */
function isOwnCheckout(dir: string): boolean {
  if (!existsSync(join(dir, JSON_SCHEMA_PATH))) return false;
  try {
    return (
      (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name === PACKAGE
    );
  } catch {
    return false;
  }
}
