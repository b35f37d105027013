/** `dropship plan --format text`: the plan for a terminal. */
import { counterparts, money, moneyRange, reachabilitySummary, textTable } from './format';
import type { PlanReport } from './report-schema';
import { printableDeep } from '../printable';

export function renderText(report: PlanReport): string {
  // Every value is shown as it is, never as a terminal escape or a line of its own (cli/printable.ts).
  const r = printableDeep(report);
  const out = summary(r);
  const section = (title: string, lines: string[]) => {
    out.push('', title, '='.repeat(title.length));
    for (const line of lines) out.push(line);
  };
  section('Stacks', stacks(r));
  // Long cells (rules, EFS descriptions) make padded tables unreadable in a terminal: one entry per line.
  section('Apps: what each becomes', apps(r));
  if (r.decisions.length > 0) section('Decisions', decisions(r));
  section('Cutover', cutover(r));
  section('Data migration runbook', runbook(r));
  section('Warnings', warnings(r));
  section('Manual steps, in order', manualSteps(r));
  section(`Cost ${r.cost.label} (prices of ${r.cost.pricesDate})`, cost(r));
  section('Security checks', security(r));
  section('Reachability', reachability(r));
  section('Waivers', waivers(r));
  return `${out.join('\n')}\n`;
}

/** The two lines that say what the plan is. */
function summary(r: PlanReport): string[] {
  const out: string[] = [];
  out.push(
    `dropship plan: ${r.project}-${r.environment} (${r.region}${r.production ? ', production' : ''}) from ${r.file}`,
  );
  out.push(
    `layout ${r.layout}; ${r.stacks.length} stacks, ${r.stacks.reduce((t, s) => t + s.total, 0)} resources to create; ` +
      `${r.security.findings.length} security finding${r.security.findings.length === 1 ? '' : 's'}; ` +
      `estimated ${money(r.cost.totals.digitaloceanUsd)} (DigitalOcean) → ${moneyRange(r.cost.totals.awsUsd, r.cost.totals.awsMaxUsd)} (AWS) per month` +
      (r.cost.incomplete.length > 0 ? ` (incomplete: ${r.cost.incomplete.length} missing)` : ''),
  );
  return out;
}

/** Each stack with what it creates and the stacks it reads. */
function stacks(r: PlanReport): string[] {
  const out: string[] = [];
  for (const s of r.stacks) {
    out.push(
      `${s.name} (${s.role}${s.app ? ` ${s.app}` : ''}): ${s.total} resources${s.dependsOn.length ? `; reads ${s.dependsOn.join(', ')}` : ''}`,
    );
    out.push(...s.resources.map((x) => `  + ${x.type} × ${x.count}`));
  }
  return out;
}

/** What each app becomes, one entry per line. */
function apps(r: PlanReport): string[] {
  const out: string[] = [];
  for (const a of r.apps) {
    out.push(`${a.name} (${a.kind}${a.hostnames.length ? `: ${a.hostnames.join(', ')}` : ''})`);
    const width = Math.max(...a.mapping.map((m) => m.kind.length));
    for (const m of a.mapping) {
      out.push(`  ${m.kind.padEnd(width)}  ${m.digitalocean} → ${m.aws}`);
      if (m.rule !== '—') out.push(`  ${' '.repeat(width)}  why: ${m.rule}`);
    }
  }
  return out;
}

/** Every decision with its rule. */
function decisions(r: PlanReport): string[] {
  const out: string[] = [];
  for (const d of r.decisions) out.push(`${d.subject}: ${d.choice}`, `  why: ${d.rule}`);
  return out;
}

/** The phases, with the changes of each phase under its row. */
function cutover(r: PlanReport): string[] {
  const out: string[] = [];
  if (!r.cutover) out.push('no cutover: section not in migration.yaml');
  else {
    out.push(
      `current phase: ${r.cutover.current} % to AWS (phases ${r.cutover.phases.join(' → ')}); edit cutover.current to move or roll back`,
    );
    const columns = r.cutover.table.columns;
    const changes = columns.length - 1; // the last column lists the changes: print them under each row
    out.push(
      ...textTable(
        columns.slice(0, changes),
        r.cutover.table.rows.map((row) => row.slice(0, changes)),
      ),
    );
    for (const row of r.cutover.table.rows) {
      const items = (row[changes] ?? '').split('; ').filter(Boolean);
      if (items.length > 0) out.push(`  phase ${row[0]}:`, ...items.map((item) => `    ${item}`));
    }
  }
  return out;
}

/** The data migration runbook, commands indented. */
function runbook(r: PlanReport): string[] {
  const out: string[] = [];
  if (r.runbook.length === 0) out.push('nothing to migrate: the spec has no databases');
  for (const section of r.runbook) {
    out.push(section.title);
    out.push(...section.steps.map((s) => (s.startsWith('$ ') ? `    ${s}` : `  ${s}`)));
  }
  return out;
}

