/**
 * The compiler: a pure function from a validated spec to the plan model. The parts (compiler/parts.ts) run in
 * dependency order, each reading the spec and the plans it names; every problem they find goes to one report,
 * located in the file at the end. Nothing here knows cdktf.
 */
import { byPosition, locateFinding, type Diagnostic } from '../schema/diagnostics';
import type { SourceMap } from '../schema/source';
import type { ValidSpec } from '../schema/valid-spec';
import { createContext, type CompileContext } from './context';
import type { Layout, ManualStep, Plan } from './model';
import { partManualSteps, REPORTING_PARTS, runParts, type PartPlans } from './parts';
import { DMS_CERTIFICATES_VAR_FILE } from './data/dms-tls';
import { applySteps, orderSteps } from './steps';
import { selectionProblem } from './stack-layout';

export { USAGE_CODES, UNKNOWN_SELECTED_APP, EMPTY_SELECTION } from './stack-layout';
export { cutoverStackName } from './stack-names';
export { planDecisions } from './parts';

export interface CompileOptions {
  /** `single`: all apps in one stack; `per-app`: a stack per app. Default: single. */
  layout?: Layout;
  /** Only these apps (a subset synth); default: all. */
  only?: string[];
  /** Where findings are in the file (schema/load.ts's SourceMap); without it they point at 1:1. */
  source?: SourceMap;
}

export type CompileOutcome = { ok: true; plan: Plan } | { ok: false; diagnostics: Diagnostic[] };

/**
 * The problems only the compiler can see in a valid spec (compile-time checks: the security groups' rule
 * quota, what the cutover changes in today's DNS answers, ...), located, as `validate` prints them. It runs
 * the parts that report problems and the parts they read; the same parts report the same way when a command
 * compiles, so `validate` and `plan` print the same warnings.
 */
export function checkSpec(spec: ValidSpec, options: Pick<CompileOptions, 'source'> = {}): Diagnostic[] {
  const ctx = createContext(spec);
  return checked(ctx, options.source).diagnostics;
}

/**
 * compile() for the commands: a problem the compiler finds (an error among its checks, an `--only` name the
 * spec lacks) comes back as located diagnostics instead of a plan; warnings join the plan's. The spec itself
 * is valid: the rules (schema/rules/) refused anything else.
 */
export function compileSpec(spec: ValidSpec, options: CompileOptions = {}): CompileOutcome {
  const badSelection = selectionProblem(spec, options.only);
  if (badSelection) return { ok: false, diagnostics: [locateFinding(badSelection, options.source, 'error')] };
  const ctx = createContext(spec, { layout: options.layout, only: options.only });
  const { plans, diagnostics } = checked(ctx, options.source);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) return { ok: false, diagnostics: errors };
  return { ok: true, plan: assemble(ctx, runParts(ctx, undefined, plans) as PartPlans, options.source) };
}

/** The whole plan of a spec compiled in code (tests); its warnings are located at `source` when given. */
export function compile(spec: ValidSpec, options: CompileOptions = {}): Plan {
  const ctx = createContext(spec, { layout: options.layout, only: options.only });
  return assemble(ctx, runParts(ctx) as PartPlans, options.source);
}

/** The reporting parts run, and every problem so far located and in file order. */
function checked(
  ctx: CompileContext,
  source: SourceMap | undefined,
): { plans: Partial<PartPlans>; diagnostics: Diagnostic[] } {
  const plans: Partial<PartPlans> = {};
  // Part by part: a part that found an error may leave a plan the parts after it cannot read.
  for (const name of REPORTING_PARTS) {
    runParts(ctx, [name], plans);
    if (ctx.report.hasErrors) break;
  }
  return { plans, diagnostics: located(ctx, source) };
}

function located(ctx: CompileContext, source: SourceMap | undefined): Diagnostic[] {
  return ctx.report.findings.map((f) => locateFinding(f, source, 'warning')).sort(byPosition);
}

function assemble(ctx: CompileContext, plans: PartPlans, source: SourceMap | undefined): Plan {
  const { spec } = ctx;
  const { lints: _lints, ...parts } = plans;
  return {
    meta: {
      project: spec.project,
      environment: spec.environment,
      production: ctx.production,
      region: spec.aws.region,
      accountId: spec.aws.accountId,
      availabilityZones: spec.aws.availabilityZones,
      prefix: ctx.prefix,
      tags: { ...ctx.tags },
      backend: { ...spec.aws.backend },
      layout: ctx.layout,
    },
    ...parts,
    warnings: located(ctx, source).filter((d) => d.severity === 'warning'),
  };
}

/**
 * Every manual step of the plan in doing order: the stack applies and each part's steps. `specFile`: the
 * spec's name as the reader gave it, for the commands that edit it (default: migration.yaml).
 */
export function planManualSteps(plan: Plan, specFile?: string): ManualStep[] {
  // DMS endpoints read their CA certificates from Terraform variables: the data stack's apply passes the var file.
  const dataVarFile = plan.data.dms ? DMS_CERTIFICATES_VAR_FILE : undefined;
  return orderSteps([...applySteps(plan.stacks, specFile, dataVarFile), ...partManualSteps(plan)]);
}
