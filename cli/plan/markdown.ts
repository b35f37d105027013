/**
 * `dropship plan --format markdown`: the plan as a pull-request comment, with a Mermaid diagram. Every line
 * is a `Block` of markdown-builder.ts: markup only in the literal parts of `inline` templates, every report
 * string escaped for where it lands.
 */
import { counterparts, money, moneyRange, reachabilitySummary } from './format';
import {
  BLANK,
  Block,
  bullet,
  code,
  DETAILS_END,
  detailsStart,
  fencedCode,
  heading,
  inline,
  type Inline,
  joinInline,
  numbered,
  paragraph,
  prose,
  quote,
  table,
} from './markdown-builder';
import { mermaidDiagram } from './mermaid';
import type { PlanReport } from './report-schema';

const NOTHING = inline``;
const cells = (...values: (string | Inline)[]): Inline[] => values.map((v) => inline`${v}`);

/** The summary. */
function headerSection(r: PlanReport): Block[] {
  const out: Block[] = [];
  const total = r.stacks.reduce((t, s) => t + s.total, 0);
  const sec = r.security;
  out.push(heading(2, inline`dropship plan: ${code(`${r.project}-${r.environment}`)}`));
  out.push(BLANK);
  const findings =
    sec.findings.length === 0
      ? inline`✅ no findings`
      : inline`❌ ${sec.findings.length} finding${sec.findings.length === 1 ? NOTHING : inline`s`}`;
  const waived = sec.waived.length ? inline` (${sec.waived.length} waived)` : NOTHING;
  const production = r.production ? inline`, production` : NOTHING;
  const cost = inline`${money(r.cost.totals.digitaloceanUsd)} → ${moneyRange(r.cost.totals.awsUsd, r.cost.totals.awsMaxUsd)}${r.cost.incomplete.length > 0 ? inline` (incomplete: ${r.cost.incomplete.length} missing)` : NOTHING}`;
  out.push(
    paragraph(
      inline`${r.region}${production} · layout ${r.layout} · ${r.stacks.length} stacks · ${total} resources to create · security: ${findings}${waived} · estimated ${cost} per month · from ${code(r.file)}`,
    ),
  );
  return out;
}

/** The architecture diagram. */
function architectureSection(r: PlanReport): Block[] {
  const out: Block[] = [];
  out.push(
    BLANK,
    heading(3, inline`Architecture`),
    BLANK,
    fencedCode('mermaid', mermaidDiagram(r).split('\n')),
  );
  return out;
}

/** What each app becomes. */
function appsSection(r: PlanReport): Block[] {
  const out: Block[] = [];
  out.push(BLANK, heading(3, inline`Apps: what each becomes`));
  for (const a of r.apps) {
    const hostnames = a.hostnames.length ? inline`: ${a.hostnames.join(', ')}` : NOTHING;
    out.push(BLANK, paragraph(inline`**${a.name}** (${a.kind}${hostnames})`), BLANK);
    out.push(
      table(
        cells('', 'DigitalOcean', 'AWS', 'rule'),
        a.mapping.map((m) => cells(m.kind, m.digitalocean, m.aws, prose(m.rule))),
      ),
    );
  }
  return out;
}

/** The stacks and their resources. */
function stacksSection(r: PlanReport): Block[] {
  const out: Block[] = [];
  out.push(BLANK, heading(3, inline`Stacks`), BLANK);
  out.push(
    table(
      cells('stack', 'role', 'resources', 'reads'),
      r.stacks.map((s) => [
        code(s.name),
        inline`${s.role}${s.app ? inline` ${s.app}` : NOTHING}`,
        inline`${s.total}`,
        joinInline(s.dependsOn.map(code), inline`, `),
      ]),
    ),
  );
  for (const s of r.stacks) {
    if (s.resources.length === 0) continue;
    out.push(BLANK, detailsStart(inline`${s.name}: ${s.total} resources`), BLANK);
    out.push(
      table(
        cells('type', 'count'),
        s.resources.map((x) => [code(x.type), inline`${x.count}`]),
      ),
    );
    out.push(BLANK, DETAILS_END);
  }
  return out;
}

