/**
 * The pull-request comment (`plan --format comment`) fits GitHub's 65,536 characters for the bundled
 * examples and a 100-app fleet, leads with what a reviewer needs, takes parts whole (never cut inside a code
 * block or a table), and shows the diagram only under its node limit; every diagram the examples produce
 * parses with Mermaid's own parser.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFleetSpecs } from '../../bench/generate';
import {
  BASE_ERROR_QUOTED,
  clip,
  DIAGRAM_NODE_LIMIT,
  diagramNodes,
  GITHUB_COMMENT_LIMIT,
  PART_ORDER,
  planComment,
  type PlannedComment,
  renderComment,
} from '../../cli/plan/comment';
import { diffStacks, type ResourceDiff } from '../../cli/plan/diff';
import { replacingAttributes } from '../../cli/plan/replacements';
import { mermaidDiagram } from '../../cli/plan/mermaid';
import { buildPlanReport } from '../../cli/plan/report';
import { synthesizeFile, type Synthesized } from '../../cli/plan/synthesize';
import type { PlanReport } from '../../cli/plan/report-schema';
import { exampleFile } from '../helpers/examples';
import { DROPSHIP_TAGS, expectNothingForged } from '../helpers/markdown-expect';
import { captureOutput } from '../helpers/output';
import { runPlan } from '../../cli/commands/plan';
import { hostileText, normalize, seen } from '../helpers/markdown-hostile';
import { startRenderers, type Rendered, type Renderers } from '../helpers/renderers';

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
  const fleets = writeFleetSpecs(dir, [10, 100]);
  load('fleet-10', fleets.get(10)!);
  load('fleet-100', fleets.get(100)!);
  renderers = startRenderers();
}, 120_000);
afterAll(() => {
  renderers.stop();
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** Top-level parts of a markdown document: its `### ` headings, in order. */
const headings = (md: string) => md.split('\n').filter((l) => l.startsWith('### '));

/** The numbered items of the manual steps part. */
function stepLines(md: string): string[] {
  const part = md.split('### Manual steps, in order')[1]?.split('\n### ')[0] ?? '';
  return part.split('\n').filter((l) => /^\d+\. /.test(l));
}

describe('the PR comment', () => {
  it.each(['php-shop', 'django-app', 'fleet-100'])('%s fits GitHub, with or without a base', (name) => {
    const [, s, report] = specs.find(([n]) => n === name)!;
    const changes = { base: 'base.yaml', diffs: diffStacks([], s.stacks), basePlan: report };
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
      // Every manual step, at least by title (the 100-app fleet's 158 do not fit whole).
      expect(hs).toContain('### Manual steps, in order');
      expect(stepLines(comment)).toHaveLength(report.manualSteps.length);
    }
  });

  it('the 100-app fleet lists its manual steps by title, the examples whole', () => {
    const whole = (name: string) => {
      const [, , report] = specs.find(([n]) => n === name)!;
      return renderComment({ report }).includes(
        'steps by title; their details and commands are in the full plan',
      );
    };
    expect(['php-shop', 'django-app', 'fleet-100'].map(whole)).toEqual([false, false, true]);
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
    ).toEqual(['php-shop', 'django-app', 'fleet-10']);
  });

  it('every diagram the examples produce parses with Mermaid, with as many nodes as counted', async () => {
    for (const [name, , report] of specs.filter(([n]) => !n.startsWith('fleet-'))) {
      const diagram = mermaidDiagram(report);
      const parsed = await renderers.mermaid(diagram);
      expect({ name, ok: parsed.ok }).toEqual({ name, ok: true });
      if (parsed.ok) expect(parsed.nodes.length).toBeGreaterThanOrEqual(diagramNodes(diagram));
    }
  }, 60_000);

  it('names the manual steps that become due: those the base plan has not', () => {
    for (const [, s, report] of specs) {
      const titles = report.manualSteps.map((m) => m.title);
      const changes = (baseSteps: string[]) => ({
        base: 'b.yaml',
        diffs: diffStacks(s.stacks, s.stacks),
        baseSteps,
      });
      expect(renderComment({ report, changes: changes(titles) })).not.toContain(
        'Manual steps that become due',
      );
      const dropped = [0, 2].filter((i) => i < titles.length);
      const comment = renderComment({
        report,
        changes: changes(titles.filter((_, i) => !dropped.includes(i))),
      });
      expect(comment.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
      expect(comment).toContain(
        `**Manual steps that become due** (${dropped.length}, not in the base's plan)`,
      );
      const due = comment.split('\n').filter((l) => /^- step \d+: /.test(l));
      expect(due.map((l) => Number(/^- step (\d+):/.exec(l)![1]))).toEqual(
        dropped.map((i) => report.manualSteps[i].order),
      );
    }
  });
});

