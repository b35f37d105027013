/**
 * `dropship import <files or folders...> [--out file | --into migration.yaml]`: draft migration.yaml from
 * DigitalOcean exports, or refresh the `digitalocean:` inventory of an existing one. The result is written
 * to a temporary file beside the target and renamed over it, so a failed run writes nothing.
 */
import { importInventory, ImportError } from '../import';
import { CliError, EXIT_OK } from '../exit';
import { openSpecForEdit, writeSpecFileAtomically, type SpecEdit } from '../spec-file';
import { refuseStdin } from '../spec-arg';
import { STDIN_ARG } from '../../schema/read-text';
import { realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { schemaReference } from '../import/schema-reference';

export interface ImportArgs {
  inputs: string[];
  out?: string;
  into?: string;
  domain?: string[];
  project?: string;
  environment?: string;
  force?: boolean;
}

export function runImport(args: ImportArgs): number {
  if (args.into === STDIN_ARG) throw new CliError(refuseStdin('refreshed with --into'));
  // In place: the lock is held from reading the file to renaming the refreshed text over it, so a
  // concurrent dropship edit waits, and any other change meanwhile makes this run refuse (exit 2).
  const inPlace = args.into !== undefined && (args.out === undefined || sameFile(args.out, args.into));
  const edit = inPlace ? openSpecForEdit(args.into as string) : undefined;
  try {
    return runImportWith(args, edit);
  } finally {
    edit?.release();
  }
}

function runImportWith(args: ImportArgs, edit: SpecEdit | undefined): number {
  const target = args.out ?? args.into;
  let result;
  try {
    result = importInventory({
      inputs: args.inputs,
      domains: args.domain,
      project: args.project,
      environment: args.environment,
      into: args.into,
      intoText: edit?.text,
      force: args.force,
      schema: schemaReference(target === undefined ? process.cwd() : dirname(resolve(target))),
    });
  } catch (err) {
    if (err instanceof ImportError) throw new CliError(err.message, err.exitCode);
    throw err;
  }
  for (const warning of result.warnings) process.stderr.write(`dropship import: warning: ${warning}\n`);
  if (result.refreshed !== undefined)
    process.stderr.write(
      `dropship import: refreshed: ${result.refreshed.join(', ') || 'nothing'}; kept as the file has them: ${result.kept?.join(', ') || 'nothing'}\n`,
    );
  for (const problem of result.problems)
    process.stderr.write(`dropship import: written despite: ${problem}\n`);
  if (target === undefined) {
    process.stdout.write(result.text);
    return EXIT_OK;
  }
  const written = edit ? edit.commit(result.text) : writeSpecFileAtomically(target, result.text);
  process.stderr.write(`dropship import: wrote ${written}\n`);
  return EXIT_OK;
}

/** Whether two paths name the same file (through symlinks and `..`); false when either does not exist. */
function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync.native(a) === realpathSync.native(b);
  } catch {
    return false;
  }
}
