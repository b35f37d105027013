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
import type { Decision, SgEdge } from '../model';
import { INTERNET, appKey } from '../group-keys';
import type { EdgesOf } from './sides';

/** The key suffix apps[].egress gives a CIDR destination (declaredAppEgress): one rule per port and CIDR. */
const cidrSuffix = (cidr: string) => cidr.replace(/[.:/]/g, '-');

export function digitalOceanEgress(spec: MigrationSpec): EdgesOf {
  const out: EdgesOf = { edges: [], decisions: [] };
  const mode = dataModeOf(spec);
  const storeNeeds = doStoreNeeds(spec);
  const byHostname = anyAddressDecision(storeNeeds);
  if (byHostname) out.decisions.push(byHostname);
  for (const { app, needs } of storeNeeds) {
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
      choice: `${app} may connect out on ${opened.join(', ')} (its DigitalOcean databases and caches, until cutover.dataMoved)`,
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

/**
 * Why the egress to the DigitalOcean clusters goes to 0.0.0.0/0 on their ports: the inventory knows them by
 * hostname only. Stated once, for every cluster it applies to, so a reviewer sees the wide destination with
 * its reason and what narrows the path instead.
 */
function anyAddressDecision(storeNeeds: ReturnType<typeof doStoreNeeds>): Decision | undefined {
  const clusters = new Map<string, { host: string; port: number }>();
  for (const { needs } of storeNeeds)
    for (const n of needs)
      if (n.anyAddress)
        clusters.set(n.source.name, { host: n.source.host ?? '(no host in the inventory)', port: n.port });
  if (clusters.size === 0) return undefined;
  const ports = [...new Set([...clusters.values()].map((c) => c.port))].sort((a, b) => a - b);
  const names = [...clusters.entries()].map(([name, c]) => `${name} (${c.host}:${c.port})`);
  return {
    subject: 'security.egress.digitalocean-data.destination',
    choice: `TCP ${ports.join(', ')} to 0.0.0.0/0, not a cluster address, for ${names.join(', ')}, until cutover.dataMoved`,
    rule:
      'DigitalOcean managed clusters are known only by hostname: the inventory and the cluster’s connection details give a ' +
      'host name (…db.ondigitalocean.com), not an address DigitalOcean keeps fixed, and a security group rule takes CIDRs ' +
      'or prefix lists, never host names. So the rule is narrowed by port alone; the other end is narrowed by the ' +
      'cluster’s trusted sources (the NAT IPs, which the digitalocean stack adds) and by TLS verified against the ' +
      'cluster’s CA. An inventory host written as an IPv4 address gets a /32 rule instead (which breaks if ' +
      'DigitalOcean moves the cluster). The rules go away when cutover.dataMoved is set and the network stack is applied',
  };
}
