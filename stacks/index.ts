/**
 * Renders a plan model into a cdktf App: one TerraformStack per `plan.stacks` entry, built in dependency
 * order so every reference is registered before it is used. No decisions are made here.
 */
// First: it keeps cdktf from loading modules dropship never uses (stacks/defer-cdktf-deps.ts).
import './defer-cdktf-deps';
import { App, TerraformStack } from 'cdktf';
import type { Plan, StackPlan } from '../compiler/model';
import { applyBackend } from './backend';
import { RefRegistry } from './refs';
import { installHclEscaping, tidyAfterSynth } from './hcl';
import { installFastResolve } from './fast-resolve';
import { PlannedStack } from './planned-stack';
import type { StackRenderer } from './context';

// cdktf captures a full stack trace for every token it creates, only to quote it if that token fails to
// resolve: ~40% of synth's CPU and memory at 1,000 apps (docs/performance.md). DROPSHIP_TOKEN_STACKS=1 keeps it.
if (!process.env.DROPSHIP_TOKEN_STACKS)
  require('cdktf/lib/tokens/private/stack-trace').captureStackTrace = () => [];
installFastResolve();

export interface RenderOptions {
  outdir: string;
  /** Write HCL instead of JSON (cdktf's hclOutput). */
  hcl?: boolean;
}

const renderers: Partial<Record<StackPlan['role'], () => StackRenderer>> = {
  // Filled in per issue: network, registry, data, apps, app, cutover, digitalocean.
  network: () => require('./network').renderNetwork,
  registry: () => require('./registry').renderRegistry,
  dns: () => require('./dns').renderDns,
  data: () => require('./data').renderData,
  apps: () => require('./apps').renderAppsStack,
  platform: () => require('./apps').renderPlatformStack,
  app: () => require('./apps').renderAppStack,
  cutover: () => require('./cutover').renderCutover,
  digitalocean: () => require('./digitalocean').renderDigitalOcean,
  ci: () => require('./ci').renderCi,
};

export function renderApp(plan: Plan, options: RenderOptions): App {
  // cdktf's validations run `terraform version` once per imported resource (seconds at 100 apps, and a
  // failed synth on machines without terraform); the output is the same without them (docs/performance.md).
  const app = new App({ outdir: options.outdir, hclOutput: options.hcl ?? false, skipValidation: true });
  if (options.hcl) {
    installHclEscaping();
    tidyAfterSynth(app, options.outdir);
  }
  const refs = new RefRegistry();
  for (const stackPlan of plan.stacks) {
    const stack = newStack(app, stackPlan.name, options.hcl ?? false);
    applyBackend(stack, stackPlan.name, plan.meta.backend);
    const render = renderers[stackPlan.role]?.();
    if (render) render(stack, { plan, stackPlan, refs });
    if (
      plan.alarms.topic?.stack === stackPlan.name ||
      plan.alarms.alarms.some((a) => a.stack === stackPlan.name)
    )
      (require('./alarms') as typeof import('./alarms')).renderAlarms(stack, { plan, stackPlan, refs });
  }
  return app;
}

/**
 * cdktf 0.21's `hclOutput` only names the file cdk.tf; each stack's synthesizer reads SYNTH_HCL_OUTPUT when
 * the stack is constructed to decide between HCL and JSON. Set it for that moment only (and to false for
 * JSON, so a stray variable in the user's shell cannot put HCL into cdk.tf.json).
 */
function newStack(app: App, name: string, hcl: boolean): TerraformStack {
  const saved = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = hcl ? 'true' : 'false';
  try {
    return new PlannedStack(app, name);
  } finally {
    if (saved === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = saved;
  }
}
