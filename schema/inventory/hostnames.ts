/**
 * Queries over the public hostnames of the spec: which app serves each, where each points on DigitalOcean today,
 * and which (name, type) pairs the cutover's weighted records take over.
 */
import type { Report } from '../report';
import type { AppSpec, DnsRecordSpec, MigrationSpec } from '../spec';
import { cdnCustomDomains } from './buckets';
import { findByName, indexByName } from './by-name';
import { usesIpv6 } from './network';
import { CUTOVER_TYPES, ownedKey, answersAaaa, answerToday, domainOf, recordsAnswering } from './records';

/** A public app hostname with the app that serves it (its name and its spec) and its spec path. */
export interface PublicHostname {
  app: string;
  appSpec: AppSpec;
  hostname: string;
  path: (string | number)[];
}

/** One DigitalOcean endpoint behind a hostname: a droplet or a load balancer. */
export interface DoEndpoint {
  /** Droplet or load balancer name. */
  name: string;
  kind: 'droplet' | 'load-balancer';
  ipv4: string;
  ipv6?: string;
}

/** Public app hostnames, in spec order (an app's hostnames next to each other). */
export function publicHostnames(spec: MigrationSpec): PublicHostname[] {
  const out: PublicHostname[] = [];
  spec.apps.forEach((app, a) => {
    const expose = app.expose;
    if (!expose || !('public' in expose)) return;
    expose.public.hostnames.forEach((hostname, h) =>
      out.push({
        app: app.name,
        appSpec: app,
        hostname,
        path: ['apps', a, 'expose', 'public', 'hostnames', h],
      }),
    );
  });
  return out;
}

/**
 * The (FQDN, type) pairs the cutover's weighted records own (`ownedKey`), each with the reason the dns copy
 * leaves it out: A, AAAA and CNAME at every public hostname whose app has a DigitalOcean endpoint to weight
 * against, when the spec has a `cutover`. Anything else (no cutover, or nothing to weight) stays a plain
 * copied record, so no answer is lost at the switch. The cutover owns AAAA even where it publishes only A
 * pairs: a copied AAAA would keep sending IPv6 clients to the droplets whatever the phase (and to nothing
 * once they are gone), so the name answers no AAAA and IPv6 clients connect over IPv4, following the weights.
 * The dns, cutover and digitalocean parts read it from the compile context, computed once per compile.
 */
export function cutoverOwnedRecords(spec: MigrationSpec): Map<string, string> {
  const owned = new Map<string, string>();
  for (const { hostname, endpoints } of weightedHostnames(spec)) {
    for (const type of CUTOVER_TYPES) owned.set(ownedKey(hostname, type), REPLACED_BY_CUTOVER);
    // The dns part is compiled before the apps part: the ALB is dualstack exactly when usesIpv6.
    const aaaaToday = answersAaaa(answerToday(spec.digitalocean.domains, hostname));
    const why = whyNoAaaaPairs(usesIpv6(spec), endpoints, aaaaToday);
    if (why !== undefined)
      owned.set(
        ownedKey(hostname, 'AAAA'),
        `not published: the cutover weights ${hostname} with A records only (${why}), so IPv6 clients ` +
          'connect over IPv4 and follow the weights; this AAAA answer ends with the nameserver switch',
      );
  }
  if (spec.cutover)
    for (const { hostname } of cdnCustomDomains(spec))
      owned.set(
        ownedKey(hostname, 'CNAME'),
        'replaced by the cutover’s weighted CNAME records (Spaces CDN → CloudFront)',
      );
  return owned;
}

const REPLACED_BY_CUTOVER = 'replaced by the cutover’s weighted records';

/**
 * Why the cutover publishes no AAAA pairs at a hostname it weights, or undefined when it does. AAAA pairs
 * need IPv6 on both sides: every DigitalOcean endpoint (a weighted AAAA record per endpoint) and a dualstack
 * ALB (`albDualstack`: the apps plan's, which `aws.network.vpc.ipv6: true` makes, see network.ts usesIpv6);
 * and the hostname must answer AAAA today (`aaaaToday`, answersAaaa; undefined when dropship cannot
 * tell): phase 0 answers what the hostname answers now, so the cutover never starts sending IPv6 clients
 * to droplets that were never asked to serve them.
 */
