/**
 * bench/results.json's history: a full run goes on top and the run before it into the history, unchanged;
 * a partial run never touches the file; the file reads back in the shape run.ts expects and is written in
 * one canonical form. No benchmark runs here: records are built by hand.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { BUDGETS, checkBudgets } from '../../bench/budgets';
import type { Measurement } from '../../bench/measurement';
import {
  appendRun,
  pastResults,
  readResultsFile,
  serializeResults,
  type ResultsFile,
  type RunRecord,
} from '../../bench/results-file';
import { resultsTarget, writeResults } from '../../bench/run';
import { ensureBuilt } from '../helpers/built-cli';
import { REPO_ROOT } from '../helpers/examples';

const RESULTS_JSON = join(REPO_ROOT, 'bench', 'results.json');

/** A full run's record as run.ts writes it, with the budgeted figures at `wallMs` ms for synth of 100 apps. */
function record(measuredAt: string, synth100Ms: number, note?: string): Omit<RunRecord, 'run'> {
  const results: Measurement[] = [
    { command: 'validate', apps: 1000, status: 'ok', runs: 3, wallMs: 420, cpuMs: 600, maxRssMb: 103 },
    {
      command: 'synth',
      layout: 'single',
      apps: 100,
      status: 'ok',
      runs: 5,
      wallMs: synth100Ms,
      maxRssMb: 150,
      reference: { services: 100, wallMs: 1000 },
    },
    { command: 'synth', layout: 'single', apps: 1000, status: 'ok', runs: 3, wallMs: 4000, maxRssMb: 460 },
  ];
  return {
    measuredAt,
    commit: 'abc1234',
    ...(note ? { note } : {}),
    machine: {
      cpus: 2,
      cpuModel: 'test',
      memoryGb: 24,
      node: 'v20',
      platform: 'linux-x64',
      loadAverageAtStart: 1,
      calibrationMs: { start: 140, end: 150 },
    },
    method: 'GNU time -v (CPU, peak RSS); wall around spawn',
    fleets: {
      '100': {
        public: 40,
        internal: 20,
        worker: 20,
        job: 20,
        databases: 10,
        caches: 5,
        domains: 4,
        specBytes: 174696,
      },
    },
    results,
    budgets: checkBudgets(results),
  };
}

const COMPARISON: ResultsFile['backToBack'][number] = {
  measuredAt: '2026-11-26',
  before: 'aaaaaaa',
  after: 'bbbbbbb',
  figures: [{ command: 'synth', apps: 100, runs: 7, beforeMs: 1300, afterMs: 1290 }],
};

describe('appendRun', () => {
  it('numbers the first run 1, with an empty history', () => {
    const file = appendRun(undefined, record('2027-01-01T00:00:00.000Z', 900));
    expect(file).toMatchObject({ run: 1, history: [], backToBack: [] });
  });

  it('puts a full run on top and moves the one before it, unchanged, after the earlier ones', () => {
    const first = appendRun(undefined, record('2027-01-01T00:00:00.000Z', 900, 'first'));
    const second = appendRun(first, record('2027-01-02T00:00:00.000Z', 950));
    const third = appendRun({ ...second, backToBack: [COMPARISON] }, record('2027-01-03T00:00:00.000Z', 990));
    expect(third.run).toBe(3);
    expect(third.results[1].wallMs).toBe(990);
    expect(third.history.map((h) => h.run)).toEqual([1, 2]);
    // The earlier runs keep every figure and note; only the history and comparisons stay at the top.
    const { history: _h, backToBack: _b, ...firstTop } = first;
    const { history: _h2, backToBack: _b2, ...secondTop } = second;
    expect(third.history).toEqual([firstTop, secondTop]);
    expect(third.backToBack).toEqual([COMPARISON]);
  });

  it('numbers a run after every recorded one, and files the run before it in order', () => {
    // As in bench/results.json: run 14 on top, runs 15 and 16 (kept only in the docs) in the history.
    const top = { ...record('2026-11-26T17:49:00.000Z', 925), run: 14 };
    const history = [13, 15, 16].map((run) => ({ ...record('2026-11-26', 1000), run }));
    const next = appendRun({ ...top, history, backToBack: [] }, record('2027-01-01T00:00:00.000Z', 900));
    expect(next.run).toBe(17);
    expect(next.history.map((h) => h.run)).toEqual([13, 14, 15, 16]);
  });

  it('numbers an unnumbered run (a file from before the history) after its history', () => {
    const old = readResultsFile(JSON.parse(JSON.stringify(record('2026-11-26T08:00:00.000Z', 1400))));
    if (typeof old === 'string') throw new Error(old);
    const next = appendRun(old, record('2027-01-01T00:00:00.000Z', 900));
    expect([next.history.map((h) => h.run), next.run]).toEqual([[1], 2]);
  });
});

