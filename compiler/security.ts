/** Security part of the plan model (placeholder: filled in by its issue). */
import type { CompileContext } from './context';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SecurityPlan {}

export function compileSecurity(_ctx: CompileContext): SecurityPlan {
  return {};
}
