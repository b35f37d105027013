/**
 * Validation as the commands do it (YAML → zod → cross-field rules), for tests of the rules: every
 * diagnostic of a spec, located in its text.
 */
import { stringify } from 'yaml';
import { loadSpecText, type LoadResult } from '../../schema/load';
import type { Diagnostic } from '../../schema/diagnostics';
import type { MigrationSpecInput } from '../../schema/spec';

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
