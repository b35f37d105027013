/**
 * The cutover stack: the Route 53 weighted records and the DigitalOcean health checks of the current
 * phase. Changing `cutover.current` changes only this stack (weights, and the side created or removed at
 * 0 % and 100 %), so a phase move or a rollback is a small, reviewable plan.
 */
import {
  App,
  DataTerraformRemoteStateLocal,
  DataTerraformRemoteStateS3,
  TerraformStack,
  type TerraformRemoteState,
} from 'cdktf';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import type { RemoteOutputsPlan } from '../compiler/model/cutover';
import { weightedRecordId } from '../compiler/cutover-swap';
import type { BackendPlan } from '../compiler/model';
import { isRef, refId } from '../compiler/refs';
import { type Value } from '../compiler/model/refs';
import { resolveText } from './apps/text';
import { localStatePath, s3StateKey } from './backend';
import type { StackContext } from './context';
import { addAwsProvider } from './provider';
import { renderAwsHealth } from './cutover-health';

export function renderCutover(stack: TerraformStack, ctx: StackContext): void {
  const { plan, refs } = ctx;
  const cutover = plan.cutover;
  if (!cutover) return;
  addAwsProvider(stack, plan.meta);
  // One terraform_remote_state per producer stack: the ALB's outputs and the health alarms' dimensions.
  const readers = byStack([cutover.albState, ...(cutover.awsHealth?.states ?? [])]).map((state) =>
    readOutputs(stack, state, plan.meta.backend),
  );
  const fromStates = (value: Value) =>
    readers.reduce<string | undefined>((v, read) => v ?? read(value), undefined);
  const aliasRefs = { resolve: (value: Value) => fromStates(value) ?? refs.resolve(value) };
  // A reference, or text with references embedded (`dualstack.<ALB DNS name>`), each read like a lone one.
  const resolveAlias = (value: Value) =>
    isRef(value) ? aliasRefs.resolve(value) : resolveText(value, aliasRefs);
  const checks = new Map<string, string>();
  for (const hc of cutover.healthChecks) {
    const check = new Route53HealthCheck(stack, `health-${hc.key}`, {
      ipAddress: hc.ipAddress,
      fqdn: hc.fqdn,
      // Route 53 sends the fqdn as SNI only when asked; name-based TLS vhosts need it.
      enableSni: hc.type === 'HTTPS' && hc.fqdn !== undefined ? true : undefined,
      type: hc.type,
      port: hc.port,
      resourcePath: hc.resourcePath,
      failureThreshold: hc.failureThreshold,
      requestInterval: hc.requestInterval,
      tags: { Name: hc.name },
      lifecycle: { createBeforeDestroy: hc.createBeforeDestroy },
    });
    // The applied check at its former address keeps its id (and the records keep naming it).
    if (hc.movedFrom !== undefined) check.moveFromId(`aws_route53_health_check.health-${hc.movedFrom}`);
    checks.set(hc.key, check.id);
  }
  if (cutover.awsHealth)
    for (const [key, check] of renderAwsHealth(stack, cutover.awsHealth, aliasRefs.resolve))
      checks.set(key, check);
  for (const r of cutover.records) {
    const healthCheck = r.healthCheck ? checks.get(r.healthCheck) : undefined;
    if (r.healthCheck && !healthCheck)
      throw new Error(
        `cutover record ${r.key}: no health check ${r.healthCheck} (a dropship bug: please report it)`,
      );
    new Route53Record(stack, weightedRecordId(r.key), {
      zoneId: refs.resolve(r.zoneId),
      name: r.name,
      type: r.type,
      setIdentifier: r.setIdentifier,
      weightedRoutingPolicy: { weight: r.weight },
      ttl: r.alias ? undefined : r.ttl,
      // A CDN host name's AWS side names the distribution's domain name, read from the ALB's stack's state.
      records: r.alias ? undefined : r.records?.map((v) => resolveAlias(v)),
      healthCheckId: healthCheck,
      alias: r.alias
        ? {
            name: resolveAlias(r.alias.name),
            zoneId: resolveAlias(r.alias.zoneId),
            evaluateTargetHealth: r.alias.evaluateTargetHealth,
          }
        : undefined,
    });
  }
}

/** The states to read, one per stack, each with every output read from it. */
function byStack(states: (RemoteOutputsPlan | undefined)[]): RemoteOutputsPlan[] {
  const out = new Map<string, RemoteOutputsPlan>();
  for (const s of states) {
    if (!s) continue;
    const merged = out.get(s.stack);
    out.set(s.stack, merged ? { stack: s.stack, outputs: [...merged.outputs, ...s.outputs] } : s);
  }
  return [...out.values()];
}

/**
 * An explicit `terraform_remote_state` of the producer stack, named after it, reading outputs the producer
 * always exports. Returns a resolver for the references it covers (undefined for any other value).
 */
function readOutputs(
  stack: TerraformStack,
  source: RemoteOutputsPlan,
  backend: BackendPlan,
): (value: Value) => string | undefined {
  const state: TerraformRemoteState =
    backend.type === 's3'
      ? new DataTerraformRemoteStateS3(stack, source.stack, {
          bucket: backend.bucket,
          key: s3StateKey(backend, source.stack),
          region: backend.region,
        })
      : new DataTerraformRemoteStateLocal(stack, source.stack, {
          path: localStatePath(backend, source.stack),
        });
  // Deploy order for `cdktf deploy`: no token crosses stacks here, so cdktf would not infer it.
  const producer = App.of(stack).node.tryFindChild(source.stack);
  if (producer instanceof TerraformStack) stack.addDependency(producer);
  const outputs = new Map(source.outputs.map((o) => [refId(o.value), o.output]));
  return (value) => {
    const output = isRef(value) ? outputs.get(refId(value)) : undefined;
    return output === undefined ? undefined : state.getString(output);
  };
}
