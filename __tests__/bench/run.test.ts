/**
 * The bench's own arithmetic: budgets pass, breach or are skipped as measured; medians; the calibration
 * figure. (The budgets themselves are checked by `npm run bench -- --check`, never by timing here.)
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REFERENCE_RESOURCES_PER_SERVICE } from '../../bench/reference/cdktf-fleet';
import { checkBudgets } from '../../bench/budgets';
import type { Measurement } from '../../bench/measurement';
import { pastResults } from '../../bench/results-file';
import { calibrate, countEmitted, median } from '../../bench/run';
import { ensureBuilt } from '../helpers/built-cli';
import { REPO_ROOT } from '../helpers/examples';

const ok = (m: Partial<Measurement> & Pick<Measurement, 'command' | 'apps'>): Measurement => ({
  status: 'ok',
  runs: 5,
  ...m,
});

describe('checkBudgets', () => {
  const within: Measurement[] = [
    ok({ command: 'validate', apps: 1000, wallMs: 400 }),
    ok({ command: 'synth', layout: 'single', apps: 100, wallMs: 900, maxRssMb: 150 }),
    ok({ command: 'synth', layout: 'single', apps: 1000, wallMs: 7000, maxRssMb: 500 }),
    // A subset synth of the same fleet must not stand in for the whole one.
    ok({ command: 'synth', layout: 'single', apps: 100, only: 1, wallMs: 99_999 }),
  ];

  it('passes figures within the limits, including linear growth', () => {
    expect(checkBudgets(within).map((b) => b.status)).toEqual(Array(6).fill('pass'));
  });

  it('reports each figure over its limit as a breach, and a failed run as a breach', () => {
    const over = within.map((m) =>
      m.command === 'synth' && m.apps === 100 && !m.only ? { ...m, wallMs: 1001 } : m,
    );
    over[0] = { ...over[0], status: 'timeout', wallMs: undefined };
    const byName = Object.fromEntries(checkBudgets(over).map((b) => [b.budget, b.status]));
    expect(byName['synth 100 apps: wall']).toBe('breach');
    expect(byName['validate 1,000 apps: wall']).toBe('breach');
    expect(byName['synth 100 apps: peak RSS']).toBe('pass');
  });

  it('skips what was not measured', () => {
    expect(checkBudgets([]).every((b) => b.status === 'skipped')).toBe(true);
  });

  it('judges wall times at issue 8’s machine speed when the reference workload ran, memory as measured', () => {
    // The reference runs alternated with each took 1.5 × issue 8's 900 ms and 7,000 ms: 1.5 times slower.
    const slowHour: Measurement[] = [
      ok({ command: 'validate', apps: 1000, wallMs: 720, reference: { services: 100, wallMs: 1350 } }),
      ok({
        command: 'synth',
        layout: 'single',
        apps: 100,
        wallMs: 1560,
        maxRssMb: 210,
        reference: { services: 100, wallMs: 1350 },
      }),
      ok({
        command: 'synth',
        layout: 'single',
        apps: 1000,
        wallMs: 11_000,
        maxRssMb: 500,
        reference: { services: 1000, wallMs: 10_500 },
      }),
      // A reference row is for the table; the budgets read the figure paired with each measurement.
      ok({ command: 'reference', apps: 100, wallMs: 99_999, pairedWith: 'validate 1000' }),
    ];
    const byName = Object.fromEntries(checkBudgets(slowHour).map((b) => [b.budget, b]));
    expect(byName['validate 1,000 apps: wall']).toMatchObject({
      measured: '720 ms',
      machineFactor: 1.5,
      atIssueSpeed: '480 ms',
      unscaledStatus: 'breach',
      status: 'pass',
    });
    expect(byName['synth 100 apps: wall']).toMatchObject({ atIssueSpeed: '1040 ms', status: 'breach' });
    expect(byName['synth 1,000 apps: wall']).toMatchObject({ atIssueSpeed: '7333.3 ms', status: 'pass' });
    // Peak memory does not depend on the machine's speed.
    expect(byName['synth 100 apps: peak RSS']).toMatchObject({ status: 'breach' });
    expect(byName['synth 100 apps: peak RSS'].machineFactor).toBeUndefined();
  });

  it('judges wall times as measured when no reference ran beside them (an older results file)', () => {
    const unpaired = [...within, ok({ command: 'reference', apps: 100, wallMs: 1800 })];
    const synth = checkBudgets(unpaired).find((b) => b.budget === 'synth 100 apps: wall');
    expect(synth).toEqual({
      budget: 'synth 100 apps: wall',
      limit: '≤ 1000 ms',
      measured: '900 ms',
      status: 'pass',
      note: 'no reference ran beside it: judged as measured',
    });
    // Memory is never scaled, so it carries no such note.
    expect(checkBudgets(unpaired).find((b) => b.budget === 'synth 100 apps: peak RSS')?.note).toBeUndefined();
  });

  it('breaches linear growth past ten times the 100-app synth', () => {
    const steep = within.map((m) => (m.apps === 1000 && m.command === 'synth' ? { ...m, wallMs: 9001 } : m));
    const growth = checkBudgets(steep).find((b) => b.budget.includes('≤ 10 ×'));
    expect(growth).toMatchObject({ status: 'breach', measured: '10.0×' });
  });
});

it('takes the middle value, or the mean of the middle two', () => {
  expect(median([3, 1, 2])).toBe(2);
  expect(median([4, 1, 3, 2])).toBe(2.5);
});

it('calibrates with a positive, finite time', () => {
  const ms = calibrate(1);
  expect(Number.isFinite(ms)).toBe(true);
  expect(ms).toBeGreaterThan(0);
});

describe('pastResults (bench --from)', () => {
  it('takes a results file and refuses what the report would fail on', () => {
    const measured: Measurement = { command: 'validate', apps: 1, status: 'ok', runs: 5, wallMs: 200 };
    expect(pastResults({ results: [measured] })).toEqual([measured]);
    expect(pastResults(null)).toBe('it has no results list');
    expect(pastResults({ results: {} })).toBe('it has no results list');
    expect(pastResults({ results: [measured, { command: 'synth', apps: 100 }] })).toMatch(
      /^results\[1\] is not a measurement/,
    );
    expect(pastResults({ results: [{ ...measured, wallMs: undefined }] })).toMatch(/^results\[0\]/);
    expect(pastResults({ results: [{ ...measured, status: 'n/a', wallMs: undefined }] })).toHaveLength(1);
    // A reference figure the budgets cannot scale by (no issue 8 figure at that size, or no time).
    expect(
      pastResults({ results: [{ ...measured, reference: { services: 100, wallMs: 1200 } }] }),
    ).toHaveLength(1);
    for (const reference of [
      { services: 50, wallMs: 1200 },
      { services: 100, wallMs: 0 },
    ])
      expect(pastResults({ results: [{ ...measured, reference }] })).toMatch(
        /^results\[0\]\.reference is not/,
      );
  });
});

describe('bench --from and --out through the built script', () => {
  beforeAll(ensureBuilt);
  const bench = (...args: string[]) =>
    spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'bench', 'run.js'), ...args], { encoding: 'utf8' });

  it('explains a file that is not a results file, with exit 2 and no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dropship-bench-from-'));
    const file = join(dir, 'results.json');
    writeFileSync(file, JSON.stringify({ results: [{ command: 'synth', apps: 100 }] }));
    const r = bench('--from', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^bench: .*results\.json is not a bench\/results\.json: results\[0\]/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an --out it cannot write before measuring anything', () => {
    const r = bench('--quick', '--out', join(tmpdir(), 'no-such-dir-dropship', 'results.json'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^bench: cannot write .*no-such-dir-dropship/);
    expect(r.stdout).toBe('');
  });
});

/**
 * The reference workload's Terraform at 3 services, pinned: the wall budgets are scaled by its time, so any
 * change to it must be deliberate (update this hash, and say in docs/performance.md why the scale still holds).
 */
