/** Formatting shared by the text and markdown renderers. */
import type { PlanReport } from './report-schema';
export const money = (n: number) => `${n < 0 ? '-' : ''}$${Math.abs(n).toFixed(2)}`;
/** An amount, or a range `$low–$high` where the cost depends on load (a cost line's or a total's top). */
export const moneyRange = (low: number, high: number | null | undefined) =>
  high === undefined || high === null || high === low ? money(low) : `${money(low)}–${money(high)}`;

/** A plain-text table with padded columns. */
export function textTable(columns: string[], rows: string[][], indent = '  '): string[] {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: string[]) =>
    indent +
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [fmt(columns), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)];
}

export function counterparts(c: { checkov: string[]; trivy: string[] }): string {
  return [...c.checkov, ...c.trivy].join(', ') || '—';
}

/** One line: how many connections, how many without a path, how many rules nothing uses. */
export function reachabilitySummary(r: PlanReport): string {
  const { needs, unexplained } = r.reachability;
  const missing = needs.filter((n) => !n.path).length;
  return (
    `${needs.length} connections the spec implies, ${missing === 0 ? 'each with a path' : `${missing} without a path`}; ` +
    `${unexplained.length === 0 ? 'every security-group rule carries one' : `${unexplained.length} rules carry none`}`
  );
}
