/**
 * The markdown plan (a pull-request comment) keeps dropship's structure whatever the report's free text
 * holds: hostile strings in EVERY string field of the report (generated from its zod schema, so a field added
 * later is covered without touching this file), and hostile values in every spec field validation lets
 * through. Rendered by micromark (GFM) and markdown-it; the diagram parsed by Mermaid.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import type { z } from 'zod';
import { renderMarkdown } from '../../cli/plan/markdown';
import { mermaidDiagram, sgNodeIds } from '../../cli/plan/mermaid';
import { buildPlanReport } from '../../cli/plan/report';
import { PlanReportSchema, type PlanReport } from '../../cli/plan/report-schema';
import { synthesizeFile } from '../../cli/plan/synthesize';
import { loadAndCompile } from '../../cli/pipeline';
import { expectNothingForged, flatBlocks } from '../helpers/markdown-expect';
import { hostileText, normalize, seen, visible } from '../helpers/markdown-hostile';
import { startRenderers, type MermaidParse, type Rendered, type Renderers } from '../helpers/renderers';
import { exampleFile } from '../helpers/examples';

let renderers: Renderers;
beforeAll(() => {
  renderers = startRenderers();
});
afterAll(() => renderers.stop());

/** Stands for a unique token in a generated string: every leaf's value differs from every other's. */
const TOKEN = '\uE000';

type Leaf = { path: (string | number)[]; value: string };

/**
 * An arbitrary of whatever `schema` accepts: every free string (no format) is `text`, formatted strings
 * match their pattern, arrays hold one or two items, optional fields are mostly present.
 */
function arbitraryOf(schema: z.ZodType, text: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  const checks = (def.checks ?? []) as { _zod: { def: Record<string, unknown> } }[];
  const check = (name: string) => checks.map((c) => c._zod.def).find((d) => d.check === name);
  switch (def.type) {
    case 'object':
      return fc.record(
        Object.fromEntries(
          Object.entries(def.shape as Record<string, z.ZodType>).map(([k, v]) => [k, arbitraryOf(v, text)]),
        ),
      );
    case 'array':
      return fc.array(arbitraryOf(def.element as z.ZodType, text), { minLength: 1, maxLength: 2 });
    case 'string': {
      const format = check('string_format');
      return format ? fc.stringMatching(format.pattern as RegExp) : text;
    }
    case 'number':
      return fc.integer({ min: check('greater_than') ? 1 : 0, max: 3 });
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, string>));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'null':
      return fc.constant(null);
    case 'nullable':
      return fc.oneof(
        { weight: 4, arbitrary: arbitraryOf(def.innerType as z.ZodType, text) },
        { weight: 1, arbitrary: fc.constant(null) },
      );
    case 'optional':
      return fc.oneof(
        { weight: 4, arbitrary: arbitraryOf(def.innerType as z.ZodType, text) },
        { weight: 1, arbitrary: fc.constant(undefined) },
      );
    case 'union': {
      const options = def.options as z.ZodType[];
      return fc.oneof(
        ...options.map((o) => ({
          weight: o._zod.def.type === 'null' ? 1 : 4,
          arbitrary: arbitraryOf(o, text),
        })),
      );
    }
    default:
      throw new Error(`no generator for a ${String(def.type)} in the plan report schema`);
  }
}

/** The report's free strings, with their paths (strings with a format, such as DS001, are not free). */
function freeStrings(schema: z.ZodType, value: unknown, path: (string | number)[] = []): Leaf[] {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  if (value === undefined || value === null) return [];
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([k, s]) =>
        freeStrings(s, (value as Record<string, unknown>)[k], [...path, k]),
      );
    case 'array':
      return (value as unknown[]).flatMap((v, i) => freeStrings(def.element as z.ZodType, v, [...path, i]));
    case 'optional':
      return freeStrings(def.innerType as z.ZodType, value, path);
    case 'union':
      return freeStrings(
        (def.options as z.ZodType[]).find((o) => o.safeParse(value).success)!,
        value,
        path,
      );
    case 'string':
      return (def.checks as unknown[] | undefined)?.length ? [] : [{ path, value: value as string }];
    default:
      return [];
  }
}

