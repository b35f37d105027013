/** Route 53 weights for a phase's AWS share, and how the plan describes them. */
import type { WeightedRecordPlan } from '../model';

/**
 * Weights for an AWS share of `p` % against `n` DigitalOcean endpoints: `aws` for the alias, `each` for
 * every DigitalOcean record; 0 means "not published". The ratio aws : n·each is exactly p : 100-p when it
 * fits in Route 53's 0–255, otherwise the closest integers that fit.
 */
export function weightsFor(p: number, n: number): { aws: number; each: number } {
  if (!Number.isInteger(p) || p < 0 || p > 100) throw new Error(`phase ${p} is not a percentage`);
  if (n < 1) throw new Error('weightsFor needs at least one DigitalOcean endpoint');
  if ((100 - p) % n === 0) return { aws: p, each: (100 - p) / n };
  const g = gcd(p * n, 100 - p);
  const aws = (p * n) / g;
  const each = (100 - p) / g;
  if (aws <= 255 && each <= 255) return { aws, each };
  // Closest fit within 0–255 (only for many endpoints at an odd share).
  let best = { aws: 1, each: 1, error: Infinity };
  for (let e = 1; e <= 255; e++) {
    const ideal = (e * n * p) / (100 - p);
    // Clamped: with many endpoints at a high share, 255 against 1 each is the closest Route 53 can do.
    for (const a of [Math.floor(ideal), Math.ceil(ideal)].map((x) => Math.min(255, Math.max(1, x)))) {
      const error = Math.abs(a / (a + e * n) - p / 100);
      if (error < best.error) best = { aws: a, each: e, error };
    }
  }
  return { aws: best.aws, each: best.each };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

export function describeWeights(records: WeightedRecordPlan[]): string {
  const seen = new Map<string, number>();
  for (const r of records) if (r.type === 'A') seen.set(r.setIdentifier, r.weight);
  return [...seen].map(([id, w]) => `${id} ${w}`).join(', ') || 'no weighted records';
}
