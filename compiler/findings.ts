/**
 * What a compiler part finds in the spec: a warning about a spec path, as schema's `Finding` (problems that
 * make a spec invalid are the rules', schema/rules/). The parts see the spec, not the YAML, so they only
 * name the path; compile() places every finding in the file with schema's `locateFinding`, as the loader does.
 */
import type { Finding } from '../schema/diagnostics';

export type { Finding };

export function specWarning(
  path: readonly PropertyKey[],
  code: string,
  message: string,
  hint?: string,
): Finding {
  return { severity: 'warning', code, path, message, ...(hint !== undefined ? { hint } : {}) };
}
