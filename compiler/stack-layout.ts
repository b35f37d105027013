/**
 * The stacks part: how the plan is cut into Terraform stacks, split by lifecycle so a change to one layer has
 * a small blast radius and a small plan. Order is dependency order (the renderer builds them in this order, so
 * every reference exists before it is used): network → registry → dns → data → apps, or platform →
 * app-<name> with the per-app layout; then the transition stacks, cutover and digitalocean.
 * `dependsOn` lists the stacks whose outputs a stack may read.
 */
import type { Finding } from '../schema/diagnostics';
import { anyBucketServedByCloudFront } from '../schema/inventory/buckets';
import type { MigrationSpec } from '../schema/spec';
import type { CompileContext } from './context';
import type { CutoverPlan, DigitalOceanPlan, DnsPlan, Layout, RegistryPlan, StackPlan } from './model';
import { isRef } from './refs';
import { sharedVolumes } from '../schema/inventory/volumes';
import {
  albStackRole,
  appStackName,
  ciStackName,
  cutoverStackName,
  dataStackName,
  dnsStackName,
  networkStackName,
  registryStackName,
  stackName,
} from './stack-names';

export function compileStacks(
  ctx: CompileContext,
  parts: {
    registry: RegistryPlan;
    dns: DnsPlan;
    cutover: CutoverPlan | undefined;
    digitalocean: DigitalOceanPlan;
  },
): StackPlan[] {
  const { spec, prefix, layout } = ctx;
  const stacks = planStacks(prefix, layout, {
    apps: selectApps(ctx),
    registry: parts.registry.repositories.length + parts.registry.pullThroughCacheRules.length > 0,
    dns: parts.dns.zones.some((z) => z.mode !== 'none'),
    data:
      spec.databases.length + spec.caches.length + spec.secrets.length + spec.storage.buckets.length > 0 ||
      sharedVolumes(spec).size > 0,
    cloudfront: anyBucketServedByCloudFront(spec),
  });
  addTransitionStacks(stacks, prefix, layout, {
    cutover: (parts.cutover?.hostnames.length ?? 0) + (parts.cutover?.cdnHostnames.length ?? 0) > 0,
    // The ALB's stack also holds the CloudFront distributions a CDN host name's AWS side points at.
    cutoverUsesAlb: (parts.cutover?.records ?? []).some(
      (r) => r.alias !== undefined || (r.type === 'CNAME' && r.setIdentifier === 'aws'),
    ),
    digitalocean: parts.digitalocean.enabled,
    digitaloceanUsesNetwork: parts.digitalocean.natIps.some(isRef),
  });
  addCiStack(ctx, stacks);
  return stacks;
}

export function planStacks(
  prefix: string,
  layout: Layout,
  include: { apps: string[]; registry: boolean; dns: boolean; data: boolean; cloudfront?: boolean },
): StackPlan[] {
  const name = (suffix: string) => stackName(prefix, suffix);
  const network = networkStackName(prefix);
  const stacks: StackPlan[] = [{ name: network, role: 'network', dependsOn: [] }];
  if (include.registry) stacks.push({ name: registryStackName(prefix), role: 'registry', dependsOn: [] });
  if (include.dns) stacks.push({ name: dnsStackName(prefix), role: 'dns', dependsOn: [] });
  if (include.data) stacks.push({ name: dataStackName(prefix), role: 'data', dependsOn: [network] });
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
  // With CloudFront for a public bucket, the platform stack also reads the bucket and its key (data stack).
  const platformReads: StackPlan['role'][] = include.cloudfront
    ? ['network', 'dns', 'data']
    : ['network', 'dns'];
  stacks.push({ name: platform, role: 'platform', dependsOn: upstream(platformReads) });
  for (const app of include.apps)
    stacks.push({ name: appStackName(prefix, layout, app), role: 'app', app, dependsOn: appDeps });
  return stacks;
}

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
  const present = (role: StackPlan['role']) => stacks.find((s) => s.role === role)?.name;
  const dns = present('dns');
  const albStack = present(albStackRole(layout));
  if (include.cutover && !present('cutover')) {
    // At phase 0 the cutover stack has no AWS record, so it applies before the ALB exists (and before
    // the nameserver switch that the ALB's certificate validation waits for).
    const dependsOn = [dns, include.cutoverUsesAlb ? albStack : undefined].filter((s): s is string => !!s);
    stacks.push({ name: cutoverStackName(prefix), role: 'cutover', dependsOn });
  }
  if (include.digitalocean && !present('digitalocean'))
    stacks.push({
      name: stackName(prefix, 'digitalocean'),
      role: 'digitalocean',
      dependsOn: include.digitaloceanUsesNetwork ? [networkStackName(prefix)] : [],
    });
}

/**
 * The CI stack (ci.github), last: its roles read the registry's repositories and the apps' roles and
 * services (and the network stack's account id). Left out when `--only` selects a subset of the apps: it grants on every app, and a subset synth
 * must neither drop the others' grants nor reference app stacks it does not render.
 */
function addCiStack(ctx: CompileContext, stacks: StackPlan[]): void {
  if (!ctx.spec.ci || (ctx.only !== undefined && new Set(ctx.only).size < ctx.spec.apps.length)) return;
  // network: the account id when the spec names none (the CodeDeploy ARNs of blue/green apps are built on it)
  const dependsOn = stacks
    .filter((s) => ['network', 'registry', 'apps', 'app'].includes(s.role))
    .map((s) => s.name);
  stacks.push({ name: ciStackName(ctx.prefix), role: 'ci', dependsOn });
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
export function selectionProblem(
  spec: MigrationSpec,
  only: readonly string[] | undefined,
): Finding | undefined {
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
function selectApps(ctx: CompileContext): string[] {
  const { spec, layout, only } = ctx;
  const all = spec.apps.map((a) => a.name);
  if (!only || only.length === 0) return all;
  if (layout === 'single') {
    ctx.report.warn(
      ['apps'],
      'stacks/only-single-layout',
      '--only selects app stacks of the per-app layout; the single apps stack always holds every app',
      { hint: 'use --layout per-app to synthesize a subset of the apps' },
    );
    return all;
  }
  return all.filter((n) => only.includes(n));
}
