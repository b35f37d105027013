/** DigitalOcean part of the plan model (placeholder: filled in by its issue). */
import type { CompileContext } from './context';
import type { NetworkPlan } from './network';
import type { DataPlan } from './data';
import type { CutoverPlan } from './cutover';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DigitalOceanPlan {}

export function compileDigitalOcean(
  _ctx: CompileContext,
  _deps: { network: NetworkPlan; data: DataPlan; cutover?: CutoverPlan },
): DigitalOceanPlan {
  return {};
}
