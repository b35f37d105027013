/**
 * `npm run bench`: measure `dropship validate | synth | plan` as whole processes on generated fleets of
 * 1, 10, 100 and 1,000 apps; print a table of medians and write bench/results.json.
 *
 *   npm run bench                    full run: bench/results.json gets it on top, the run before in its history
 *   npm run bench -- --check         also compare against the budgets; exit 1 on a breach
 *   npm run bench -- --quick         N = 1, 10, 100 only (results.json is left alone)
 *   npm run bench -- --only synth    one command (validate | synth | plan); results.json is left alone
 *   npm run bench -- --runs 3        runs per measurement (default 5, and 3 for 1,000 apps); likewise
 *   npm run bench -- --out file      write this run alone to another file (also for --quick / --only runs)
 *   npm run bench -- --note 'text'   a note kept with the run (what the figures cannot say)
 *   npm run bench -- --timeout 120   seconds before a run is killed and reported as a timeout
 *   npm run bench -- --markdown      also print the tables as Markdown (for docs/performance.md)
 *   node dist/bench/run.js --from bench/results.json [--check] [--markdown]   report the latest run again
 *   node dist/bench/run.js --from bench/results.json --history                every run, one line each
 *
 * Each measurement is a fresh `node bin/dropship.js ...` process, timed by GNU `/usr/bin/time -v` when it
 * exists (CPU time and peak RSS of the child) and by bench/measure-child.ts otherwise; wall time is taken
 * around the spawn. Medians, not means: one run disturbed by the other users of a shared machine should
 * not move the figure.
 */
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fleetShape, writeFleetSpecs, FLEET_SIZES } from './generate';
import { BUDGETS, checkBudgets, round } from './budgets';
import { formatHistory } from './history';
import type { ChildUsage } from './measure-child';
import type { BudgetResult, Command, Measurement } from './measurement';
import {
  appendRun,
  pastResults,
  readResultsFile,
  serializeResults,
  type ResultsFile,
  type RunRecord,
} from './results-file';
import type { Layout } from '../compiler/model';

const REPO = resolve(__dirname, '..', '..');
const CLI = join(REPO, 'bin', 'dropship.js');
const OUT_DIR = join(REPO, 'bench', 'out');
const RESULTS_FILE = join(REPO, 'bench', 'results.json');
const GNU_TIME = '/usr/bin/time';

interface Options {
  check: boolean;
  quick: boolean;
  only?: Command;
  runs?: number;
  out?: string;
  timeoutSec: number;
  markdown: boolean;
  from?: string;
  history: boolean;
  note?: string;
}

// ---------------------------------------------------------------------------------------------------------
// Measuring one process
// ---------------------------------------------------------------------------------------------------------

interface Sample {
  ok: boolean;
  timedOut: boolean;
  wallMs: number;
  cpuMs: number;
  maxRssKb: number;
  stdoutBytes: number;
  stderr: string;
}

const useGnuTime = existsSync(GNU_TIME) && process.env.BENCH_MEASURE !== 'resource-usage';
/** Kills the measured node process itself (killing GNU time would leave node running). */
const TIMEOUT_BIN = '/usr/bin/timeout';
/** Exit status of `timeout -s KILL` when it killed the command (128 + SIGKILL). */
const KILLED_BY_TIMEOUT = 137;

