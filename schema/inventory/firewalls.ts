/** Queries over the DigitalOcean Cloud Firewalls of the inventory: the droplets each covers, its port ranges. */
import type { MigrationSpec } from '../spec';

export type FirewallSpec = MigrationSpec['digitalocean']['firewalls'][number];

/**
 * The droplets a DigitalOcean Cloud Firewall covers: those it names and those carrying one of its tags, in
 * that order. A droplet covered by several firewalls gets their union.
 */
export function firewallDroplets(spec: MigrationSpec, fw: FirewallSpec): Set<string> {
  return new Set([...fw.droplets, ...fw.tags.flatMap((t) => dropletsTagged(spec, t))]);
}

/**
 * A firewall rule's `ports` field as one range: `all` and `0` mean every port (`1-65535`), otherwise a port
 * `80` or a range `8000-9000` as given.
 */
export function portRange(ports: string): string {
  return ports === 'all' || ports === '0' ? '1-65535' : ports;
}

/** Whether a firewall rule's `ports` field covers `port`. */
export function portsInclude(ports: string, port: number): boolean {
  const [from, to = from] = portRange(ports).split('-').map(Number);
  return port >= from && port <= to;
}

type RuleSources = NonNullable<FirewallSpec['inbound'][number]['sources']>;

/** The droplets an inbound rule's sources name: by name, by tag, and by a private or public address. */
export function sourceDroplets(spec: MigrationSpec, sources: RuleSources): string[] {
  const byAddress = spec.digitalocean.droplets
    .filter((d) => [d.ipv4.private, d.ipv4.public].some((ip) => ip && sources.addresses.includes(ip)))
    .map((d) => d.name);
  return [...sources.droplets, ...sources.tags.flatMap((t) => dropletsTagged(spec, t)), ...byAddress];
}

/** The inventory's droplets carrying `tag`, in inventory order. */
export function dropletsTagged(spec: MigrationSpec, tag: string): string[] {
  return spec.digitalocean.droplets.filter((d) => d.tags.includes(tag)).map((d) => d.name);
}