/** Gives every free string a token of its own, and makes the report say what dropship's would. */
function finish(raw: unknown): PlanReport {
  let n = 0;
  const tokenize = (v: unknown): unknown =>
    typeof v === 'string'
      ? v.replaceAll(TOKEN, () => `q${n++}q`)
      : Array.isArray(v)
        ? v.map(tokenize)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v).flatMap(([k, x]) => (x === undefined ? [] : [[k, tokenize(x)]])),
            )
          : v;
  const report = tokenize(raw) as PlanReport;
  // Findings name checks the report has (so a check's remediation shows), runbook steps include commands.
  const { checks } = report.security;
  report.security.findings.forEach((f, i) => (checks[i % checks.length].id = f.check));
  report.runbook.forEach((s) => (s.steps = s.steps.map((step, i) => (i % 2 ? `$ ${step}` : step))));
  return PlanReportSchema.parse(report);
}

const hostileLeaf = fc.tuple(hostileText, hostileText).map(([a, b]) => `${a}${TOKEN}${b}`);
const hostileReport = arbitraryOf(PlanReportSchema, hostileLeaf).map(finish);

const LINE_ENDING = /\r\n|\r|\n/g;
const unquoted = (s: string) => normalize(visible(s).replace(/`/g, ''));

const valueAt = (root: unknown, path: (string | number)[]) =>
  path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root);

/**
 * Where each free string of the report shows: in the markdown's text, as a command in a code block (checked
 * line by line there), only in the diagram, or nowhere.
 */
function whereShown(path: (string | number)[], report: PlanReport): 'text' | 'code' | 'diagram' | 'hidden' {
  const p = path.filter((x) => typeof x === 'string').join('.');
  if (p === 'manualSteps.commands') return 'code';
  if (p === 'runbook.steps' && report.runbook[path[1] as number].steps[path[3] as number].startsWith('$ '))
    return 'code';
  // the DigitalOcean node lists the droplets of public apps
  if (p === 'apps.droplets') return report.apps[path[1] as number].kind === 'public' ? 'diagram' : 'hidden';
  if (['apps.secrets', 'apps.databases', 'apps.caches'].includes(p)) return 'diagram';
  if (p === 'securityGroups.edges.port') return 'diagram';
  // a group the diagram draws as what it guards (the internet, the ALB, an app, its database...) has no label
  if (p === 'securityGroups.edges.from' || p === 'securityGroups.edges.to')
    return sgNodeIds(report)(valueAt(report, path) as string).startsWith('sg_') ? 'diagram' : 'hidden';
  // Not in the markdown plan (they are in the JSON plan): the graph's node list and each edge's reason, where
  // a decision came from, a warning's code and expected value, a check's category, and the reason of a
  // waived finding and of an unused waiver (each is a waiver listed with its reason), and a secret waiver's
  // spec path (the line names its variable, app and container).
  const hidden = [
    'security.secretWaivers.path',
    'security.unusedWaivers.reason',
    'securityGroups.nodes',
    'securityGroups.edges.reason',
    'decisions.from',
    'warnings.code',
    'warnings.expected',
    'security.checks.category',
    'security.waived.reason',
  ];
  if (hidden.includes(p)) return 'hidden';
  // A check's remediation shows as the fix of each finding of that check.
  if (p === 'security.checks.remediation') {
    const id = report.security.checks[path[2] as number].id;
    return report.security.findings.some((f) => f.check === id) ? 'text' : 'hidden';
  }
  return 'text';
}

/** The value as the markdown shows it: the cutover table's last column puts each `; ` change on a line. */
function shownAs(path: (string | number)[], value: string, report: PlanReport): string {
  const [a, b, c, row, col] = path;
  if (a === 'cutover' && b === 'table' && c === 'rows') {
    const cells = report.cutover!.table.rows[row as number];
    if (col === cells.length - 1) return value.replace(/; /g, '\n');
  }
  return value;
}

const H3 = [
  'Architecture',
  'Apps: what each becomes',
  'Stacks',
  'Cutover',
  'Data migration runbook',
  'Warnings',
  'Manual steps, in order',
  'Monthly cost — ',
  'Security checks',
  'Reachability',
  'Waivers',
];

/** The sh code blocks dropship writes, in order: each runbook run of `$ ` steps, each manual step's commands. */
function expectedCommands(report: PlanReport): string[] {
  const blocks: string[][] = [];
  for (const section of report.runbook) {
    let run: string[] = [];
    for (const step of section.steps) {
      if (step.startsWith('$ ')) run.push(step.slice(2));
      else if (run.length) {
        blocks.push(run);
        run = [];
      }
    }
    if (run.length) blocks.push(run);
  }
  for (const s of report.manualSteps) if (s.commands?.length) blocks.push(s.commands);
  return blocks.map((lines) => `${lines.flatMap((l) => visible(l).split(LINE_ENDING)).join('\n')}\n`);
}

/** Every assertion on one rendering of `report`'s markdown. */
function expectPlanStructure(r: Rendered, report: PlanReport, renderer: 'micromark' | 'markdownIt') {
  expectNothingForged(r);
  const sec = report.security;
  const blocks = flatBlocks(r.blocks);

  // exactly dropship's headings, in order: every section is there
  const headings = blocks.filter((b) => /^h\d$/.test(b.tag)).map((b) => [b.tag, normalize(b.text)]);
  expect(headings).toEqual([
    [
      'h2',
      normalize(
        `dropship plan: ${visible(`${report.project}-${report.environment}`).replace(LINE_ENDING, ' ')}`,
      ),
    ],
    ...H3.map((h) => ['h3', normalize(h === 'Monthly cost — ' ? `${h}${visible(report.cost.label)}` : h)]),
  ]);

  // every table with its rows; the security checks table lists every check
  const tables = blocks.filter((b) => b.tag === 'table');
  const cutoverRows = report.cutover ? [report.cutover.table.rows.length + 1] : [];
  expect(tables.map((t) => t.rows!.length)).toEqual([
    ...report.apps.map((a) => a.mapping.length + 1),
    report.stacks.length + 1,
    ...report.stacks.filter((s) => s.resources.length).map((s) => s.resources.length + 1),
    ...(report.decisions.length ? [report.decisions.length + 1] : []),
    ...cutoverRows,
    report.cost.digitalocean.length + report.cost.aws.length + 4,
    sec.checks.length + 1,
    ...(report.reachability.needs.length ? [report.reachability.needs.length + 1] : []),
  ]);
  for (const t of tables) expect(new Set(t.rows!.map((row) => row.length)).size).toBe(1);
  expect(
    tables
      .at(report.reachability.needs.length ? -2 : -1)!
      .rows!.slice(1)
      .map((row) => normalize(row[0])),
  ).toEqual(sec.checks.map((c) => normalize(visible(c.id))));

  // list items per section: warnings, manual steps, findings, waivers, runbook steps, unpriced costs
  const items = new Map<string, number>();
  let section = '';
  for (const b of r.blocks) {
    if (b.tag === 'h3') section = H3.find((h) => normalize(b.text).startsWith(h.trim()))!;
    if (b.items !== undefined) items.set(section, (items.get(section) ?? 0) + b.items);
  }
  const notCommands = report.runbook.flatMap((s) => s.steps).filter((s) => !s.startsWith('$ ')).length;
  const expectedItems: [string, number][] = [
    ['Data migration runbook', notCommands],
    ['Warnings', report.warnings.length],
    ['Manual steps, in order', report.manualSteps.length],
    ['Monthly cost — ', report.cost.incomplete.length + report.cost.unpriced.length],
    ['Security checks', sec.findings.length],
    ['Reachability', report.reachability.unexplained.length],
    [
      'Waivers',
      sec.waivers.length + sec.waived.length + sec.unusedWaivers.length + (sec.secretWaivers?.length ?? 0),
    ],
  ];
  expect(Object.fromEntries(items)).toEqual(Object.fromEntries(expectedItems.filter(([, n]) => n > 0)));

  // dropship's bold and details, no more and no fewer
  const nonEmpty = (values: string[]) => values.filter((v) => v !== '').length;
  expect(r.elements.filter((e) => e.tag === 'strong').length).toBe(
    nonEmpty(report.apps.map((a) => a.name)) +
      (report.cutover ? 1 : 0) +
      nonEmpty(report.runbook.map((s) => s.title)) +
      nonEmpty(report.manualSteps.map((s) => s.title)) +
      1 +
      6 +
      (sec.findings.length ? 1 : 0),
  );
  const details = blocks.filter((b) => b.tag === 'details');
  expect(details.map((d) => normalize(d.children![0].text))).toEqual([
    ...report.stacks
      .filter((s) => s.resources.length)
      .map((s) => normalize(`${visible(s.name)}: ${s.total} resources`)),
    ...(report.decisions.length ? ['Every decision and the rule behind it'] : []),
  ]);
  expect(blocks.filter((b) => b.tag === 'blockquote').length).toBe(report.cost.notes.length ? 1 : 0);

  // code blocks hold exactly the diagram and the commands (micromark 4.0.3's HTML drops the line endings of
  // a code block inside a list item; its parser keeps them, and markdown-it shows them)
  const pres = r.elements.filter((e) => e.tag === 'pre');
  const code = blocks.filter((b) => b.tag === 'pre');
  expect(code.length).toBeLessThanOrEqual(pres.length);
  const allCode = [...r.html.matchAll(/<pre><code class="language-(\w+)">([^]*?)<\/code><\/pre>/g)].map(
    (m) => ({
      lang: m[1],
      text: m[2]
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&'),
    }),
  );
  expect(allCode[0]).toEqual({ lang: 'mermaid', text: `${mermaidDiagram(report)}\n` });
  const sh = allCode.slice(1);
  expect(sh.every((c) => c.lang === 'sh')).toBe(true);
  const noBreaks = (s: string) => (renderer === 'micromark' ? s.replace(/\n/g, '') : s);
  expect(sh.map((c) => noBreaks(c.text))).toEqual(expectedCommands(report).map(noBreaks));

  // every free string the markdown shows is there, escaped and not lost
  const text = normalize(
    r.blocks
      .filter((b) => b.lang !== 'mermaid')
      .map((b) => b.text)
      .join('\n')
      .replace(/`/g, ''),
  );
  for (const leaf of freeStrings(PlanReportSchema, report))
    if (whereShown(leaf.path, report) === 'text')
      expect({
        path: leaf.path.join('.'),
        shown: text.includes(unquoted(shownAs(leaf.path, leaf.value, report))),
      }).toEqual({
        path: leaf.path.join('.'),
        shown: true,
      });

  // the runbook's lines carry spec values (a droplet's role, names): their backticks show, and open no code
  const literal = textWithBackticks(r);
  for (const leaf of freeStrings(PlanReportSchema, report))
    if (whereShown(leaf.path, report) === 'text' && literalField(leaf.path))
      expect({ path: leaf.path.join('.'), shown: literal.includes(seen(leaf.value)) }).toEqual({
        path: leaf.path.join('.'),
        shown: true,
      });
}