/** Every decision and its rule. */
function decisionsSection(r: PlanReport): Block[] {
  const out: Block[] = [];
  if (r.decisions.length > 0) {
    out.push(BLANK, detailsStart(inline`Every decision and the rule behind it`), BLANK);
    out.push(
      table(
        cells('subject', 'choice', 'rule'),
        // A choice quotes the spec's values (paths, names): text, whose backticks stay backticks.
        r.decisions.map((d) => [code(d.subject), inline`${d.choice}`, prose(d.rule)]),
      ),
    );
    out.push(BLANK, DETAILS_END);
  }
  return out;
}

/** The cutover phases. */
function cutoverSection(r: PlanReport): Block[] {
  const out: Block[] = [];
  out.push(BLANK, heading(3, inline`Cutover`), BLANK);
  if (!r.cutover) out.push(paragraph(inline`No \`cutover:\` section in migration.yaml.`));
  else {
    out.push(
      paragraph(
        inline`Current phase: **${r.cutover.current} %** to AWS (phases ${r.cutover.phases.join(' → ')}). Edit \`cutover.current\` to move forward or roll back.`,
      ),
      BLANK,
    );
    // One change per line in the last column.
    const rows = r.cutover.table.rows.map((row) =>
      row.map((c, i) => inline`${i === row.length - 1 ? c.replace(/; /g, '\n') : c}`),
    );
    out.push(table(cells(...r.cutover.table.columns), rows));
  }
  return out;
}

/** The data migration runbook. */
function runbookSection(r: PlanReport): Block[] {
  const out: Block[] = [];
  out.push(BLANK, heading(3, inline`Data migration runbook`), BLANK);
  if (r.runbook.length === 0) out.push(paragraph(inline`Nothing to migrate: the spec has no databases.`));
  for (const section of r.runbook) {
    out.push(paragraph(inline`**${section.title}**`), BLANK);
    // Consecutive commands (`$ ` steps) share one code block; every other step is a list item, as text: the
    // commands' `# comments` carry spec values (a droplet's role, names), whose backticks must not open code.
    let commands: string[] = [];
    const flush = () => {
      if (commands.length) out.push(fencedCode('sh', commands));
      commands = [];
    };
    for (const step of section.steps) {
      if (step.startsWith('$ ')) commands.push(step.slice(2));
      else {
        flush();
        out.push(bullet(inline`${step}`));
      }
    }
    flush();
    out.push(BLANK);
  }
  return out;
}

/** The warnings. */
function warningsSection(r: PlanReport): Block[] {
  const out: Block[] = [];
  out.push(BLANK, heading(3, inline`Warnings`), BLANK);
  if (r.warnings.length === 0) out.push(paragraph(inline`None.`));
  for (const w of r.warnings) {
    const icon = w.severity === 'error' ? inline`❌` : inline`⚠️`;
    const at = code(w.line > 0 ? `${w.file}:${w.line}:${w.column}` : w.file);
    const path = w.path ? inline` (at ${code(w.path)})` : NOTHING;
    const hint = w.hint ? inline` — hint: ${prose(w.hint)}` : NOTHING;
    out.push(bullet(inline`${icon} ${at} ${prose(w.message)}${path}${hint}`));
  }
  return out;
}

/** The manual steps. */
function manualStepsSection(r: PlanReport): Block[] {
  const out: Block[] = [];
  out.push(BLANK, heading(3, inline`Manual steps, in order`), BLANK);
  if (r.manualSteps.length === 0) out.push(paragraph(inline`None.`));
  for (const s of r.manualSteps) {
    // A note is the user's words: interpolated as text, so its backticks show and open no code span.
    const note = s.note !== undefined ? inline`${s.note}. ` : NOTHING;
    out.push(numbered(s.order, inline`**${prose(s.title)}** — ${note}${prose(s.detail)}`));
    // A block belongs to the item when indented to the item's text: past the marker (`10. ` is 4 wide).
    if (s.commands?.length)
      out.push(fencedCode('sh', s.commands, ' '.repeat(`${Math.trunc(s.order)}. `.length)));
  }
  return out;
}