describe('the comment under any budget', () => {
  /** What a comment kept, as a vector in the comment's order: 2 whole, 1 brief, 0 left out. */
  const ranks = (kept: PlannedComment['kept']) => [
    kept.some((p) => p.key === 'lead') ? 2 : kept.some((p) => p.key === 'header') ? 1 : 0,
    ...PART_ORDER.map((key) => {
      const part = kept.find((p) => p.key === key);
      return part ? (part.form === 'whole' ? 2 : 1) : 0;
    }),
  ];
  /**
   * a >= b in the comment's order: at the first part where they differ, a keeps more. Not "as many parts":
   * a larger budget may keep a bigger part earlier (the manual steps whole) and so skip a small later one;
   * what matters more is never lost to a larger budget.
   */
  const atLeast = (a: number[], b: number[]) => {
    const i = a.findIndex((x, j) => x !== b[j]);
    return i < 0 || a[i] > b[i];
  };

  it.each(['php-shop', 'fleet-10', 'fleet-100'])(
    '%s: every budget from 2,000 to 70,000 is met, and a larger one never keeps less',
    (name) => {
      const [, s, report] = specs.find(([n]) => n === name)!;
      const changes = { base: 'b.yaml', diffs: diffStacks([], s.stacks), baseSteps: [] };
      const fullPlan = 'https://github.com/acme/infra/actions/runs/123456789';
      let previous: { maxChars: number; ranks: number[] } | undefined;
      const budgets = fc.sample(fc.integer({ min: 2_000, max: 70_000 }), { numRuns: 60, seed: 20 });
      for (const maxChars of [...budgets, 2_000, 21_000, 21_030, 70_000].sort((a, b) => a - b)) {
        const planned = planComment({ report, changes, fullPlan, maxChars });
        expect(planned.text.length).toBeLessThanOrEqual(maxChars);
        const now = { maxChars, ranks: ranks(planned.kept) };
        if (previous)
          expect({ maxChars, atLeast: atLeast(now.ranks, previous.ranks) }).toEqual({
            maxChars,
            atLeast: true,
          });
        previous = now;
      }
    },
    120_000,
  );

  it('no budget from 2,000 to 30,000 falls back to the summary alone when parts could be kept', () => {
    // The old reserve (room for one more title) failed when several parts were left out after the last kept.
    for (const name of ['php-shop', 'django-app']) {
      const [, s, report] = specs.find(([n]) => n === name)!;
      const changes = { base: 'b.yaml', diffs: diffStacks([], s.stacks) };
      const cliffs: number[] = [];
      for (let maxChars = 2_000; maxChars <= 30_000; maxChars += 100) {
        const comment = renderComment({ report, changes, maxChars, fullPlan: 'https://x' });
        if (comment.includes('everything else')) cliffs.push(maxChars);
      }
      expect({ name, cliffs }).toEqual({ name, cliffs: [] });
    }
  });
});

