/**
 * What Route 53's health check of a DigitalOcean endpoint can probe: the spec's `cutover.healthCheck`
 * (protocol, port) where the inventory says the endpoint answers it, else what the inventory says answers
 * there, else nothing (a located error in schema/rules/cutover-health.ts, before anything is compiled).
 *
 * - A load balancer answers on its forwarding rules' entry ports: HTTPS on an `https`, `http2` or `http3`
 *   rule, HTTP on an `http` rule; a `tcp` rule passes any protocol on its port. A check the rules do not
 *   answer would always fail (an HTTPS:443 check of a load balancer with only HTTP:80 sends every visitor to
 *   AWS from the first split phase on), so the check follows the rules: HTTPS on their TLS port (443 first),
 *   else HTTP on their plain port (80 first). A load balancer whose rules are not listed is probed as asked.
 * - A droplet with DigitalOcean firewalls answers only on the TCP ports their inbound rules admit (from any
 *   source: whether the checkers' addresses are among them is the warning cutover/firewall-blocks-health-checks).
 *   A port they do not admit at all falls back to 443 (HTTPS), then 80 (HTTP). A droplet without a firewall is
 *   probed as asked.
 */
import type { MigrationSpec } from '../spec';
import { indexByName } from './by-name';
import { firewallDroplets, portsInclude } from './firewalls';
import type { DoEndpoint } from './hostnames';

export interface Probe {
  type: 'HTTP' | 'HTTPS';
  port: number;
}

export type ProbeOf =
  | { probe: Probe; derivedBecause?: string }
  | { refused: { path: (string | number)[]; message: string; hint: string } };

/** Entry protocols on which a DigitalOcean load balancer terminates TLS (unless it passes it through). */
export const TLS_ENTRY: ReadonlySet<string> = new Set(['https', 'http2', 'http3']);

export function wantedProbe(spec: MigrationSpec): Probe {
  const hc = (spec.cutover as NonNullable<MigrationSpec['cutover']>).healthCheck;
  return { type: hc.protocol, port: hc.port ?? (hc.protocol === 'HTTPS' ? 443 : 80) };
}

const label = (p: Probe) => `${p.type}:${p.port}`;

export function probeOf(spec: MigrationSpec, e: DoEndpoint, wanted: Probe = wantedProbe(spec)): ProbeOf {
  return e.kind === 'load-balancer'
    ? loadBalancerProbe(spec, e.name, wanted)
    : dropletProbe(spec, e.name, wanted);
}

function loadBalancerProbe(spec: MigrationSpec, name: string, wanted: Probe): ProbeOf {
  const i = indexByName(spec.digitalocean.loadBalancers, name);
  const rules = spec.digitalocean.loadBalancers[i]?.forwardingRules ?? [];
  if (rules.length === 0) return { probe: wanted };
  const answers = (p: Probe) =>
    rules.some(
      (r) =>
        r.entryPort === p.port &&
        (r.entryProtocol === 'tcp' ||
          (p.type === 'HTTPS' ? TLS_ENTRY.has(r.entryProtocol) : r.entryProtocol === 'http')),
    );
  if (answers(wanted)) return { probe: wanted };
  const ports = (protocols: (p: string) => boolean, preferred: number) =>
    rules
      .filter((r) => protocols(r.entryProtocol))
      .map((r) => r.entryPort)
      .sort((a, b) => (a === preferred ? -1 : b === preferred ? 1 : a - b));
  const tls = ports((p) => TLS_ENTRY.has(p), 443);
  const plain = ports((p) => p === 'http', 80);
  const because = `load balancer ${name} forwards ${rules.map((r) => `${r.entryProtocol}:${r.entryPort}`).join(', ')}, not ${label(wanted)}`;
  if (tls.length > 0) return { probe: { type: 'HTTPS', port: tls[0] }, derivedBecause: because };
  if (plain.length > 0) return { probe: { type: 'HTTP', port: plain[0] }, derivedBecause: because };
  return {
    refused: {
      path: ['digitalocean', 'loadBalancers', i, 'forwardingRules'],
      message: `${because}: a Route 53 HTTP or HTTPS health check of it would always fail, and the cutover would take it out of DNS at every phase`,
      hint: `set cutover.healthCheck to a protocol and port it answers, or list its HTTP/HTTPS forwarding rules as DigitalOcean has them`,
    },
  };
}

function dropletProbe(spec: MigrationSpec, name: string, wanted: Probe): ProbeOf {
  const covering = spec.digitalocean.firewalls
    .map((fw, i) => ({ fw, i }))
    .filter(({ fw }) => firewallDroplets(spec, fw).has(name));
  if (covering.length === 0) return { probe: wanted };
  const admits = (port: number) =>
    covering.some(({ fw }) => fw.inbound.some((r) => r.protocol === 'tcp' && portsInclude(r.ports, port)));
  if (admits(wanted.port)) return { probe: wanted };
  const because = `the firewalls of droplet ${name} (${covering.map(({ fw }) => fw.name).join(', ')}) admit no TCP on port ${wanted.port}`;
  if (admits(443)) return { probe: { type: 'HTTPS', port: 443 }, derivedBecause: because };
  if (admits(80)) return { probe: { type: 'HTTP', port: 80 }, derivedBecause: because };
  return {
    refused: {
      path: ['digitalocean', 'firewalls', covering[0].i, 'inbound'],
      message: `${because}, nor on 443 or 80: a Route 53 health check of it would always fail, and the cutover would take it out of DNS at every phase`,
      hint: 'set cutover.healthCheck.port (and protocol) to a port its firewalls admit from 0.0.0.0/0, or add that inbound rule at DigitalOcean and in the inventory',
    },
  };
}
