/**
 * The compiler: a pure function from a validated spec to the plan model. Parts run in dependency order,
 * each reading the spec and the parts before it; nothing here knows cdktf.
 */
import { locateFinding, type Diagnostic } from '../schema/diagnostics';
import type { SourceMap } from '../schema/source';
import type { MigrationSpec } from '../schema/spec';
import type { ValidSpec } from '../schema/valid-spec';
import { createContext } from './context';
import { type Layout, type Plan, type StackPlan } from './model';
import { compileNetwork } from './network';
import { specWarning, type Finding } from './findings';
import { compileRegistry } from './registry';
import { compileSecurity } from './security';
import { compileApps } from './apps';
import { lintSpec } from './lints';
import { compileData } from './data';
import { compileCutover } from './cutover';
import { compileDigitalOcean } from './digitalocean';
import { compileDns } from './dns';
import { isRef } from './refs';
import { applySteps, orderSteps } from './steps';
import { compileAlarms } from './alarms';
import { DEFAULT_LAYOUT } from './layout';

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
 * compile() for the commands: an `--only` selection the spec cannot satisfy comes back as a located
 * diagnostic, like a validation error. The spec itself is valid: the rules refused anything else.
 */
export function compileSpec(spec: ValidSpec, options: CompileOptions = {}): CompileOutcome {
  const badSelection = selectionProblem(spec, options.only);
  if (badSelection) return { ok: false, diagnostics: [locateFinding(badSelection, options.source, 'error')] };
  return { ok: true, plan: compile(spec, options) };
}

export function compile(spec: ValidSpec, options: CompileOptions = {}): Plan {
  const ctx = createContext(spec);
  const layout = options.layout ?? DEFAULT_LAYOUT;
  const network = compileNetwork(ctx);
  const security = compileSecurity(ctx);
  const registry = compileRegistry(ctx);
  const dns = compileDns(ctx);
  const data = compileData(ctx, { network, security });
  const apps = compileApps(ctx, { network, security, registry, data, dns });
  const selection = selectApps(spec, layout, options.only);
  const stacks = planStacks(ctx.prefix, layout, {
    apps: selection.apps,
    registry: registry.repositories.length > 0,
    dns: dns.zones.some((z) => z.mode !== 'none'),
    data: spec.databases.length + spec.caches.length + spec.secrets.length > 0,
  });
  const albStack = stacks.find((s) => s.role === 'apps' || s.role === 'platform')!.name;
  const cutover = spec.cutover
    ? compileCutover(ctx, { apps, dns, albStack, cutoverStack: cutoverStackName(ctx.prefix) })
    : undefined;
  const digitalocean = compileDigitalOcean(ctx, { network, data, cutover });
  addTransitionStacks(stacks, ctx.prefix, layout, {
    cutover: (cutover?.hostnames.length ?? 0) > 0,
    cutoverUsesAlb: (cutover?.records ?? []).some((r) => r.alias !== undefined),
    digitalocean: digitalocean.enabled,
    digitaloceanUsesNetwork: digitalocean.natIps.some(isRef),
  });
  const alarms = compileAlarms(ctx, {
    apps,
    data,
    stacks,
    albStack,
    kmsKeyArn: network.kms.arn,
    cutover: stacks.some((s) => s.role === 'cutover'),
  });
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
      layout,
    },
    stacks,
    network,
    security,
    registry,
    dns,
    data,
    apps,
    cutover,
    digitalocean,
    alarms,
    decisions: [
      ...network.decisions,
      ...security.decisions,
      ...registry.decisions,
      ...data.decisions,
      ...apps.decisions,
      ...dns.decisions,
      ...(cutover?.decisions ?? []),
      ...digitalocean.decisions,
      ...alarms.decisions,
    ],
    warnings: [
      ...lintSpec(spec, { production: ctx.production }, options.source),
      ...[
        ...security.warnings,
        ...selection.warnings,
        ...dns.warnings,
        ...(cutover?.warnings ?? []),
        ...digitalocean.warnings,
      ].map((finding) => locateFinding(finding, options.source, 'warning')),
    ],
    manualSteps: orderSteps([
      ...applySteps(stacks),
      ...data.manualSteps,
      ...apps.manualSteps,
      ...dns.manualSteps,
      ...(cutover?.manualSteps ?? []),
      ...digitalocean.manualSteps,
      ...alarms.manualSteps,
    ]),
  };
}

/** The cutover stack's name, which the runbook's commands also use (its cdktf.out directory). */
export const cutoverStackName = (prefix: string): string => `${prefix}-cutover`;

/**
 * The transition stacks, after the ones planStacks lays out: cutover (weighted records; it reads the dns
 * stack's zones and, once a phase sends traffic to AWS, the ALB) and digitalocean (the DigitalOcean
 * provider's changes, only when there are any).
 */
