/** Apps part of the plan model (placeholder: filled in by its issue). */
import type { CompileContext } from './context';
import type { NetworkPlan } from './network';
import type { SecurityPlan } from './security';
import type { RegistryPlan } from './registry';
import type { DataPlan } from './data';
import type { DnsPlan } from './dns';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AppsPlan {}

export function compileApps(
  _ctx: CompileContext,
  _deps: {
    network: NetworkPlan;
    security: SecurityPlan;
    registry: RegistryPlan;
    data: DataPlan;
    dns: DnsPlan;
  },
): AppsPlan {
  return {};
}
