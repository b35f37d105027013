/**
 * bench/results.json: the latest full run at the top level, every earlier run in `history` (by run number),
 * and back-to-back comparisons of two builds in `backToBack`. A full `npm run bench` moves the previous
 * latest run into the history and puts itself at the top; nothing else writes the file.
 *
 * Written in one canonical form: a fixed key order per kind of object and two-space JSON (which prettier
 * leaves as it is), so the same data is the same bytes and a new run shows as lines moved and added.
 */
import { ISSUE_REFERENCE_WALL_MS } from './budgets';
import type { BudgetResult, Measurement } from './measurement';

export interface MachineRecord {
  cpus?: number;
  cpuModel?: string;
  memoryGb?: number;
  node?: string;
  platform?: string;
  loadAverageAtStart?: number;
  /**
   * The fixed-work calibration (bench/run.ts `calibrate`) before and after the measurements; for a run
   * recorded from docs/performance.md, the lower and higher of the two as the doc gave them.
   */
  calibrationMs?: { start: number; end: number } | { low: number; high: number };
}

export interface FleetRecord {
  public: number;
  internal: number;
  worker: number;
  job: number;
  databases: number;
  caches: number;
  domains: number;
  specBytes: number;
}

/** One full run of the bench. */
export interface RunRecord {
  /** 1–16 as docs/performance.md numbered them; each full `npm run bench` takes the next number. */
  run?: number;
  /** ISO time; for a run recorded from the docs, the day. */
  measuredAt: string;
  commit: string;
  /**
   * The figures are what docs/performance.md gave (rounded, and only the ones it gave): the run's own file
   * was not kept.
   */
  fromDocs?: true;
  /** What the figures cannot say: the code or the hour the run was taken in. */
  note?: string;
  machine?: MachineRecord;
  method?: string;
  fleets?: Record<string, FleetRecord>;
  results: Measurement[];
  budgets: BudgetResult[];
}

/** Two builds run alternately in the same minutes, so a difference between them is the code's. */
export interface BackToBack {
  measuredAt: string;
  /** The builds, as commits. */
  before: string;
  after: string;
  fromDocs?: true;
  note?: string;
  figures: {
    command: Measurement['command'];
    apps: number;
    runs: number;
    beforeMs: number;
    afterMs: number;
  }[];
}

export interface ResultsFile extends RunRecord {
  history: RunRecord[];
  backToBack: BackToBack[];
}

// ---------------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------------

const STATUSES = ['ok', 'n/a', 'failed', 'timeout'];
const VERDICTS = ['pass', 'breach', 'skipped'];

/** The measurements of a run, or what is wrong with them (the report would fail on it). */
export function pastResults(parsed: unknown): Measurement[] | string {
  const results = (parsed as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) return 'it has no results list';
  for (const [i, r] of results.entries()) {
    const m = r as Partial<Measurement> | null;
    const valid =
      typeof m?.command === 'string' &&
      typeof m.apps === 'number' &&
      typeof m.status === 'string' &&
      STATUSES.includes(m.status) &&
      (m.status !== 'ok' || typeof m.wallMs === 'number');
    if (!valid) return `results[${i}] is not a measurement (command, apps, status, and wallMs when ok)`;
    const ref = m.reference;
    if (
      ref !== undefined &&
      !(
        ISSUE_REFERENCE_WALL_MS[ref?.services] !== undefined &&
        typeof ref.wallMs === 'number' &&
        ref.wallMs > 0
      )
    )
      return `results[${i}].reference is not a reference figure (services ${Object.keys(ISSUE_REFERENCE_WALL_MS).join(' or ')}, wallMs above 0)`;
  }
  return results as Measurement[];
}

/** A run record, or what is wrong with it. */
function runRecord(parsed: unknown): RunRecord | string {
  const results = pastResults(parsed);
  if (typeof results === 'string') return results;
  const r = parsed as Partial<RunRecord>;
  if (typeof r.measuredAt !== 'string' || typeof r.commit !== 'string')
    return 'it has no measuredAt or commit';
  if (r.run !== undefined && !(Number.isInteger(r.run) && r.run > 0))
    return 'its run is not a positive integer';
  if (!Array.isArray(r.budgets)) return 'it has no budgets list';
  for (const [i, b] of r.budgets.entries()) {
    const v = b as Partial<BudgetResult> | null;
    if (typeof v?.budget !== 'string' || typeof v.status !== 'string' || !VERDICTS.includes(v.status))
      return `budgets[${i}] is not a verdict (budget, and status pass, breach or skipped)`;
  }
  return r as RunRecord;
}

/**
 * A results file, or what is wrong with it. A file of one run (written with `--out`, or before the
 * history) reads as a latest run with an empty history.
 */
