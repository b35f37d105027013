/** An app's declared egress, as the rules and the security part read it. */
import { isIPv4 } from 'node:net';
import type { EgressSpec, MigrationSpec } from '../spec';
import { findByName } from './by-name';

/** An egress entry's ports: `port`, or the range `ports`; undefined when it gives both or neither. */
export function egressPorts(rule: EgressSpec): { from: number; to: number } | undefined {
  if (rule.port !== undefined)
    return rule.ports === undefined ? { from: rule.port, to: rule.port } : undefined;
  if (rule.ports === undefined) return undefined;
  const [from, to] = rule.ports.split('-').map(Number);
  return { from, to };
}

/** Where an egress entry goes, resolved against the inventory: CIDRs and prefix lists as the rules render them. */
export type EgressDestination =
  | { kind: 'cidr'; cidr: string; text: string; keySuffix: string }
  | { kind: 'prefix-list'; id: string; text: string; keySuffix: string };

const cidrKey = (cidr: string) => cidr.replace(/[.:/]/g, '-');
const cidrDestination = (cidr: string, text = cidr): EgressDestination => ({
  kind: 'cidr',
  cidr,
  text,
  keySuffix: cidrKey(cidr),
});

/**
 * The destinations of an entry: each CIDR, the prefix list, a droplet's public IPv4 /32, or a DigitalOcean
 * database's address /32 (0.0.0.0/0 when the inventory knows it by hostname only). A name the inventory lacks,
 * or a droplet without ipv4.public, resolves to nothing: the rules refuse both (egress-destination).
 */
export function egressDestinations(spec: MigrationSpec, rule: EgressSpec): EgressDestination[] {
  const to = rule.to;
  if ('cidrs' in to) return to.cidrs.map((cidr) => cidrDestination(cidr));
  if ('prefixList' in to)
    return [
      {
        kind: 'prefix-list',
        id: to.prefixList,
        text: `prefix list ${to.prefixList}`,
        keySuffix: to.prefixList,
      },
    ];
  if ('droplet' in to) {
    const address = findByName(spec.digitalocean.droplets, to.droplet)?.ipv4?.public;
    return address === undefined
      ? []
      : [cidrDestination(`${address}/32`, `droplet ${to.droplet} (${address}/32)`)];
  }
  const db = findByName(spec.digitalocean.databases, to.database);
  if (!db) return [];
  const cidr = db.host !== undefined && isIPv4(db.host) ? `${db.host}/32` : '0.0.0.0/0';
  return [cidrDestination(cidr, `DigitalOcean database ${to.database} (${cidr})`)];
}
