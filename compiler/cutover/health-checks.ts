/**
 * The Route 53 health checks of the DigitalOcean side: one per hostname, endpoint and address family, each
 * sending its hostname as Host header and SNI (a wildcard: a concrete name it covers, probeName).
 */
import { type DoEndpoint, healthCheckKey, perAppHealthCheckKey } from '../../schema/inventory/hostnames';
import { probeName } from '../../schema/inventory/health-target';
import { isWildcardHost } from '../../schema/inventory/listener-rules';
import type { CutoverSpec, MigrationSpec } from '../../schema/spec';
import { probeOf, type Probe } from '../../schema/inventory/do-probe';
import type { CutoverHostname, HealthCheckPlan } from '../model';
import { hostnamePath } from './health-path';

export interface ResolvedHealthCheck {
  type: 'HTTP' | 'HTTPS';
  port: number;
  /** The hostname's check path: its app's health path, or an explicit cutover path (health-path.ts). */
  pathFor(h: CutoverHostname): string;
  failureThreshold: number;
  requestInterval: number;
  /**
   * What the endpoint's check probes: `type` and `port` where the inventory says the endpoint answers them,
   * else what answers there (schema/inventory/do-probe.ts; the rules refused an endpoint with neither).
   */
  probeFor(e: DoEndpoint): Probe & { derivedBecause?: string };
}

export function resolveHealthCheck(cutover: CutoverSpec, spec: MigrationSpec): ResolvedHealthCheck {
  const hc = cutover.healthCheck;
  const wanted: Probe = { type: hc.protocol, port: hc.port ?? (hc.protocol === 'HTTPS' ? 443 : 80) };
  return {
    ...wanted,
    probeFor: (e) => {
      const found = probeOf(spec, e, wanted);
      return 'probe' in found ? { ...found.probe, derivedBecause: found.derivedBecause } : wanted;
    },
    pathFor: (h) => hostnamePath(spec, cutover, h).path,
    failureThreshold: hc.failureThreshold,
    requestInterval: hc.interval,
  };
}

/** The health check a DigitalOcean record of one hostname, type and endpoint names. */
interface PlannedCheck {
  hostname: CutoverHostname;
  type: 'A' | 'AAAA';
  endpoint: DoEndpoint;
  /** Each address family is probed on its own address: an AAAA record follows the endpoint's IPv6. */
  family: 'ipv4' | 'ipv6';
  /**
   * The check's name in the plan and the stack (`health-<key>`), from what it probes (hostname, endpoint,
   * family): records with the same key share one check.
   */
  key: string;
  /** The key the check had when checks were per app (`<app>-<endpoint>`): where a `moved` block starts. */
  perAppKey: string;
}

/** Every DigitalOcean record's check, by hostname, then record type, then endpoint (the records' order). */
export function* plannedChecks(hostnames: CutoverHostname[]): Generator<PlannedCheck> {
  for (const h of hostnames)
    for (const type of h.types)
      for (const endpoint of h.endpoints) {
        const family = type === 'A' ? 'ipv4' : 'ipv6';
        yield {
          hostname: h,
          type,
          endpoint,
          family,
          key: healthCheckKey(h.hostname, endpoint, family),
          perAppKey: perAppHealthCheckKey(h.app, endpoint, family),
        };
      }
}

/**
 * Each app's Host header when checks were per app: its first concrete hostname. Only to tell which of a
 * per-app check's hostnames keeps its state (the `moved` block): the one whose name it already sent.
 */
export function perAppHostHeaders(hostnames: CutoverHostname[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const x of hostnames) if (!out.has(x.app) && !isWildcardHost(x.hostname)) out.set(x.app, x.hostname);
  return out;
}

export function healthCheckFor(
  { hostname: h, endpoint: e, family, key }: PlannedCheck,
  hc: ResolvedHealthCheck,
): HealthCheckPlan {
  const fqdn = probeName(h);
  // Only reached for AAAA records, which exist only when every endpoint has IPv6.
  const ipAddress = family === 'ipv4' ? e.ipv4 : (e.ipv6 as string);
  const probe = hc.probeFor(e);
  return {
    key,
    name: `${h.hostname} on ${e.kind} ${e.name} (${ipAddress})`,
    ipAddress,
    fqdn,
    type: probe.type,
    port: probe.port,
    resourcePath: hc.pathFor(h),
    failureThreshold: hc.failureThreshold,
    requestInterval: hc.requestInterval,
    createBeforeDestroy: true,
  };
}