export function whyNoAaaaPairs(
  albDualstack: boolean,
  endpoints: readonly DoEndpoint[],
  aaaaToday: boolean | undefined,
): string | undefined {
  if (!albDualstack) return 'the ALB is not dualstack: aws.network.vpc.ipv6 is not set';
  const without = endpoints.filter((e) => e.ipv6 === undefined);
  if (without.length > 0)
    return `${without.map((e) => `${e.kind} ${e.name}`).join(', ')} ${without.length === 1 ? 'has' : 'have'} no IPv6 address`;
  if (aaaaToday === undefined)
    return 'dropship cannot tell whether it answers AAAA today: its CNAME chain leaves the declared domains';
  if (!aaaaToday) return 'it answers no AAAA today: the inventory has no AAAA record for it';
  return undefined;
}

/** The public hostnames the cutover weights (a cutover is set and the hostname has a DigitalOcean side). */
function weightedHostnames(spec: MigrationSpec): { hostname: string; endpoints: DoEndpoint[] }[] {
  if (!spec.cutover) return [];
  return hostnameSides(spec).filter((h) => h.endpoints.length > 0);
}

/** One app behind a public hostname: its name and spec, the hostname's spec path in it, its ALB paths. */
export interface HostnameApp extends PublicHostname {
  paths: string[];
}

/**
 * One public hostname, whichever apps serve it (by path: `/api/*` beside `/*`), with its DigitalOcean side:
 * what the cutover weights against the ALB. The cutover is per hostname: the ALB splits the paths, and
 * Route 53 only chooses between the two sides of the name.
 */
export interface HostnameSide {
  hostname: string;
  /** The apps behind it, in spec order (at least one). */
  apps: HostnameApp[];
  /**
   * The app whose health path and Host header the DigitalOcean side's checks use, and whose name the checks
   * carry (`health-<owner>-<endpoint>`): the only app, or of several the first that lists an endpoint
   * answering today, else the first.
   */
  owner: HostnameApp;
  /**
   * Where the DigitalOcean side comes from: what DigitalOcean DNS answers for the name today, never the
   * apps' droplets as such. `dns`: what the inventory answers for the name today (its A records, through
   * CNAMEs and wildcards), each address matched to the droplet or load balancer that holds it; never the
   * union of several apps' droplets, which would send a share of the site's visitors to the API's droplets.
   * A new name (nothing answers it today) has no side: it gets a plain alias to the ALB. `app`: one app
   * serves the name and either it answers the app's own droplets (or load balancer) today, or an address
   * no droplet or load balancer of the inventory holds, or a CNAME that leaves the declared domains, or it
   * has records of its own (not only a wildcard's) that answer other endpoints; then the app's endpoints
   * are the side (cutover/answers-change warns where that changes the answer).
   */
  source: 'app' | 'dns';
  endpoints: DoEndpoint[];
  /** `dns` only: addresses the name answers today that no droplet or load balancer of the inventory holds. */
  unmatched: string[];
  /** Whether nothing answers the name today: no A, AAAA or CNAME at it, nor a wildcard's (a new name). */
  newName: boolean;
}

