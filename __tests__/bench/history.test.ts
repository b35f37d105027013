/**
 * `--from bench/results.json --history`: every run in one table, one row per run in run order, with its
 * figures and verdicts; the notes and the back-to-back comparisons below it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatHistory, shortBudget } from '../../bench/history';
import { BUDGETS, checkBudgets } from '../../bench/budgets';
import type { Measurement } from '../../bench/measurement';
import { readResultsFile, type ResultsFile, type RunRecord } from '../../bench/results-file';
import { ensureBuilt } from '../helpers/built-cli';
import { REPO_ROOT } from '../helpers/examples';

const figures = (v1: number, v1000: number, s100: number, s1000: number, ref?: number): Measurement[] => [
  { command: 'validate', apps: 1, status: 'ok', runs: 5, wallMs: v1 },
  {
    command: 'validate',
    apps: 1000,
    status: 'ok',
    runs: 3,
    wallMs: v1000,
    ...(ref ? { reference: { services: 100, wallMs: ref } } : {}),
  },
  { command: 'synth', layout: 'single', apps: 100, status: 'ok', runs: 5, wallMs: s100, maxRssMb: 150 },
  // A subset synth of the same fleet: not the budgeted figure, so never in the row.
  { command: 'synth', layout: 'per-app', only: 1, apps: 100, status: 'ok', runs: 5, wallMs: 77_777 },
  { command: 'synth', layout: 'single', apps: 1000, status: 'ok', runs: 3, wallMs: s1000, maxRssMb: 460 },
];

const run = (
  n: number,
  measuredAt: string,
  results: Measurement[],
  extra: Partial<RunRecord> = {},
): RunRecord => ({
  run: n,
  measuredAt,
  commit: `c${n}`,
  results,
  budgets: checkBudgets(results),
  ...extra,
});

describe('formatHistory', () => {
  // The latest run is on top of the file but not the highest number (as with runs 15 and 16 from the docs).
  const latest = run(2, '2027-01-02T09:30:00.000Z', figures(201, 443, 925, 3939, 1100), {
    machine: { calibrationMs: { start: 141.7, end: 138.9 } },
  });
  const file: ResultsFile = {
    ...latest,
    history: [
      run(1, '2027-01-01', figures(347, 790, 1550, 6860), {
        fromDocs: true,
        note: 'a slow hour',
        machine: { calibrationMs: { low: 212, high: 292 } },
      }),
      run(3, '2027-01-03', figures(208, 394, 914, 3570), { fromDocs: true }),
    ],
    backToBack: [
      {
        measuredAt: '2027-01-01',
        before: 'aaaaaaa',
        after: 'bbbbbbb',
        note: 'no change',
        figures: [
          { command: 'synth', apps: 100, runs: 7, beforeMs: 1300, afterMs: 1290 },
          { command: 'validate', apps: 1000, runs: 7, beforeMs: 560, afterMs: 490 },
        ],
      },
    ],
  };
  const text = formatHistory(file);
  const rows = text.split('\n').filter((l) => /^\d+\*? /.test(l));

  it('prints one row per run, in run order, the docs’ runs marked', () => {
    expect(rows.map((r) => r.split(/\s+/)[0])).toEqual(['1*', '2', '3*']);
    expect(rows[1]).toContain('(latest)');
    expect(text).toMatch(/^\* as docs\/performance\.md gave it/m);
  });

  it('shows the budgeted wall figures, the calibration and the reference factor of each run', () => {
    expect(rows[0]).toMatch(/ 212–292 +347 +790 +1550 +6860 /);
    expect(rows[1]).toMatch(/2027-01-02 09:30 +c2 +139–142 +201 +443 +925 +3939 +150 \/ 460 +1\.22× /);
    expect(text).not.toContain('77777');
  });

  it('lists the budgets breached as measured, and the verdict at issue 8’s speed only where a reference ran', () => {
    // Run 1: 790 ms and 1,550 ms, over 500 and 1,000; no reference, so no scaled verdict.
    expect(rows[0]).toMatch(/breach: validate 1,000, synth 100 +—$/);
    // Run 2: within every budget as measured; scaled by 1,100 / 900.
    expect(rows[1]).toMatch(/ pass +pass$/);
    expect(rows[2]).toMatch(/ pass +—$/);
  });

  it('prints the notes and each comparison’s figures, its note once', () => {
    expect(text).toContain('  run 1: a slow hour');
    expect(text).not.toMatch(/run 2: /);
    const comparison = text.split('\n').filter((l) => l.includes('aaaaaaa → bbbbbbb'));
    expect(comparison).toHaveLength(2);
    expect(comparison[0]).toMatch(/synth 100 +7 +1300 +1290 +no change$/);
    expect(comparison[1]).toMatch(/validate 1,000 +7 +560 +490$/);
  });

  it('names every budget in a few words', () => {
    expect(BUDGETS.map((b) => shortBudget(b.name))).toEqual([
      'validate 1,000',
      'synth 100',
      'synth 100 RSS',
      'synth 1,000',
      'synth 1,000 RSS',
    ]);
    expect(shortBudget(checkBudgets([]).at(-1)?.budget ?? '')).toBe('linear');
  });
});

describe('--history through the built script', () => {
  beforeAll(ensureBuilt);
  const bench = (...args: string[]) =>
    spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'bench', 'run.js'), ...args], { encoding: 'utf8' });

  it('prints a row for every run of bench/results.json with its 1-app validate', () => {
    const file = join(REPO_ROOT, 'bench', 'results.json');
    const read = readResultsFile(JSON.parse(readFileSync(file, 'utf8')));
    if (typeof read === 'string') throw new Error(read);
    const r = bench('--from', file, '--history');
    expect(r.status).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => /^\d+\*? /.test(l));
    const runs = [...read.history, read].sort((a, b) => (a.run ?? 0) - (b.run ?? 0));
    expect(rows).toHaveLength(runs.length);
    runs.forEach((past, i) => {
      const pulse = past.results.find((m) => m.command === 'validate' && m.apps === 1);
      expect(rows[i]).toMatch(new RegExp(`^${past.run}\\*? .* ${past.commit} .* ${pulse?.wallMs} `));
    });
  });

  it('explains a history it cannot read, and --history without --from, with exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dropship-history-'));
    const file = join(dir, 'results.json');
    const one = run(1, 't', figures(200, 400, 900, 4000));
    writeFileSync(file, JSON.stringify({ ...one, history: [{ ...one }] }));
    const r = bench('--from', file, '--history');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/is not a bench\/results\.json: run 1 is recorded twice\n$/);
    // The latest run's report reads only its own figures, as before the history.
    expect(bench('--from', file).status).toBe(0);
    const alone = bench('--history');
    expect(alone.status).toBe(2);
    expect(alone.stderr).toMatch(/^bench: --history prints a results file: give it with --from/);
    rmSync(dir, { recursive: true, force: true });
  });
});
