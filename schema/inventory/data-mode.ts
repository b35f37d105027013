/**
 * The cutover's data mode (`cutover.dataMode`) and what it implies: which DigitalOcean databases and caches
 * the AWS tasks reach while both sides serve traffic, and which droplets that stay on DigitalOcean they
 * reach. The rules, the security graph, the cutover and the data runbook read one answer.
 */
import { isIPv4 } from 'node:net';
import type { DataMode, DoDatabaseSpec, MigrationSpec } from '../spec';
import { DO_ENGINE_PORTS } from '../facts/ports';
import { findByName } from './by-name';
import { dropletsByTag, firewallDroplets, portRange, sourceDroplets } from './firewalls';

export interface DataModeChoice {
  mode: DataMode;
  /** The spec names it (`cutover.dataMode`); otherwise it is the default. */
  explicit: boolean;
  /** Why this mode: the spec's word, or the default's rule. */
  reason: string;
}

/** True when the spec creates a VPC without NAT gateways: the tasks cannot reach the internet. */
export function withoutNat(spec: MigrationSpec): boolean {
  const net = spec.aws.network;
  return 'vpc' in net && net.vpc.nat === 'none';
}

/** The cutover's data mode, or undefined without a cutover (nothing is split, so nothing to choose). */
export function dataModeOf(spec: MigrationSpec): DataModeChoice | undefined {
  const cutover = spec.cutover;
  if (!cutover) return undefined;
  if (cutover.dataMode !== undefined)
    return { mode: cutover.dataMode, explicit: true, reason: 'cutover.dataMode in the spec' };
  if (withoutNat(spec))
    return {
      mode: 'move-first',
      explicit: false,
      reason:
        'the default with nat: none: without a NAT gateway the AWS tasks cannot reach the DigitalOcean databases, so the data moves before phase 1',
    };
  return {
    mode: 'digitalocean-until-100',
    explicit: false,
    reason:
      'the default: the AWS tasks keep writing to the DigitalOcean databases (through the NAT gateways) until 100 %, so every phase can be rolled back until the data moves',
  };
}

/**
 * Whether the data has moved (`cutover.dataMoved`): the data runbook's last step tells the reader to set it
 * once RDS/ElastiCache hold the data. Read only in digitalocean-until-100 (move-first moves the data before
 * phase 1 and wires the tasks to AWS from the start).
 */
export function dataMoved(spec: MigrationSpec): boolean {
  return spec.cutover?.dataMoved === true;
}

/**
 * Whether the AWS tasks use the DigitalOcean databases and caches their stores migrate `from`, instead of
 * RDS/ElastiCache: in digitalocean-until-100 until the data has moved. The data tier's wiring, the security
 * graph's egress to DigitalOcean and the cutover's "writes go to" read this one answer.
 */
export function tasksUseDigitalOcean(spec: MigrationSpec): boolean {
  return dataModeOf(spec)?.mode === 'digitalocean-until-100' && !dataMoved(spec);
}

/** A DigitalOcean database or cache an app reaches from AWS while the data mode keeps it the writer. */
export interface DoStoreNeed {
  /** The spec's target (`databases[].name` or `caches[].name`) the app uses. */
  target: string;
  kind: 'database' | 'cache';
  source: DoDatabaseSpec;
  port: number;
  /**
   * Where to: the cluster's address when the inventory's `host` is an IPv4 address, else 0.0.0.0/0 on the
   * port alone (a DigitalOcean host name resolves to addresses DigitalOcean may change; a security group
   * takes no host names).
   */
  cidr: string;
  /** The cidr is 0.0.0.0/0 because the inventory gives no address. */
  anyAddress: boolean;
}

/** The port of a DigitalOcean cluster: the inventory's, else the engine's documented default. */
export function doStorePort(source: DoDatabaseSpec): number {
  return source.port ?? DO_ENGINE_PORTS[source.engine];
}

/**
 * Per app (in spec order, apps with none left out): the DigitalOcean databases and caches it reaches in
 * mode digitalocean-until-100 while the data has not moved, those its `uses` migrate `from` one. Empty in
 * every other mode and once `cutover.dataMoved` is set (the tasks then use RDS/ElastiCache).
 */
export function doStoreNeeds(spec: MigrationSpec): { app: string; index: number; needs: DoStoreNeed[] }[] {
  return once(doStoreNeedsOf, spec, findDoStoreNeeds);
}

/**
 * The rules and then the compiler (the security graph, the reachability report) ask the same spec these two
 * questions: each is answered once per spec object, which is never changed once validated. Callers read the
 * answers and must not change them.
 */
