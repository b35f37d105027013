/**
 * DigitalOcean firewalls that would keep Route 53's health checkers from the droplets the cutover weights.
 */
import { firewallDroplets, type FirewallSpec, portsInclude } from '../../schema/inventory/firewalls';
import type { MigrationSpec } from '../../schema/spec';
import type { Finding } from '../findings';
import type { CutoverHostname } from '../model';
import type { DoEndpoint } from '../../schema/inventory/hostnames';

/** The address Route 53's health checkers need admitted, per family (they come from AWS's ranges). */
const ANY_ADDRESS = { ipv4: '0.0.0.0/0', ipv6: '::/0' } as const;

/**
 * A warning per DigitalOcean firewall (and address family) that covers droplets the cutover weights but
 * lets no health checker reach the check's port: no inbound TCP rule on it from 0.0.0.0/0 (IPv4 checks) or
 * ::/0 (the AAAA records' IPv6 checks) in any firewall of the droplet (DigitalOcean applies the union of a
 * droplet's firewalls). Load balancers are not covered by Cloud Firewalls and are left out.
 */
export function firewallsBlockingHealthChecks(
  spec: MigrationSpec,
  hostnames: CutoverHostname[],
  portOf: (droplet: DoEndpoint) => number,
): Finding[] {
  const families = new Map<string, Set<'ipv4' | 'ipv6'>>();
  const ports = new Map<string, number>();
  for (const h of hostnames)
    for (const e of h.endpoints.filter((x) => x.kind === 'droplet')) {
      ports.set(e.name, portOf(e));
      const set = families.get(e.name) ?? new Set();
      set.add('ipv4');
      if (h.types.includes('AAAA')) set.add('ipv6');
      families.set(e.name, set);
    }
  const { firewalls } = spec.digitalocean;
  const covered = new Map(firewalls.map((fw) => [fw, firewallDroplets(spec, fw)]));
  const covering = (name: string) => firewalls.filter((fw) => covered.get(fw)?.has(name));
  // Per firewall and checked port (each droplet's check follows what its firewalls admit: do-probe.ts).
  const blocked = new Map<FirewallSpec, Map<number, { ipv4: string[]; ipv6: string[] }>>();
  for (const [droplet, wanted] of families)
    for (const family of wanted) {
      const port = ports.get(droplet) as number;
      const own = covering(droplet);
      if (own.length === 0 || own.some((fw) => admits(fw, port, ANY_ADDRESS[family]))) continue;
      for (const fw of own) {
        const byPort = blocked.get(fw) ?? new Map<number, { ipv4: string[]; ipv6: string[] }>();
        const entry = byPort.get(port) ?? { ipv4: [], ipv6: [] };
        entry[family].push(droplet);
        byPort.set(port, entry);
        blocked.set(fw, byPort);
      }
    }
  const warnings: Finding[] = [];
  firewalls.forEach((fw, i) => {
    for (const [port, entry] of blocked.get(fw) ?? [])
      for (const family of ['ipv4', 'ipv6'] as const) {
        if (entry[family].length === 0) continue;
        const cidr = ANY_ADDRESS[family];
        const check =
          family === 'ipv4' ? 'IPv4 health check (A records)' : 'IPv6 health check (AAAA records)';
        warnings.push({
          severity: 'warning',
          code: 'cutover/firewall-blocks-health-checks',
          path: ['digitalocean', 'firewalls', i],
          message:
            `firewall ${fw.name} covers ${entry[family].join(', ')} (weighted in the cutover) with no inbound TCP ` +
            `rule on port ${port} from ${cidr}, in it or another firewall of the droplet: Route 53 health checkers ` +
            `connect from AWS's published ranges; without an inbound rule for them the ${check} fails and the ` +
            'cutover takes the droplet out of DNS',
          hint:
            `add an inbound rule { protocol: tcp, ports: "${port}", sources: { addresses: ["${cidr}"] } }, or one for ` +
            'the ROUTE53_HEALTHCHECKS ranges of https://ip-ranges.amazonaws.com/ip-ranges.json (dropship cannot ' +
            'know those ranges offline, so then this warning stays: a warning never fails a command)',
        });
      }
  });
  return warnings;
}

/** Whether one of the firewall's inbound rules lets TCP from `cidr` reach `port`. */
function admits(fw: FirewallSpec, port: number, cidr: string): boolean {
  return fw.inbound.some(
    (rule) =>
      rule.protocol === 'tcp' &&
      portsInclude(rule.ports, port) &&
      (rule.sources?.addresses ?? []).includes(cidr),
  );
}
