/** The stack layouts a user may ask for (`--layout`), and the one when none is asked for. */
import type { Layout } from './model';

export const LAYOUTS: readonly Layout[] = ['single', 'per-app'];
export const DEFAULT_LAYOUT: Layout = 'single';

export function isLayout(value: string): value is Layout {
  return (LAYOUTS as readonly string[]).includes(value);
}
