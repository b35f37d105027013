/**
 * `dropship plan --format comment`: the pull-request comment. It always fits GitHub's comment limit and
 * leads with what a reviewer needs: what this change does to each stack (against the base branch's spec),
 * the security findings, the cost, the manual steps; then the rest of the plan while it fits. Parts are
 * taken whole or not at all, so nothing is cut inside a code block or a table; what is left out is named,
 * with a link to the full plan. The architecture diagram appears only while it stays legible.
 */
import {
  BLANK,
  Block,
  bullet,
  code,
  heading,
  inline,
  type Inline,
  joinInline,
  linkedParagraph,
  numbered,
  paragraph,
  prose,
  table,
} from './markdown-builder';
import { commentSecurity } from './comment-security';
import { money } from './format';
import { markdownSections, type PlanSectionKey } from './markdown';
import { mermaidDiagram } from './mermaid';
import type { ResourceDiff } from './diff';
import { replacingAttributes } from './replacements';
import type { PlanReport } from './report-schema';

/** GitHub refuses a comment (issue or pull request) longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/**
 * The most nodes the diagram may have and still be shown: past ~40 boxes GitHub scales a flowchart down
 * until its labels cannot be read (a 10-app fleet draws 70), and Mermaid refuses text past 50,000 chars.
 */
export const DIAGRAM_NODE_LIMIT = 40;
/** Removed and replaced resources listed by name; more are counted. */
const REMOVED_SHOWN = 30;
/**
 * The most characters of the base spec's error the comment quotes: a message quotes the bad value, which can
 * be any size (a 9,000-fold value made a 72 kB comment), and escaping only enlarges it.
 */
export const BASE_ERROR_QUOTED = 300;

export interface CommentInput {
  report: PlanReport;
  /**
   * The resource diff against the base branch's spec, when one was given, and the titles of the base plan's
   * manual steps (a step whose title the base has not is new with this change).
   */
  changes?:
    | {
        base: string;
        diffs: ResourceDiff[];
        baseSteps?: readonly string[];
        /** The base's plan: its cutover phase, cost estimate and findings, to say what this change moves. */
        basePlan?: BasePlan;
      }
    | { base: string; error: string };
  /** Where the full plan is (the job's step summary, an artifact). */
  fullPlan?: string;
  /** Characters the comment may have (default: GitHub's limit). */
  maxChars?: number;
}

/** What the summary of a change compares with the base. */
export type BasePlan = Pick<PlanReport, 'cutover' | 'cost' | 'security'>;

/** In the order the comment shows them: what a reviewer needs first. */
export const PART_ORDER: readonly PlanSectionKey[] = [
  'security',
  'cost',
  'manualSteps',
  'warnings',
  'cutover',
  'architecture',
  'apps',
  'stacks',
  'runbook',
  'decisions',
  'reachability',
  'waivers',
];

