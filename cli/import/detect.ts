/**
 * Which resource a JSON file holds, in either shape:
 * - a DigitalOcean API v2 body: `{"droplets": [...], "links": ..., "meta": ...}` or a single
 *   `{"droplet": {...}}`;
 * - a `doctl ... -o json` bare array, recognised by the keys of its elements (godo's field names);
 * - an `aws s3api` response about a Space (`list-buckets`, `get-bucket-cors`, ...), by its top-level key.
 */
import { basename } from 'node:path';
import { Json } from './json';

export type ResourceKind =
  | 'droplets'
  | 'volumes'
  | 'databases'
  | 'domains'
  | 'records'
  | 'firewalls'
  | 'loadBalancers'
  | 'certificates'
  | 'vpcs'
  | 'reservedIps'
  | 'cdnEndpoints';

/** Responses of the S3-compatible API (AWS CLI `s3api` JSON) against a Spaces endpoint. */
export type SpacesResponse = 'list' | 'acl' | 'cors' | 'lifecycle' | 'location' | 'policy';

/** DigitalOcean listings that are valid input but carry nothing for migration.yaml. */
export type IgnoredKind = 'sizes' | 'database options' | 'regions' | 'images' | 'snapshots' | 'projects';

export type Detected =
  | { kind: ResourceKind; items: Json[] }
  | { kind: 'spaces'; what: SpacesResponse }
  | { kind: 'ignored'; what: IgnoredKind }
  | { kind: 'empty' };

/** API body keys: list key and single-object key for each kind. */
const API_KEYS: Record<ResourceKind, [string, string]> = {
  droplets: ['droplets', 'droplet'],
  volumes: ['volumes', 'volume'],
  databases: ['databases', 'database'],
  domains: ['domains', 'domain'],
  records: ['domain_records', 'domain_record'],
  firewalls: ['firewalls', 'firewall'],
  loadBalancers: ['load_balancers', 'load_balancer'],
  certificates: ['certificates', 'certificate'],
  vpcs: ['vpcs', 'vpc'],
  reservedIps: ['reserved_ips', 'reserved_ip'],
  cdnEndpoints: ['endpoints', 'endpoint'],
};
/** The top-level key of each `aws s3api` response (the AWS CLI prints the S3 API's element names). */
const SPACES_KEYS: [string, SpacesResponse][] = [
  ['Buckets', 'list'],
  ['Grants', 'acl'],
  ['CORSRules', 'cors'],
  ['Rules', 'lifecycle'],
  ['LocationConstraint', 'location'],
  ['Policy', 'policy'],
];
/**
 * The file names docs/import.md's export commands write: an empty doctl list (`[]` or `null`) says by its
 * content nothing about what it lists, so its name tells, and `--into` then empties that kind.
 */
const FILE_NAMES: Record<string, Exclude<ResourceKind, 'records'>> = {
  'droplets.json': 'droplets',
  'volumes.json': 'volumes',
  'databases.json': 'databases',
  'domains.json': 'domains',
  'firewalls.json': 'firewalls',
  'load-balancers.json': 'loadBalancers',
  'certificates.json': 'certificates',
  'vpcs.json': 'vpcs',
  'reserved-ips.json': 'reservedIps',
  'cdn-endpoints.json': 'cdnEndpoints',
};

/** The kind an empty list's documented file name names (case-insensitive, any folder), if any. */
export function kindNamedByFile(file: string): Exclude<ResourceKind, 'records'> | undefined {
  const name = basename(file).toLowerCase();
  return Object.hasOwn(FILE_NAMES, name) ? FILE_NAMES[name] : undefined;
}

const API_ALIASES: Record<string, ResourceKind> = { floating_ips: 'reservedIps', floating_ip: 'reservedIps' };
const API_IGNORED: Record<string, IgnoredKind> = {
  sizes: 'sizes',
  options: 'database options',
  regions: 'regions',
  images: 'images',
  snapshots: 'snapshots',
  projects: 'projects',
};

