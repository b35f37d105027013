/**
 * Where the bundled examples are. No cdktf and no compiler here, so schema tests can use it without
 * loading the renderer; helpers/synth re-exports it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
const EXAMPLES_DIR = join(REPO_ROOT, 'examples');

export interface Example {
  /** Directory name under examples/, e.g. `php-shop`. */
  name: string;
  file: string;
}

/** Every examples/<name>/migration.yaml, sorted by name (other issues add examples; tests iterate them). */
export function examples(): Example[] {
  return readdirSync(EXAMPLES_DIR)
    .sort()
    .map((name) => ({ name, file: join(EXAMPLES_DIR, name, 'migration.yaml') }))
    .filter((e) => existsSync(e.file));
}

export function exampleFile(name: string): string {
  return join(EXAMPLES_DIR, name, 'migration.yaml');
}

/** The text of examples/<name>/migration.yaml. */
export function exampleText(name: string): string {
  return readFileSync(exampleFile(name), 'utf8');
}
