/**
 * The markdown plan shows the user's own words (a waiver's reason, a decision's choice quoting spec values)
 * as text: a backtick in them stays a backtick, never opens a code span; and a manual step numbered 10 or
 * more keeps its commands inside its list item (indented by its marker's width), so the list stays one list.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { renderMarkdown } from '../../cli/plan/markdown';
import { buildPlanReport } from '../../cli/plan/report';
import type { PlanReport } from '../../cli/plan/report-schema';
import { synthesizeFile } from '../../cli/plan/synthesize';
import { exampleFile } from '../helpers/examples';
import { hostileText, normalize, visible } from '../helpers/markdown-hostile';
import { startRenderers, type Renderers } from '../helpers/renderers';

let renderers: Renderers;
let base: PlanReport;
beforeAll(() => {
  renderers = startRenderers();
  const s = synthesizeFile(exampleFile('php-shop'));
  if (!s.ok) throw new Error('php-shop does not compile');
  base = buildPlanReport(s.value);
});
afterAll(() => renderers.stop());

/** Hostile text that holds a code span's worth of backticks. */
const withBackticks = fc
  .tuple(hostileText, fc.constantFrom('`', '``', '` x `'), hostileText)
  .map(([a, ticks, b]) => `${a}${ticks}${b}${ticks}`);

/** The micromark HTML between two headings (a section of the plan). */
function section(html: string, from: string, to?: string): string {
  const start = html.indexOf(`<h3>${from}`);
  const end = to ? html.indexOf(`<h3>${to}`, start) : html.length;
  return html.slice(start, end);
}

describe('user text in the markdown plan', () => {
  it('a waiver reason is text: its backticks show, and no code span comes of them (generated)', async () => {
    await fc.assert(
      fc.asyncProperty(withBackticks, async (reason) => {
        const report = structuredClone(base);
        report.security.waivers = [{ check: 'DS022', reason }];
        report.security.waived = [];
        report.security.unusedWaivers = [];
        const { micromark, markdownIt } = await renderers.markdown(renderMarkdown(report));
        for (const r of [micromark, markdownIt]) {
          const waivers = section(r.html, 'Waivers');
          expect(waivers).not.toContain('<code>');
          const items = r.blocks.filter((b) => b.tag === 'ul').map((b) => normalize(b.text));
          expect(items).toContain(normalize(`DS022 (all resources): ${visible(reason)}`));
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('a decision choice is text: its backticks show, and no code span comes of them (generated)', async () => {
    await fc.assert(
      fc.asyncProperty(withBackticks, async (choice) => {
        const report = structuredClone(base);
        report.decisions = [{ ...report.decisions[0], subject: 'web', choice }];
        const { micromark } = await renderers.markdown(renderMarkdown(report));
        const decisions = micromark.html.slice(
          micromark.html.indexOf('Every decision and the rule behind it'),
        );
        const row = decisions.slice(decisions.indexOf('<tbody>'), decisions.indexOf('</tbody>'));
        // the subject's code span and the rule's own, none from the choice
        const cells = [...row.matchAll(/<td>([^]*?)<\/td>/g)].map((m) => m[1]);
        expect(cells[1]).not.toContain('<code>');
        const table = micromark.blocks.flatMap((b) => b.children ?? [b]).find((b) => b.tag === 'table');
        expect(table).toBeDefined();
        const texts = micromark.blocks
          .flatMap((b) => b.children ?? [b])
          .filter((b) => b.tag === 'table')
          .flatMap((t) => t.rows!.map((cells) => normalize(cells[1])));
        expect(texts).toContain(normalize(visible(choice)));
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});

describe('a secret description in the manual steps', () => {
  it('is text: its backticks show, and no code span comes of them (the step compiled from a spec)', async () => {
    const text = readFileSync(exampleFile('php-shop'), 'utf8').replace(
      'description: Laravel APP_KEY',
      'description: "runs `whoami` daily"',
    );
    const file = join(mkdtempSync(join(tmpdir(), 'dropship-md-')), 'migration.yaml');
    writeFileSync(file, text);
    const s = synthesizeFile(file);
    if (!s.ok) throw new Error('the edited php-shop does not compile');
    const report = buildPlanReport(s.value);
    const step = report.manualSteps.find((m) => m.note === 'runs `whoami` daily')!;
    expect(step.detail).not.toContain('whoami');
    const { micromark, markdownIt } = await renderers.markdown(renderMarkdown(report));
    for (const r of [micromark, markdownIt]) {
      const steps = section(r.html, 'Manual steps, in order', 'Monthly cost');
      expect(steps).toContain('runs `whoami` daily.');
      expect(steps).not.toContain('<code>whoami</code>');
    }
  });
});

describe('manual steps numbered 10 and more', () => {
  it('stay one ordered list with every command block inside its item', async () => {
    const report = structuredClone(base);
    report.manualSteps = Array.from({ length: 12 }, (_, i) => ({
      ...base.manualSteps[0],
      order: i + 1,
      title: `step ${i + 1}`,
      detail: 'do it',
      commands: [`echo ${i + 1}`],
    }));
    for (const r of Object.values(await renderers.markdown(renderMarkdown(report)))) {
      const steps = section(r.html, 'Manual steps, in order', 'Monthly cost');
      expect(steps.match(/<ol/g)?.length).toBe(1);
      expect(steps.match(/<li>/g)?.length).toBe(12);
      // every code block sits inside an item: none follows a closed list
      expect(steps.match(/<pre>/g)?.length).toBe(12);
      expect(steps.replace(/\s/g, '')).not.toMatch(/<\/ol><pre>/);
      expect(steps.indexOf('</ol>')).toBeGreaterThan(steps.lastIndexOf('<pre>'));
    }
  });
});
