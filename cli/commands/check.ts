/**
 * `dropship check [file] [--format text|json]`: only the security checks, on the synthesized Terraform of
 * every stack. Exit 1 when any finding is not waived in migration.yaml, else 0.
 */
import { runChecks } from '../../compiler/analyses/checks';
import { checkInputs } from '../../compiler/analyses/checks/from-spec';
import { inputName } from '../../schema/read-text';
import { synthesizeFile } from '../plan/synthesize';
import { counterparts } from '../plan/format';
import { EXIT_INVALID, EXIT_OK } from '../exit';
import { printDiagnostics } from '../report';
import type { Layout } from '../../compiler/model';

export interface CheckArgs {
  file: string;
  format: 'text' | 'json';
  layout?: Layout;
}

export function runCheck(args: CheckArgs): number {
  const result = synthesizeFile(args.file, { layout: args.layout });
  if (!result.ok) {
    printDiagnostics(result.diagnostics, 'text', false);
    return result.exitCode;
  }
  const { spec, plan, stacks } = result.value;
  const report = runChecks(stacks, checkInputs(spec, plan));
  if (args.format === 'json') {
    process.stdout.write(`${JSON.stringify({ ok: report.findings.length === 0, ...report }, null, 2)}\n`);
  } else {
    const lines: string[] = [];
    for (const f of report.findings) {
      const check = report.checks.find((c) => c.id === f.check);
      lines.push(`error ${f.check} ${f.stack}/${f.resource}: ${f.message}`);
      if (check) lines.push(`  ${check.title} [${counterparts(check)}]`, `  fix: ${check.remediation}`);
    }
    for (const f of report.waived) lines.push(`waived ${f.check} ${f.stack}/${f.resource}: ${f.reason}`);
    for (const w of report.unusedWaivers) {
      lines.push(
        `warning: waiver ${w.check}${w.resource ? ` ${w.resource}` : ''} matches no finding; remove it`,
      );
    }
    lines.push(
      `${inputName(args.file)}: ${report.checks.length} checks on ${stacks.length} stacks: ` +
        `${report.findings.length} finding${report.findings.length === 1 ? '' : 's'}, ${report.waived.length} waived`,
    );
    (report.findings.length > 0 ? process.stderr : process.stdout).write(`${lines.join('\n')}\n`);
  }
  return report.findings.length > 0 ? EXIT_INVALID : EXIT_OK;
}
