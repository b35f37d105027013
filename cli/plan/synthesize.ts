/**
 * Validate → compile → render into a temporary directory → read every stack's `cdk.tf.json`. Used by
 * `plan`, `check` and `diff`, which must see exactly what `synth` would write, without touching --out.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from '../../schema/diagnostics';
import type { MigrationSpec } from '../../schema/spec';
import type { SourceMap } from '../../schema/source';
import type { CompileOptions } from '../../compiler';
import type { Plan } from '../../compiler/model';
import type { StackJson, TerraformJson } from '../../compiler/analyses/checks';
import { renderApp } from '../../stacks';
import { loadAndCompile } from '../pipeline';
import { inputName } from '../../schema/read-text';

export interface Synthesized {
  file: string;
  spec: MigrationSpec;
  plan: Plan;
  /** Positions in the file read, for locating what is reported. */
  source?: SourceMap;
  /** In `plan.stacks` order. */
  stacks: StackJson[];
  /** Loader warnings (lints) followed by the compiler's. */
  warnings: Diagnostic[];
}

export type LoadOutcome =
  { ok: true; value: Synthesized } | { ok: false; diagnostics: Diagnostic[]; exitCode: number };

/** The same load-and-compile path as `synth` (located diagnostics, the same exit codes), then render. */
export function synthesizeFile(file: string, options: Omit<CompileOptions, 'source'> = {}): LoadOutcome {
  const outcome = loadAndCompile(file, options);
  if (!outcome.ok) return { ok: false, diagnostics: outcome.diagnostics, exitCode: outcome.exitCode };
  return {
    ok: true,
    value: {
      file: inputName(file),
      spec: outcome.spec,
      plan: outcome.plan,
      source: outcome.source,
      stacks: synthesizePlan(outcome.plan),
      warnings: outcome.warnings,
    },
  };
}

/** Renders the plan in a fresh temporary directory and returns each stack's Terraform JSON. */
export function synthesizePlan(plan: Plan): StackJson[] {
  const dir = mkdtempSync(join(tmpdir(), 'dropship-plan-'));
  try {
    renderApp(plan, { outdir: dir }).synth();
    return plan.stacks.map((s) => {
      const file = join(dir, 'stacks', s.name, 'cdk.tf.json');
      const json = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as TerraformJson) : {};
      return { name: s.name, json };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
