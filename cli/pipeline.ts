/**
 * The path every command that needs a plan takes: load and validate the spec, then compile it. Every
 * problem on the way is a located diagnostic with the exit code the CLI reference promises.
 */
import { loadSpecFile, type SourceMap } from '../schema/load';
import { isInputFailure } from '../schema/load-result';
import { byPosition, type Diagnostic } from '../schema/diagnostics';
import type { MigrationSpec } from '../schema/spec';
import { compileSpec, USAGE_CODES, type CompileOptions } from '../compiler';
import type { Plan } from '../compiler/model';
import { EXIT_INVALID, EXIT_USAGE } from './exit';

export type PlanOutcome =
  | { ok: true; spec: MigrationSpec; plan: Plan; source: SourceMap; warnings: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[]; exitCode: number };

export function loadAndCompile(file: string, options: Omit<CompileOptions, 'source'> = {}): PlanOutcome {
  const loaded = loadSpecFile(file);
  if (!loaded.ok) {
    const exitCode = isInputFailure(loaded.diagnostics) ? EXIT_USAGE : EXIT_INVALID;
    return { ok: false, diagnostics: loaded.diagnostics, exitCode };
  }
  const compiled = compileSpec(loaded.spec, { ...options, source: loaded.source });
  if (!compiled.ok) {
    // An `--only` name the spec lacks is a mistyped argument, not an invalid spec.
    const usage = compiled.diagnostics.some((d) => USAGE_CODES.includes(d.code));
    return { ok: false, diagnostics: compiled.diagnostics, exitCode: usage ? EXIT_USAGE : EXIT_INVALID };
  }
  return {
    ok: true,
    spec: loaded.spec,
    plan: compiled.plan,
    source: loaded.source,
    // In file order, as validate prints them.
    warnings: [...loaded.warnings, ...compiled.plan.warnings].sort(byPosition),
  };
}
