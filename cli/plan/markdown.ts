/** `dropship plan --format markdown`: the plan as a pull-request comment, with a Mermaid diagram. */
import { counterparts, markdownTable, money } from './format';
import { mermaidDiagram } from './mermaid';
import type { PlanReport } from './report-schema';

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

export function renderMarkdown(r: PlanReport): string {
  const out: string[] = [];
  const total = r.stacks.reduce((t, s) => t + s.total, 0);
  const sec = r.security;
  out.push(`## dropship plan: ${code(`${r.project}-${r.environment}`)}`);
  out.push('');
  out.push(
    `${r.region}${r.production ? ', production' : ''} · layout ${r.layout} · ${r.stacks.length} stacks · ${total} resources to create · ` +
      `security: ${sec.findings.length === 0 ? '✅ no findings' : `❌ ${sec.findings.length} finding${sec.findings.length === 1 ? '' : 's'}`}` +
      `${sec.waived.length ? ` (${sec.waived.length} waived)` : ''} · ` +
      `estimated ${money(r.cost.totals.digitaloceanUsd)} → ${money(r.cost.totals.awsUsd)} per month · from ${code(r.file)}`,
  );
  out.push('', '### Architecture', '', '```mermaid', mermaidDiagram(r), '```');

  out.push('', '### Apps: what each becomes');
  for (const a of r.apps) {
    out.push('', `**${a.name}** (${a.kind}${a.hostnames.length ? `: ${a.hostnames.join(', ')}` : ''})`, '');
    out.push(
      ...markdownTable(
        ['', 'DigitalOcean', 'AWS', 'rule'],
        a.mapping.map((m) => [m.kind, m.digitalocean, m.aws, m.rule]),
      ),
    );
  }

  out.push('', '### Stacks', '');
  out.push(
    ...markdownTable(
      ['stack', 'role', 'resources', 'reads'],
      r.stacks.map((s) => [
        code(s.name),
        `${s.role}${s.app ? ` ${s.app}` : ''}`,
        String(s.total),
        s.dependsOn.map(code).join(', '),
      ]),
    ),
  );
  for (const s of r.stacks) {
    if (s.resources.length === 0) continue;
    out.push('', `<details><summary>${s.name}: ${s.total} resources</summary>`, '');
    out.push(
      ...markdownTable(
        ['type', 'count'],
        s.resources.map((x) => [code(x.type), String(x.count)]),
      ),
    );
    out.push('', '</details>');
  }

  if (r.decisions.length > 0) {
    out.push('', '<details><summary>Every decision and the rule behind it</summary>', '');
    out.push(
      ...markdownTable(
        ['subject', 'choice', 'rule'],
        r.decisions.map((d) => [code(d.subject), d.choice, d.rule]),
      ),
    );
    out.push('', '</details>');
  }

  out.push('', '### Cutover', '');
  if (!r.cutover) out.push('No `cutover:` section in migration.yaml.');
  else {
    out.push(
      `Current phase: **${r.cutover.current} %** to AWS (phases ${r.cutover.phases.join(' → ')}). Edit \`cutover.current\` to move forward or roll back.`,
      '',
    );
    // One change per line in the last column.
    const rows = r.cutover.table.rows.map((row) =>
      row.map((c, i) => (i === row.length - 1 ? c.replace(/; /g, '\n') : c)),
    );
    out.push(...markdownTable(r.cutover.table.columns, rows));
  }

  out.push('', '### Data migration runbook', '');
  if (r.runbook.length === 0) out.push('Nothing to migrate: the spec has no databases.');
  for (const section of r.runbook) {
    out.push(`**${section.title}**`, '');
    let inCode = false;
    for (const step of section.steps) {
      const isCommand = step.startsWith('$ ');
      if (isCommand !== inCode) out.push(isCommand ? '```sh' : '```');
      inCode = isCommand;
      out.push(isCommand ? step.slice(2) : `- ${step}`);
    }
    if (inCode) out.push('```');
    out.push('');
  }

  out.push('', '### Warnings', '');
  if (r.warnings.length === 0) out.push('None.');
  for (const w of r.warnings) {
    out.push(
      `- ${w.severity === 'error' ? '❌' : '⚠️'} ${code(w.line > 0 ? `${w.file}:${w.line}:${w.column}` : w.file)} ${w.message}${w.path ? ` (at ${code(w.path)})` : ''}${w.hint ? ` — hint: ${w.hint}` : ''}`,
    );
  }

  out.push('', '### Manual steps, in order', '');
  if (r.manualSteps.length === 0) out.push('None.');
  for (const s of r.manualSteps) {
    out.push(`${s.order}. **${s.title}** — ${s.detail}`);
    if (s.commands?.length) out.push('   ```sh', ...s.commands.map((c) => `   ${c}`), '   ```');
  }

  out.push('', `### Monthly cost — ${r.cost.label}`, '');
  out.push(
    `Prices of **${r.cost.pricesDate}** (${r.cost.priceRegion} for AWS). \\* = a price the table marks unverified.`,
    '',
  );
  const costRows = (side: string, lines: PlanReport['cost']['aws']) =>
    lines.map((l) => [side, `${l.item}${l.verified ? '' : ' \\*'}`, l.detail, money(l.monthlyUsd)]);
  out.push(
    ...markdownTable(
      ['', 'item', 'how', 'per month'],
      [
        ...costRows('DigitalOcean', r.cost.digitalocean),
        ['**DigitalOcean**', '**total today**', '', `**${money(r.cost.totals.digitaloceanUsd)}**`],
        ...costRows('AWS', r.cost.aws),
        ['**AWS**', '**total target**', '', `**${money(r.cost.totals.awsUsd)}**`],
        ['', 'difference', '', money(r.cost.totals.differenceUsd)],
      ],
    ),
  );
  if (r.cost.unpriced.length) out.push('', ...r.cost.unpriced.map((u) => `- not priced: ${u}`));
  out.push('', ...r.cost.notes.map((n) => `> ${n}`));

  out.push('', '### Security checks', '');
  out.push(
    `dropship's own checks on the synthesized Terraform (checkov cannot parse \`cdk.tf.json\` today); each names its checkov / trivy counterparts.`,
    '',
  );
  out.push(
    ...markdownTable(
      ['check', 'what', 'result', 'checkov / trivy'],
      sec.checks.map((c) => [
        c.id,
        c.title,
        c.findings > 0 ? `❌ ${c.findings}` : c.waived > 0 ? `waived (${c.waived})` : '✅',
        counterparts(c),
      ]),
    ),
  );
  if (sec.findings.length > 0) {
    out.push('', '**Findings (errors):**', '');
    for (const f of sec.findings) {
      const fix = sec.checks.find((c) => c.id === f.check)?.remediation;
      out.push(
        `- ${f.check} ${code(`${f.stack}/${f.resource}`)}: ${f.message}${fix ? ` — fix: ${fix}` : ''}`,
      );
    }
  }

  out.push('', '### Waivers', '');
  if (sec.waivers.length === 0 && !sec.secretWaivers) out.push('None.');
  for (const w of sec.waivers)
    out.push(`- ${w.check}${w.resource ? ` ${code(w.resource)}` : ' (all resources)'}: ${w.reason}`);
  for (const f of sec.waived)
    out.push(`  - waived: ${f.check} ${code(`${f.stack}/${f.resource}`)} — ${f.message}`);
  for (const w of sec.unusedWaivers)
    out.push(
      `  - ⚠️ unused: ${w.check}${w.resource ? ` ${code(w.resource)}` : ''} matches no finding; remove it`,
    );
  for (const w of sec.secretWaivers ?? [])
    out.push(
      `- ${code(w.variable)} in ${code(`${w.app}/${w.container}`)}: waived as no secret (it looks like one by ${w.looksLike.join(' and ')}): ${w.reason}`,
    );
  return `${out.join('\n')}\n`;
}
