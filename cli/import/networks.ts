/** VPCs (their ranges keep the AWS VPC from overlapping) and reserved IPs (DNS may point at them). */
import type { Json } from './json';
import type { RawReservedIp, RawVpc } from './raw';

export function readVpc(item: Json): RawVpc {
  item.object();
  return {
    id: item.get('id').string(),
    name: item.get('name').string(),
    ipRange: item.get('ip_range').string(),
  };
}

export function readReservedIp(item: Json): RawReservedIp {
  item.object();
  const droplet = item.get('droplet');
  return { ip: item.get('ip').string(), dropletId: droplet.present ? droplet.get('id').int() : undefined };
}
