/** DNS part of the plan model (placeholder: filled in by its issue). */
import type { CompileContext } from './context';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DnsPlan {}

export function compileDns(_ctx: CompileContext): DnsPlan {
  return {};
}