export function readResultsFile(parsed: unknown): ResultsFile | string {
  const latest = runRecord(parsed);
  if (typeof latest === 'string') return latest;
  const { history = [], backToBack = [] } = parsed as Partial<ResultsFile>;
  if (!Array.isArray(history) || !Array.isArray(backToBack)) return 'its history or backToBack is not a list';
  const seen = new Set<number>();
  for (const [i, entry] of history.entries()) {
    const past = runRecord(entry);
    if (typeof past === 'string') return `history[${i}]: ${past}`;
    if (past.run === undefined) return `history[${i}] has no run number`;
    if (seen.has(past.run) || past.run === latest.run) return `run ${past.run} is recorded twice`;
    seen.add(past.run);
  }
  for (const [i, b] of backToBack.entries()) {
    const c = b as Partial<BackToBack> | null;
    const figures = c?.figures;
    if (
      typeof c?.before !== 'string' ||
      typeof c.after !== 'string' ||
      !Array.isArray(figures) ||
      !figures.every((f) => typeof f?.beforeMs === 'number' && typeof f.afterMs === 'number')
    )
      return `backToBack[${i}] is not a comparison (before, after, figures with beforeMs and afterMs)`;
  }
  return { ...latest, history, backToBack };
}

// ---------------------------------------------------------------------------------------------------------
// Appending a run
// ---------------------------------------------------------------------------------------------------------

/** The file after a full run: `latest` on top, numbered after every run before it; the previous top in the history. */
export function appendRun(previous: ResultsFile | undefined, latest: Omit<RunRecord, 'run'>): ResultsFile {
  if (!previous) return { ...latest, run: 1, history: [], backToBack: [] };
  const { history, backToBack, ...top } = previous;
  const highest = Math.max(0, ...history.map((h) => h.run ?? 0));
  const moved: RunRecord = { ...top, run: top.run ?? highest + 1 };
  const runs = [...history, moved].sort((a, b) => (a.run ?? 0) - (b.run ?? 0));
  return { ...latest, run: Math.max(highest, moved.run ?? 0) + 1, history: runs, backToBack };
}

// ---------------------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------------------

/** `value`'s keys in `order`, then any others alphabetically; undefined values dropped. */
function ordered<T extends object>(value: T, order: readonly string[]): T {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  entries.sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries) as T;
}

const MEASUREMENT_KEYS = [
  'command',
  'layout',
  'only',
  'apps',
  'status',
  'runs',
  'wallMs',
  'cpuMs',
  'maxRssMb',
  'stacks',
  'resources',
  'bytes',
  'error',
  'reference',
  'pairedWith',
];
const BUDGET_KEYS = [
  'budget',
  'limit',
  'measured',
  'machineFactor',
  'atIssueSpeed',
  'unscaledStatus',
  'status',
  'note',
];
const MACHINE_KEYS = [
  'cpus',
  'cpuModel',
  'memoryGb',
  'node',
  'platform',
  'loadAverageAtStart',
  'calibrationMs',
];
const RUN_KEYS = [
  'run',
  'measuredAt',
  'commit',
  'fromDocs',
  'note',
  'machine',
  'method',
  'fleets',
  'results',
  'budgets',
  'history',
  'backToBack',
];

function canonicalRun(r: RunRecord): RunRecord {
  const machine = r.machine && {
    ...ordered(r.machine, MACHINE_KEYS),
    ...(r.machine.calibrationMs && {
      calibrationMs: ordered(r.machine.calibrationMs, ['start', 'end', 'low', 'high']),
    }),
  };
  const fleets =
    r.fleets &&
    Object.fromEntries(
      Object.entries(r.fleets).map(([n, f]) => [
        n,
        ordered(f, ['public', 'internal', 'worker', 'job', 'databases', 'caches', 'domains', 'specBytes']),
      ]),
    );
  const results = r.results.map((m) => {
    const out = ordered(m, MEASUREMENT_KEYS);
    return m.reference ? { ...out, reference: ordered(m.reference, ['services', 'wallMs']) } : out;
  });
  const budgets = r.budgets.map((b) => ordered(b, BUDGET_KEYS));
  return ordered({ ...r, machine, fleets, results, budgets }, RUN_KEYS);
}

/**
 * The file's text, in the canonical form (see the header): a results file with its history, or one run
 * alone (what `--out` writes).
 */
export function serializeResults(
  file: RunRecord & Partial<Pick<ResultsFile, 'history' | 'backToBack'>>,
): string {
  const canonical = {
    ...canonicalRun(file),
    history: file.history && [...file.history].sort((a, b) => (a.run ?? 0) - (b.run ?? 0)).map(canonicalRun),
    backToBack: file.backToBack?.map((c) => ({
      ...ordered(c, ['measuredAt', 'before', 'after', 'fromDocs', 'note', 'figures']),
      figures: c.figures.map((f) => ordered(f, ['command', 'apps', 'runs', 'beforeMs', 'afterMs'])),
    })),
  };
  return `${JSON.stringify(ordered(canonical, RUN_KEYS), null, 2)}\n`;
}