/** The public hostnames with their apps and DigitalOcean sides, in the order publicHostnames gives them. */
export function hostnameSides(
  spec: MigrationSpec,
  report: Pick<Report, 'add'> = { add: () => {} },
): HostnameSide[] {
  const byName = new Map<string, HostnameApp[]>();
  for (const p of publicHostnames(spec)) {
    const apps = byName.get(p.hostname) ?? [];
    if (!apps.some((a) => a.app === p.app)) apps.push({ ...p, paths: publicPaths(p.appSpec) });
    byName.set(p.hostname, apps);
  }
  const holderOf = addressHolders(spec);
  const endpointsOf = new Map<AppSpec, DoEndpoint[]>();
  const appEndpoints = (appSpec: AppSpec) => {
    let endpoints = endpointsOf.get(appSpec);
    if (endpoints === undefined) {
      endpoints = doEndpoints(spec, appSpec, report);
      endpointsOf.set(appSpec, endpoints);
    }
    return endpoints;
  };
  return [...byName].map(([hostname, apps]): HostnameSide => {
    const newName = answeredBy(spec, hostname).length === 0;
    // Every app's endpoints once, for their no-endpoint-ip reports, whichever side the name gets.
    const own = apps.map((a) => appEndpoints(a.appSpec));
    // A name DigitalOcean DNS answers nothing for has no DigitalOcean side, even where its app has droplets:
    // nobody reaches them by it today. (A zone hosted elsewhere lists its records as the spec gives them,
    // which may leave some out: there a single app's own endpoints stay its side, as before.)
    if (newName && (apps.length > 1 || hostedAtDigitalOcean(spec, hostname)))
      return { hostname, apps, owner: apps[0], source: 'dns', endpoints: [], unmatched: [], newName };
    const { endpoints, unmatched } = endpointsAnswering(spec, hostname, holderOf);
    if (apps.length === 1) {
      // A name only a wildcard answers: what the wildcard answers, where every address is a droplet or load
      // balancer of the inventory (a wildcard usually points at the site's load balancer, not this app's
      // droplets). Else the app's own endpoints, as before (cutover/answers-change warns where they differ
      // from today's answer).
      const today =
        byWildcard(spec, hostname) &&
        endpoints.length > 0 &&
        unmatched.length === 0 &&
        !sameEndpoints(endpoints, own[0]);
      return today
        ? { hostname, apps, owner: apps[0], source: 'dns', endpoints, unmatched, newName }
        : { hostname, apps, owner: apps[0], source: 'app', endpoints: own[0], unmatched: [], newName };
    }
    const owner = apps.find((a) => endpoints.some((e) => servesEndpoint(a.appSpec, e))) ?? apps[0];
    return { hostname, apps, owner, source: 'dns', endpoints, unmatched, newName };
  });
}

/** Whether the hostname's domain is served by DigitalOcean DNS, whose records the inventory holds. */
function hostedAtDigitalOcean(spec: MigrationSpec, hostname: string): boolean {
  const domain = domainOf(spec.digitalocean.domains, hostname);
  return domain !== undefined && findByName(spec.digitalocean.domains, domain)?.dns === 'digitalocean';
}

/** Whether a wildcard answers the hostname today (it has no records of its own). */
const byWildcard = (spec: MigrationSpec, hostname: string): boolean =>
  answerToday(spec.digitalocean.domains, hostname).wildcard !== undefined;

/** Whether two endpoint lists name the same droplets and load balancers, in any order. */
function sameEndpoints(a: readonly DoEndpoint[], b: readonly DoEndpoint[]): boolean {
  const names = (l: readonly DoEndpoint[]) =>
    l
      .map((e) => `${e.kind}/${e.name}`)
      .sort()
      .join(',');
  return names(a) === names(b);
}

/** The ALB path patterns of a public app. */
function publicPaths(app: AppSpec): string[] {
  const expose = app.expose;
  return expose && 'public' in expose ? [...expose.public.paths] : [];
}

const servesEndpoint = (app: AppSpec, e: DoEndpoint): boolean =>
  e.kind === 'load-balancer' ? app.loadBalancer === e.name : app.droplets.includes(e.name);

/** The inventory's A, AAAA and CNAME records that answer a hostname today (its own, else a wildcard's). */
function answeredBy(spec: MigrationSpec, hostname: string): DnsRecordSpec[] {
  const domain = domainOf(spec.digitalocean.domains, hostname);
  const d = domain === undefined ? undefined : findByName(spec.digitalocean.domains, domain);
  if (!d) return [];
  return recordsAnswering(d, hostname).records.filter((r) =>
    (CUTOVER_TYPES as readonly string[]).includes(r.type),
  );
}

/**
 * The DigitalOcean endpoints behind the A records a hostname answers today: each address matched to the
 * droplet (public IPv4) or load balancer (ip) holding it, in the sorted order of the addresses. An address
 * none holds is `unmatched` (the rule cutover-shared-hostname-address refuses it); a CNAME chain that leaves
 * the declared domains answers nothing dropship can match.
 */
export function endpointsAnswering(
  spec: MigrationSpec,
  hostname: string,
  holderOf: (ip: string) => DoEndpoint | undefined = addressHolders(spec),
): { endpoints: DoEndpoint[]; unmatched: string[] } {
  const today = answerToday(spec.digitalocean.domains, hostname);
  const endpoints: DoEndpoint[] = [];
  const unmatched: string[] = [];
  for (const ip of today.a) {
    const endpoint = holderOf(ip);
    if (!endpoint) unmatched.push(ip);
    else if (!endpoints.some((e) => e.kind === endpoint.kind && e.name === endpoint.name))
      endpoints.push(endpoint);
  }
  return { endpoints, unmatched };
}

