/**
 * `dropship plan [file] [--format text|markdown|json|comment]`: what synth would create, explained for
 * review. No credentials, no network: validate → compile → render in a temp dir → read every stack's
 * cdk.tf.json. `comment` is the pull-request comment, with what changes against `--base` first.
 */
import { buildPlanReport } from '../plan/report';
import { renderMarkdown } from '../plan/markdown';
import { renderText } from '../plan/text';
import { synthesizeFile, type LoadOutcome, type Synthesized } from '../plan/synthesize';
import { renderComment, type CommentInput } from '../plan/comment';
import { diffStacks } from '../plan/diff';
import { inputName } from '../../schema/read-text';
import { baseEditDiagnostics } from '../plan/base-edit';
import { EXIT_INVALID, EXIT_OK } from '../exit';
import { printDiagnostics } from '../report';
import type { Layout } from '../../compiler/model';

export interface PlanArgs {
  file: string;
  format: 'text' | 'markdown' | 'json' | 'comment';
  layout?: Layout;
  /** The base branch's (or the applied) migration.yaml: comment shows what changes; every format refuses a change live infrastructure cannot take. */
  base?: string;
  /** comment: where the full plan is. */
  fullPlan?: string;
}

export function runPlan(args: PlanArgs): number {
  const result = synthesizeFile(args.file, { layout: args.layout });
  if (!result.ok) {
    printDiagnostics(result.diagnostics, args.format === 'json' ? 'json' : 'text', false);
    return result.exitCode;
  }
  const before = args.base !== undefined ? synthesizeFile(args.base, { layout: args.layout }) : undefined;
  // A change live infrastructure cannot take (a blue/green app's port) is refused, whatever the format.
  const refused = before?.ok ? baseEditDiagnostics(before.value, result.value) : [];
  // A base that does not load leaves that check undone: said on stderr (the PR comment says it in its body).
  if (before && !before.ok && args.format !== 'comment') {
    process.stderr.write(
      `dropship: --base ${args.base} does not load: changes live infrastructure cannot take were not checked against it\n`,
    );
    printDiagnostics(before.diagnostics, 'text', false);
  }
  if (refused.length > 0) {
    printDiagnostics(refused, args.format === 'json' ? 'json' : 'text', false);
    return EXIT_INVALID;
  }
  if (args.format === 'comment') {
    const report = buildPlanReport(result.value);
    const changes =
      args.base !== undefined && before ? changesAgainst(args.base, before, result.value) : undefined;
    process.stdout.write(renderComment({ report, changes, fullPlan: args.fullPlan }));
  } else process.stdout.write(planOutput(result.value, args.format));
  return EXIT_OK;
}

/**
 * The resource diff from the base spec to this one, and the base's plan (its manual steps: those new in this
 * one become due with the change; its cutover phase, cost and findings); a base that does not compile is said so.
 */
function changesAgainst(base: string, before: LoadOutcome, head: Synthesized): CommentInput['changes'] {
  if (!before.ok) {
    const errors = before.diagnostics.filter((d) => d.severity === 'error');
    return {
      base: inputName(base),
      error: `${errors.length} problem(s), first: ${errors[0]?.message ?? 'unknown'}`,
    };
  }
  const basePlan = buildPlanReport(before.value);
  return {
    base: inputName(base),
    diffs: diffStacks(before.value.stacks, head.stacks),
    baseSteps: basePlan.manualSteps.map((s) => s.title),
    basePlan,
  };
}

export function planOutput(
  s: Parameters<typeof buildPlanReport>[0],
  format: Exclude<PlanArgs['format'], 'comment'>,
): string {
  const report = buildPlanReport(s);
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  return format === 'markdown' ? renderMarkdown(report) : renderText(report);
}