/** The warnings, located. */
function warnings(r: PlanReport): string[] {
  const out: string[] = [];
  if (r.warnings.length === 0) out.push('none');
  for (const w of r.warnings) {
    out.push(
      `${w.line > 0 ? `${w.file}:${w.line}:${w.column}` : w.file}: ${w.severity}: ${w.message}${w.path ? ` (at ${w.path})` : ''} [${w.code}]`,
    );
    if (w.hint) out.push(`  hint: ${w.hint}`);
  }
  return out;
}

/** The manual steps in the order they are done. */
function manualSteps(r: PlanReport): string[] {
  const out: string[] = [];
  if (r.manualSteps.length === 0) out.push('none');
  for (const s of r.manualSteps) {
    out.push(`${s.order}. ${s.title}`, `   ${s.note !== undefined ? `${s.note}. ` : ''}${s.detail}`);
    for (const c of s.commands ?? []) out.push(`   $ ${c}`);
  }
  return out;
}

/** Both sides of the monthly cost. */
function cost(r: PlanReport): string[] {
  const out: string[] = [];
  const costRows = (lines: PlanReport['cost']['aws']) =>
    lines.map((l) => [
      `${l.item}${l.verified ? '' : ' *'}`,
      l.detail,
      moneyRange(l.monthlyUsd, l.maxMonthlyUsd),
    ]);
  out.push('DigitalOcean today');
  out.push(...textTable(['item', 'how', 'per month'], costRows(r.cost.digitalocean)));
  out.push(`  total ${money(r.cost.totals.digitaloceanUsd)}`);
  out.push('AWS target');
  out.push(...textTable(['item', 'how', 'per month'], costRows(r.cost.aws)));
  const { awsUsd, awsMaxUsd, differenceUsd, differenceMaxUsd } = r.cost.totals;
  const total = moneyRange(awsUsd, awsMaxUsd);
  out.push(
    differenceUsd === null
      ? `  total ${total}  (incomplete: ${r.cost.incomplete.length} missing, no difference stated)`
      : `  total ${total}  (difference ${moneyRange(differenceUsd, differenceMaxUsd)} per month${awsMaxUsd === undefined ? '' : ', depending on load'})`,
  );
  for (const u of r.cost.incomplete) out.push(`  missing: ${u}`);
  for (const u of r.cost.unpriced) out.push(`  not priced: ${u}`);
  for (const n of r.cost.notes) out.push(`  note: ${n}`);
  return out;
}

/** The security checks and their findings. */
function security(r: PlanReport): string[] {
  const out: string[] = [];
  const sec = r.security;
  out.push(`${sec.checks.length} checks, ${sec.findings.length} findings, ${sec.waived.length} waived`);
  out.push(
    ...textTable(
      ['check', 'title', 'result', 'checkov / trivy'],
      sec.checks.map((c) => [
        c.id,
        c.title,
        c.findings > 0 ? `FAIL ${c.findings}` : c.waived > 0 ? `waived ${c.waived}` : 'pass',
        counterparts(c),
      ]),
    ),
  );
  for (const f of sec.findings) {
    out.push(`error ${f.check} ${f.stack}/${f.resource}: ${f.message}`);
    const fix = sec.checks.find((c) => c.id === f.check)?.remediation;
    if (fix) out.push(`  fix: ${fix}`);
  }
  return out;
}

/** Each connection the spec implies, with the hops that carry it or why none does; rules nothing uses. */
function reachability(r: PlanReport): string[] {
  const { needs, unexplained } = r.reachability;
  const out = [reachabilitySummary(r)];
  let subject: string | undefined;
  for (const n of needs) {
    if (n.subject !== subject) out.push((subject = n.subject));
    out.push(
      n.path
        ? `  ${n.what}: ${n.path.join(' → ')}`
        : `  NO PATH ${n.what} (${n.specPath}): ${n.missing ?? ''}`,
    );
  }
  if (unexplained.length > 0) out.push('Rules no connection uses:');
  for (const u of unexplained) out.push(`  ${u.rule} on ${u.securityGroup}: ${u.description}`);
  return out;
}

/** The waivers, what they waived, and the ones that waive nothing. */
function waivers(r: PlanReport): string[] {
  const out: string[] = [];
  const sec = r.security;
  if (sec.waivers.length === 0 && !sec.secretWaivers) out.push('none');
  for (const w of sec.waivers)
    out.push(`${w.check}${w.resource ? ` ${w.resource}` : ' (all resources)'}: ${w.reason}`);
  for (const f of sec.waived) out.push(`  waived ${f.check} ${f.stack}/${f.resource}: ${f.message}`);
  for (const w of sec.unusedWaivers)
    out.push(`  unused: ${w.check}${w.resource ? ` ${w.resource}` : ''} matches no finding; remove it`);
  for (const w of sec.secretWaivers ?? [])
    out.push(
      `${w.variable} in ${w.app}/${w.container}: waived as no secret (it looks like one by ${w.looksLike.join(' and ')}): ${w.reason}`,
    );
  return out;
}