/** The cost estimate. */
function costSection(r: PlanReport): Block[] {
  const out: Block[] = [];
  out.push(BLANK, heading(3, inline`Monthly cost — ${r.cost.label}`), BLANK);
  out.push(
    paragraph(
      inline`Prices of **${r.cost.pricesDate}** (${r.cost.priceRegion} for AWS). \\* = a price the table marks unverified.`,
    ),
    BLANK,
  );
  const costRows = (side: string, lines: PlanReport['cost']['aws']) =>
    lines.map((l) => [
      inline`${side}`,
      inline`${l.item}${l.verified ? NOTHING : inline` \\*`}`,
      inline`${l.detail}`,
      inline`${moneyRange(l.monthlyUsd, l.maxMonthlyUsd)}`,
    ]);
  out.push(
    table(cells('', 'item', 'how', 'per month'), [
      ...costRows('DigitalOcean', r.cost.digitalocean),
      [
        inline`**DigitalOcean**`,
        inline`**total today**`,
        NOTHING,
        inline`**${money(r.cost.totals.digitaloceanUsd)}**`,
      ],
      ...costRows('AWS', r.cost.aws),
      [
        inline`**AWS**`,
        inline`**total target**`,
        NOTHING,
        inline`**${moneyRange(r.cost.totals.awsUsd, r.cost.totals.awsMaxUsd)}**`,
      ],
      r.cost.totals.differenceUsd === null
        ? [
            NOTHING,
            inline`difference`,
            NOTHING,
            inline`not stated: incomplete (${r.cost.incomplete.length} missing)`,
          ]
        : [
            NOTHING,
            inline`difference`,
            NOTHING,
            inline`${moneyRange(r.cost.totals.differenceUsd, r.cost.totals.differenceMaxUsd)}`,
          ],
    ]),
  );
  if (r.cost.incomplete.length || r.cost.unpriced.length)
    out.push(
      BLANK,
      ...r.cost.incomplete.map((u) => bullet(inline`missing: ${u}`)),
      ...r.cost.unpriced.map((u) => bullet(inline`not priced: ${u}`)),
    );
  out.push(BLANK);
  if (r.cost.notes.length) out.push(quote(r.cost.notes.map(prose)));
  return out;
}

/** The security checks. */
function securitySection(r: PlanReport): Block[] {
  const out: Block[] = [];
  const sec = r.security;
  out.push(BLANK, heading(3, inline`Security checks`), BLANK);
  out.push(
    paragraph(
      inline`dropship's own checks on the synthesized Terraform; each names its checkov / trivy counterparts (docs/review.md runs them on the same output).`,
    ),
    BLANK,
  );
  out.push(
    table(
      cells('check', 'what', 'result', 'checkov / trivy'),
      sec.checks.map((c) => [
        inline`${c.id}`,
        prose(c.title),
        c.findings > 0 ? inline`❌ ${c.findings}` : c.waived > 0 ? inline`waived (${c.waived})` : inline`✅`,
        inline`${counterparts(c)}`,
      ]),
    ),
  );
  if (sec.findings.length > 0) {
    out.push(BLANK, paragraph(inline`**Findings (errors):**`), BLANK);
    for (const f of sec.findings) {
      const fix = sec.checks.find((c) => c.id === f.check)?.remediation;
      const remedy = fix ? inline` — fix: ${prose(fix)}` : NOTHING;
      out.push(bullet(inline`${f.check} ${code(`${f.stack}/${f.resource}`)}: ${prose(f.message)}${remedy}`));
    }
  }
  return out;
}