/** What compiler/shell.ts's shComment writes as a space. */
const COMMENT_SPACE = /[\u0000-\u001f\u007f\u2028\u2029]/g;

const isRole = (path: (string | number)[]) =>
  path[0] === 'digitalocean' && path[1] === 'droplets' && path[3] === 'role';

/** Fields shown as text, backticks and all (not as dropship's prose, whose `quotes` are code). */
const literalField = (path: (string | number)[]) => path[0] === 'runbook' && path[2] === 'steps';

/** The rendered text outside the diagram, backticks kept. */
const textWithBackticks = (r: Rendered) =>
  normalize(
    r.blocks
      .filter((b) => b.lang !== 'mermaid')
      .map((b) => b.text)
      .join('\n'),
  );

/** The diagram parses, no label holds HTML or markdown, and every value drawn only there is in a label. */
function expectDiagram(parsed: MermaidParse, report: PlanReport) {
  expect(parsed).toMatchObject({ ok: true });
  if (!parsed.ok) return;
  const labelled = [...parsed.nodes, ...parsed.edges, ...parsed.subgraphs];
  for (const l of labelled) {
    expect(l.elements).toEqual([]);
    expect(l.labelType).not.toBe('markdown');
  }
  const labels = labelled.map((l) => normalize(l.text)).join('\n');
  for (const leaf of freeStrings(PlanReportSchema, report))
    if (whereShown(leaf.path, report) === 'diagram' || leaf.path.join('.').match(/^apps\.\d+\.name$/))
      expect({ path: leaf.path.join('.'), drawn: labels.includes(normalize(visible(leaf.value))) }).toEqual({
        path: leaf.path.join('.'),
        drawn: true,
      });
  // one service node per app, whatever the names (two names that read the same get distinct nodes)
  const services = parsed.nodes.filter((n) => n.id.startsWith('svc_'));
  expect(services.length).toBe(report.apps.length);
}

