/**
 * Which migration.yaml a command reads: the file named, `-` for standard input, else ./migration.yaml. Never
 * a bundled example unless asked for by name (`--example php-shop`): a CI job started from the wrong folder
 * must fail (exit 2), not review the example and go green.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { STDIN_ARG } from '../schema/read-text';
import { CliError } from './exit';

/** The examples shipped with dropship, by the name `--example` takes. */
export const EXAMPLES = ['php-shop', 'django-app'] as const;
export type ExampleName = (typeof EXAMPLES)[number];

/** The file of a bundled example (in a checkout and in the installed package alike). */
export function exampleFile(name: ExampleName): string {
  return join(__dirname, '..', '..', 'examples', name, 'migration.yaml');
}

/** What a read-only command was given: a file argument and/or `--example NAME`; `command`, its name. */
export interface SpecChoice {
  file?: string;
  example?: string;
  command?: string;
}

/** What to do without a file, in the words of the command that was run. */
const noSpec = (command = 'validate') =>
  `name the file (dropship ${command} path/to/migration.yaml), - to read standard input, ` +
  `or --example ${EXAMPLES.join('|')} to try a bundled example`;

/** The path a read-only command reads (validate, plan, check, synth, cutover status). */
export function resolveSpecFile(choice: SpecChoice | string | undefined): string {
  const { file, example, command } =
    typeof choice === 'object' ? choice : { file: choice, example: undefined, command: undefined };
  const NO_SPEC = noSpec(command);
  if (example !== undefined) {
    if (file !== undefined)
      throw new CliError(`give a file or --example, not both (got ${file} and ${example})`);
    return bundledExample(example);
  }
  if (file === '') throw new CliError(`the file name is empty: ${NO_SPEC}`);
  if (file !== undefined) return file;
  if (existsSync('migration.yaml')) return 'migration.yaml';
  throw new CliError(`no migration.yaml in ${process.cwd()}: ${NO_SPEC}`);
}

function bundledExample(name: string): string {
  if (!(EXAMPLES as readonly string[]).includes(name))
    throw new CliError(
      `unknown example ${JSON.stringify(name)}: the bundled examples are ${EXAMPLES.join(', ')}`,
    );
  const file = exampleFile(name as ExampleName);
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/**
 * The file a command that edits migration.yaml works on: the argument, else ./migration.yaml. Never an
 * example, which nothing may rewrite, and never standard input, which has no file to rewrite.
 */
export function resolveEditableSpecFile(arg: string | undefined): string {
  if (arg === STDIN_ARG) throw new CliError(refuseStdin('the file to edit'));
  if (arg === '') throw new CliError('the file name is empty: name the migration.yaml to edit');
  if (arg !== undefined) return arg;
  if (existsSync('migration.yaml')) return 'migration.yaml';
  throw new CliError(
    'no migration.yaml in this directory: name the file to edit, e.g. dropship cutover next path/to/migration.yaml',
  );
}

/** The message for `-` where a command rewrites the file. */
export function refuseStdin(what: string): string {
  return `- (standard input) cannot be ${what}: this command rewrites the file in place; name the file`;
}