/** The waivers. */
function waiversSection(r: PlanReport): Block[] {
  const out: Block[] = [];
  const sec = r.security;
  out.push(BLANK, heading(3, inline`Waivers`), BLANK);
  if (sec.waivers.length === 0 && !sec.secretWaivers) out.push(paragraph(inline`None.`));
  for (const w of sec.waivers) {
    const scope = w.resource ? inline` ${code(w.resource)}` : inline` (all resources)`;
    // A waiver's reason is the user's words: text, never markup.
    out.push(bullet(inline`${w.check}${scope}: ${w.reason}`));
  }
  for (const f of sec.waived)
    out.push(
      bullet(inline`waived: ${f.check} ${code(`${f.stack}/${f.resource}`)} — ${prose(f.message)}`, '  '),
    );
  for (const w of sec.unusedWaivers) {
    const scope = w.resource ? inline` ${code(w.resource)}` : NOTHING;
    out.push(bullet(inline`⚠️ unused: ${w.check}${scope} matches no finding; remove it`, '  '));
  }
  for (const w of sec.secretWaivers ?? [])
    out.push(
      bullet(
        inline`${code(w.variable)} in ${code(`${w.app}/${w.container}`)}: waived as no secret (it looks like one by ${w.looksLike.join(' and ')}): ${w.reason}`,
      ),
    );
  return out;
}

/** Each connection the spec implies and the hops that carry it (or why none does); rules nothing uses. */
function reachabilitySection(r: PlanReport): Block[] {
  const { needs, unexplained } = r.reachability;
  const out: Block[] = [
    BLANK,
    heading(3, inline`Reachability`),
    BLANK,
    paragraph(inline`${reachabilitySummary(r)}.`),
  ];
  if (needs.length > 0)
    out.push(
      BLANK,
      table(
        cells('who', 'connection', 'from the spec', 'path'),
        needs.map((n) => {
          const path = n.path ? joinInline(n.path.map(code), inline` → `) : NOTHING;
          const gap = n.missing !== undefined ? inline`❌ no path: ${n.missing}` : NOTHING;
          return cells(
            n.subject,
            n.what,
            code(n.specPath),
            inline`${path}${n.path && gap !== NOTHING ? inline` ` : NOTHING}${gap}`,
          );
        }),
      ),
    );
  if (unexplained.length > 0) {
    out.push(BLANK, paragraph(inline`Rules no connection uses:`), BLANK);
    for (const u of unexplained)
      out.push(bullet(inline`${code(u.rule)} on ${code(u.securityGroup)}: ${u.description}`));
  }
  return out;
}

/** One part of the plan, in the order the full plan shows them. */
export interface PlanSection {
  key: PlanSectionKey;
  /** What the part holds, for a list of parts left out. */
  title: string;
  blocks: Block[];
}

const SECTIONS = {
  header: { title: 'the summary', render: headerSection },
  architecture: { title: 'the architecture diagram', render: architectureSection },
  apps: { title: 'what each app becomes', render: appsSection },
  stacks: { title: 'the stacks and their resources', render: stacksSection },
  decisions: { title: 'every decision and its rule', render: decisionsSection },
  cutover: { title: 'the cutover phases', render: cutoverSection },
  runbook: { title: 'the data migration runbook', render: runbookSection },
  warnings: { title: 'the warnings', render: warningsSection },
  manualSteps: { title: 'the manual steps', render: manualStepsSection },
  cost: { title: 'the cost estimate', render: costSection },
  security: { title: 'the security checks', render: securitySection },
  reachability: { title: 'the reachability of each connection', render: reachabilitySection },
  waivers: { title: 'the waivers', render: waiversSection },
} as const;
export type PlanSectionKey = keyof typeof SECTIONS;

/** The plan's parts, each rendered whole, in the full plan's order. */
export function markdownSections(r: PlanReport): PlanSection[] {
  return (Object.keys(SECTIONS) as PlanSectionKey[]).map((key) => ({
    key,
    title: SECTIONS[key].title,
    blocks: SECTIONS[key].render(r),
  }));
}

export function renderMarkdown(r: PlanReport): string {
  return Block.document(markdownSections(r).flatMap((s) => s.blocks));
}