describe('what this change does, in brief', () => {
  const PHP = () => readFileSync(exampleFile('php-shop'), 'utf8');
  /** `plan --format comment --base` on php-shop edited by `base` and `head`. */
  function comment(edit: { base?: (y: string) => string; head?: (y: string) => string }) {
    const write = (name: string, f?: (y: string) => string) => {
      const file = join(dir, name);
      const text = f ? f(PHP()) : PHP();
      if (f) expect(text).not.toBe(PHP());
      writeFileSync(file, text);
      return file;
    };
    const base = write('base.yaml', edit.base);
    const head = write('head.yaml', edit.head);
    const out = captureOutput(() => runPlan({ file: head, format: 'comment', base }));
    expect(out.code).toBe(0);
    return out.stdout;
  }
  /** The lines of the brief: the bullets between the title and the table. */
  const brief = (md: string) =>
    md
      .split('### What this change does')[1]
      .split('\n| stack |')[0]
      .split('\n')
      .filter((l) => l.startsWith('- ') || l.startsWith('  - '));

  it('a cutover-only change names the phase change first, and the cost stays', () => {
    const md = comment({ head: (y) => y.replace(/current: 0 /, 'current: 10 ') });
    expect(brief(md)).toEqual([
      '- **Cutover:** traffic to AWS 0 % → 10 %',
      // The AWS side's health signal (an alarm and a Route 53 check per app) is beside its target group at
      // every phase, so moving traffic changes no cost.
      expect.stringMatching(/^- \*\*AWS cost per month \(estimate\):\*\* unchanged, \$[\d.]+$/),
      '- **New security findings:** none',
    ]);
  }, 60_000);

  it('a change of default tags is a stack setting, listed on its own: no resource counted or shown removed', () => {
    const md = comment({ head: (y) => y.replace('team: shop', 'team: payments') });
    const table = md.split('\n| stack |')[1].split('\n\n')[0];
    for (const row of table.split('\n').slice(2)) expect(row).toMatch(/\| 0 \| 0 \| 0 \| 0 \|$/);
    expect(md).toContain('**Stack settings that change**');
    expect(md).toMatch(/- `shop-production-network\/provider\.aws[^`]*` changed/);
    expect(md).not.toContain('**Removed: terraform destroys these on apply**');
  }, 60_000);

  it('a change of cost shows both estimates and the difference', () => {
    const md = comment({ head: (y) => y.replace('scaling: { min: 2, max: 6', 'scaling: { min: 4, max: 6') });
    const line = brief(md)[0];
    const m =
      /^- \*\*AWS cost per month \(estimate\):\*\* \\?\$([\d.]+) → \\?\$([\d.]+) \(\+\\?\$([\d.]+)\)$/.exec(
        line,
      );
    expect(m).not.toBeNull();
    const [before, after, delta] = m!.slice(1).map(Number);
    expect(after).toBeGreaterThan(before);
    expect(delta).toBeCloseTo(after - before, 2);
    expect(brief(md)).not.toContainEqual(expect.stringMatching(/Cutover/));
  }, 60_000);

  it('a new finding is listed as new, by check and resource; one the base has is not', () => {
    const wildcard = (y: string) =>
      y.replace(
        '    scaling: { min: 2',
        '    taskRole:\n      statements:\n        - actions: ["s3:*"]\n          resources: ["*"]\n    scaling: { min: 2',
      );
    const md = comment({ head: wildcard });
    const lines = brief(md);
    const count = /^- \*\*New security findings\*\* \((\d+), not in the base's plan\):$/.exec(lines[1]);
    expect(Number(count?.[1])).toBeGreaterThan(0);
    const listed = lines.filter((l) => l.startsWith('  - '));
    expect(listed).toHaveLength(Number(count![1]));
    for (const l of listed)
      expect(l).toMatch(/^ {2}- DS\d{3} `shop-[a-z-]+\/aws_iam_role_policy\.web-[a-z-]+`: .*s3:\*/);
    const both = comment({ base: wildcard, head: (y) => wildcard(y).replace('current: 0 ', 'current: 10 ') });
    expect(brief(both)).toContain('- **New security findings:** none');
  }, 60_000);

  it('the failing checks come first; the passing ones are folded in <details>', () => {
    for (const [name, , report] of specs) {
      const md = renderComment({ report });
      const part = md.split('### Security checks')[1].split('\n### ')[0];
      const details = part.indexOf('<details><summary>');
      const failing = report.security.checks.filter((c) => c.findings > 0 || c.waived > 0);
      const passing = report.security.checks.length - failing.length;
      expect({ name, folded: part.slice(details).split('\n')[0] }).toEqual({
        name,
        folded: `<details><summary>${passing} checks pass</summary>`,
      });
      for (const c of failing) expect(part.indexOf(`| ${c.id} |`)).toBeLessThan(details);
      expect(part.slice(details).match(/^\| DS\d{3} \|/gm)).toHaveLength(passing);
    }
  });

  it('hostile findings and names in the brief stay text', async () => {
    const [, s, report] = specs.find(([n]) => n === 'php-shop')!;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(hostileText, hostileText, hostileText), { minLength: 1, maxLength: 4 }),
        hostileText,
        async (findings, title) => {
          const head: PlanReport = {
            ...report,
            cutover: report.cutover && { ...report.cutover, current: 50 },
            security: {
              ...report.security,
              findings: findings.map(([stack, resource, message]) => ({
                check: 'DS001',
                stack,
                resource,
                message,
              })),
            },
            manualSteps: [...report.manualSteps, { order: 99, title, detail: '' }],
          };
          const md = renderComment({
            report: head,
            changes: {
              base: title,
              diffs: diffStacks(s.stacks, s.stacks),
              baseSteps: report.manualSteps.map((m) => m.title),
              basePlan: report,
            },
          });
          const lead = md.split('\n### Security checks')[0];
          const { micromark, markdownIt } = await renderers.markdown(lead);
          for (const r of [micromark, markdownIt]) expectNothingForged(r);
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});

describe('a base spec that does not compile', () => {
  /** An error message as big and as hostile as a quoted value can make it: escaping enlarges every char. */
  const hugeError = fc
    .tuple(hostileText, fc.integer({ min: 1, max: 5_000 }), fc.constantFrom('', '<b>x</b>', '`|*_[]\\\n'))
    .map(([text, times, unit]) => `1 problem(s), first: ${(text + unit).repeat(times)}`);

  it('quotes at most the first characters of its error, says so, and the comment fits any budget', () => {
    const [, , report] = specs.find(([n]) => n === 'php-shop')!;
    fc.assert(
      fc.property(
        hugeError,
        fc.integer({ min: 0, max: 70_000 }),
        fc.option(fc.tuple(fc.webUrl(), fc.nat(70_000)).map(([u, n]) => u + 'x'.repeat(n))),
        (error, maxChars, fullPlan) => {
          const changes = { base: 'base.yaml', error };
          const comment = renderComment({ report, changes, maxChars, fullPlan: fullPlan ?? undefined });
          expect(comment.length).toBeLessThanOrEqual(maxChars);
          const unbounded = renderComment({ report, changes, maxChars: 1e9 });
          const line = unbounded.split('\n').find((l) => l.startsWith('The base spec did not compile: '))!;
          // 300 characters of free text escape to at most a few times as many.
          expect(line.length).toBeLessThan(BASE_ERROR_QUOTED * 8);
          expect(line.includes('(cut at 300 characters')).toBe(error.length > BASE_ERROR_QUOTED);
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);

  it('the quoted error is cut on a character boundary', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.nat(400), (text, max) => {
        const cut = clip(text, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(text.startsWith(cut)).toBe(true);
        // Never half a surrogate pair; the next grapheme would not have fit.
        expect(cut).not.toMatch(/[\uD800-\uDBFF]$/);
        if (cut.length < text.length) {
          const next = [
            ...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text.slice(cut.length)),
          ][0];
          expect(cut.length + next.segment.length).toBeGreaterThan(max);
        }
      }),
    );
  });

  it('the huge value of the review (a 9,000-fold "<b>x</b>") stays under the limit', () => {
    const [, , report] = specs.find(([n]) => n === 'php-shop')!;
    const error = `1 problem(s), first: container must match …, got "${'<b>x</b>'.repeat(9_000)}"`;
    const comment = renderComment({ report, changes: { base: 'b.yaml', error } });
    expect(comment.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(comment).toContain('### Security checks');
    expect(comment).not.toContain('<b>');
  });
});

describe('replacements in the PR comment', () => {
  /** A copy of the stacks with one attribute of one resource changed. */
  function withChange(
    stacks: Synthesized['stacks'],
    stack: number,
    type: string,
    name: string,
    attribute: string,
  ) {
    const copy = JSON.parse(JSON.stringify(stacks)) as Synthesized['stacks'];
    const resource = (copy[stack].json.resource as Record<string, Record<string, Record<string, unknown>>>)[
      type
    ][name];
    resource[attribute] = `${JSON.stringify(resource[attribute] ?? null)}-changed`;
    return copy;
  }

  /** Every resource of the php-shop and django-app stacks with its top-level attributes. */
  const resources = () =>
    specs
      .filter(([n]) => !n.startsWith('fleet-'))
      .flatMap(([name, s]) =>
        s.stacks.flatMap((stack, i) =>
          Object.entries(
            (stack.json.resource ?? {}) as Record<string, Record<string, Record<string, unknown>>>,
          ).flatMap(([type, byName]) =>
            Object.entries(byName).map(([resourceName, body]) => ({
              name,
              i,
              type,
              resourceName,
              attributes: Object.keys(body).filter(
                (a) => a !== '//' && a !== 'lifecycle' && a !== 'depends_on',
              ),
            })),
          ),
        ),
      );

  const FORCING: Record<string, string> = {
    aws_db_instance: 'identifier',
    aws_rds_cluster: 'cluster_identifier',
    aws_vpc: 'cidr_block',
    aws_security_group: 'description',
    aws_efs_file_system: 'encrypted',
    aws_lb_target_group: 'port',
    aws_ecr_repository: 'name',
    aws_ecs_task_definition: 'container_definitions',
  };

  it('a change to an attribute that forces a new resource is counted replaced in its stack and named', () => {
    const all = resources();
    for (const [type, attribute] of Object.entries(FORCING)) {
      const r = all.find((x) => x.type === type && x.attributes.includes(attribute));
      if (!r) throw new Error(`no ${type} with ${attribute} in the examples`);
      const [, s, report] = specs.find(([n]) => n === r.name)!;
      const base = withChange(s.stacks, r.i, type, r.resourceName, attribute);
      const comment = renderComment({
        report,
        changes: { base: 'b.yaml', diffs: diffStacks(base, s.stacks) },
      });
      const stack = s.stacks[r.i].name;
      expect(comment).toContain('| stack | added | changed | replaced | removed |');
      expect(comment).toContain(`| \`${stack}\` | 0 | 0 | ⚠️ 1 | 0 |`);
      expect(comment).toContain(`- \`${stack}/${type}.${r.resourceName}\`: \`${attribute}\``);
    }
  });

  it('any changed attribute: replaced exactly when the table says so, else counted changed', () => {
    const all = resources().filter((r) => r.attributes.length > 0);
    fc.assert(
      fc.property(
        fc.constantFrom(...all).chain((r) => fc.tuple(fc.constant(r), fc.constantFrom(...r.attributes))),
        ([r, attribute]) => {
          const [, s, report] = specs.find(([n]) => n === r.name)!;
          const diffs = diffStacks(withChange(s.stacks, r.i, r.type, r.resourceName, attribute), s.stacks);
          expect(diffs).toHaveLength(1);
          const replaced = replacingAttributes(diffs[0]).length > 0;
          const stack = s.stacks[r.i].name;
          const comment = renderComment({ report, changes: { base: 'b.yaml', diffs } });
          expect(comment).toContain(
            replaced ? `| \`${stack}\` | 0 | 0 | ⚠️ 1 | 0 |` : `| \`${stack}\` | 0 | 1 | 0 | 0 |`,
          );
          expect(comment.includes('**Replaced: terraform destroys and re-creates these**')).toBe(replaced);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('data sources and added or removed resources are never "replaced"', () => {
    const d = (change: ResourceDiff['change'], address: string): ResourceDiff => ({
      stack: 's',
      address,
      change,
      attributes: [{ path: 'name', old: 'a', new: 'b' }],
    });
    expect(replacingAttributes(d('changed', 'aws_vpc.v'))).toEqual([]);
    expect(replacingAttributes(d('changed', 'aws_ecr_repository.r'))).toEqual(['name']);
    expect(replacingAttributes(d('changed', 'data.aws_ecr_repository.r'))).toEqual([]);
    expect(replacingAttributes(d('added', 'aws_ecr_repository.r'))).toEqual([]);
    expect(replacingAttributes(d('removed', 'aws_ecr_repository.r'))).toEqual([]);
  });
});

describe('the full-plan link', () => {
  /** The comment's last paragraph, rendered by both renderers. */
  async function footerOf(fullPlan: string): Promise<Rendered[]> {
    const [, , r] = specs.find(([n]) => n === 'php-shop')!;
    const comment = renderComment({ report: r, fullPlan, maxChars: 4_000 });
    const last = comment.trimEnd().split('\n').pop()!;
    expect(last).toMatch(/^Left out to fit a comment: .*Full plan: /);
    const { micromark, markdownIt } = await renderers.markdown(last);
    return [micromark, markdownIt];
  }

  /** A URL as a browser reads it, every percent-escape decoded: two spellings of one address compare equal. */
  const address = (url: string) =>
    new URL(url).href.replace(/(%[0-9A-Fa-f]{2})+/g, (m) => {
      try {
        return decodeURIComponent(m);
      } catch {
        return m;
      }
    });

  const hostileUrl = fc
    .tuple(fc.webUrl({ withQueryParameters: true, withFragments: true }), hostileText)
    .map(([url, tail]) => url + tail)
    .filter((url) => {
      try {
        return ['http:', 'https:'].includes(new URL(url).protocol);
      } catch {
        return false;
      }
    });

  it('an http(s) URL is one link to exactly that address, its text the URL, nothing else forged', async () => {
    await fc.assert(
      fc.asyncProperty(hostileUrl, async (url) => {
        for (const rendered of await footerOf(url)) {
          for (const e of rendered.elements) expect([...DROPSHIP_TAGS, 'a']).toContain(e.tag);
          const links = rendered.elements.filter((e) => e.tag === 'a');
          expect(links).toHaveLength(1);
          expect(address(links[0].href!)).toBe(address(url));
          expect(normalize(links[0].text)).toBe(seen(url));
        }
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('any other text is shown as code, never a link', async () => {
    const notHttp = fc.oneof(
      fc.constantFrom(
        'javascript:alert(1)',
        'data:text/html,<b>x</b>',
        'file:///etc/passwd',
        'artifact #12',
        '',
      ),
      hostileText,
    );
    await fc.assert(
      fc.asyncProperty(notHttp, async (text) => {
        fc.pre(text !== '');
        let http = false;
        try {
          http = ['http:', 'https:'].includes(new URL(text).protocol);
        } catch {
          http = false;
        }
        fc.pre(!http);
        for (const rendered of await footerOf(text)) {
          for (const e of rendered.elements) expect([...DROPSHIP_TAGS]).toContain(e.tag);
        }
      }),
      { numRuns: 100 },
    );
  }, 120_000);
});
