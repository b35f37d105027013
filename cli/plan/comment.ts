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
  paragraph,
  prose,
  table,
} from './markdown-builder';
import { markdownSections, type PlanSectionKey } from './markdown';
import { mermaidDiagram } from './mermaid';
import type { ResourceDiff } from './diff';
import type { PlanReport } from './report-schema';

/** GitHub refuses a comment (issue or pull request) longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/**
 * The most nodes the diagram may have and still be shown: past ~40 boxes GitHub scales a flowchart down
 * until its labels cannot be read (a 10-app fleet draws 70), and Mermaid refuses text past 50,000 chars.
 */
export const DIAGRAM_NODE_LIMIT = 40;
/** Removed resources listed by name; more are counted. */
const REMOVED_SHOWN = 30;

export interface CommentInput {
  report: PlanReport;
  /** The resource diff against the base branch's spec, when one was given. */
  changes?: { base: string; diffs: ResourceDiff[] } | { base: string; error: string };
  /** Where the full plan is (the job's step summary, an artifact). */
  fullPlan?: string;
  /** Characters the comment may have (default: GitHub's limit). */
  maxChars?: number;
}

/** In the order the comment shows them: what a reviewer needs first. */
const ORDER: readonly PlanSectionKey[] = [
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
  'waivers',
];

/** Nodes of a Mermaid flowchart as dropship writes it: one `id[`, `id((`, `id{{`… per node line. */
export function diagramNodes(diagram: string): number {
  return diagram.split('\n').filter((line) => /^\s*[A-Za-z_]\w*\s*[[({]/.test(line)).length;
}

export function renderComment(input: CommentInput): string {
  const limit = input.maxChars ?? GITHUB_COMMENT_LIMIT;
  const sections = new Map(markdownSections(input.report).map((s) => [s.key, s]));
  const diagramShown = diagramNodes(mermaidDiagram(input.report)) <= DIAGRAM_NODE_LIMIT;
  const lead: Block[] = [...sections.get('header')!.blocks, ...changesBlocks(input.changes)];
  const kept: Block[] = [...lead];
  const left: string[] = diagramShown ? [] : [`the architecture diagram (over ${DIAGRAM_NODE_LIMIT} nodes)`];
  for (const key of ORDER) {
    const section = sections.get(key)!;
    if (key === 'architecture' && !diagramShown) continue;
    const fits = (blocks: Block[]) =>
      size([...kept, ...blocks, ...footer([...left, 'x'.repeat(80)], input)]) <= limit;
    if (fits(section.blocks)) kept.push(...section.blocks);
    else if (key === 'security' && fits(securityBrief(input.report))) {
      kept.push(...securityBrief(input.report));
      left.push('the list of security findings');
    } else left.push(section.title);
  }
  const text = Block.document([...kept, ...footer(left, input)]);
  return size([...kept, ...footer(left, input)]) <= limit
    ? text
    : Block.document([...lead, ...footer(['everything else'], input)]);
}

const size = (blocks: Block[]) => Block.document(blocks).length;

function footer(left: readonly string[], input: CommentInput): Block[] {
  const link = input.fullPlan ? inline`: ${input.fullPlan}` : inline` (\`dropship plan --format markdown\`)`;
  if (left.length === 0) return input.fullPlan ? [BLANK, paragraph(inline`Full plan${link}`)] : [];
  return [BLANK, paragraph(inline`Left out to fit a comment: ${prose(left.join(', '))}. Full plan${link}`)];
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

/** What this change does to each stack, removals named (terraform destroys them on apply). */
function changesBlocks(changes: CommentInput['changes']): Block[] {
  if (!changes) return [];
  const title = heading(3, inline`What this change does (against ${code(changes.base)})`);
  if ('error' in changes)
    return [BLANK, title, BLANK, paragraph(inline`The base spec did not compile: ${prose(changes.error)}`)];
  if (changes.diffs.length === 0) return [BLANK, title, BLANK, paragraph(inline`No resource changes.`)];
  const stacks = [...new Set(changes.diffs.map((d) => d.stack))].sort();
  const count = (stack: string, change: ResourceDiff['change']) =>
    changes.diffs.filter((d) => d.stack === stack && d.change === change).length;
  const rows = stacks.map((s) => [
    code(s),
    ...cells(count(s, 'added'), count(s, 'changed'), count(s, 'removed')),
  ]);
  const removed = changes.diffs.filter((d) => d.change === 'removed');
  const out = [BLANK, title, BLANK, table(cells('stack', 'added', 'changed', 'removed'), rows)];
  if (removed.length > 0) {
    out.push(BLANK, paragraph(inline`**Removed: terraform destroys these on apply**`), BLANK);
    for (const d of removed.slice(0, REMOVED_SHOWN))
      out.push(bullet(inline`${code(`${d.stack}/${d.address}`)}`));
    if (removed.length > REMOVED_SHOWN) out.push(bullet(inline`and ${removed.length - REMOVED_SHOWN} more`));
  }
  return out;
}
