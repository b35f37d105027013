/**
 * What a compiler part finds in the spec: a warning (or, in the data checks, an error) about a spec path,
 * as schema's `Finding`. The parts see the spec, not the YAML, so they only name the path; compile() and
 * compileSpec place every finding in the file with schema's `locateFinding`, the same way the loader does.
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

/**
 * A spec problem a compiler part finds only while building the plan (a listener priority past the ALB's
 * maximum, two health checks that would share a resource id): `compile` throws it, and `compileSpec` turns
 * its finding into a located error like any validation error.
 */
export class SpecError extends Error {
  constructor(readonly finding: Finding) {
    super(finding.message);
    this.name = 'SpecError';
  }
}

export function specError(
  path: readonly PropertyKey[],
  code: string,
  message: string,
  hint?: string,
): SpecError {
  return new SpecError({ severity: 'error', code, path, message, ...(hint !== undefined ? { hint } : {}) });
}
