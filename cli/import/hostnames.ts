/**
 * Which public host names reach which DigitalOcean resource: A/AAAA records of the imported domains whose
 * address is a load balancer's IP, a droplet's public IP or a reserved IP assigned to a droplet, plus
 * CNAMEs in those zones that point at such a name.
 */
import type { Inventory } from './inventory';
import type { RawInventory } from './raw';

/** `lb:<name>` or `droplet:<name>` (inventory names). */
export type Owner = string;

const HOSTNAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export function hostnamesByOwner(raw: RawInventory, inventory: Inventory): Map<Owner, string[]> {
  const ownerOfIp = new Map<string, Owner>();
  for (const lb of inventory.section.loadBalancers) {
    if (lb.ip) ownerOfIp.set(lb.ip, `lb:${lb.name}`);
    if (lb.ipv6) ownerOfIp.set(lb.ipv6, `lb:${lb.name}`);
  }
  for (const d of inventory.section.droplets) {
    if (d.ipv4?.public) ownerOfIp.set(d.ipv4.public, `droplet:${d.name}`);
    if (d.ipv6) ownerOfIp.set(d.ipv6, `droplet:${d.name}`);
  }
  for (const ip of raw.reservedIps) {
    const droplet = ip.dropletId !== undefined ? inventory.dropletName.get(ip.dropletId) : undefined;
    if (droplet) ownerOfIp.set(ip.ip, `droplet:${droplet}`);
  }

  const ownerOfName = new Map<string, Owner>();
  const result = new Map<Owner, string[]>();
  const claim = (hostname: string, owner: Owner) => {
    if (!HOSTNAME.test(hostname) || ownerOfName.has(hostname)) return;
    ownerOfName.set(hostname, owner);
    result.set(owner, [...(result.get(owner) ?? []), hostname]);
  };
  const fqdn = (name: string, domain: string) =>
    name === '@' ? domain : `${name.toLowerCase().replace(/\.$/, '')}.${domain}`;

  for (const domain of inventory.section.domains)
    for (const r of domain.records)
      if (r.type === 'A' || r.type === 'AAAA') {
        const owner = ownerOfIp.get(r.data);
        if (owner) claim(fqdn(r.name, domain.name), owner);
      }
  for (const domain of inventory.section.domains)
    for (const r of domain.records)
      if (r.type === 'CNAME') {
        const target = r.data === '@' ? domain.name : r.data.toLowerCase().replace(/\.$/, '');
        const owner = ownerOfName.get(target) ?? ownerOfName.get(`${target}.${domain.name}`);
        if (owner) claim(fqdn(r.name, domain.name), owner);
      }
  return result;
}
