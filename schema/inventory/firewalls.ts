/** Queries over the DigitalOcean Cloud Firewalls of the inventory: the droplets each covers, its port ranges. */
import type { MigrationSpec } from '../spec';

export type FirewallSpec = MigrationSpec['digitalocean']['firewalls'][number];

/**
 * The droplets a DigitalOcean Cloud Firewall covers: those it names and those carrying one of its tags, in
 * that order. A droplet covered by several firewalls gets their union.
 */
export function firewallDroplets(
  spec: MigrationSpec,
  fw: FirewallSpec,
  tagged: DropletsByTag = dropletsByTag(spec),
): Set<string> {
  return new Set([...fw.droplets, ...fw.tags.flatMap((t) => tagged.get(t) ?? [])]);
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
export function sourceDroplets(
  spec: MigrationSpec,
  sources: RuleSources,
  tagged: DropletsByTag = dropletsByTag(spec),
): string[] {
  const addresses = new Set(sources.addresses);
  const byAddress = spec.digitalocean.droplets
    .filter((d) => [d.ipv4.private, d.ipv4.public].some((ip) => ip && addresses.has(ip)))
    .map((d) => d.name);
  return [...sources.droplets, ...sources.tags.flatMap((t) => tagged.get(t) ?? []), ...byAddress];
}

/** The inventory's droplet names by tag, each list in inventory order. */
export type DropletsByTag = ReadonlyMap<string, readonly string[]>;

/**
 * The inventory's droplets by tag, in one pass: a caller asking about many firewalls or rules builds it once
 * and passes it on, rather than scanning every droplet for every tag (at 1,090 droplets and 1,000 apps that
 * scan, once per app, was most of `validate`'s time).
 */
export function dropletsByTag(spec: MigrationSpec): DropletsByTag {
  const byTag = new Map<string, string[]>();
  for (const d of spec.digitalocean.droplets)
    for (const tag of new Set(d.tags)) {
      const names = byTag.get(tag);
      if (names) names.push(d.name);
      else byTag.set(tag, [d.name]);
    }
  return byTag;
}
