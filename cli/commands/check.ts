/**
 * `dropship check [file] [--format text|json|sarif|github]`: only the security checks, on the synthesized
 * Terraform of every stack. Exit 1 when any finding is not waived in migration.yaml, else 0. `sarif` is for
 * GitHub code scanning and `github` writes workflow annotations, both at the migration.yaml line of the
 * spec entry each finding's resource comes from.
 */
import { runChecks, type CheckReport, type Finding } from '../../compiler/analyses/checks';
import { checkInputs } from '../../compiler/analyses/checks/from-spec';
import { inputName } from '../../schema/read-text';
import { synthesizeFile, type Synthesized } from '../plan/synthesize';
import { counterparts } from '../plan/format';
import { EXIT_INVALID, EXIT_OK } from '../exit';
import { printDiagnostics } from '../report';
import { locateResource } from '../check-location';
import { workflowCommands } from '../annotations';
import { sarifLog } from '../sarif';
import type { Layout } from '../../compiler/model';

export type CheckFormat = 'text' | 'json' | 'sarif' | 'github';

export interface CheckArgs {
  file: string;
  format: CheckFormat;
  layout?: Layout;
}

export function runCheck(args: CheckArgs): number {
  const result = synthesizeFile(args.file, { layout: args.layout });
  if (!result.ok) {
    printDiagnostics(result.diagnostics, args.format === 'json' ? 'json' : 'text', false);
    return result.exitCode;
  }
  const { spec, plan, stacks } = result.value;
  const report = runChecks(stacks, checkInputs(spec, plan));
  const output = FORMATS[args.format](report, result.value, args.file);
  (args.format === 'text' && report.findings.length > 0 ? process.stderr : process.stdout).write(output);
  if (args.format === 'github' && report.findings.length > 0)
    process.stderr.write(textReport(report, result.value, args.file));
  return report.findings.length > 0 ? EXIT_INVALID : EXIT_OK;
}

type Render = (report: CheckReport, s: Synthesized, file: string) => string;

const locator = (s: Synthesized) => (f: Finding) => locateResource(s.spec, s.source, f.resource);

const FORMATS: Record<CheckFormat, Render> = {
  text: (report, s, file) => textReport(report, s, file),
  json: (report) => `${JSON.stringify({ ok: report.findings.length === 0, ...report }, null, 2)}\n`,
  sarif: (report, s) =>
    `${JSON.stringify(sarifLog({ report, file: s.file, locate: locator(s) }), null, 2)}\n`,
  github: (report, s) => githubReport(report, s),
};

function textReport(report: CheckReport, s: Synthesized, file: string): string {
  const lines: string[] = [];
  for (const f of report.findings) {
    const check = report.checks.find((c) => c.id === f.check);
    lines.push(`error ${f.check} ${f.stack}/${f.resource}: ${f.message}`);
    if (check) lines.push(`  ${check.title} [${counterparts(check)}]`, `  fix: ${check.remediation}`);
  }
  for (const f of report.waived) lines.push(`waived ${f.check} ${f.stack}/${f.resource}: ${f.reason}`);
  for (const w of report.unusedWaivers)
    lines.push(
      `warning: waiver ${w.check}${w.resource ? ` ${w.resource}` : ''} matches no finding; remove it`,
    );
  lines.push(
    `${inputName(file)}: ${report.checks.length} checks on ${s.stacks.length} stacks: ` +
      `${report.findings.length} finding${report.findings.length === 1 ? '' : 's'}, ${report.waived.length} waived`,
  );
  return `${lines.join('\n')}\n`;
}

function githubReport(report: CheckReport, s: Synthesized): string {
  const locate = locator(s);
  const annotations = report.findings.map((f) => {
    const at = locate(f);
    const fix = report.checks.find((c) => c.id === f.check)?.remediation;
    return {
      level: 'error' as const,
      file: s.file,
      line: at.line,
      column: at.column,
      title: `${f.check} ${f.stack}/${f.resource}`,
      message: fix ? `${f.message}\nFix: ${fix}` : f.message,
    };
  });
  return workflowCommands(
    annotations,
    'the job log lists every finding (and --format sarif uploads them all)',
  );
}
