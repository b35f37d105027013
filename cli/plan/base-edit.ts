/**
 * What a change from the base spec to this one may not do on live infrastructure (schema/rules/blue-green-edit.ts),
 * located in this spec's file. `plan --base` refuses such a change before it prints anything.
 */
import { locateFinding, type Diagnostic } from '../../schema/diagnostics';
import { Report } from '../../schema/report';
import { checkBlueGreenEdit } from '../../schema/rules/blue-green-edit';
import type { Synthesized } from './synthesize';

export function baseEditDiagnostics(
  base: Pick<Synthesized, 'spec'>,
  head: Pick<Synthesized, 'spec' | 'source'>,
): Diagnostic[] {
  const report = new Report();
  checkBlueGreenEdit(report, base.spec, head.spec);
  return report.findings.map((f) => locateFinding(f, head.source));
}
