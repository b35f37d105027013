/** Domains (`doctl compute domain list`, `GET /v2/domains`) and their records (`... records list <domain>`). */
import type { Json } from './json';
import type { RawDomain, RawRecord } from './raw';

export function readDomain(item: Json): RawDomain {
  item.object();
  return { name: item.get('name').string().toLowerCase().replace(/\.$/, '') };
}

export function readRecord(item: Json): RawRecord {
  item.object();
  // doctl prints priority/port/weight/flags as 0 where the API says null; they only matter for some types.
  return {
    id: item.get('id').optInt(),
    type: item.get('type').string().toUpperCase(),
    name: item.get('name').string(),
    data: item.get('data').string(),
    ttl: item.get('ttl').optInt() || undefined,
    priority: item.get('priority').optInt(),
    port: item.get('port').optInt(),
    weight: item.get('weight').optInt(),
    flags: item.get('flags').optInt(),
    tag: item.get('tag').optString(),
  };
}