/** Nodes of a Mermaid flowchart as dropship writes it: one `id[`, `id((`, `id{{`… per node line. */
export function diagramNodes(diagram: string): number {
  return diagram.split('\n').filter((line) => /^\s*[A-Za-z_]\w*\s*[[({]/.test(line)).length;
}

/** How much of a part the comment shows. */
export type PartForm = 'whole' | 'brief';

/** The comment, and which parts of the plan it kept (in order) and how: what the budget bought. */
export interface PlannedComment {
  text: string;
  /** `lead` is the summary with the changes; `header` the summary alone (the lead did not fit). */
  kept: { key: PlanSectionKey | 'lead'; form: PartForm }[];
}

export const renderComment = (input: CommentInput): string => planComment(input).text;

/**
 * Takes the parts in PART_ORDER, each whole, else brief, else left out, while the comment still fits. Each part is
 * measured with every later part counted as left out (its title in the footer); keeping a later part is
 * measured the same way, so the last measure is the comment's own and it fits. A larger budget keeps every
 * part a smaller one kept, at least as whole, until the first part where they differ: there it keeps more.
 */
export function planComment(input: CommentInput): PlannedComment {
  const limit = input.maxChars ?? GITHUB_COMMENT_LIMIT;
  const sections = new Map(markdownSections(input.report).map((s) => [s.key, s]));
  const diagramShown = diagramNodes(mermaidDiagram(input.report)) <= DIAGRAM_NODE_LIMIT;
  const header = sections.get('header')!.blocks;
  const lead: Block[] = [...header, ...changesBlocks(input)];
  const kept: Block[] = [...lead];
  const parts: PlannedComment['kept'] = [{ key: 'lead', form: 'whole' }];
  const left: string[] = diagramShown ? [] : [`the architecture diagram (over ${DIAGRAM_NODE_LIMIT} nodes)`];
  const shown = PART_ORDER.filter((key) => key !== 'architecture' || diagramShown);
  shown.forEach((key, i) => {
    const later = shown.slice(i + 1).map((k) => sections.get(k)!.title);
    const whole = key === 'security' ? commentSecurity(input.report) : sections.get(key)!.blocks;
    const options: { form: PartForm; blocks: Block[]; left: string[] }[] = [
      { form: 'whole', blocks: whole, left: [] },
    ];
    if (key === 'security')
      options.push({
        form: 'brief',
        blocks: securityBrief(input.report),
        left: ['the list of security findings'],
      });
    if (key === 'manualSteps')
      options.push({
        form: 'brief',
        blocks: manualStepsBrief(input.report),
        left: ['the manual steps’ details and commands'],
      });
    const chosen = options.find(
      (o) => size([...kept, ...o.blocks, ...footer([...left, ...o.left, ...later], input)]) <= limit,
    );
    if (!chosen) return void left.push(sections.get(key)!.title);
    kept.push(...chosen.blocks);
    left.push(...chosen.left);
    parts.push({ key, form: chosen.form });
  });
  // The first that fits: the parts kept; the lead alone; the summary alone; a fixed line (no free text, so
  // cutting it to a tiny budget cannot break markup). The last always fits: the result never exceeds `limit`.
  const candidates: [Block[], PlannedComment['kept']][] = [
    [[...kept, ...footer(left, input)], parts],
    [[...lead, ...footer(['everything else'], input)], [{ key: 'lead', form: 'whole' }]],
    [[...header, ...footer(['everything else'], input)], [{ key: 'header', form: 'whole' }]],
  ];
  for (const [blocks, keptParts] of candidates) {
    const text = Block.document(blocks);
    if (text.length <= limit) return { text, kept: keptParts };
  }
  return { text: tooSmall(limit).slice(0, limit), kept: [] };
}

/** The comment when not even the summary fits: plain text, no free text. */
const tooSmall = (limit: number) =>
  `The plan does not fit a comment of ${limit} characters: \`dropship plan --format markdown\` shows it.\n`;

const size = (blocks: Block[]) => Block.document(blocks).length;

/** What was left out, and where the full plan is: a link when `--full-plan` is an http(s) URL. */
function footer(left: readonly string[], input: CommentInput): Block[] {
  const lead = left.length ? inline`Left out to fit a comment: ${prose(left.join(', '))}. ` : inline``;
  if (input.fullPlan)
    return [
      BLANK,
      linkedParagraph(inline`${lead}Full plan: `, { text: input.fullPlan, url: input.fullPlan }),
    ];
  if (left.length === 0) return [];
  return [BLANK, paragraph(inline`${lead}Full plan: \`dropship plan --format markdown\`.`)];
}

/**
 * The manual steps by title only, when the whole list (details, commands) does not fit: a 100-app fleet has
 * 158 steps in 136 kB, their titles 9 kB.
 */
function manualStepsBrief(r: PlanReport): Block[] {
  return [
    BLANK,
    heading(3, inline`Manual steps, in order`),
    BLANK,
    paragraph(
      inline`${r.manualSteps.length} steps by title; their details and commands are in the full plan.`,
    ),
    BLANK,
    ...r.manualSteps.map((s) => numbered(s.order, prose(s.title))),
  ];
}

/**
 * The manual steps that become due with this change: those of this plan whose title the base plan has not
 * (the first of them by title; the manual steps part below, or the full plan, has them all).
 */
function dueSteps(input: CommentInput): Block[] {
  const changes = input.changes;
  if (!changes || !('diffs' in changes) || changes.baseSteps === undefined) return [];
  const known = new Set(changes.baseSteps);
  const due = input.report.manualSteps.filter((s) => !known.has(s.title));
  if (due.length === 0) return [];
  const out = [
    BLANK,
    paragraph(inline`**Manual steps that become due** (${due.length}, not in the base's plan)`),
    BLANK,
  ];
  // Bullets naming the step: a markdown list numbers its items from the first, whatever they say.
  for (const s of due.slice(0, REMOVED_SHOWN)) out.push(bullet(inline`step ${s.order}: ${prose(s.title)}`));
  if (due.length > REMOVED_SHOWN) out.push(bullet(inline`and ${due.length - REMOVED_SHOWN} more`));
  return out;
}

/**
 * The change in brief, against the base's plan: the cutover phase when it moves (first: it sends users'
 * traffic), the monthly cost estimate of both, and the findings the base has not (by check and resource).
 */
function changeSummary(r: PlanReport, base: BasePlan | undefined): Block[] {
  if (!base) return [];
  const out: Block[] = [BLANK];
  const phase = (c: PlanReport['cutover']) => (c ? `${c.current} %` : 'no cutover');
  if ((base.cutover?.current ?? null) !== (r.cutover?.current ?? null))
    out.push(bullet(inline`**Cutover:** traffic to AWS ${phase(base.cutover)} → ${phase(r.cutover)}`));
  const before = base.cost.totals.awsUsd;
  const after = r.cost.totals.awsUsd;
  const delta = Math.round((after - before) * 100) / 100;
  const sign = delta > 0 ? '+' : '';
  // A change between totals that leave items out is no figure: say which side is incomplete instead.
  const missing = base.cost.incomplete.length + r.cost.incomplete.length;
  out.push(
    bullet(
      missing > 0
        ? inline`**AWS cost per month (estimate):** ${money(before)} → ${money(after)}, incomplete (${missing} ${missing === 1 ? 'item' : 'items'} without a price), no change stated`
        : delta === 0
          ? inline`**AWS cost per month (estimate):** unchanged, ${money(after)}`
          : inline`**AWS cost per month (estimate):** ${money(before)} → ${money(after)} (${sign}${money(delta)})`,
    ),
  );
  const known = new Set(base.security.findings.map((f) => `${f.check} ${f.resource}`));
  const fresh = r.security.findings.filter((f) => !known.has(`${f.check} ${f.resource}`));
  if (fresh.length === 0) out.push(bullet(inline`**New security findings:** none`));
  else {
    out.push(bullet(inline`**New security findings** (${fresh.length}, not in the base's plan):`));
    for (const f of fresh.slice(0, REMOVED_SHOWN))
      out.push(bullet(inline`${f.check} ${code(`${f.stack}/${f.resource}`)}: ${prose(f.message)}`, '  '));
    if (fresh.length > REMOVED_SHOWN)
      out.push(bullet(inline`and ${fresh.length - REMOVED_SHOWN} more`, '  '));
  }
  return out;
}

/** Counts per failing check, when the list of findings itself does not fit. */
function securityBrief(r: PlanReport): Block[] {
  const failing = r.security.checks.filter((c) => c.findings > 0);
  const counts = joinInline(
    failing.map((c) => inline`${c.id} ×${c.findings}`),
    inline`, `,
  );
  return [
    BLANK,
    heading(3, inline`Security checks`),
    BLANK,
    paragraph(inline`❌ ${r.security.findings.length} findings: ${counts}. \`dropship check\` lists them.`),
  ];
}

const cells = (...values: (string | number)[]): Inline[] => values.map((v) => inline`${v}`);

/**
 * What this change does: first what a reviewer weighs (the cutover phase, the cost estimate, new findings,
 * manual steps that become due), then each stack's resources, removals named (terraform destroys them).
 */
function changesBlocks(input: CommentInput): Block[] {
  const changes = input.changes;
  if (!changes) return [];
  const title = heading(3, inline`What this change does (against ${code(changes.base)})`);
  if ('error' in changes) {
    const quoted = clip(changes.error, BASE_ERROR_QUOTED);
    const cut =
      quoted.length < changes.error.length
        ? inline` … (cut at ${BASE_ERROR_QUOTED} characters; \`dropship validate\` on the base shows it whole)`
        : inline``;
    return [BLANK, title, BLANK, paragraph(inline`The base spec did not compile: ${prose(quoted)}${cut}`)];
  }
  const summary = [...changeSummary(input.report, changes.basePlan), ...dueSteps(input)];
  if (changes.diffs.length === 0)
    return [BLANK, title, ...summary, BLANK, paragraph(inline`No resource changes.`)];
  const stacks = [...new Set(changes.diffs.map((d) => d.stack))].sort();
  // Stack settings (backend, providers' default_tags, outputs, locals) are no resources: terraform neither
  // creates nor destroys them, so they are listed on their own, not counted or shown as removed.
  const resources = changes.diffs.filter((d) => d.scope !== 'stack');
  // An added setting comes with a new stack or a new output: only changed and removed ones need a reviewer.
  const settings = changes.diffs.filter((d) => d.scope === 'stack' && d.change !== 'added');
  const replaced = resources.map((d) => ({ d, by: replacingAttributes(d) })).filter((r) => r.by.length > 0);
  const count = (stack: string, change: ResourceDiff['change']) =>
    resources.filter((d) => d.stack === stack && d.change === change).length;
  const replacedIn = (stack: string) => replaced.filter((r) => r.d.stack === stack).length;
  // "changed" counts in-place updates only; a replacement is counted once, as replaced.
  const rows = stacks.map((s) => [
    code(s),
    ...cells(
      count(s, 'added'),
      count(s, 'changed') - replacedIn(s),
      replacedIn(s) ? `⚠️ ${replacedIn(s)}` : 0,
      count(s, 'removed'),
    ),
  ]);
  const removed = resources.filter((d) => d.change === 'removed');
  const out = [
    BLANK,
    title,
    ...summary,
    BLANK,
    table(cells('stack', 'added', 'changed', 'replaced', 'removed'), rows),
  ];
  if (replaced.length > 0) {
    out.push(
      BLANK,
      paragraph(
        inline`**Replaced: terraform destroys and re-creates these** (a changed attribute the AWS provider cannot update in place; \`terraform plan\` has the final word)`,
      ),
      BLANK,
    );
    for (const { d, by } of replaced.slice(0, REMOVED_SHOWN))
      out.push(bullet(inline`${code(`${d.stack}/${d.address}`)}: ${joinInline(by.map(code), inline`, `)}`));
    if (replaced.length > REMOVED_SHOWN)
      out.push(bullet(inline`and ${replaced.length - REMOVED_SHOWN} more`));
  }
  if (settings.length > 0) {
    out.push(
      BLANK,
      paragraph(
        inline`**Stack settings that change** (a provider's default tags retag every resource of its stack; a backend change moves where the state lives)`,
      ),
      BLANK,
    );
    for (const d of settings.slice(0, REMOVED_SHOWN))
      out.push(bullet(inline`${code(`${d.stack}/${d.address}`)} ${d.change}`));
    if (settings.length > REMOVED_SHOWN)
      out.push(bullet(inline`and ${settings.length - REMOVED_SHOWN} more`));
  }
  if (removed.length > 0) {
    out.push(BLANK, paragraph(inline`**Removed: terraform destroys these on apply**`), BLANK);
    for (const d of removed.slice(0, REMOVED_SHOWN))
      out.push(bullet(inline`${code(`${d.stack}/${d.address}`)}`));
    if (removed.length > REMOVED_SHOWN) out.push(bullet(inline`and ${removed.length - REMOVED_SHOWN} more`));
  }
  return out;
}

/**
 * The longest start of `text` of at most `max` UTF-16 units that ends on a character boundary (a whole
 * grapheme: no half surrogate pair, no base letter without its accents).
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const { segment } of new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)) {
    if (out.length + segment.length > max) break;
    out += segment;
  }
  return out;
}
