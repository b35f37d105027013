/**
 * The app tier's stacks. Layout `single`: one `apps` stack with the platform (cluster, ALB, namespace) and
 * every app. Layout `per-app`: a `platform` stack plus one `app-<name>` stack per app, so each app plans
 * and applies on its own (cross-stack references carry the cluster, listener and namespace over).
 */
import type { TerraformStack } from 'cdktf';
import type { StackContext } from './context';
import { findByName } from '../schema/inventory/by-name';
import { addAwsProvider } from './provider';
import { renderPlatform } from './apps/platform';
import { renderAppResources } from './apps/app';
import { renderDistributions } from './cdn';

export function renderAppsStack(stack: TerraformStack, ctx: StackContext): void {
  const { plan, refs } = ctx;
  addAwsProvider(stack, plan.meta);
  const capacityProviders = renderPlatform(stack, plan.apps, refs);
  for (const app of plan.apps.apps)
    renderAppResources(stack, app, refs, capacityProviders, route53HealthOf(plan, app.name));
  renderDistributions(stack, ctx);
}

export function renderPlatformStack(stack: TerraformStack, ctx: StackContext): void {
  addAwsProvider(stack, ctx.plan.meta);
  renderPlatform(stack, ctx.plan.apps, ctx.refs);
  renderDistributions(stack, ctx);
}

export function renderAppStack(stack: TerraformStack, ctx: StackContext): void {
  const { plan, stackPlan, refs } = ctx;
  const app = stackPlan.app === undefined ? undefined : findByName(plan.apps.apps, stackPlan.app);
  if (!app)
    throw new Error(
      `stack ${stackPlan.name}: no app ${stackPlan.app ?? '(none)'} in the plan (a dropship bug: please report it)`,
    );
  addAwsProvider(stack, plan.meta, { tags: { app: app.name } });
  renderAppResources(stack, app, refs, undefined, route53HealthOf(plan, app.name));
}

/** The app's Route 53 alarm and check (two for blue/green), which live beside its target groups. */
const route53HealthOf = (plan: StackContext['plan'], app: string) =>
  (plan.cutover?.appHealth ?? []).filter((h) => h.app === app);
