/**
 * Egress from the app groups to DigitalOcean while the move is under way, derived from the spec: the
 * DigitalOcean databases and caches an app keeps using until 100 % (cutover.dataMode
 * digitalocean-until-100), and the ports of droplets that stay on DigitalOcean that the app's droplets reach
 * today (what the digitalocean stack's `from-aws` firewall opens to the NAT IPs). They leave through the NAT
 * gateways; the rules refuse both without one (data-mode-needs-nat, staying-droplet-needs-nat).
 *
 * They render like `apps[].egress` (one rule per destination on the app's own group, keyed by destination,
 * so a declared entry with the same port and CIDR is the same rule and EC2 sees no duplicate).
 */
import { dataModeOf, doStoreNeeds, stayingDropletNeeds } from '../../schema/inventory/data-mode';
import type { MigrationSpec } from '../../schema/spec';
import type { SgEdge } from '../model';
import { INTERNET, appKey } from '../group-keys';
import type { EdgesOf } from './sides';

/** The key suffix apps[].egress gives a CIDR destination (declaredAppEgress): one rule per port and CIDR. */
const cidrSuffix = (cidr: string) => cidr.replace(/[.:/]/g, '-');

export function digitalOceanEgress(spec: MigrationSpec): EdgesOf {
  const out: EdgesOf = { edges: [], decisions: [] };
  const mode = dataModeOf(spec);
  for (const { app, needs } of doStoreNeeds(spec)) {
    // One rule per port and destination: several clusters on 0.0.0.0/0:25060 are one rule naming them all.
    const byRule = new Map<string, { port: number; cidr: string; anyAddress: boolean; what: string[] }>();
    for (const n of needs) {
      const key = `${n.port} ${n.cidr}`;
      const entry = byRule.get(key) ?? { port: n.port, cidr: n.cidr, anyAddress: n.anyAddress, what: [] };
      entry.what.push(`${n.source.name} (${n.kind} ${n.target})`);
      byRule.set(key, entry);
    }
    const opened: string[] = [];
    for (const { port, cidr, anyAddress, what } of byRule.values()) {
      const note = `DigitalOcean ${what.join(', ')} until the data moves at 100 %`;
      out.edges.push({
        from: appKey(app),
        to: INTERNET,
        protocol: 'tcp',
        port,
        cidrs: { ipv4: cidr },
        keySuffix: cidrSuffix(cidr),
        only: 'egress',
        note,
        reason:
          `${app} writes to ${what.join(', ')} on DigitalOcean until 100 % (cutover.dataMode digitalocean-until-100), ` +
          `through NAT: TCP ${port} to ${cidr}` +
          (anyAddress
            ? ' (the inventory gives the cluster a host name, not an address, so any address on that port alone)'
            : ''),
      });
      opened.push(`TCP ${port} to ${cidr}`);
    }
    out.decisions.push({
      subject: `security.egress.${app}.digitalocean-data`,
      choice: `${app} may connect out on ${opened.join(', ')} (its DigitalOcean databases and caches)`,
      rule:
        `cutover.dataMode digitalocean-until-100 (${mode?.reason}): the tasks use the DigitalOcean clusters until ` +
        'the data moves at 100 %, on the cluster port (DigitalOcean: 25060 for MySQL and PostgreSQL, 25061 for ' +
        'Redis and Valkey and for PostgreSQL connection pools, which need apps[].egress); to the cluster address ' +
        'when the inventory host is one, else 0.0.0.0/0 on that port only, since a security group takes no host ' +
        'names and a cluster’s addresses may change. The digitalocean stack trusts the NAT IPs on the clusters',
    });
  }
  for (const { app, needs } of stayingDropletNeeds(spec)) {
    const opened: string[] = [];
    for (const n of needs) {
      if (n.ipv4 === undefined) continue; // warned: staying-droplet-without-address
      const [from, to = from] = n.ports.split('-').map(Number);
      const cidr = `${n.ipv4}/32`;
      const what = `${n.protocol.toUpperCase()} ${n.ports}`;
      const edge: SgEdge = {
        from: appKey(app),
        to: INTERNET,
        protocol: n.protocol,
        port: from,
        ...(to === from ? {} : { toPort: to }),
        cidrs: { ipv4: cidr },
        keySuffix: cidrSuffix(cidr),
        only: 'egress',
        note: `droplet ${n.droplet} stays on DigitalOcean`,
        reason: `${app}'s droplets reach ${n.droplet} on ${what} today (it stays on DigitalOcean): ${what} to ${cidr}, through NAT`,
      };
      out.edges.push(edge);
      opened.push(`${what} to ${n.droplet} (${cidr})`);
    }
    if (opened.length > 0)
      out.decisions.push({
        subject: `security.egress.${app}.staying-droplets`,
        choice: `${app} may connect out on ${opened.join(', ')}`,
        rule:
          'what an app’s droplets reach today on a droplet that stays on DigitalOcean (an inbound rule of its ' +
          'firewalls naming them by droplet, tag or address), its tasks reach at the droplet’s public IPv4 ' +
          'through NAT; the digitalocean stack’s from-aws firewall admits the NAT IPs on those ports',
      });
  }
  return out;
}
