/**
 * The security part of the pull-request comment: the failing (and waived) checks first, their findings, then
 * the passing checks folded in a `<details>` block, so what needs a reviewer is what they see.
 */
import { counterparts } from './format';
import {
  BLANK,
  type Block,
  bullet,
  code,
  DETAILS_END,
  detailsStart,
  heading,
  inline,
  type Inline,
  paragraph,
  prose,
  table,
} from './markdown-builder';
import type { PlanReport } from './report-schema';

type Check = PlanReport['security']['checks'][number];

const checksTable = (checks: readonly Check[]): Block =>
  table(
    [inline`check`, inline`what`, inline`result`, inline`checkov / trivy`],
    checks.map((c): Inline[] => [
      inline`${c.id}`,
      prose(c.title),
      c.findings > 0 ? inline`❌ ${c.findings}` : c.waived > 0 ? inline`waived (${c.waived})` : inline`✅`,
      inline`${counterparts(c)}`,
    ]),
  );

export function commentSecurity(r: PlanReport): Block[] {
  const sec = r.security;
  const flagged = sec.checks.filter((c) => c.findings > 0 || c.waived > 0);
  const passing = sec.checks.filter((c) => c.findings === 0 && c.waived === 0);
  const out: Block[] = [BLANK, heading(3, inline`Security checks`), BLANK];
  out.push(
    paragraph(
      inline`dropship's own checks on the synthesized Terraform (checkov cannot parse \`cdk.tf.json\` today); each names its checkov / trivy counterparts.`,
    ),
    BLANK,
  );
  if (flagged.length > 0) out.push(checksTable(flagged));
  else out.push(paragraph(inline`✅ No check fails.`));
  if (sec.findings.length > 0) {
    out.push(BLANK, paragraph(inline`**Findings (errors):**`), BLANK);
    for (const f of sec.findings) {
      const fix = sec.checks.find((c) => c.id === f.check)?.remediation;
      const remedy = fix ? inline` — fix: ${prose(fix)}` : inline``;
      out.push(bullet(inline`${f.check} ${code(`${f.stack}/${f.resource}`)}: ${prose(f.message)}${remedy}`));
    }
  }
  if (passing.length > 0)
    // The blank lines around the table let GitHub render markdown inside the HTML block.
    out.push(
      BLANK,
      detailsStart(inline`${passing.length} checks pass`),
      BLANK,
      checksTable(passing),
      BLANK,
      DETAILS_END,
    );
  return out;
}
