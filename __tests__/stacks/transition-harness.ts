/**
 * Renders the transition stacks (dns, cutover, digitalocean) of a plan with the real renderers, and stands
 * in for the stacks they read from (network: NAT IPs; apps/platform: the ALB) with minimal stub stacks that
 * register the same reference keys. The cutover tests then do not depend on the network and apps renderers.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack, Testing } from 'cdktf';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import type { Plan } from '../../compiler/model';
import { isRef } from '../../compiler/refs';
import { RefRegistry } from '../../stacks/refs';
import { applyBackend } from '../../stacks/backend';
import { addAwsProvider } from '../../stacks/provider';
import { renderDns } from '../../stacks/dns';
import { renderCutover } from '../../stacks/cutover';
import { renderDigitalOcean } from '../../stacks/digitalocean';
import type { TerraformJson } from '../helpers/synth';

const tempDirs: string[] = [];

export function cleanupTransition(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface RenderedTransition {
  app: App;
  outdir: string;
  stack(role: 'dns' | 'cutover' | 'digitalocean'): TerraformStack;
  /** The stack as cdktf's Testing matchers take it. */
  testingJson(role: 'dns' | 'cutover' | 'digitalocean'): string;
  /** The stack's synthesized cdk.tf.json (after `synth()`). */
  stackJson(role: 'dns' | 'cutover' | 'digitalocean'): TerraformJson;
  stackName(role: 'dns' | 'cutover' | 'digitalocean'): string;
  synth(): void;
}

export function renderTransition(plan: Plan): RenderedTransition {
  const outdir = mkdtempSync(join(tmpdir(), 'dropship-transition-'));
  tempDirs.push(outdir);
  const app = new App({ outdir, skipValidation: false });
  const refs = new RefRegistry();
  const stacks = new Map<string, TerraformStack>();
  for (const stackPlan of plan.stacks) {
    const isAlbStack = stackPlan.role === 'apps' || stackPlan.role === 'platform';
    if (!['network', 'dns', 'cutover', 'digitalocean'].includes(stackPlan.role) && !isAlbStack) continue;
    const stack = new TerraformStack(app, stackPlan.name);
    applyBackend(stack, stackPlan.name, plan.meta.backend);
    const ctx = { plan, stackPlan, refs };
    if (stackPlan.role === 'network') stubNetwork(stack, plan, refs);
    else if (isAlbStack) stubAlb(stack, plan, refs);
    else if (stackPlan.role === 'dns') renderDns(stack, ctx);
    else if (stackPlan.role === 'cutover') renderCutover(stack, ctx);
    else renderDigitalOcean(stack, ctx);
    stacks.set(stackPlan.role, stack);
  }
  const stackName = (role: string) => {
    const s = plan.stacks.find((x) => x.role === role);
    if (!s) throw new Error(`no ${role} stack in ${plan.stacks.map((x) => x.name).join(', ')}`);
    return s.name;
  };
  return {
    app,
    outdir,
    stack: (role) => stacks.get(role) as TerraformStack,
    testingJson: (role) => Testing.synth(stacks.get(role) as TerraformStack),
    stackJson: (role) =>
      JSON.parse(
        readFileSync(join(outdir, 'stacks', stackName(role), 'cdk.tf.json'), 'utf8'),
      ) as TerraformJson,
    stackName,
    synth: () => app.synth(),
  };
}

function stubNetwork(stack: TerraformStack, plan: Plan, refs: RefRegistry): void {
  addAwsProvider(stack, plan.meta);
  plan.digitalocean.natIps.filter(isRef).forEach((ip, i) => {
    const eip = new Eip(stack, `nat-${i}`, { domain: 'vpc' });
    refs.set(ip.ref, eip.publicIp);
  });
}

function stubAlb(stack: TerraformStack, plan: Plan, refs: RefRegistry): void {
  if (refs.has('apps.alb.dns_name')) return;
  addAwsProvider(stack, plan.meta);
  const lb = new Lb(stack, 'alb', {
    name: `${plan.meta.prefix}-alb`.slice(0, 32),
    loadBalancerType: 'application',
  });
  refs.set('apps.alb.dns_name', lb.dnsName);
  refs.set('apps.alb.zone_id', lb.zoneId);
}
