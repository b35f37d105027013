/** Cutover part of the plan model (placeholder: filled in by its issue). */
import type { CompileContext } from './context';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CutoverPlan {}

export function compileCutover(_ctx: CompileContext): CutoverPlan {
  return {};
}
