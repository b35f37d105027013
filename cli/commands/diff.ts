/**
 * `dropship diff <old.yaml> <new.yaml> [--format text|json]`: compile and render both files and show the
 * resources added, removed and changed (by stack / address and attribute path), before terraform runs.
 * `--exit-code` exits 1 when there are differences.
 */
import { diffStacks, renderDiffText } from '../plan/diff';
import { synthesizeFile } from '../plan/synthesize';
import { CliError, EXIT_INVALID, EXIT_OK } from '../exit';
import { inputName, STDIN_ARG } from '../../schema/read-text';
import { printDiagnostics } from '../report';
import type { Layout } from '../../compiler/model';

/** `--exit-code`: the files compile to different Terraform (the code an invalid spec also exits with). */
const EXIT_DIFFERENT = EXIT_INVALID;

export interface DiffArgs {
  old: string;
  new: string;
  format: 'text' | 'json';
  layout?: Layout;
  /** Exit 1 when the files differ (like `git diff --exit-code`), 0 when they do not. */
  exitCode?: boolean;
}

export function runDiff(args: DiffArgs): number {
  if (args.old === STDIN_ARG && args.new === STDIN_ARG)
    throw new CliError('only one side of diff can be - (standard input): name the other file');
  const before = synthesizeFile(args.old, { layout: args.layout });
  const after = synthesizeFile(args.new, { layout: args.layout });
  if (!before.ok || !after.ok) {
    const failed = [before, after].filter((o) => !o.ok);
    printDiagnostics(
      failed.flatMap((o) => (o.ok ? [] : o.diagnostics)),
      args.format,
      false,
    );
    return Math.max(...failed.map((o) => (o.ok ? 0 : o.exitCode)));
  }
  const diffs = diffStacks(before.value.stacks, after.value.stacks);
  process.stdout.write(
    args.format === 'json'
      ? `${JSON.stringify({ old: inputName(args.old), new: inputName(args.new), changes: diffs }, null, 2)}\n`
      : renderDiffText(inputName(args.old), inputName(args.new), diffs),
  );
  return args.exitCode && diffs.length > 0 ? EXIT_DIFFERENT : EXIT_OK;
}