async function expectSafe(report: PlanReport) {
  const markdown = renderMarkdown(report);
  const { micromark, markdownIt } = await renderers.markdown(markdown);
  expectPlanStructure(micromark, report, 'micromark');
  expectPlanStructure(markdownIt, report, 'markdownIt');
  expectDiagram(await renderers.mermaid(mermaidDiagram(report)), report);
}

/** How long a property may run (shrinking included) before fast-check reports what it has. */
const SHRINK_BUDGET_MS = 300_000;

describe('markdown plan with hostile strings in every string field of the report', () => {
  it('keeps every section, table row, list item and code block, and shows every value', async () => {
    const reports = process.env.MD_NO_SHRINK ? fc.noShrink(hostileReport) : hostileReport;
    await fc.assert(fc.asyncProperty(reports, expectSafe), {
      numRuns: Number(process.env.MD_RUNS ?? 40),
      // Shrinking a whole report takes a second per step: a rare failure once shrank past the 10-minute test
      // timeout in CI and was reported as a timeout. Stopping first reports the failure with its seed.
      interruptAfterTimeLimit: SHRINK_BUDGET_MS,
    });
  }, 600_000);

  it('covers every free string field of the report schema', () => {
    const report = fc.sample(hostileReport, { numRuns: 1, seed: 1 })[0];
    const fields = new Set(
      freeStrings(PlanReportSchema, report).map((l) => l.path.filter((x) => typeof x === 'string').join('.')),
    );
    // a generated report has every array non-empty and (almost) every optional field: all fields but the rare
    expect(fields.size).toBeGreaterThan(40);
  });
});

