/**
 * Renders the app-tier stacks on their own: references to other stacks (network, registry, data, dns)
 * resolve to plausible literals, so the apps stack synthesizes, validates and plans without its upstreams.
 */
import { App, TerraformStack, Testing } from 'cdktf';
import type { Plan } from '../../compiler/model';
import { isRef, refId } from '../../compiler/refs';
import type { Ref, Value } from '../../compiler/model/refs';
import { RefRegistry } from '../../stacks/refs';
import { renderAppStack, renderAppsStack, renderPlatformStack } from '../../stacks/apps';
import { applyBackend } from '../../stacks/backend';

export const FAKE_ACCOUNT = '123456789012';

/** A plausible literal for a reference to another stack's resource, by its type and name. */
export function fakeOf(r: Ref, plan: Plan): string {
  const { type, name } = r.to;
  if (type === 'aws_vpc') return 'vpc-0123456789abcdef0';
  if (type === 'aws_kms_key')
    return `arn:aws:kms:us-east-1:${FAKE_ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
  if (type === 'aws_ecr_repository') {
    const repository = plan.registry.repositories.find((repo) => repo.address.name === name)!.name;
    return r.attribute === 'repository_url'
      ? `${FAKE_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/${repository}`
      : `arn:aws:ecr:us-east-1:${FAKE_ACCOUNT}:repository/${repository}`;
  }
  if (type === 'aws_secretsmanager_secret')
    return `arn:aws:secretsmanager:us-east-1:${FAKE_ACCOUNT}:secret:${name.replace(/^secret-/, '')}-AbCdEf`;
  if (r.attribute === 'port') return '3306';
  if (
    type === 'aws_db_instance' ||
    type === 'aws_rds_cluster' ||
    type === 'aws_elasticache_replication_group'
  )
    return `${name}.abcdefghij.us-east-1.rds.amazonaws.com`;
  if (type === 'aws_route53_zone') return 'Z0123456789ABCDEFGHIJ';
  // the network stack's account id (local.account_id): the ALB log writer's prefix names it
  if (type === 'local' && name === 'account_id') return FAKE_ACCOUNT;
  if (type === 'aws_security_group')
    return `sg-0${Buffer.from(name.replace(/^sg-/, '')).toString('hex').slice(0, 16).padEnd(16, '0')}`;
  if (type === 'aws_subnet') {
    const [, tier, index] = /^subnet-(public|private)-(\d+)$/.exec(name)!;
    return `subnet-0${tier === 'public' ? 'a' : 'b'}${index}00000000000000`;
  }
  throw new Error(`no fake for ${refId(r)}`);
}

/** The app tier's stacks: references to their resources resolve to the real tokens. */
const APP_TIER = /-(apps|platform|app-[a-z0-9-]+)\//;

/** A registry that answers upstream references with fakes and app-tier ones with the real tokens. */
export class FakeUpstreamRefs extends RefRegistry {
  constructor(private readonly plan: Plan) {
    super();
  }

  override resolve(value: Value): string {
    if (isRef(value) && !APP_TIER.test(refId(value)) && !this.has(value)) return fakeOf(value, this.plan);
    return super.resolve(value);
  }
}

/** Synthesizes the app-tier stacks of a plan (by its stack plan roles) into cdktf Testing JSON strings. */
export function synthAppStacks(plan: Plan): Record<string, string> {
  const out: Record<string, string> = {};
  const refs = new FakeUpstreamRefs(plan);
  const app = Testing.app();
  const stacks: [string, TerraformStack][] = [];
  for (const stackPlan of plan.stacks) {
    if (!['apps', 'platform', 'app'].includes(stackPlan.role)) continue;
    const stack = new TerraformStack(app, stackPlan.name);
    const ctx = { plan, stackPlan, refs };
    if (stackPlan.role === 'apps') renderAppsStack(stack, ctx);
    else if (stackPlan.role === 'platform') renderPlatformStack(stack, ctx);
    else renderAppStack(stack, ctx);
    stacks.push([stackPlan.name, stack]);
  }
  for (const [name, stack] of stacks) out[name] = Testing.synth(stack);
  return out;
}

/** Writes the app-tier stacks to `outdir` as a real cdktf App (for terraform). */
export function writeAppStacks(plan: Plan, outdir: string): void {
  const refs = new FakeUpstreamRefs(plan);
  const app = new App({ outdir, skipValidation: false });
  for (const stackPlan of plan.stacks) {
    if (!['apps', 'platform', 'app'].includes(stackPlan.role)) continue;
    const stack = new TerraformStack(app, stackPlan.name);
    applyBackend(stack, stackPlan.name, plan.meta.backend);
    const ctx = { plan, stackPlan, refs };
    if (stackPlan.role === 'apps') renderAppsStack(stack, ctx);
    else if (stackPlan.role === 'platform') renderPlatformStack(stack, ctx);
    else renderAppStack(stack, ctx);
  }
  app.synth();
}
