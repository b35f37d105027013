/** One line of the cost estimate, and the helpers every group of lines builds them with. */
import type { Price } from '../prices';

export interface CostLine {
  item: string;
  /** How the figure was computed, e.g. `2 tasks × 1 vCPU / 2 GB × 730 h`. */
  detail: string;
  monthlyUsd: number;
  /** False when any price used is marked unverified in the price table. */
  verified: boolean;
  /**
   * Where the cost depends on load or volume (Aurora Serverless v2 between its ACU bounds, scheduled tasks by
   * how long a run takes, requests): the top of the range, `monthlyUsd` being its bottom; absent when fixed.
   */
  maxMonthlyUsd?: number;
}

export const cents = (n: number): number => Math.round(n * 100) / 100;
export const usd = (n: number): string => `$${n.toFixed(n < 1 ? 4 : 2)}`;

/**
 * Where a line that cannot be priced goes. `missing`: billed monthly, no price here (the estimate becomes
 * incomplete); `excluded`: usage-based or temporary, left out like data transfer.
 */
export interface Gaps {
  missing(item: string): void;
  excluded(item: string): void;
}

export function line(item: string, detail: string, monthly: number, ...prices: Price[]): CostLine {
  return { item, detail, monthlyUsd: cents(monthly), verified: prices.every((p) => p.verified) };
}

/** A line whose figure depends on load or volume: from `low` to `high` a month. */
export function rangeLine(
  item: string,
  detail: string,
  low: number,
  high: number,
  ...prices: Price[]
): CostLine {
  return { ...line(item, detail, low, ...prices), maxMonthlyUsd: cents(high) };
}