const doStoreNeedsOf = new WeakMap<MigrationSpec, ReturnType<typeof findDoStoreNeeds>>();
const stayingDropletNeedsOf = new WeakMap<MigrationSpec, ReturnType<typeof findStayingDropletNeeds>>();
function once<T>(memo: WeakMap<MigrationSpec, T>, spec: MigrationSpec, find: (spec: MigrationSpec) => T): T {
  let answer = memo.get(spec);
  if (answer === undefined) memo.set(spec, (answer = find(spec)));
  return answer;
}

function findDoStoreNeeds(spec: MigrationSpec): { app: string; index: number; needs: DoStoreNeed[] }[] {
  if (!tasksUseDigitalOcean(spec)) return [];
  const out: { app: string; index: number; needs: DoStoreNeed[] }[] = [];
  // Where each cluster is, worked out once per cluster rather than once per app that uses it.
  const places = new Map<DoDatabaseSpec, Pick<DoStoreNeed, 'port' | 'cidr' | 'anyAddress'>>();
  const placeOf = (source: DoDatabaseSpec) => {
    let place = places.get(source);
    if (place === undefined) {
      const address = source.host !== undefined && isIPv4(source.host) ? source.host : undefined;
      place = {
        port: doStorePort(source),
        cidr: address === undefined ? '0.0.0.0/0' : `${address}/32`,
        anyAddress: address === undefined,
      };
      places.set(source, place);
    }
    return place;
  };
  spec.apps.forEach((app, index) => {
    const needs: DoStoreNeed[] = [];
    const add = (target: string, kind: DoStoreNeed['kind'], from: string | undefined) => {
      const source = from === undefined ? undefined : findByName(spec.digitalocean.databases, from);
      if (!source) return;
      needs.push({ target, kind, source, ...placeOf(source) });
    };
    for (const name of app.uses.databases) add(name, 'database', findByName(spec.databases, name)?.from);
    for (const name of app.uses.caches) add(name, 'cache', findByName(spec.caches, name)?.from);
    if (needs.length > 0) out.push({ app: app.name, index, needs });
  });
  return out;
}

/** A port on a droplet that stays on DigitalOcean, which one of an app's droplets could reach today. */
export interface StayingDropletNeed {
  droplet: string;
  /** Its public IPv4 address (what the NAT gateways reach); undefined when the inventory has none. */
  ipv4?: string;
  protocol: 'tcp' | 'udp';
  /** `80` or `8000-9000` (`all` becomes 1-65535). */
  ports: string;
  /** Where the need comes from: the firewall and its inbound rule. */
  firewall: number;
  rule: number;
}

/**
 * Per app: what its droplets could reach on droplets that stay (an inbound rule of an inventory firewall on
 * a staying droplet naming one of the app's droplets as a source, by name, tag or address), as the
 * digitalocean stack's `from-aws` firewall opens it to the NAT IPs. ICMP is left out: a security group's
 * egress for it would carry no port, and the tasks do not ping.
 */
export function stayingDropletNeeds(
  spec: MigrationSpec,
): { app: string; index: number; needs: StayingDropletNeed[] }[] {
  return once(stayingDropletNeedsOf, spec, findStayingDropletNeeds);
}

function findStayingDropletNeeds(
  spec: MigrationSpec,
): { app: string; index: number; needs: StayingDropletNeed[] }[] {
  const migrated = new Set(spec.apps.flatMap((a) => a.droplets));
  // What each firewall's rules open on its staying droplets does not depend on the app: worked out once,
  // so the apps' loop below only asks which rules name one of the app's droplets (linear in the apps).
  const tagged = dropletsByTag(spec);
  const openings = spec.digitalocean.firewalls.flatMap((fw, f) => {
    const staying = [...firewallDroplets(spec, fw, tagged)].filter((d) => !migrated.has(d));
    if (staying.length === 0) return [];
    return fw.inbound.flatMap((rule, r) => {
      const sources = rule.sources;
      if (!sources || rule.protocol === 'icmp') return [];
      const from = new Set(sourceDroplets(spec, sources, tagged));
      return [
        { f, r, protocol: rule.protocol as 'tcp' | 'udp', ports: portRange(rule.ports), from, staying },
      ];
    });
  });
  const out: { app: string; index: number; needs: StayingDropletNeed[] }[] = [];
  spec.apps.forEach((app, index) => {
    const needs: StayingDropletNeed[] = [];
    const seen = new Set<string>();
    for (const { f, r, protocol, ports, from, staying } of openings) {
      if (!app.droplets.some((d) => from.has(d))) continue;
      for (const droplet of staying) {
        const key = `${droplet} ${protocol} ${ports}`;
        if (seen.has(key)) continue;
        seen.add(key);
        needs.push({
          droplet,
          ipv4: findByName(spec.digitalocean.droplets, droplet)?.ipv4.public,
          protocol,
          ports,
          firewall: f,
          rule: r,
        });
      }
    }
    if (needs.length > 0) out.push({ app: app.name, index, needs });
  });
  return out;
}
