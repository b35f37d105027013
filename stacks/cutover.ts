/**
 * The cutover stack: the Route 53 weighted records and the DigitalOcean health checks of the current
 * phase. Changing `cutover.current` changes only this stack (weights, and the side created or removed at
 * 0 % and 100 %), so a phase move or a rollback is a small, reviewable plan.
 */
import type { TerraformStack } from 'cdktf';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import type { StackContext } from './index';
import { addAwsProvider } from './provider';

export function renderCutover(stack: TerraformStack, ctx: StackContext): void {
  const { plan, refs } = ctx;
  const cutover = plan.cutover;
  if (!cutover) return;
  addAwsProvider(stack, plan.meta);
  const checks = new Map<string, Route53HealthCheck>();
  for (const hc of cutover.healthChecks) {
    checks.set(
      hc.key,
      new Route53HealthCheck(stack, `health-${hc.key}`, {
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
      }),
    );
  }
  for (const r of cutover.records) {
    const healthCheck = r.healthCheck ? checks.get(r.healthCheck) : undefined;
    if (r.healthCheck && !healthCheck)
      throw new Error(`cutover record ${r.key}: no health check ${r.healthCheck}`);
    new Route53Record(stack, `weighted-${r.key}`, {
      zoneId: refs.resolve(r.zoneId),
      name: r.name,
      type: r.type,
      setIdentifier: r.setIdentifier,
      weightedRoutingPolicy: { weight: r.weight },
      ttl: r.alias ? undefined : r.ttl,
      records: r.alias ? undefined : r.records,
      healthCheckId: healthCheck?.id,
      alias: r.alias
        ? {
            name: refs.resolve(r.alias.name),
            zoneId: refs.resolve(r.alias.zoneId),
            evaluateTargetHealth: r.alias.evaluateTargetHealth,
          }
        : undefined,
    });
  }
}