const REFERENCE_3_SERVICES_SHA256 = '415dfd077a214c75';

describe('the reference workload (bench/reference/cdktf-fleet.ts)', () => {
  beforeAll(ensureBuilt);

  it('synthesizes issue 8’s per-service work with plain cdktf: 15 resources per service over 4 shared', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dropship-reference-'));
    const script = join(REPO_ROOT, 'dist', 'bench', 'reference', 'cdktf-fleet.js');
    const r = spawnSync(process.execPath, [script, '--services', '3', '--out', dir], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    // Literal figures, not the module's constant: a change to the yardstick would loosen every wall budget.
    expect(REFERENCE_RESOURCES_PER_SERVICE).toBe(15);
    expect(countEmitted(dir)).toMatchObject({ stacks: 1, resources: 49 });
    // Without the backend block: cdktf's default local backend names an absolute path (the working directory).
    const doc = JSON.parse(readFileSync(join(dir, 'stacks', 'reference', 'cdk.tf.json'), 'utf8')) as {
      terraform: { backend?: unknown };
    };
    delete doc.terraform.backend;
    expect(createHash('sha256').update(JSON.stringify(doc)).digest('hex').slice(0, 16)).toBe(
      REFERENCE_3_SERVICES_SHA256,
    );
    const usage = spawnSync(process.execPath, [script, '--services', 'x'], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/^usage: /);
    rmSync(dir, { recursive: true, force: true });
  });
});
