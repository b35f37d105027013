/**
 * `dropship import <files or folders...> [--out file | --into migration.yaml]`: draft migration.yaml from
 * DigitalOcean exports, or refresh the `digitalocean:` inventory of an existing one. The result is written
 * to a temporary file beside the target and renamed over it, so a failed run writes nothing.
 */
import { importInventory, ImportError } from '../import';
import { CliError, EXIT_OK } from '../exit';
import { writeSpecFileAtomically } from '../spec-file';

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
  let result;
  try {
    result = importInventory({
      inputs: args.inputs,
      domains: args.domain,
      project: args.project,
      environment: args.environment,
      into: args.into,
      force: args.force,
    });
  } catch (err) {
    if (err instanceof ImportError) throw new CliError(err.message, err.exitCode);
    throw err;
  }
  for (const warning of result.warnings) process.stderr.write(`dropship import: warning: ${warning}\n`);
  for (const problem of result.problems)
    process.stderr.write(`dropship import: written despite: ${problem}\n`);
  const target = args.out ?? args.into;
  if (target === undefined) {
    process.stdout.write(result.text);
    return EXIT_OK;
  }
  writeSpecFileAtomically(target, result.text);
  process.stderr.write(`dropship import: wrote ${target}\n`);
  return EXIT_OK;
}
