/**
 * The cutover's data mode (cutover.dataMode): where the apps write at each phase and what rolling traffic
 * back means. In digitalocean-until-100 the DigitalOcean databases stay the writer until the data moves at
 * 100 %, so every phase can be rolled back until then. In move-first the data moves before phase 1 and the
 * DigitalOcean copy is kept read-only (or stopped): its share of a later phase is served read-only, and
 * sending traffic back there after the move sends writes to a copy that refuses them, so the cutover
 * command refuses that rollback unless forced.
 */
import { dataModeOf, dataMoved } from '../../schema/inventory/data-mode';
import type { MigrationSpec } from '../../schema/spec';
import type { Decision } from '../model';
import type { CutoverDataModePlan } from '../model/cutover';

/** The databases and caches that move from DigitalOcean: the mode is about them. */
function movingStores(spec: MigrationSpec): string[] {
  return [
    ...spec.databases.filter((d) => d.from !== undefined).map((d) => `database ${d.name}`),
    ...spec.caches.filter((c) => c.from !== undefined).map((c) => `cache ${c.name}`),
  ];
}

export function cutoverDataMode(spec: MigrationSpec, current: number): CutoverDataModePlan {
  // compileCutover runs only with a cutover section, so there is always a mode.
  const choice = dataModeOf(spec)!;
  const stores = movingStores(spec);
  // In digitalocean-until-100 the spec says when the data has moved (cutover.dataMoved); move-first moves it
  // before phase 1, so past phase 0 it has.
  const moved = choice.mode === 'digitalocean-until-100' && dataMoved(spec);
  const refused = (choice.mode === 'move-first' || moved) && stores.length > 0 && current > 0;
  return {
    ...choice,
    stores,
    dataMoved: moved,
    ...(refused ? { rollbackRefusedFrom: current } : {}),
    rollback: rollbackMeaning(choice.mode, stores, moved),
  };
}

function rollbackMeaning(mode: CutoverDataModePlan['mode'], stores: string[], moved: boolean): string {
  if (stores.length === 0)
    return 'no database or cache moves from DigitalOcean: any phase can be rolled back to';
  if (mode === 'digitalocean-until-100' && moved)
    return (
      'the data has moved (cutover.dataMoved): the AWS tasks write to RDS/ElastiCache and DigitalOcean holds a ' +
      'stale copy, so rolling traffic back sends the droplets’ share to it. dropship cutover rollback and set ' +
      'refuse to move back (a phase below 100 % with dataMoved: true is invalid, data-moved-before-100): fail back ' +
      'only after copying the AWS writes back to DigitalOcean and setting cutover.dataMoved: false'
    );
  if (mode === 'digitalocean-until-100')
    return (
      'every phase can be rolled back to until the data moves at 100 %: DigitalOcean stays the writer and the ' +
      'AWS tasks write there through NAT. After the move DigitalOcean holds a stale copy: rolling back then ' +
      "needs the AWS writes copied back and DigitalOcean's read-only mode ended first (the data runbook's last " +
      'commands)'
    );
  return (
    'after the data moved (before phase 1) DigitalOcean holds a read-only (or stopped) copy: phases above 0 ' +
    'have no DigitalOcean side for writes, and rolling traffic back sends writes to that copy. dropship ' +
    'cutover rollback and set refuse to move back from a phase above 0 without --force; fail back only after ' +
    'making DigitalOcean the writer again (copy the AWS writes back, end read-only mode with the data ' +
    "runbook's last commands)"
  );
}

/** Where the apps write at `phase`; undefined when nothing moves from DigitalOcean. */
export function writesAt(plan: CutoverDataModePlan, phase: number, first: number): string | undefined {
  if (plan.stores.length === 0) return undefined;
  if (plan.mode === 'digitalocean-until-100' && plan.dataMoved)
    return phase < 100
      ? 'AWS (the data moved; the DigitalOcean share writes to a stale copy)'
      : 'AWS (the data moved: cutover.dataMoved)';
  if (plan.mode === 'digitalocean-until-100')
    return phase < 100
      ? 'DigitalOcean (the AWS tasks through NAT)'
      : 'DigitalOcean until the data move, then AWS';
  if (phase === first) return 'DigitalOcean until the data move (before the next phase), then AWS';
  return 'AWS (DigitalOcean read-only: its share cannot write)';
}

export function dataModeDecision(plan: CutoverDataModePlan): Decision {
  const what =
    plan.mode === 'digitalocean-until-100'
      ? plan.dataMoved
        ? 'the data has moved (cutover.dataMoved): the AWS tasks use RDS and ElastiCache'
        : 'the AWS tasks use the DigitalOcean databases and caches until 100 %, then the data moves in a downtime window and cutover.dataMoved switches them to RDS and ElastiCache'
      : 'the data moves before phase 1; DigitalOcean is then kept read-only (or stopped) as a copy to roll the data back to';
  return {
    subject: 'cutover.dataMode',
    choice: `${plan.mode}: ${what}${plan.stores.length > 0 ? ` (${plan.stores.join(', ')})` : ''}. Rollback: ${plan.rollback}`,
    rule: plan.reason,
  };
}
