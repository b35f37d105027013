/** Data part of the plan model (placeholder: filled in by its issue). */
import type { CompileContext } from './context';
import type { NetworkPlan } from './network';
import type { SecurityPlan } from './security';
import type { AppWiring } from './wiring';

export interface DataPlan {
  /** Per app name: what it receives from databases, caches and secrets. */
  wiring: Record<string, AppWiring>;
}

export function compileData(
  _ctx: CompileContext,
  _deps: { network: NetworkPlan; security: SecurityPlan },
): DataPlan {
  return { wiring: {} };
}