describe('writeResults and resultsTarget (what a run writes where)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dropship-results-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends one run per full run, keeping the earlier runs unchanged', () => {
    const file = join(dir, 'results.json');
    const target = { file, history: true };
    expect(writeResults(target, record('2027-01-01T00:00:00.000Z', 900))).toBeUndefined();
    const afterOne = readFileSync(file, 'utf8');
    expect(writeResults(target, record('2027-01-02T00:00:00.000Z', 950, 'second'))).toBeUndefined();
    expect(writeResults(target, record('2027-01-03T00:00:00.000Z', 990))).toBeUndefined();
    const read = readResultsFile(JSON.parse(readFileSync(file, 'utf8')));
    if (typeof read === 'string') throw new Error(read);
    expect(read.run).toBe(3);
    expect(read.history.map((h) => [h.run, h.note, h.results[1].wallMs])).toEqual([
      [1, undefined, 900],
      [2, 'second', 950],
    ]);
    // The first run, as written then, is the first history entry now.
    const { history: _h, backToBack: _b, ...firstRun } = JSON.parse(afterOne) as ResultsFile;
    expect(read.history[0]).toEqual(firstRun);
  });

  it('writes a run alone where --out points, and refuses to add to a file that is not a results file', () => {
    const alone = join(dir, 'quick.json');
    expect(
      writeResults({ file: alone, history: false }, record('2027-01-01T00:00:00.000Z', 900)),
    ).toBeUndefined();
    expect(JSON.parse(readFileSync(alone, 'utf8'))).not.toHaveProperty('history');
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"results": "none"}');
    expect(writeResults({ file: broken, history: true }, record('2027-01-01T00:00:00.000Z', 900))).toMatch(
      /is not a bench\/results\.json \(it has no results list\)/,
    );
    expect(readFileSync(broken, 'utf8')).toBe('{"results": "none"}');
  });

  it('sends a full run to the history, a partial one only to an --out file other than results.json', () => {
    const results = join(dir, 'results.json');
    const other = join(dir, 'other.json');
    expect(resultsTarget({ quick: false }, results)).toEqual({ file: results, history: true });
    expect(resultsTarget({ quick: false, out: results }, results)).toEqual({ file: results, history: true });
    expect(resultsTarget({ quick: false, out: other }, results)).toEqual({ file: other, history: false });
    for (const partial of [
      { quick: true },
      { quick: false, only: 'synth' as const },
      { quick: false, runs: 3 },
    ]) {
      expect(resultsTarget(partial, results)).toBeUndefined();
      expect(resultsTarget({ ...partial, out: other }, results)).toEqual({ file: other, history: false });
      expect(resultsTarget({ ...partial, out: results }, results)).toMatch(/keeps full runs only/);
    }
  });
});

describe('the built script leaves bench/results.json alone on a partial run', () => {
  beforeAll(ensureBuilt);

  it('refuses --quick --out bench/results.json before measuring, and the file is unchanged', () => {
    const before = readFileSync(RESULTS_JSON);
    const r = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'dist', 'bench', 'run.js'), '--quick', '--out', RESULTS_JSON],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^bench: .*results\.json keeps full runs only/);
    expect(r.stdout).toBe('');
    expect(readFileSync(RESULTS_JSON).equals(before)).toBe(true);
  });
});

