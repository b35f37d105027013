/** The phase table: what each phase of the cutover changes over the one before. */
import type { PhaseState, PhaseRow, WeightedRecordPlan } from '../model';

export function phaseTable(
  phases: number[],
  current: number,
  stateAt: (p: number) => PhaseState,
): PhaseRow[] {
  let previous: PhaseState = { records: [], healthChecks: [] };
  return phases.map((phase) => {
    const state = stateAt(phase);
    const row: PhaseRow = {
      phase,
      aws: phase,
      digitalocean: 100 - phase,
      current: phase === current,
      changes: diffStates(previous, state),
    };
    previous = state;
    return row;
  });
}

/** What applying `next` over `prev` changes, one line per record or health check. */
export function diffStates(prev: PhaseState, next: PhaseState): string[] {
  const out: string[] = [];
  const before = new Map(prev.records.map((r) => [r.key, r]));
  const after = new Map(next.records.map((r) => [r.key, r]));
  const label = (r: WeightedRecordPlan) => `${r.name} ${r.type} ${r.setIdentifier}`;
  for (const r of next.records) {
    const old = before.get(r.key);
    if (!old) out.push(`+ ${label(r)} weight ${r.weight}`);
    else if (old.weight !== r.weight) out.push(`~ ${label(r)} weight ${old.weight} → ${r.weight}`);
  }
  for (const r of prev.records) if (!after.has(r.key)) out.push(`- ${label(r)} (weight ${r.weight})`);
  const checksBefore = new Set(prev.healthChecks.map((c) => c.key));
  const checksAfter = new Set(next.healthChecks.map((c) => c.key));
  for (const c of next.healthChecks) if (!checksBefore.has(c.key)) out.push(`+ health check ${c.key}`);
  for (const c of prev.healthChecks) if (!checksAfter.has(c.key)) out.push(`- health check ${c.key}`);
  const awsBefore = new Set(prev.awsChecks ?? []);
  const awsAfter = new Set(next.awsChecks ?? []);
  for (const key of awsAfter) if (!awsBefore.has(key)) out.push(`+ health check ${key} (CALCULATED)`);
  for (const key of awsBefore) if (!awsAfter.has(key)) out.push(`- health check ${key} (CALCULATED)`);
  return out;
}
