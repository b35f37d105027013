/**
 * Every part of the plan, in one list. Each part names the parts whose plans it reads; the runner compiles
 * a part after those, whatever its place in the list. The list's order is the order the plan reports the
 * parts' decisions and manual steps in (a reviewer reads the network first), not the order they run.
 *
 * A new part is one entry here, its plan type in compiler/model/, its compile function, and a renderer in
 * stacks/ (docs/architecture.md, "Adding a resource").
 */
import type { CompileContext } from './context';
import type { Decision, ManualStep, Plan } from './model';
import { compileNetwork } from './network';
import { compileSecurity } from './security';
import { compileRegistry } from './registry';
import { compileDns } from './dns';
import { compileCutover } from './cutover';
import { compileDigitalOcean } from './digitalocean';
import { compileStorage } from './storage';
import { compileStacks } from './stack-layout';
import { lint } from './lints';

/*
 * The parts that never report (data, apps, alarms, ci) and that no reporting part reads are loaded when
 * first compiled (storage is not one: the cutover reads its CDN host names): `validate` runs only the reporting parts and their reads, and loading these ~300 KB
 * of modules was a tenth of its start-up (bench: validate of 1,000 apps).
 */
type Data = typeof import('./data');
type Apps = typeof import('./apps');
type Alarms = typeof import('./alarms');
type Ci = typeof import('./ci');
const compileData: Data['compileData'] = (...a) => (require('./data') as Data).compileData(...a);
const compileApps: Apps['compileApps'] = (...a) => (require('./apps') as Apps).compileApps(...a);
const compileAlarms: Alarms['compileAlarms'] = (...a) => (require('./alarms') as Alarms).compileAlarms(...a);
const compileCi: Ci['compileCi'] = (...a) => (require('./ci') as Ci).compileCi(...a);

/**
 * The plan each part produces, by the part's name: each is the field of `Plan` of that name (every field but
 * `meta` and `warnings`, which compile assembles), and the lints, which only report. A new field of `Plan`
 * is a new part: `RECORDING` below does not type-check until PARTS lists it.
 */
export type PartPlans = Omit<Plan, 'meta' | 'warnings'> & { lints: undefined };

export type PartName = keyof PartPlans;

interface Part<N extends PartName, R extends PartName> {
  readonly name: N;
  /** The parts whose plans `compile` reads. */
  readonly reads: readonly R[];
  /** It can find problems in a spec: `validate` runs it (and what it reads) too. */
  readonly reports?: true;
  compile(ctx: CompileContext, plans: Pick<PartPlans, R>): PartPlans[N];
}

const part = <N extends PartName, R extends PartName = never>(p: Part<N, R>): Part<N, R> => p;

export const PARTS = [
  part({ name: 'lints', reads: [], reports: true, compile: (ctx) => lint(ctx) }),
  part({ name: 'network', reads: [], compile: (ctx) => compileNetwork(ctx) }),
  part({ name: 'security', reads: [], reports: true, compile: (ctx) => compileSecurity(ctx) }),
  part({ name: 'registry', reads: [], compile: (ctx) => compileRegistry(ctx) }),
  part({ name: 'data', reads: ['network', 'security'], compile: (ctx, plans) => compileData(ctx, plans) }),
  part({
    name: 'storage',
    reads: ['network', 'security', 'dns'],
    compile: (ctx, plans) => compileStorage(ctx, plans),
  }),
  part({
    name: 'apps',
    reads: ['network', 'security', 'registry', 'data', 'dns', 'storage'],
    compile: (ctx, plans) => compileApps(ctx, plans),
  }),
  part({ name: 'dns', reads: [], reports: true, compile: (ctx) => compileDns(ctx) }),
  part({
    name: 'cutover',
    reads: ['dns', 'storage'],
    reports: true,
    compile: (ctx, plans) => (ctx.spec.cutover ? compileCutover(ctx, plans) : undefined),
  }),
  part({
    name: 'digitalocean',
    reads: ['network', 'cutover'],
    reports: true,
    compile: (ctx, plans) => compileDigitalOcean(ctx, plans),
  }),
  part({
    name: 'stacks',
    reads: ['registry', 'dns', 'cutover', 'digitalocean'],
    reports: true,
    compile: (ctx, plans) => compileStacks(ctx, plans),
  }),
  part({
    name: 'alarms',
    reads: ['network', 'apps', 'data', 'stacks'],
    compile: (ctx, plans) => compileAlarms(ctx, plans),
  }),
  part({
    name: 'ci',
    reads: ['network', 'registry', 'apps'],
    compile: (ctx, plans) => compileCi(ctx, plans),
  }),
] as const;

type AnyPart = Part<PartName, PartName>;
const byName = new Map<PartName, AnyPart>((PARTS as readonly AnyPart[]).map((p) => [p.name, p]));

/**
 * Compiles the parts `wanted` names (every part by default) and the parts they read, each once, each after
 * the parts it reads, into `plans` (which may hold parts compiled before). Problems go to `ctx.report`.
 */
export function runParts(
  ctx: CompileContext,
  wanted?: readonly PartName[],
  plans: Partial<PartPlans> = {},
): Partial<PartPlans> {
  const compiled = plans as Partial<Record<PartName, unknown>>;
  const run = (name: PartName): void => {
    if (name in compiled) return;
    const p = byName.get(name) as AnyPart;
    for (const read of p.reads) run(read);
    compiled[name] = p.compile(ctx, compiled as PartPlans);
  };
  for (const p of PARTS) if (!wanted || wanted.includes(p.name)) run(p.name);
  return plans;
}

/** The parts `validate` runs: those that can find problems in a spec. */
export const REPORTING_PARTS: readonly PartName[] = PARTS.filter((p) => 'reports' in p && p.reports).map(
  (p) => p.name,
);

/** Parts that record decisions and manual steps, in the list's order: every part of the plan. */
const RECORDING: readonly PartName[] = everyPart(PARTS.map((p) => p.name));

/**
 * `names`, when they name every part of `PartPlans`; a part missing from PARTS is a type error here (an
 * argument for `missing` is expected), rather than a plan field nothing compiles.
 */
function everyPart<N extends PartName>(
  names: readonly N[],
  ..._complete: [Exclude<PartName, N>] extends [never] ? [] : [missing: Exclude<PartName, N>]
): readonly N[] {
  return names;
}

type Recorded = { decisions?: Decision[]; manualSteps?: ManualStep[] } | undefined;
type AnyPlans = { readonly [K in PartName]?: unknown };

/** Every decision of the plan, part by part in the list's order (each is stored once, in its part's plan). */
export function planDecisions(plan: AnyPlans): Decision[] {
  return RECORDING.flatMap((name) => recorded(plan[name])?.decisions ?? []);
}

/** Every manual step the parts record, part by part in the list's order (not yet ordered for doing). */
export function partManualSteps(plan: AnyPlans): ManualStep[] {
  return RECORDING.flatMap((name) => recorded(plan[name])?.manualSteps ?? []);
}

const recorded = (plan: unknown): Recorded =>
  plan !== null && typeof plan === 'object' && !Array.isArray(plan) ? (plan as Recorded) : undefined;