const KNOWN_API_KEYS = [...Object.values(API_KEYS).map(([list]) => list), 'floating_ips'].join(', ');

export function detect(root: Json): Detected {
  if (root.value === null) return { kind: 'empty' }; // doctl may print `null` for an empty list
  if (Array.isArray(root.value)) return detectArray(root);
  if (!root.isObject())
    root.fail(
      `expected a doctl -o json array or a DigitalOcean API response object (found ${typeof root.value})`,
    );
  for (const [kind, [listKey, singleKey]] of Object.entries(API_KEYS) as [ResourceKind, [string, string]][]) {
    if (root.has(listKey)) return { kind, items: root.get(listKey).optArray() };
    if (root.has(singleKey)) return { kind, items: [root.get(singleKey)] };
  }
  for (const [key, what] of SPACES_KEYS) if (root.has(key)) return { kind: 'spaces', what };
  for (const [key, kind] of Object.entries(API_ALIASES)) {
    if (!root.has(key)) continue;
    const value = root.get(key);
    return { kind, items: Array.isArray(value.value) ? value.array() : [value] };
  }
  for (const [key, what] of Object.entries(API_IGNORED)) if (root.has(key)) return { kind: 'ignored', what };
  // What curl saves when the token is wrong or the path is mistyped.
  if (root.has('id') && root.has('message') && typeof root.get('message').value === 'string')
    root.fail(
      `a DigitalOcean API error response, not an inventory (${String(root.get('id').value)}: ${String(root.get('message').value).slice(0, 200)})`,
    );
  return root.fail(
    `neither a doctl -o json array, a DigitalOcean API response nor an aws s3api response: expected a key such as ${KNOWN_API_KEYS}, or ${SPACES_KEYS.map(([key]) => key).join(', ')} (found ${
      root.keys().length ? `keys ${root.keys().slice(0, 5).join(', ')}` : 'an empty object'
    })`,
  );
}

function detectArray(root: Json): Detected {
  const items = root.array();
  if (items.length === 0) return { kind: 'empty' };
  const first = items[0];
  if (!first.isObject()) first.fail('expected an object (a doctl -o json list holds objects)');
  const kind = kindOfElement(first);
  if (kind === undefined)
    return first.fail(
      'cannot tell which DigitalOcean resource this doctl -o json list holds (expected droplets, volumes, databases, domains, domain records, firewalls, load balancers, certificates, VPCs, reserved IPs or CDN endpoints)',
    );
  if (kind === 'sizes') return { kind: 'ignored', what: 'sizes' };
  return { kind, items };
}

/** godo field names that only one resource kind prints. */
function kindOfElement(element: Json): ResourceKind | 'sizes' | undefined {
  const has = (key: string) => element.has(key);
  if (has('size_slug') || has('networks')) return 'droplets';
  if (has('engine') && (has('connection') || has('num_nodes') || has('db_names'))) return 'databases';
  if (has('inbound_rules') || has('outbound_rules')) return 'firewalls';
  if (has('forwarding_rules')) return 'loadBalancers';
  // godo omits empty fields: a pending Let's Encrypt certificate has no not_after or fingerprint yet.
  if (has('not_after') || has('sha1_fingerprint')) return 'certificates';
  if (has('dns_names') && has('state') && has('type') && !has('data')) return 'certificates';
  if (has('size_gigabytes') && has('filesystem_type')) return 'volumes';
  if (has('size_gigabytes') && has('droplet_ids')) return 'volumes';
  if (has('ip_range')) return 'vpcs';
  if (has('type') && has('data')) return 'records';
  if (has('zone_file')) return 'domains';
  if (has('ip') && !has('name')) return 'reservedIps'; // unassigned ones print no droplet
  if (has('origin') && has('endpoint')) return 'cdnEndpoints';
  if (has('slug') && has('price_monthly')) return 'sizes';
  return undefined;
}