describe('Mermaid node ids', () => {
  it('stay dropship’s, and two names that read the same get two nodes', async () => {
    const report = fc.sample(hostileReport, { numRuns: 1, seed: 7 })[0];
    const app = report.apps[0];
    report.apps = ['web-1', 'web_1', 'web.1'].map((name) => ({ ...app, name, kind: 'worker' as const }));
    const diagram = mermaidDiagram(report);
    expect(diagram).toContain('svc_web_1[');
    expect(diagram).toContain('svc_web_1_2[');
    expect(diagram).toContain('svc_web_1_3[');
    const parsed = await renderers.mermaid(diagram);
    expect(
      parsed.ok && parsed.nodes.filter((n) => n.id.startsWith('svc_')).map((n) => n.text.split('\n')[0]),
    ).toEqual(['web-1', 'web_1', 'web.1']);
  });
});

describe('markdown plan of a spec with hostile values wherever validation lets them through', () => {
  const source = parse(readFileSync(exampleFile('php-shop'), 'utf8')) as Record<string, unknown>;
  // php-shop declares no waiver: one, so its reason is there to attack.
  source.waivers = [{ check: 'DS022', reason: 'a reason that is long enough' }];
  const dir = mkdtempSync(join(tmpdir(), 'dropship-md-hostile-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (spec: unknown) => {
    const file = join(dir, 'migration.yaml');
    writeFileSync(file, stringify(spec));
    return file;
  };

  const leaves: Leaf[] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    if (typeof v === 'string') leaves.push({ path, value: v });
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(source, []);
  const setAt = (spec: unknown, path: (string | number)[], value: string) => {
    const copy = structuredClone(spec) as Record<string | number, unknown>;
    let at = copy;
    for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
    at[path.at(-1)!] = value;
    return copy;
  };
  const PROBE = 'x <!-- `y` # *z* | @a #1 \u202E www.e.example';
  /** Each spec field that accepts hostile text on its own, with the prefix it needs (paths start with /). */
  const open: { path: (string | number)[]; prefix: string }[] = [];
  beforeAll(() => {
    for (const leaf of leaves)
      for (const prefix of ['', '/', `${leaf.value} `])
        if (loadAndCompile(write(setAt(source, leaf.path, prefix + PROBE))).ok) {
          open.push({ path: leaf.path, prefix });
          break;
        }
  });

  it('finds spec fields that carry free text into the plan (descriptions, reasons, names, paths...)', () => {
    const names = open.map((o) => o.path.join('.'));
    expect(names).toEqual(
      expect.arrayContaining(['secrets.0.description', 'waivers.0.reason', 'digitalocean.droplets.0.role']),
    );
    expect(names.length).toBeGreaterThan(5);
  });

  it('keeps the plan’s structure and shows the values', async () => {
    let planned = 0;
    await fc.assert(
      // no shrinking: each try synthesizes the whole spec (about a second); a failure names the field
      fc.asyncProperty(
        fc.noShrink(fc.array(hostileText, { minLength: open.length, maxLength: open.length })),
        async (values) => {
          let spec: unknown = source;
          // A droplet's role ends in a code-span look-alike (`Laravel 11 \`storefront\``), whatever was drawn.
          const valueOf = (o: (typeof open)[number], i: number) =>
            `${o.prefix}${values[i]} ${isRole(o.path) ? `\`q${i}q\`` : `q${i}q`}`;
          open.forEach((o, i) => (spec = setAt(spec, o.path, valueOf(o, i))));
          const result = synthesizeFile(write(spec));
          fc.pre(result.ok);
          if (!result.ok) return;
          planned++;
          const report = buildPlanReport(result.value);
          await expectSafe(report);
          // the role shows in the runbook with its backticks, never as a code span (in a shell comment line,
          // where a control character is a space)
          const { micromark, markdownIt } = await renderers.markdown(renderMarkdown(report));
          for (const rendered of [micromark, markdownIt]) {
            const literal = textWithBackticks(rendered);
            open.forEach((o, i) => {
              if (isRole(o.path)) expect(literal).toContain(seen(valueOf(o, i).replace(COMMENT_SPACE, ' ')));
            });
          }
        },
      ),
      { numRuns: Number(process.env.MD_SPEC_RUNS ?? 4), interruptAfterTimeLimit: SHRINK_BUDGET_MS },
    );
    expect(planned).toBeGreaterThan(0);
  }, 600_000);
});
