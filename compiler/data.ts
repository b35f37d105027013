/** Data part of the plan model (placeholder: filled in by its issue). */
import type { CompileContext } from './context';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DataPlan {}

export function compileData(_ctx: CompileContext): DataPlan {
  return {};
}
