import type { ResourceKind } from './detect';

/**
 * The inventory as read from DigitalOcean, normalized from either shape (doctl `-o json` arrays or API v2
 * bodies) but still keyed by DigitalOcean ids: names are assigned later, when references are resolved.
 * Nothing secret is kept here: connection passwords, URIs and user passwords are never read.
 */

export interface RawDroplet {
  id: number;
  name: string;
  size: string;
  region: string;
  publicIpv4?: string;
  privateIpv4?: string;
  ipv6?: string;
  tags: string[];
  image?: string;
  volumeIds: string[];
}

export interface RawVolume {
  id: string;
  name: string;
  sizeGb: number;
  region?: string;
  dropletIds: number[];
}

export interface RawDatabase {
  id: string;
  name: string;
  engine: string;
  version: string;
  size: string;
  nodes: number;
  storageMib?: number;
  region?: string;
  host?: string;
  port?: number;
  user?: string;
  dbNames: string[];
}

export interface RawRecord {
  id?: number;
  type: string;
  name: string;
  data: string;
  ttl?: number;
  priority?: number;
  port?: number;
  weight?: number;
  flags?: number;
  tag?: string;
}

/** One file of domain records; which domain it belongs to is decided after every file is read. */
export interface RawRecordSet {
  file: string;
  records: RawRecord[];
}

export interface RawDomain {
  name: string;
}

export interface RawEndpoints {
  addresses: string[];
  tags: string[];
  dropletIds: number[];
  loadBalancerIds: string[];
  kubernetesIds: string[];
}

export interface RawFirewallRule {
  protocol: string;
  /** "0", "all" and a missing value all mean every port. */
  ports?: string;
  endpoints?: RawEndpoints;
}

export interface RawFirewall {
  id: string;
  name: string;
  inbound: RawFirewallRule[];
  outbound: RawFirewallRule[];
  dropletIds: number[];
  tags: string[];
}

export interface RawForwardingRule {
  entryProtocol: string;
  entryPort: number;
  targetProtocol: string;
  targetPort: number;
  tlsPassthrough: boolean;
  /** The DigitalOcean certificate it terminates TLS with (godo prints none when there is none). */
  certificateId?: string;
}

export interface RawLoadBalancer {
  id: string;
  name: string;
  ip?: string;
  ipv6?: string;
  forwardingRules: RawForwardingRule[];
  healthCheck?: { protocol: string; port: number; path?: string };
  dropletIds: number[];
  tag?: string;
  /** `cookies` when the balancer pins clients to a droplet today. */
  stickySessions?: string;
}

export interface RawCertificate {
  id: string;
  name: string;
  /** `lets_encrypt` or `custom` (DigitalOcean API v2, /v2/certificates). */
  type: string;
  /** When it expires, as DigitalOcean prints it (RFC 3339). */
  notAfter?: string;
}

export interface RawVpc {
  id: string;
  name: string;
  ipRange: string;
}

export interface RawReservedIp {
  ip: string;
  dropletId?: number;
}

/** One `aws s3api list-buckets` file: the Spaces of one region (its file name's, or each bucket's own). */
export interface RawSpaceList {
  file: string;
  region?: string;
  buckets: { name: string; region?: string }[];
}

export interface RawCorsRule {
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds?: number;
}

export interface RawLifecycleRule {
  id?: string;
  prefix: string;
  enabled: boolean;
  expirationDays?: number;
  noncurrentVersionExpirationDays?: number;
  abortIncompleteMultipartUploadDays?: number;
}

/** One bucket's response, from a file named after the bucket. */
export type RawSpaceDetail = { file: string; bucket: string } & (
  | { kind: 'acl'; publicRead: boolean; publicWrite: boolean }
  | { kind: 'cors'; rules: RawCorsRule[] }
  | { kind: 'lifecycle'; rules: RawLifecycleRule[] }
  | { kind: 'location'; region: string }
  | { kind: 'policy'; anonymousRead: boolean }
);

export interface RawCdnEndpoint {
  id: string;
  /** From the origin, `<space>.<region>.digitaloceanspaces.com`. */
  space: string;
  region: string;
  customDomain?: string;
  ttlSeconds?: number;
}

export interface RawInventory {
  droplets: RawDroplet[];
  volumes: RawVolume[];
  databases: RawDatabase[];
  domains: RawDomain[];
  recordSets: RawRecordSet[];
  firewalls: RawFirewall[];
  loadBalancers: RawLoadBalancer[];
  certificates: RawCertificate[];
  vpcs: RawVpc[];
  reservedIps: RawReservedIp[];
  spaceLists: RawSpaceList[];
  spaceDetails: RawSpaceDetail[];
  cdnEndpoints: RawCdnEndpoint[];
  /**
   * The kinds the input names: a file holds that kind (an API body's key, a doctl list's elements), or is an
   * empty doctl list saved under the kind's documented file name (`volumes.json`). Merge mode refreshes these
   * and keeps the file's other kinds.
   */
  listed: Set<ListedKind>;
  /** Empty doctl lists the kind of which neither content nor name tells (records files are settled later). */
  emptyFiles: string[];
}

/** Every resource kind but records, which name their domain instead (by file name or `--domain`). */
export type ListedKind = Exclude<ResourceKind, 'records'>;

export function emptyInventory(): RawInventory {
  return {
    droplets: [],
    volumes: [],
    databases: [],
    domains: [],
    recordSets: [],
    firewalls: [],
    loadBalancers: [],
    certificates: [],
    vpcs: [],
    reservedIps: [],
    spaceLists: [],
    spaceDetails: [],
    cdnEndpoints: [],
    listed: new Set(),
    emptyFiles: [],
  };
}
