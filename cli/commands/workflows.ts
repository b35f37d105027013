/**
 * `dropship workflows [file] [--out dir]`: writes the GitHub Actions workflow of each app that CI builds
 * (`ci.github`, docs/ci.md) into `--out` (default .github/workflows) as `dropship-deploy-<app>.yml`.
 * A file of that name is replaced only when dropship wrote it (its first line is the marker); every target
 * is checked before anything is written, so a refusal writes nothing, and each file is written to a temporary
 * name beside it and renamed over the target, so a reader never sees half a file.
 */
import { lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAndCompile } from '../pipeline';
import { printDiagnostics, printWarnings } from '../report';
import { CliError, EXIT_INVALID, EXIT_OK } from '../exit';
import { ioReason } from '../../schema/read-text';
import { locateFinding, type Diagnostic } from '../../schema/diagnostics';
import type { SourceMap } from '../../schema/source';
import { workflowFiles, WORKFLOW_MARKER } from '../ci/workflow';

export interface WorkflowsArgs {
  file: string;
  out: string;
  quiet?: boolean;
}

export function runWorkflows(args: WorkflowsArgs): number {
  const outcome = loadAndCompile(args.file);
  if (!outcome.ok) {
    printDiagnostics(outcome.diagnostics, 'text', false);
    return outcome.exitCode;
  }
  printWarnings(outcome.warnings);
  const github = outcome.plan.ci.github;
  if (!github) {
    printDiagnostics([noCiDiagnostic(outcome.source)], 'text', false);
    return EXIT_INVALID;
  }
  const files = workflowFiles(github);
  for (const name of files.keys()) checkReplaceable(join(args.out, name));
  try {
    mkdirSync(args.out, { recursive: true });
    for (const [name, text] of files) {
      const target = join(args.out, name);
      const temporary = join(args.out, `.${name}.${process.pid}.tmp`);
      writeFileSync(temporary, text, { flag: 'wx' });
      checkReplaceable(target, () => rmSync(temporary, { force: true }));
      renameSync(temporary, target);
    }
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`cannot write to ${args.out}: ${ioReason(err)}`);
  }
  if (!args.quiet) for (const name of files.keys()) process.stdout.write(`wrote ${join(args.out, name)}\n`);
  return EXIT_OK;
}

/** A spec without `ci.github`: located where `ci:` would go (the document's top-level mapping). */
export function noCiDiagnostic(source: SourceMap | undefined): Diagnostic {
  return locateFinding(
    {
      code: 'ci-missing',
      path: ['ci'],
      anchor: 'parent',
      message: 'the spec has no ci.github, so there is no workflow to write',
      expected: 'a top-level ci: { github: { repository, branches and/or environments, oidcProvider } }',
      hint: 'add for example `ci: { github: { repository: OWNER/REPO, branches: [main], oidcProvider: create } }` (docs/ci.md); nothing was written',
    },
    source,
  );
}

/** Refuses a target that exists and is not a regular file dropship wrote. */
function checkReplaceable(target: string, cleanup: () => void = () => undefined): void {
  let stats;
  try {
    stats = lstatSync(target);
  } catch {
    return; // absent: nothing to lose
  }
  const ours = stats.isFile() && readFileSync(target, 'utf8').startsWith(WORKFLOW_MARKER);
  if (!ours) {
    cleanup();
    throw new CliError(
      `refusing to replace ${target}: dropship did not write it (its first line is not "${WORKFLOW_MARKER}"); move it away or name another --out`,
    );
  }
}
