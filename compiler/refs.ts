/** Making and telling apart the plan's symbolic references (`Ref`, compiler/model/refs.ts). */
import type { Ref } from './model/refs';

export const ref = (key: string): Ref => ({ ref: key });

export function isRef(value: unknown): value is Ref {
  return typeof value === 'object' && value !== null && typeof (value as Ref).ref === 'string';
}
