/**
 * The compiler: a pure function from a validated spec to the plan model. Parts run in dependency order,
 * each reading the spec and the parts before it; nothing here knows cdktf.
 */
import type { MigrationSpec } from '../schema/spec';
import { createContext } from './context';
import type { Plan, StackPlan } from './model';
import { compileNetwork } from './network';
import { compileRegistry } from './registry';
import { compileSecurity } from './security';
import { compileApps } from './apps';
import { lintSpec, type Locator } from './lints';
import { compileData } from './data';
import { compileCutover } from './cutover';
import { compileDigitalOcean } from './digitalocean';
import { compileDns } from './dns';

export interface CompileOptions {
  /** `single`: all apps in one stack; `per-app`: a stack per app. Default: single. */
  layout?: 'single' | 'per-app';
  /** Only these apps (a subset synth); default: all. */
  only?: string[];
  /** Source positions for lint warnings (schema/load.ts's SourceMap); without it they point at 1:1. */
  source?: Locator;
}

export function compile(spec: MigrationSpec, options: CompileOptions = {}): Plan {
  const ctx = createContext(spec);
  const layout = options.layout ?? 'single';
  const network = compileNetwork(ctx);
  const security = compileSecurity(ctx);
  const registry = compileRegistry(ctx);
  const dns = compileDns(ctx);
  const data = compileData(ctx, { network, security });
  const apps = compileApps(ctx, { network, security, registry, data, dns });
  const cutover = spec.cutover ? compileCutover(ctx, { apps, dns }) : undefined;
  const digitalocean = compileDigitalOcean(ctx, { network, data, cutover });
  const stacks = planStacks(
    ctx.prefix,
    layout,
    spec.apps.map((a) => a.name),
  );
  addTransitionStacks(stacks, ctx.prefix, layout, {
    cutover: cutover !== undefined,
    cutoverUsesAlb: (cutover?.records ?? []).some((r) => r.alias !== undefined),
    digitalocean: digitalocean.enabled,
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
    decisions: [
      ...data.decisions,
      ...apps.decisions,
      ...dns.decisions,
      ...(cutover?.decisions ?? []),
      ...digitalocean.decisions,
    ],
    warnings: [...lintSpec(spec, { production: ctx.production }, options.source), ...apps.warnings],
    manualSteps: [
      ...data.manualSteps,
      ...apps.manualSteps,
      ...dns.manualSteps,
      ...(cutover?.manualSteps ?? []),
      ...digitalocean.manualSteps,
    ],
  };
}

/**
 * The transition stacks: dns (zones, before data so ACM can validate), cutover (weighted records, after
 * the ALB) and digitalocean (the DigitalOcean provider's changes, only when there are any).
 */
function addTransitionStacks(
  stacks: StackPlan[],
  prefix: string,
  layout: 'single' | 'per-app',
  include: { cutover: boolean; cutoverUsesAlb: boolean; digitalocean: boolean },
): void {
  const name = (suffix: string) => `${prefix}-${suffix}`;
  if (!stacks.some((s) => s.role === 'dns')) {
    const at = stacks.findIndex((s) => s.role === 'data');
    stacks.splice(at < 0 ? stacks.length : at, 0, { name: name('dns'), role: 'dns', dependsOn: [] });
  }
  const albStack = layout === 'single' ? name('apps') : name('platform');
  if (include.cutover && !stacks.some((s) => s.role === 'cutover'))
    // At phase 0 the cutover stack has no AWS record, so it applies before the ALB exists (and before
    // the nameserver switch that the ALB's certificate validation waits for).
    stacks.push({
      name: name('cutover'),
      role: 'cutover',
      dependsOn: include.cutoverUsesAlb ? [name('dns'), albStack] : [name('dns')],
    });
  if (include.digitalocean && !stacks.some((s) => s.role === 'digitalocean'))
    stacks.push({ name: name('digitalocean'), role: 'digitalocean', dependsOn: [name('network')] });
}

/** Stacks split by lifecycle: a change to one layer has a small blast radius and a small plan. */
function planStacks(prefix: string, layout: 'single' | 'per-app', appNames: string[]): StackPlan[] {
  const name = (suffix: string) => `${prefix}-${suffix}`;
  const stacks: StackPlan[] = [
    { name: name('network'), role: 'network', dependsOn: [] },
    { name: name('registry'), role: 'registry', dependsOn: [] },
    { name: name('data'), role: 'data', dependsOn: [name('network')] },
  ];
  const appDeps = [name('network'), name('registry'), name('data')];
  if (layout === 'single') stacks.push({ name: name('apps'), role: 'apps', dependsOn: appDeps });
  else
    for (const app of appNames)
      stacks.push({ name: name(`app-${app}`), role: 'app', app, dependsOn: appDeps });
  return stacks;
}