/** Run `node <script> ...args` once (bin/dropship.js unless told) and measure it. */
function sample(args: readonly string[], timeoutSec: number, script = CLI): Sample {
  const report = join(tmpdir(), `dropship-bench-${process.pid}.txt`);
  rmSync(report, { force: true });
  const node = [process.execPath, script, ...args];
  const viaTimeout = useGnuTime && existsSync(TIMEOUT_BIN);
  const argv = useGnuTime
    ? [
        GNU_TIME,
        '-v',
        '-o',
        report,
        ...(viaTimeout ? [TIMEOUT_BIN, '-s', 'KILL', String(timeoutSec)] : []),
        ...node,
      ]
    : [process.execPath, join(__dirname, 'measure-child.js'), report, script, ...args];
  const started = process.hrtime.bigint();
  const child = spawnSync(argv[0], argv.slice(1), {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
    // Without `timeout`, spawnSync kills the direct child: node itself in the fallback probe.
    ...(viaTimeout ? {} : { timeout: timeoutSec * 1000, killSignal: 'SIGKILL' as const }),
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const timedOut = viaTimeout ? child.status === KILLED_BY_TIMEOUT : child.signal === 'SIGKILL';
  const stderr = child.stderr?.toString('utf8') ?? '';
  const usage = existsSync(report) ? parseUsage(readFileSync(report, 'utf8')) : undefined;
  rmSync(report, { force: true });
  return {
    ok: child.status === 0 && usage !== undefined,
    timedOut,
    wallMs,
    cpuMs: usage ? usage.userMs + usage.sysMs : Number.NaN,
    maxRssKb: usage?.maxRssKb ?? Number.NaN,
    stdoutBytes: child.stdout?.length ?? 0,
    stderr: child.error ? String(child.error) : stderr,
  };
}

function parseUsage(text: string): ChildUsage | undefined {
  if (!useGnuTime) return JSON.parse(text) as ChildUsage;
  const field = (label: string) => {
    const line = text.split('\n').find((l) => l.trim().startsWith(label));
    return line ? Number(line.slice(line.lastIndexOf(':') + 1).trim()) : Number.NaN;
  };
  const user = field('User time (seconds)');
  const sys = field('System time (seconds)');
  const rss = field('Maximum resident set size (kbytes)');
  if ([user, sys, rss].some(Number.isNaN)) return undefined;
  return { userMs: user * 1000, sysMs: sys * 1000, maxRssKb: rss };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Stacks, resource blocks and bytes in a synth output directory (`<out>/stacks/<stack>/cdk.tf.json`). */
export function countEmitted(outDir: string): { stacks: number; resources: number; bytes: number } {
  const stacksDir = join(outDir, 'stacks');
  let stacks = 0;
  let resources = 0;
  let bytes = 0;
  if (!existsSync(stacksDir)) return { stacks, resources, bytes };
  for (const stack of readdirSync(stacksDir)) {
    const file = join(stacksDir, stack, 'cdk.tf.json');
    if (!existsSync(file)) continue;
    stacks++;
    bytes += statSync(file).size;
    const json = JSON.parse(readFileSync(file, 'utf8')) as {
      resource?: Record<string, Record<string, unknown>>;
    };
    for (const byName of Object.values(json.resource ?? {})) resources += Object.keys(byName).length;
  }
  return { stacks, resources, bytes };
}

// ---------------------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------------------

/** Commands the built CLI offers, read from its --help (plan may not exist yet). */
function availableCommands(): Set<string> {
  const help = spawnSync(process.execPath, [CLI, '--help'], { cwd: REPO, encoding: 'utf8' });
  const names = new Set<string>();
  for (const line of (help.stdout ?? '').split('\n')) {
    const m = /^\s+dropship ([a-z-]+)/.exec(line);
    if (m) names.add(m[1]);
  }
  return names;
}

interface Job {
  command: Command;
  layout?: Layout;
  only?: number;
  /** The script run with node: bin/dropship.js unless set. */
  script?: string;
  /** `firstApp`: the name of the fleet's first app, for `--only`; `apps`: the fleet's size. */
  args: (file: string, out: string, firstApp: string, apps: number) => string[];
}

const JOBS: readonly Job[] = [
  { command: 'validate', args: (file) => ['validate', file] },
  {
    command: 'synth',
    layout: 'single',
    args: (file, out) => ['synth', file, '--out', out, '--layout', 'single', '--quiet'],
  },
  {
    command: 'synth',
    layout: 'per-app',
    args: (file, out) => ['synth', file, '--out', out, '--layout', 'per-app', '--quiet'],
  },
  {
    // The large-fleet loop: one app's stack out of the whole fleet.
    command: 'synth',
    layout: 'per-app',
    only: 1,
    args: (file, out, firstApp) => [
      'synth',
      file,
      '--out',
      out,
      '--layout',
      'per-app',
      '--only',
      firstApp,
      '--quiet',
    ],
  },
  { command: 'plan', args: (file) => ['plan', file] },
];

/**
 * Not dropship: the yardstick that scales the wall budgets (ISSUE_REFERENCE_WALL_MS). Its runs alternate
 * with a budgeted measurement's (`measure`'s `referenceServices`), so both see the machine at one speed.
 */
const REFERENCE_JOB: Job = {
  command: 'reference',
  script: join(__dirname, 'reference', 'cdktf-fleet.js'),
  args: (_file, out, _firstApp, services) => ['--services', String(services), '--out', out],
};

/** The reference size a job's measurement at `apps` alternates with: the scaling size of its budget. */
function referenceServicesFor(job: Job, apps: number): number | undefined {
  if (job.only) return undefined;
  return BUDGETS.find(
    (b) =>
      b.scaledBy !== undefined && b.command === job.command && b.layout === job.layout && b.apps === apps,
  )?.scaledBy;
}

/**
 * Measure `job` on the fleet of `apps`. With `referenceServices`, each run is followed by a run of the
 * reference workload at that size; the second result is the reference's row (undefined without one).
 */
/**
 * Runs `job` on the fleet `runs` times, alternating with the reference workload when `referenceServices`
 * is given (a shared machine's speed then drifts alike for both). Returns the job's figures and the
 * reference's, if it ran.
 */
function measure(
  job: Job,
  apps: number,
  file: string,
  runs: number,
  timeoutSec: number,
  referenceServices?: number,
): [Measurement, Measurement | undefined] {
  const out = join(OUT_DIR, `synth-${apps}-${job.layout ?? 'single'}${job.only ? `-only-${job.only}` : ''}`);
  const args = job.args(file, out, fleetShape(apps).apps[0].name, apps);
  const refOut = join(OUT_DIR, `reference-${referenceServices}`);
  const refArgs = REFERENCE_JOB.args('', refOut, '', referenceServices ?? 0);
  const samples: Sample[] = [];
  const refSamples: Sample[] = [];
  let refError: string | undefined;
  for (let i = 0; i < runs; i++) {
    if (referenceServices !== undefined && refError === undefined) {
      const r = sample(refArgs, timeoutSec, REFERENCE_JOB.script);
      // Any failed reference run unpairs the figures: the budget is then judged as measured, and the
      // reference's row says why (a failed row, which --check counts like any failed command).
      refError = sampleError(r, timeoutSec);
      if (refError === undefined) refSamples.push(r);
    }
    const s = sample(args, timeoutSec, job.script);
    const error = sampleError(s, timeoutSec);
    if (error !== undefined) {
      const status = s.timedOut ? ('timeout' as const) : ('failed' as const);
      return [{ ...jobKey(job, apps), status, runs: i + 1, error }, undefined];
    }
    samples.push(s);
  }
  const result: Measurement = { ...jobKey(job, apps), status: 'ok', runs, ...medians(samples) };
  if (job.command === 'synth') Object.assign(result, countEmitted(out));
  else result.bytes = median(samples.map((s) => s.stdoutBytes));
  if (referenceServices === undefined) return [result, undefined];
  const pairedWith = `${job.command} ${layoutLabel(job)} ${apps}`.replace(/\s+/g, ' ');
  const reference = referenceMeasurement(referenceServices, refSamples, refError, refOut, pairedWith);
  if (reference.status === 'ok')
    result.reference = { services: referenceServices, wallMs: reference.wallMs! };
  return [result, reference];
}

/** Why a run failed (killed at the timeout, or its first lines of stderr), or undefined when it did not. */
function sampleError(s: Sample, timeoutSec: number): string | undefined {
  if (s.timedOut) return `killed after ${timeoutSec} s`;
  if (!s.ok) return s.stderr.trim().split('\n').slice(0, 6).join('\n') || 'exited non-zero';
  return undefined;
}

function jobKey(job: Job, apps: number): Pick<Measurement, 'command' | 'layout' | 'only' | 'apps'> {
  return { command: job.command, layout: job.layout, only: job.only, apps };
}

function medians(samples: readonly Sample[]): Pick<Measurement, 'wallMs' | 'cpuMs' | 'maxRssMb'> {
  return {
    wallMs: round(median(samples.map((s) => s.wallMs))),
    cpuMs: round(median(samples.map((s) => s.cpuMs))),
    maxRssMb: round(median(samples.map((s) => s.maxRssKb)) / 1024),
  };
}

/** The reference's row beside the job it alternated with: its figures, or why it failed. */
function referenceMeasurement(
  services: number,
  samples: readonly Sample[],
  error: string | undefined,
  out: string,
  pairedWith: string,
): Measurement {
  if (error !== undefined)
    return {
      command: 'reference',
      apps: services,
      status: 'failed',
      runs: samples.length + 1,
      error,
      pairedWith,
    };
  return {
    command: 'reference',
    apps: services,
    status: 'ok',
    runs: samples.length,
    ...medians(samples),
    ...countEmitted(out),
    pairedWith,
  };
}

/**
 * A fixed piece of work in a fresh Node process — building, sorting and serializing 100,000 small objects,
 * the kind of work synth does — timed from inside (milliseconds, median of 5). A shared machine's speed
 * drifts; this figure, taken before and after the measurements, shows how fast the machine was while they
 * ran, so runs at different hours can be compared.
 */
const CALIBRATION_SCRIPT = [
  'const t = process.hrtime.bigint();',
  'const items = [];',
  "for (let i = 0; i < 100000; i++) items.push({ id: 'r' + ((i * 7919) % 100003), n: i, tags: { a: String(i) } });",
  'items.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));',
  'const bytes = JSON.stringify(items).length;',
  'process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6) + " " + bytes);',
].join('\n');

export function calibrate(runs = 5): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const child = spawnSync(process.execPath, ['-e', CALIBRATION_SCRIPT], { encoding: 'utf8' });
    const ms = Number(child.stdout.split(' ')[0]);
    if (child.status === 0 && Number.isFinite(ms)) times.push(ms);
  }
  return Math.round(median(times) * 10) / 10;
}

/** The commit measured: BENCH_COMMIT (for a copy of the tree without .git), else `git rev-parse`. */
function currentCommit(): string {
  if (process.env.BENCH_COMMIT) return process.env.BENCH_COMMIT;
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' });
  return git.status === 0 ? git.stdout.trim() : 'unknown';
}

function layoutLabel(r: { layout?: Layout; only?: number; pairedWith?: string }): string {
  if (r.pairedWith) return `beside ${r.pairedWith}`;
  return `${r.layout ?? ''}${r.only ? ` --only ${r.only}` : ''}`;
}

function parseArgs(argv: readonly string[]): Options {
  const opts: Options = { check: false, quick: false, timeoutSec: 120, markdown: false, history: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--check') opts.check = true;
    else if (a === '--markdown') opts.markdown = true;
    else if (a === '--from') opts.from = resolve(value());
    else if (a === '--history') opts.history = true;
    else if (a === '--note') opts.note = value();
    else if (a === '--quick') opts.quick = true;
    else if (a === '--only') {
      const v = value();
      if (v !== 'validate' && v !== 'synth' && v !== 'plan')
        throw new Error('--only takes validate|synth|plan');
      opts.only = v;
    } else if (a === '--runs') {
      opts.runs = Number(value());
      if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new Error('--runs takes a positive integer');
    } else if (a === '--timeout') {
      opts.timeoutSec = Number(value());
      if (!(opts.timeoutSec > 0)) throw new Error('--timeout takes a number of seconds');
    } else if (a === '--out') opts.out = resolve(value());
    else throw new Error(`unknown option ${a} (see the header of bench/run.ts)`);
  }
  if (opts.history && !opts.from) throw new Error('--history prints a results file: give it with --from');
  return opts;
}

/**
 * Where a run's record goes. A full run: on top of bench/results.json, the run before it moving into the
 * history (`--out` elsewhere: that file, the run alone). A partial run (`--quick`, `--only`, `--runs`): only
 * to an `--out` file, and never to bench/results.json, whose runs are all full ones.
 */
export function resultsTarget(
  opts: Pick<Options, 'quick' | 'only' | 'runs' | 'out'>,
  resultsFile = RESULTS_FILE,
): { file: string; history: boolean } | undefined | string {
  const full = !opts.quick && !opts.only && !opts.runs;
  const file = opts.out ?? (full ? resultsFile : undefined);
  if (file === undefined) return undefined;
  if (file !== resultsFile) return { file, history: false };
  if (!full) return `${file} keeps full runs only; write this one elsewhere with --out`;
  return { file, history: true };
}

/** The results file a full run adds to: undefined when there is none yet, a string when it cannot be read. */
export function readHistoryFile(file: string): ResultsFile | undefined | string {
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return `cannot read ${file}: ${(err as Error).message}`;
  }
  const read = readResultsFile(parsed);
  return typeof read === 'string'
    ? `${file} is not a bench/results.json (${read}); a full run adds to its history`
    : read;
}

