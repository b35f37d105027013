/** Droplets (`doctl compute droplet list -o json`, `GET /v2/droplets`) and volumes (`... volume list`). */
import type { Json } from './json';
import type { RawDroplet, RawVolume } from './raw';

export function readDroplet(item: Json): RawDroplet {
  item.object();
  const id = item.get('id').int();
  const name = item.get('name').string();
  // The API and doctl both print size_slug; the nested size object is the fallback.
  const sizeSlug = item.get('size_slug');
  const size =
    sizeSlug.present || !item.get('size').present ? sizeSlug.string() : item.get('size').get('slug').string();
  const region = regionSlug(item.get('region'));
  const v4 = item.get('networks').present ? item.get('networks').get('v4').optArray() : [];
  const v6 = item.get('networks').present ? item.get('networks').get('v6').optArray() : [];
  const address = (list: Json[], type: string) =>
    list
      .find((n) => n.get('type').optString() === type)
      ?.get('ip_address')
      .string();
  const image = item.get('image');
  return {
    id,
    name,
    size,
    region,
    publicIpv4: address(v4, 'public'),
    privateIpv4: address(v4, 'private'),
    ipv6: address(v6, 'public'),
    tags: item.get('tags').strings(),
    image: image.present ? (image.get('slug').optString() ?? image.get('name').optString()) : undefined,
    volumeIds: item.get('volume_ids').strings(),
  };
}

export function readVolume(item: Json): RawVolume {
  item.object();
  return {
    id: item.get('id').string(),
    name: item.get('name').string(),
    sizeGb: item.get('size_gigabytes').int(),
    region: item.get('region').present ? regionSlug(item.get('region')) : undefined,
    dropletIds: item.get('droplet_ids').ints(),
  };
}

/** `region` is a godo.Region object on droplets, volumes and load balancers, a plain slug on databases. */
export function regionSlug(region: Json): string {
  return typeof region.value === 'string' ? region.string() : region.get('slug').string();
}
