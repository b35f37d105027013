/** Cloud Map: the environment's private DNS namespace, and a discovery service per internal app. */
import type { AppSpec } from '../../schema/spec';
import type { CompileContext } from '../context';
import type { AppPlan, AppsPlan } from '../model/apps';
import type { NetworkPlan } from '../model/network';
import { ref } from '../refs';
import type { AppContext } from './context';
import { platformAddresses } from '../app-addresses';

type InternalExposure = Extract<NonNullable<AppSpec['expose']>, { internal: unknown }>['internal'];

export const internalExposure = (app: AppSpec): InternalExposure | undefined =>
  app.expose && 'internal' in app.expose ? app.expose.internal : undefined;

/** `<prefix>.local` in the VPC, when some app is internal. */
export function namespacePlan(ctx: CompileContext, network: NetworkPlan): AppsPlan['namespace'] {
  if (!ctx.spec.apps.some((a) => a.expose && 'internal' in a.expose)) return undefined;
  return {
    name: `${ctx.prefix}.local`,
    vpcId: network.vpcId,
    address: platformAddresses(ctx).namespace,
  };
}

export function discoveryPlan(
  { ctx, app, keys, platform, decisions }: AppContext,
  internal: InternalExposure,
): NonNullable<AppPlan['discovery']> {
  decisions.push({
    subject: `apps.${app.name}.discovery`,
    choice: `${app.name}.${ctx.prefix}.local:${internal.port}`,
    rule: 'internal apps are found through Cloud Map private DNS (A records of the tasks) in the VPC',
  });
  // 10 s: callers re-resolve soon after a task is replaced. MULTIVALUE: every healthy task answers, not one.
  return {
    name: app.name,
    address: keys.addresses.discovery,
    namespaceId: ref(platform.namespace, 'id'),
    ttl: 10,
    routingPolicy: 'MULTIVALUE',
  };
}