function formatTable(results: readonly Measurement[]): string {
  const header = [
    'command',
    'layout',
    'apps',
    'wall ms',
    'cpu ms',
    'peak RSS MB',
    'stacks',
    'resources',
    'bytes',
  ];
  const rows = results.map((r) => {
    const cmd = r.command;
    const layout = layoutLabel(r);
    if (r.status !== 'ok') return [cmd, layout, String(r.apps), r.status, '', '', '', '', ''];
    const opt = (v?: number) => (v === undefined ? '' : String(v));
    return [
      cmd,
      layout,
      String(r.apps),
      String(r.wallMs),
      String(r.cpuMs),
      String(r.maxRssMb),
      opt(r.stacks),
      opt(r.resources),
      opt(r.bytes),
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const fmt = (v?: number) => (v === undefined ? '' : v.toLocaleString('en-US'));

export function formatMarkdown(results: readonly Measurement[], budgets: readonly BudgetResult[]): string {
  const rows = results.map((r) => {
    const head = [r.command, layoutLabel(r), r.apps.toLocaleString('en-US')];
    if (r.status !== 'ok') return [...head, r.status, '', '', '', '', ''];
    return [
      ...head,
      fmt(r.wallMs),
      fmt(r.cpuMs),
      fmt(r.maxRssMb),
      fmt(r.stacks),
      fmt(r.resources),
      fmt(r.bytes),
    ];
  });
  const table = [
    '| command | layout | apps | wall ms | CPU ms | peak RSS MB | stacks | resources | bytes |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
  const budgetTable = [
    '| budget | limit | measured | reference time ÷ issue 8’s | at issue 8’s speed | status |',
    '|---|---|---|---:|---|---|',
    ...budgets.map(
      (b) =>
        `| ${b.budget} | ${b.limit} | ${b.measured}${b.unscaledStatus ? ` (${b.unscaledStatus})` : ''} | ` +
        `${b.machineFactor === undefined ? (b.note ?? '') : `${b.machineFactor.toFixed(3)}×`} | ${b.atIssueSpeed ?? ''} | ${b.status} |`,
    ),
  ];
  return `${table.join('\n')}\n\n${budgetTable.join('\n')}\n`;
}

/** Print the tables and the budgets; returns the exit code. */
function report(results: readonly Measurement[], opts: Options): number {
  process.stdout.write(`\n${formatTable(results)}\n`);
  const budgets = checkBudgets(results);
  const scaledAny = budgets.some((b) => b.machineFactor !== undefined);
  process.stdout.write(
    scaledAny
      ? '\nbudgets (2-core machine; wall times judged at issue 8’s machine speed where a reference ran beside them, see ISSUE_REFERENCE_WALL_MS):\n'
      : '\nbudgets (2-core machine; no reference run, so wall times are judged as measured):\n',
  );
  for (const b of budgets) {
    const scaled =
      b.machineFactor === undefined
        ? b.note
          ? ` [${b.note}]`
          : ''
        : `; the reference, alternated with it, took ${b.machineFactor.toFixed(3)}× issue 8’s time, so ${b.atIssueSpeed} at its ` +
          `speed (as measured: ${b.unscaledStatus})`;
    process.stdout.write(`  ${b.status.padEnd(7)} ${b.budget}: ${b.measured} (${b.limit})${scaled}\n`);
  }
  if (opts.markdown) process.stdout.write(`\n${formatMarkdown(results, budgets)}`);
  if (results.some((r) => r.status === 'failed' || r.status === 'timeout')) {
    process.stderr.write('bench: some commands failed (see above); their figures are missing.\n');
    return opts.check ? 1 : 2;
  }
  if (opts.check && budgets.some((b) => b.status === 'breach')) {
    process.stderr.write('bench: budget breached.\n');
    return 1;
  }
  return 0;
}

/** `--from`: the latest run of a results file again, or with `--history` every run of it. */
function reportFrom(file: string, opts: Options): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    process.stderr.write(`bench: cannot read ${file}: ${(err as Error).message}\n`);
    return 2;
  }
  const read = opts.history ? readResultsFile(parsed) : pastResults(parsed);
  if (typeof read === 'string') {
    process.stderr.write(`bench: ${file} is not a bench/results.json: ${read}\n`);
    return 2;
  }
  if (Array.isArray(read)) return report(read, opts);
  process.stdout.write(formatHistory(read));
  return 0;
}

/**
 * Write `record` to `target`: alone, or on top of the results file there, whose latest run moves into its
 * history. Returns what went wrong, if anything.
 */
export function writeResults(
  target: { file: string; history: boolean },
  record: Omit<RunRecord, 'run'>,
): string | undefined {
  let text = serializeResults(record);
  if (target.history) {
    const previous = readHistoryFile(target.file);
    if (typeof previous === 'string') return previous;
    text = serializeResults(appendRun(previous, record));
  }
  try {
    writeFileSync(target.file, text);
  } catch (err) {
    return `cannot write ${target.file}: ${(err as Error).message}`;
  }
  return undefined;
}

function main(): number {
  let opts: Options;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}\n`);
    return 2;
  }
  if (opts.from) return reportFrom(opts.from, opts);
  const target = writableTarget(opts);
  if (target === 2) return 2;
  if (!existsSync(join(REPO, 'dist', 'cli', 'index.js'))) {
    process.stderr.write('bench: dist/ is missing; run `npm run bench` (it builds first).\n');
    return 2;
  }
  const sizes = FLEET_SIZES.filter((n) => !opts.quick || n < 1000);
  mkdirSync(OUT_DIR, { recursive: true });
  const files = writeFleetSpecs(join(OUT_DIR, 'specs'), sizes);
  const commands = availableCommands();
  const jobs = JOBS.filter((j) => !opts.only || j.command === opts.only);
  const machine = announceMachine();
  warmUp({ sizes, files, commands, jobs }, opts);
  const results = measureAll({ sizes, files, commands, jobs }, opts);
  const calibrationAtEnd = calibrate();
  process.stdout.write(`  calibration at the end: ${calibrationAtEnd} ms\n`);
  const code = report(results, opts);
  if (target) {
    const record = runRecord({ ...machine, calibrationAtEnd }, sizes, files, results, opts);
    if (!saveRun(target, record)) return 2;
  }
  return code;
}

/**
 * Where the results go (undefined: nowhere), checked before minutes of measuring, not after: a run whose
 * results cannot be written is lost. 2 when they cannot go there, said on stderr.
 */
function writableTarget(opts: Options): { file: string; history: boolean } | undefined | 2 {
  const target = resultsTarget(opts);
  if (typeof target === 'string') {
    process.stderr.write(`bench: ${target}\n`);
    return 2;
  }
  if (!target) return undefined;
  try {
    accessSync(dirname(target.file), constants.W_OK);
  } catch (err) {
    process.stderr.write(`bench: cannot write ${target.file}: ${(err as Error).message}\n`);
    return 2;
  }
  const previous = target.history ? readHistoryFile(target.file) : undefined;
  if (typeof previous === 'string') {
    process.stderr.write(`bench: ${previous}\n`);
    return 2;
  }
  return target;
}

/** What a run measures: the fleet sizes, their spec files, the commands this build has, and the jobs. */
interface BenchRun {
  sizes: readonly number[];
  files: Map<number, string>;
  commands: Set<string>;
  jobs: readonly Job[];
}

/** The machine as the run starts, printed: the load average and calibration make figures comparable. */
function announceMachine(): { loadAtStart: number; calibrationAtStart: number } {
  // The load average before the run: figures from a busy machine are not comparable with a quiet one.
  const loadAtStart = Math.round(loadavg()[0] * 100) / 100;
  process.stdout.write(
    `dropship bench: ${cpus().length} CPUs, node ${process.version}, load average ${loadAtStart}, ` +
      `measured with ${useGnuTime ? 'GNU time -v' : 'process.resourceUsage()'}\n`,
  );
  if (loadAtStart > cpus().length / 2) {
    process.stdout.write('  warning: the machine is busy; wall times will read high.\n');
  }
  const calibrationAtStart = calibrate();
  process.stdout.write(`  calibration (fixed work, lower is faster): ${calibrationAtStart} ms\n`);
  return { loadAtStart, calibrationAtStart };
}

/** One untimed run of each job on the smallest fleet warms the file cache for node_modules. */
function warmUp({ sizes, files, commands, jobs }: BenchRun, opts: Options): void {
  for (const job of [...jobs, REFERENCE_JOB]) {
    if (job === REFERENCE_JOB || commands.has(job.command)) {
      const first = fleetShape(sizes[0]).apps[0].name;
      const args = job.args(files.get(sizes[0]) as string, join(OUT_DIR, 'warm-up'), first, sizes[0]);
      sample(args, opts.timeoutSec, job.script);
    }
  }
  rmSync(join(OUT_DIR, 'warm-up'), { recursive: true, force: true });
}

/** Every job on every fleet, each figure printed as it comes; a command this build lacks is n/a. */
function measureAll({ sizes, files, commands, jobs }: BenchRun, opts: Options): Measurement[] {
  const results: Measurement[] = [];
  for (const apps of sizes) {
    const runs = opts.runs ?? (apps >= 1000 ? 3 : 5);
    for (const job of jobs) {
      const [r, reference] = commands.has(job.command)
        ? measure(
            job,
            apps,
            files.get(apps) as string,
            runs,
            opts.timeoutSec,
            referenceServicesFor(job, apps),
          )
        : [notAvailable(job, apps)];
      results.push(r);
      printMeasurement(job, apps, r);
      if (reference) {
        results.push(reference);
        printReference(reference);
      }
    }
  }
  return results;
}

function notAvailable(job: Job, apps: number): Measurement {
  return {
    command: job.command,
    layout: job.layout,
    only: job.only,
    apps,
    status: 'n/a' as const,
    runs: 0,
  };
}

function printMeasurement(job: Job, apps: number, r: Measurement): void {
  const what = `${job.command} ${layoutLabel(job)}`.trim();
  const figure =
    r.status === 'ok' ? `${r.wallMs} ms, ${r.maxRssMb} MB` : `${r.status}${r.error ? `\n${r.error}` : ''}`;
  process.stdout.write(`  ${apps} apps  ${what}: ${figure}\n`);
}

function printReference(reference: Measurement): void {
  const refFigure =
    reference.status === 'ok' ? `${reference.wallMs} ms` : `failed (judged as measured)\n${reference.error}`;
  process.stdout.write(`    alternated with the reference at ${reference.apps} services: ${refFigure}\n`);
}

/** The run as bench/results.json keeps it: when, on what machine, how, the fleets, results and budgets. */
function runRecord(
  machine: { loadAtStart: number; calibrationAtStart: number; calibrationAtEnd: number },
  sizes: readonly number[],
  files: Map<number, string>,
  results: Measurement[],
  opts: Options,
): Omit<RunRecord, 'run'> {
  return {
    measuredAt: new Date().toISOString(),
    commit: currentCommit(),
    note: opts.note,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      loadAverageAtStart: machine.loadAtStart,
      calibrationMs: { start: machine.calibrationAtStart, end: machine.calibrationAtEnd },
    },
    method: useGnuTime
      ? 'GNU time -v (CPU, peak RSS); wall around spawn'
      : 'process.resourceUsage() in the child',
    fleets: Object.fromEntries(
      sizes.map((n) => {
        const s = fleetShape(n);
        return [
          n,
          {
            ...s.count,
            databases: s.databases,
            caches: s.caches,
            domains: s.domains.length,
            specBytes: statSync(files.get(n) as string).size,
          },
        ];
      }),
    ),
    results,
    budgets: checkBudgets(results),
  };
}

/** Writes the run and says where; false (said on stderr) when it cannot. */
function saveRun(target: { file: string; history: boolean }, record: Omit<RunRecord, 'run'>): boolean {
  const written = writeResults(target, record);
  if (written !== undefined) {
    process.stderr.write(`bench: ${written}\n`);
    return false;
  }
  process.stdout.write(
    `\nwrote ${target.file}${target.history ? ' (the run before it is in its history)' : ''}\n`,
  );
  return true;
}

if (require.main === module) process.exitCode = main();
