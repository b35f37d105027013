/**
 * Validation as the commands do it (YAML → zod → cross-field rules): every diagnostic of a spec, located in
 * its text, and the one way a test gets a spec the compiler takes (a ValidSpec) from one built or edited in
 * code.
 */
import { stringify } from 'yaml';
import { loadSpecText, type LoadResult, type ValidSpec } from '../../schema/load';
import type { Diagnostic } from '../../schema/diagnostics';
import type { MigrationSpec, MigrationSpecInput } from '../../schema/spec';
import { formatDiagnostic } from '../../cli/report';

/** YAML text as it is, or a spec input written out as YAML. */
export const specText = (input: string | MigrationSpecInput | Record<string, unknown>): string =>
  typeof input === 'string' ? input : stringify(input);

export function load(
  input: string | MigrationSpecInput | Record<string, unknown>,
  file = 'case.yaml',
): LoadResult {
  return loadSpecText(specText(input), file);
}

/** Every diagnostic of the spec: its errors and warnings when it is invalid, its warnings when it is valid. */
export function diagnosticsOf(input: string | MigrationSpecInput | Record<string, unknown>): Diagnostic[] {
  const result = load(input);
  return result.ok ? result.warnings : result.diagnostics;
}

/** The diagnostics with this code. */
export const withCode = (input: string | MigrationSpecInput | Record<string, unknown>, code: string) =>
  diagnosticsOf(input).filter((d) => d.code === code);

/**
 * A spec built or edited in code, validated again as a file would be (written out as YAML, then zod and every
 * rule), so a test cannot hand the compiler a spec the commands would refuse. Throws with every diagnostic
 * when it is invalid.
 */
export function revalidated(spec: MigrationSpec | MigrationSpecInput | Record<string, unknown>): ValidSpec {
  const result = load(spec, 'inline.yaml');
  if (!result.ok)
    throw new Error(
      `inline spec is invalid:\n${result.diagnostics.map((d) => formatDiagnostic(d)).join('\n')}`,
    );
  return result.spec;
}

/**
 * TEST ONLY, and only for tests of what guards the output when a spec slips past validation (the secret scan
 * of synthesized Terraform): a spec the rules did not pass, typed as if they had. A test that means its spec
 * to be valid uses revalidated, which checks it.
 */
export function unvalidatedSpecForTest(spec: MigrationSpec): ValidSpec {
  return spec as ValidSpec;
}
