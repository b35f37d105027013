/**
 * The pull-request comment (`plan --format comment`) fits GitHub's 65,536 characters for the bundled
 * examples and a 100-app fleet, leads with what a reviewer needs, takes parts whole (never cut inside a code
 * block or a table), and shows the diagram only under its node limit; every diagram the examples produce
 * parses with Mermaid's own parser.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFleetSpecs } from '../../bench/generate';
import {
  DIAGRAM_NODE_LIMIT,
  diagramNodes,
  GITHUB_COMMENT_LIMIT,
  renderComment,
} from '../../cli/plan/comment';
import { diffStacks } from '../../cli/plan/diff';
import { mermaidDiagram } from '../../cli/plan/mermaid';
import { buildPlanReport } from '../../cli/plan/report';
import { synthesizeFile, type Synthesized } from '../../cli/plan/synthesize';
import type { PlanReport } from '../../cli/plan/report-schema';
import { exampleFile } from '../helpers/examples';
import { startRenderers, type Renderers } from '../helpers/renderers';

let dir: string;
const specs: [string, Synthesized, PlanReport][] = [];
let renderers: Renderers;

function load(name: string, file: string) {
  const r = synthesizeFile(file);
  if (!r.ok) throw new Error(`${name} does not compile`);
  specs.push([name, r.value, buildPlanReport(r.value)]);
}

beforeAll(() => {
  jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  dir = mkdtempSync(join(tmpdir(), 'dropship-comment-'));
  load('php-shop', exampleFile('php-shop'));
  load('django-app', exampleFile('django-app'));
  load('fleet-100', writeFleetSpecs(dir, [100]).get(100)!);
  renderers = startRenderers();
}, 120_000);
afterAll(() => {
  renderers.stop();
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** Top-level parts of a markdown document: its `### ` headings, in order. */
const headings = (md: string) => md.split('\n').filter((l) => l.startsWith('### '));

describe('the PR comment', () => {
  it.each(['php-shop', 'django-app', 'fleet-100'])('%s fits GitHub, with or without a base', (name) => {
    const [, s, report] = specs.find(([n]) => n === name)!;
    const changes = { base: 'base.yaml', diffs: diffStacks([], s.stacks) };
    for (const comment of [
      renderComment({ report }),
      renderComment({ report, changes, fullPlan: 'https://x' }),
    ]) {
      expect(comment.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
      // Whole parts only: every code fence closed, every table row complete.
      expect(comment.split('\n').filter((l) => l.trimStart().startsWith('```')).length % 2).toBe(0);
      const hs = headings(comment);
      expect(hs[0]).toMatch(/^### (What this change does|Security checks)/);
      expect(hs.indexOf('### Security checks')).toBeLessThanOrEqual(1);
    }
  });

  it('leads with the changes, then security, cost and the manual steps (when they fit)', () => {
    const [, s, report] = specs.find(([n]) => n === 'php-shop')!;
    const comment = renderComment({ report, changes: { base: 'b.yaml', diffs: diffStacks([], s.stacks) } });
    expect(headings(comment).slice(0, 4)).toEqual([
      '### What this change does (against `b.yaml`)',
      '### Security checks',
      expect.stringMatching(/^### Monthly cost/),
      '### Manual steps, in order',
    ]);
  });

  it('never exceeds a smaller budget either, naming what it left out', () => {
    const [, , report] = specs.find(([n]) => n === 'django-app')!;
    for (const maxChars of [2_000, 8_000, 20_000]) {
      const comment = renderComment({ report, maxChars, fullPlan: 'https://x' });
      expect(comment.length).toBeLessThanOrEqual(maxChars);
      expect(comment).toMatch(/Left out to fit a comment: .*Full plan/);
    }
  });

  it(`shows the diagram only up to ${DIAGRAM_NODE_LIMIT} nodes`, () => {
    for (const [name, , report] of specs) {
      const shown = renderComment({ report }).includes('```mermaid');
      expect({ name, shown }).toEqual({
        name,
        shown: diagramNodes(mermaidDiagram(report)) <= DIAGRAM_NODE_LIMIT,
      });
    }
    expect(
      specs.filter(([, , r]) => renderComment({ report: r }).includes('```mermaid')).map(([n]) => n),
    ).toEqual(['php-shop', 'django-app']);
  });

  it('every diagram the examples produce parses with Mermaid, with as many nodes as counted', async () => {
    for (const [name, , report] of specs.filter(([n]) => n !== 'fleet-100')) {
      const diagram = mermaidDiagram(report);
      const parsed = await renderers.mermaid(diagram);
      expect({ name, ok: parsed.ok }).toEqual({ name, ok: true });
      if (parsed.ok) expect(parsed.nodes.length).toBeGreaterThanOrEqual(diagramNodes(diagram));
    }
  }, 60_000);
});
