/**
 * The bench's own arithmetic: budgets pass, breach or are skipped as measured; medians; the calibration
 * figure. (The budgets themselves are checked by `npm run bench -- --check`, never by timing here.)
 */
import { calibrate, checkBudgets, median, type Measurement } from '../../bench/run';

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
