/** Cutover part of the plan model (placeholder: filled in by its issue). */
import type { CompileContext } from './context';
import type { AppsPlan } from './apps';
import type { DnsPlan } from './dns';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CutoverPlan {}

export function compileCutover(_ctx: CompileContext, _deps: { apps: AppsPlan; dns: DnsPlan }): CutoverPlan {
  return {};
}
