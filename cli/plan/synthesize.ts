/**
 * Validate → compile → render into a temporary directory → read every stack's `cdk.tf.json`. Used by
 * `plan`, `check` and `diff`, which must see exactly what `synth` would write, without touching --out.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSpecFile } from '../../schema/load';
import type { Diagnostic } from '../../schema/diagnostics';
import type { MigrationSpec } from '../../schema/spec';
import { compile, type CompileOptions } from '../../compiler';
import type { Plan } from '../../compiler/model';
import type { StackJson, TerraformJson } from '../../compiler/checks';
import { renderApp } from '../../stacks';

export interface Synthesized {
  file: string;
  spec: MigrationSpec;
  plan: Plan;
  /** In `plan.stacks` order. */
  stacks: StackJson[];
  /** Loader warnings (lints) followed by the compiler's. */
  warnings: Diagnostic[];
}

export type LoadOutcome = { ok: true; value: Synthesized } | { ok: false; diagnostics: Diagnostic[] };

export function synthesizeFile(file: string, options: CompileOptions = {}): LoadOutcome {
  const loaded = loadSpecFile(file);
  if (!loaded.ok) return { ok: false, diagnostics: loaded.diagnostics };
  const plan = compile(loaded.spec, { ...options, source: loaded.source });
  return {
    ok: true,
    value: {
      file,
      spec: loaded.spec,
      plan,
      stacks: synthesizePlan(plan),
      warnings: [...loaded.warnings, ...plan.warnings],
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
