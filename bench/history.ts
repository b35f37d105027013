/**
 * `node dist/bench/run.js --from bench/results.json --history`: every run of the file in one table (the
 * budgeted figures, the machine's calibration and the verdicts), then the runs' notes and the back-to-back
 * comparisons.
 */
import type { BudgetResult, Command, Measurement } from './measurement';
import type { ResultsFile, RunRecord } from './results-file';

/** The figures a row shows: the budgeted ones, and the 1-app `validate`, the machine's pulse. */
const FIGURES: readonly { label: string; command: Command; apps: number; layout?: 'single' }[] = [
  { label: 'validate 1', command: 'validate', apps: 1 },
  { label: 'validate 1,000', command: 'validate', apps: 1000 },
  { label: 'synth 100', command: 'synth', apps: 100, layout: 'single' },
  { label: 'synth 1,000', command: 'synth', apps: 1000, layout: 'single' },
];

const DASH = '—';

function figure(
  results: readonly Measurement[],
  f: Pick<(typeof FIGURES)[number], 'command' | 'apps' | 'layout'>,
): Measurement | undefined {
  return results.find(
    (m) => m.command === f.command && m.apps === f.apps && m.layout === f.layout && !m.only,
  );
}

function wall(m?: Measurement): string {
  return m?.status === 'ok' && m.wallMs !== undefined ? String(m.wallMs) : (m?.status ?? DASH);
}

/** "synth 100 apps: wall" → "synth 100"; "synth 100 apps: peak RSS" → "synth 100 RSS"; linear growth → "linear". */
export function shortBudget(name: string): string {
  if (name.includes('≤')) return 'linear';
  return name.replace(' apps: wall', '').replace(' apps: peak RSS', ' RSS');
}

/** "pass", or the budgets breached; a dash when nothing was judged. */
function verdict(budgets: readonly BudgetResult[], of: (b: BudgetResult) => BudgetResult['status']): string {
  const judged = budgets.filter((b) => of(b) !== 'skipped');
  if (judged.length === 0) return DASH;
  const breached = judged.filter((b) => of(b) === 'breach').map((b) => shortBudget(b.budget));
  return breached.length === 0 ? 'pass' : `breach: ${breached.join(', ')}`;
}

function when(r: RunRecord): string {
  // An ISO time to the minute (UTC); a day stays a day.
  return r.measuredAt.length > 10 ? r.measuredAt.slice(0, 16).replace('T', ' ') : r.measuredAt;
}

function calibration(r: RunRecord): string {
  const c = r.machine?.calibrationMs;
  if (!c) return DASH;
  const [a, b] = 'start' in c ? [c.start, c.end] : [c.low, c.high];
  const [low, high] = [Math.round(Math.min(a, b)), Math.round(Math.max(a, b))];
  return low === high ? String(low) : `${low}–${high}`;
}

function referenceFactor(budgets: readonly BudgetResult[]): string {
  const factors = budgets.flatMap((b) => (b.machineFactor === undefined ? [] : [b.machineFactor]));
  if (factors.length === 0) return DASH;
  const [low, high] = [Math.min(...factors).toFixed(2), Math.max(...factors).toFixed(2)];
  return low === high ? `${low}×` : `${low}–${high}×`;
}

function peakRss(results: readonly Measurement[]): string {
  const rss = (apps: number) => figure(results, { command: 'synth', apps, layout: 'single' })?.maxRssMb;
  const [small, large] = [rss(100), rss(1000)];
  return small === undefined && large === undefined ? DASH : `${small ?? DASH} / ${large ?? DASH}`;
}

/** A text table; `align` has one letter per column, `l` or `r`. */
function table(header: readonly string[], rows: readonly string[][], align: string): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (align[c] === 'r' ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatHistory(file: ResultsFile): string {
  const { history, backToBack, ...latest } = file;
  const runs = [...history, latest].sort((a, b) => (a.run ?? 0) - (b.run ?? 0));
  const header = [
    'run',
    'measured (UTC)',
    'commit',
    'calibration',
    ...FIGURES.map((f) => f.label),
    'RSS 100 / 1,000',
    'reference',
    'budgets as measured',
    'at issue 8’s speed',
  ];
  const rows = runs.map((r) => [
    `${r.run ?? '?'}${r.fromDocs ? '*' : ''}${r === latest ? ' (latest)' : ''}`,
    when(r),
    r.commit,
    calibration(r),
    ...FIGURES.map((f) => wall(figure(r.results, f))),
    peakRss(r.results),
    referenceFactor(r.budgets),
    verdict(r.budgets, (b) => b.unscaledStatus ?? b.status),
    r.budgets.some((b) => b.atIssueSpeed !== undefined) ? verdict(r.budgets, (b) => b.status) : DASH,
  ]);
  const out = [
    'Full runs of the bench. Wall ms (medians) of the budgeted figures and of validate 1 app, which does almost nothing',
    '(the machine’s pulse); peak RSS of synth in MB; calibration: ms for fixed work before and after (lower is faster);',
    'reference: its time over issue 8’s beside each wall figure (how much slower the machine ran than issue 8’s).',
    table(header, rows, 'lllrrrrrrrll'),
  ];
  if (runs.some((r) => r.fromDocs))
    out.push(
      '* as docs/performance.md gave it: rounded figures, only those it gave; the run’s own file was not kept',
    );
  const notes = runs.filter((r) => r.note).map((r) => `  run ${r.run ?? '?'}: ${r.note}`);
  if (notes.length > 0) out.push('', 'notes:', ...notes);
  if (backToBack.length > 0) {
    const rows2 = backToBack.flatMap((c) =>
      c.figures.map((f, i) => [
        c.measuredAt.slice(0, 10),
        `${c.before} → ${c.after}`,
        `${f.command} ${f.apps.toLocaleString('en-US')}`,
        String(f.runs),
        String(f.beforeMs),
        String(f.afterMs),
        i === 0 ? `${c.fromDocs ? '* ' : ''}${c.note ?? ''}` : '',
      ]),
    );
    out.push(
      '',
      'back to back: two builds run alternately in the same minutes (wall ms, medians of `runs` each)',
      table(['day', 'builds', 'figure', 'runs', 'before', 'after', 'note'], rows2, 'lllrrrl'),
    );
  }
  return `${out.join('\n')}\n`;
}