/**
 * The droplet (public IPv4) or else the load balancer holding an address, looked up in maps built once: a
 * pass over every hostname (hostnameSides) would otherwise scan every droplet per address, which made four
 * rules quadratic in the fleet (__tests__/bench/linear-validate.test.ts). The first holder wins, as `find`.
 */
export function addressHolders(spec: MigrationSpec): (ip: string) => DoEndpoint | undefined {
  const holders = new Map<string, DoEndpoint>();
  for (const d of spec.digitalocean.droplets) {
    const ip = d.ipv4.public;
    if (ip !== undefined && !holders.has(ip))
      holders.set(ip, { name: d.name, kind: 'droplet', ipv4: ip, ipv6: d.ipv6 });
  }
  for (const l of spec.digitalocean.loadBalancers) {
    if (l.ip !== undefined && !holders.has(l.ip))
      holders.set(l.ip, { name: l.name, kind: 'load-balancer', ipv4: l.ip, ipv6: l.ipv6 });
  }
  return (ip) => {
    const holder = holders.get(ip);
    return holder && { ...holder };
  };
}

/** Where an app's hostname points on DigitalOcean today: its load balancer, else its droplets. */
export function doEndpoints(
  spec: MigrationSpec,
  app: AppSpec,
  report: Pick<Report, 'add'> = { add: () => {} },
): DoEndpoint[] {
  const inventory = spec.digitalocean;
  if (app.loadBalancer) {
    const i = indexByName(inventory.loadBalancers, app.loadBalancer);
    const lb = inventory.loadBalancers[i];
    if (!lb?.ip) {
      report.add({
        code: 'cutover/no-endpoint-ip',
        path:
          i >= 0 ? ['digitalocean', 'loadBalancers', i] : ['apps', spec.apps.indexOf(app), 'loadBalancer'],
        message: `load balancer ${app.loadBalancer} (app ${app.name}) has no ip in the inventory, so the cutover cannot weight it`,
      });
      return [];
    }
    return [{ name: lb.name, kind: 'load-balancer', ipv4: lb.ip, ipv6: lb.ipv6 }];
  }
  const endpoints: DoEndpoint[] = [];
  for (const name of app.droplets) {
    const i = indexByName(inventory.droplets, name);
    const droplet = inventory.droplets[i];
    if (!droplet?.ipv4.public) {
      report.add({
        code: 'cutover/no-endpoint-ip',
        path: i >= 0 ? ['digitalocean', 'droplets', i, 'ipv4'] : ['apps', spec.apps.indexOf(app), 'droplets'],
        message: `droplet ${name} (app ${app.name}) has no public IPv4 in the inventory; it gets no cutover traffic`,
      });
      continue;
    }
    endpoints.push({ name, kind: 'droplet', ipv4: droplet.ipv4.public, ipv6: droplet.ipv6 });
  }
  return endpoints;
}

/**
 * The DigitalOcean side's check of one hostname, endpoint and address family: `<host>__<endpoint>` for the
 * IPv4 check, `<host>__<endpoint>_ipv6` for the IPv6 one, where `<host>` is the hostname with its dots as
 * `_` and a wildcard's `*.` as a leading `_` (`www_example_com`, `_example_com`). Each hostname gets its own
 * checks, since each sends its own name as Host header and SNI. Hostname labels hold no `_` and endpoint
 * names are lowercase letters, digits and hyphens (schema's ResourceName), so the last `__` separates the
 * two and no two (hostname, endpoint, family) share a key; none ends in `_aws` or `_aws-all` (the AWS side's).
 */
export function healthCheckKey(hostname: string, e: DoEndpoint, family: 'ipv4' | 'ipv6'): string {
  const host = hostname.toLowerCase().replace(/^\*\./, '.').replace(/\./g, '_');
  return family === 'ipv4' ? `${host}__${e.name}` : `${host}__${e.name}_ipv6`;
}

/**
 * The key the check had when the DigitalOcean side was checked per app (`<app>-<endpoint>`, `…_ipv6`, with the
 * app's first concrete hostname as Host header): the `moved` blocks' source.
 */
export function perAppHealthCheckKey(app: string, e: DoEndpoint, family: 'ipv4' | 'ipv6'): string {
  return family === 'ipv4' ? `${app}-${e.name}` : `${app}-${e.name}_ipv6`;
}
