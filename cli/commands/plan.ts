/**
 * `dropship plan [file] [--format text|markdown|json|comment]`: what synth would create, explained for
 * review. No credentials, no network: validate → compile → render in a temp dir → read every stack's
 * cdk.tf.json. `comment` is the pull-request comment, with what changes against `--base` first.
 */
import { buildPlanReport } from '../plan/report';
import { renderMarkdown } from '../plan/markdown';
import { renderText } from '../plan/text';
import { synthesizeFile, type Synthesized } from '../plan/synthesize';
import { renderComment, type CommentInput } from '../plan/comment';
import { diffStacks } from '../plan/diff';
import { inputName } from '../../schema/read-text';
import { EXIT_OK } from '../exit';
import { printDiagnostics } from '../report';
import type { Layout } from '../../compiler/model';

export interface PlanArgs {
  file: string;
  format: 'text' | 'markdown' | 'json' | 'comment';
  layout?: Layout;
  /** comment: the base branch's migration.yaml. */
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
  if (args.format === 'comment') {
    const report = buildPlanReport(result.value);
    const changes =
      args.base !== undefined ? changesAgainst(args.base, result.value, args.layout) : undefined;
    process.stdout.write(renderComment({ report, changes, fullPlan: args.fullPlan }));
  } else process.stdout.write(planOutput(result.value, args.format));
  return EXIT_OK;
}

/**
 * The resource diff from the base spec to this one, and the base's plan (its manual steps: those new in this
 * one become due with the change; its cutover phase, cost and findings); a base that does not compile is said so.
 */
function changesAgainst(base: string, head: Synthesized, layout?: Layout): CommentInput['changes'] {
  const before = synthesizeFile(base, { layout });
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