describe('readResultsFile', () => {
  const file = () =>
    JSON.parse(serializeResults(appendRun(appendRun(undefined, record('t1', 900)), record('t2', 950))));

  it('reads a file of one run as a latest run with an empty history', () => {
    expect(readResultsFile(record('t', 900))).toMatchObject({ history: [], backToBack: [] });
  });

  it('refuses what a full run could not add to', () => {
    const twice = file();
    twice.history[0].run = 2;
    expect(readResultsFile(twice)).toBe('run 2 is recorded twice');
    const unnumbered = file();
    delete unnumbered.history[0].run;
    expect(readResultsFile(unnumbered)).toBe('history[0] has no run number');
    const badRun = file();
    badRun.history[0].results[0].wallMs = 'fast';
    expect(readResultsFile(badRun)).toMatch(/^history\[0\]: results\[0\] is not a measurement/);
    const badVerdict = file();
    badVerdict.budgets[0].status = 'fine';
    expect(readResultsFile(badVerdict)).toMatch(/^budgets\[0\] is not a verdict/);
    expect(readResultsFile({ ...file(), backToBack: [{ before: 'a', after: 'b', figures: [{}] }] })).toMatch(
      /^backToBack\[0\] is not a comparison/,
    );
  });
});

describe('serializeResults', () => {
  const sample = appendRun(
    appendRun(undefined, record('2027-01-01T00:00:00.000Z', 900, 'a note')),
    record('2027-01-02T00:00:00.000Z', 950),
  );
  const withComparison: ResultsFile = { ...sample, backToBack: [COMPARISON] };

  /** `value` with the keys of every object in a shuffled order (fast-check picks the order). */
  const shuffled = (value: unknown, pick: (n: number) => number): unknown => {
    if (Array.isArray(value)) return value.map((v) => shuffled(v, pick));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    const out: [string, unknown][] = [];
    while (entries.length > 0) out.push(...entries.splice(pick(entries.length), 1));
    return Object.fromEntries(out.map(([k, v]) => [k, shuffled(v, pick)]));
  };

  it('writes the same bytes whatever order the keys came in', () => {
    const text = serializeResults(withComparison);
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 64 }), (seeds) => {
        let i = 0;
        const pick = (n: number) => seeds[i++ % seeds.length] % n;
        expect(serializeResults(shuffled(withComparison, pick) as ResultsFile)).toBe(text);
      }),
      { numRuns: 50 },
    );
  });

  it('writes what prettier leaves alone (npm run lint checks bench/results.json)', () => {
    const text = serializeResults(withComparison);
    // In a child process: prettier loads its plugins by dynamic import, which jest's module loader refuses.
    const formatted = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'node_modules', 'prettier', 'bin', 'prettier.cjs'), '--stdin-filepath', RESULTS_JSON],
      { cwd: REPO_ROOT, input: text, encoding: 'utf8' },
    );
    expect(formatted.stderr).toBe('');
    expect(formatted.stdout).toBe(text);
  });
});

describe('bench/results.json as committed', () => {
  const text = readFileSync(RESULTS_JSON, 'utf8');
  const read = readResultsFile(JSON.parse(text));
  const file = () => {
    if (typeof read === 'string') throw new Error(read);
    return read;
  };
  const runs = () => [...file().history, file()];

  it('reads as a results file, in the canonical form a run writes', () => {
    expect(typeof read === 'string' ? read : 'ok').toBe('ok');
    expect(serializeResults(file())).toBe(text);
  });

  it('numbers its runs 1 to N, each once, and its latest run is a full one', () => {
    const numbers = runs()
      .map((r) => r.run)
      .sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    expect(file().fromDocs).toBeUndefined();
    expect(file().results.filter((m) => m.status === 'ok').length).toBeGreaterThanOrEqual(20);
  });

  it('names only budgets the bench has, and every verdict as measured follows from its run’s figures', () => {
    const names = new Set(checkBudgets([]).map((b) => b.budget));
    expect(names.size).toBe(BUDGETS.length + 1);
    for (const run of runs()) {
      expect(typeof pastResults(run)).not.toBe('string');
      const recomputed = new Map(checkBudgets(run.results).map((b) => [b.budget, b]));
      for (const b of run.budgets) {
        expect(names.has(b.budget)).toBe(true);
        const again = recomputed.get(b.budget);
        // As measured: the same verdict from the recorded figures (the docs' runs gave only these).
        expect([run.run, b.budget, b.unscaledStatus ?? b.status]).toEqual([
          run.run,
          b.budget,
          again?.unscaledStatus ?? again?.status,
        ]);
        // Scaled by a reference recorded beside the figure: the same verdict at issue 8's speed too.
        if (again?.machineFactor !== undefined)
          expect([run.run, b.budget, b.status]).toEqual([run.run, b.budget, again.status]);
      }
    }
  });
});
