/**
 * `dropship plan [file] [--format text|markdown|json]`: what synth would create, explained for review. No
 * credentials, no network: validate → compile → render in a temp dir → read every stack's cdk.tf.json.
 */
import { buildPlanReport } from '../plan/report';
import { renderMarkdown } from '../plan/markdown';
import { renderText } from '../plan/text';
import { synthesizeFile } from '../plan/synthesize';
import { EXIT_OK } from '../exit';
import { printDiagnostics } from '../report';
import type { Layout } from '../../compiler/model';

export interface PlanArgs {
  file: string;
  format: 'text' | 'markdown' | 'json';
  layout?: Layout;
}

export function runPlan(args: PlanArgs): number {
  const result = synthesizeFile(args.file, { layout: args.layout });
  if (!result.ok) {
    printDiagnostics(result.diagnostics, 'text', false);
    return result.exitCode;
  }
  process.stdout.write(planOutput(result.value, args.format));
  return EXIT_OK;
}

export function planOutput(s: Parameters<typeof buildPlanReport>[0], format: PlanArgs['format']): string {
  const report = buildPlanReport(s);
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  return format === 'markdown' ? renderMarkdown(report) : renderText(report);
}