function addTransitionStacks(
  stacks: StackPlan[],
  prefix: string,
  layout: Layout,
  include: {
    cutover: boolean;
    cutoverUsesAlb: boolean;
    digitalocean: boolean;
    digitaloceanUsesNetwork: boolean;
  },
): void {
  const name = (suffix: string) => `${prefix}-${suffix}`;
  const present = (role: StackPlan['role']) => stacks.find((s) => s.role === role)?.name;
  const dns = present('dns');
  const albStack = present(layout === 'single' ? 'apps' : 'platform');
  if (include.cutover && !present('cutover')) {
    // At phase 0 the cutover stack has no AWS record, so it applies before the ALB exists (and before
    // the nameserver switch that the ALB's certificate validation waits for).
    const dependsOn = [dns, include.cutoverUsesAlb ? albStack : undefined].filter((s): s is string => !!s);
    stacks.push({ name: cutoverStackName(prefix), role: 'cutover', dependsOn });
  }
  if (include.digitalocean && !present('digitalocean'))
    stacks.push({
      name: name('digitalocean'),
      role: 'digitalocean',
      dependsOn: include.digitaloceanUsesNetwork ? [name('network')] : [],
    });
}

/**
 * Stacks split by lifecycle: a change to one layer has a small blast radius and a small plan. Order is
 * dependency order (the renderer builds them in this order, so every reference exists before it is used):
 * network → registry → dns → data → apps, or platform → app-<name> with the per-app layout.
 * `dependsOn` lists the stacks whose outputs a stack may read.
 */
export function planStacks(
  prefix: string,
  layout: Layout,
  include: { apps: string[]; registry: boolean; dns: boolean; data: boolean },
): StackPlan[] {
  const name = (suffix: string) => `${prefix}-${suffix}`;
  const network = name('network');
  const stacks: StackPlan[] = [{ name: network, role: 'network', dependsOn: [] }];
  if (include.registry) stacks.push({ name: name('registry'), role: 'registry', dependsOn: [] });
  if (include.dns) stacks.push({ name: name('dns'), role: 'dns', dependsOn: [] });
  if (include.data) stacks.push({ name: name('data'), role: 'data', dependsOn: [network] });
  const upstream = (roles: StackPlan['role'][]) =>
    stacks.filter((s) => roles.includes(s.role)).map((s) => s.name);
  if (layout === 'single') {
    stacks.push({
      name: name('apps'),
      role: 'apps',
      dependsOn: upstream(['network', 'registry', 'dns', 'data']),
    });
    return stacks;
  }
  // The platform stack holds what apps share (cluster, ALB, HTTPS listener); each app stack only its own.
  const platform = name('platform');
  const appDeps = [...upstream(['network', 'registry', 'dns', 'data']), platform];
  stacks.push({ name: platform, role: 'platform', dependsOn: upstream(['network', 'dns']) });
  for (const app of include.apps)
    stacks.push({ name: name(`app-${app}`), role: 'app', app, dependsOn: appDeps });
  return stacks;
}

/** The diagnostic code of an `--only` name the spec does not declare: a usage error (exit 2), not a spec one. */
export const UNKNOWN_SELECTED_APP = 'stacks/unknown-app';
/** The diagnostic code of an `--only` that names no app: also a usage error. */
export const EMPTY_SELECTION = 'stacks/empty-selection';
/** Codes of diagnostics about the command's arguments rather than the spec (exit 2, not 1). */
export const USAGE_CODES: readonly string[] = [UNKNOWN_SELECTED_APP, EMPTY_SELECTION];

/**
 * What is wrong with an `--only` selection, if anything: no names at all (an empty `$APPS` in CI would
 * otherwise synthesize everything), or names the spec does not declare (a typo would select nothing).
 */
function selectionProblem(spec: MigrationSpec, only: string[] | undefined): Finding | undefined {
  if (only === undefined) return undefined;
  const declaredNames = spec.apps.map((a) => a.name);
  const hint = `declared apps: ${declaredNames.join(', ') || '(none)'}`;
  if (only.length === 0)
    return { code: EMPTY_SELECTION, path: ['apps'], message: '--only names no app', hint };
  const declared = new Set(declaredNames);
  const unknown = only.filter((name) => !declared.has(name));
  if (unknown.length === 0) return undefined;
  return {
    code: UNKNOWN_SELECTED_APP,
    path: ['apps'],
    message: `--only names apps the spec does not declare: ${unknown.join(', ')}`,
    hint,
  };
}

/**
 * The apps that get a stack: all, or `--only` with the per-app layout. The shared stacks (network with every
 * app's security group, data, platform) always hold every app, so a subset synth never removes another app's
 * resources when applied. Names the spec does not declare select nothing (compileSpec refuses them).
 */
function selectApps(
  spec: MigrationSpec,
  layout: Layout,
  only: string[] | undefined,
): { apps: string[]; warnings: Finding[] } {
  const all = spec.apps.map((a) => a.name);
  if (!only || only.length === 0) return { apps: all, warnings: [] };
  if (layout === 'single') {
    const warning = specWarning(
      ['apps'],
      'stacks/only-single-layout',
      '--only selects app stacks of the per-app layout; the single apps stack always holds every app',
      'use --layout per-app to synthesize a subset of the apps',
    );
    return { apps: all, warnings: [warning] };
  }
  return { apps: all.filter((n) => only.includes(n)), warnings: [] };
}
