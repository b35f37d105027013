/**
 * Queries over the public hostnames of the spec: which app serves each, where each points on DigitalOcean today,
 * and which (name, type) pairs the cutover's weighted records take over.
 */
import type { Report } from '../report';
import type { AppSpec, MigrationSpec } from '../spec';
import { indexByName } from './by-name';
import { usesIpv6 } from './network';
import { CUTOVER_TYPES, ownedKey, answersAaaa, answerToday } from './records';

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

/** The public hostnames the cutover weights (a cutover is set and the app has a DigitalOcean endpoint). */
function weightedHostnames(spec: MigrationSpec): { hostname: string; endpoints: DoEndpoint[] }[] {
  if (!spec.cutover) return [];
  const endpointsOf = new Map<AppSpec, DoEndpoint[]>();
  const out: { hostname: string; endpoints: DoEndpoint[] }[] = [];
  for (const { appSpec, hostname } of publicHostnames(spec)) {
    let endpoints = endpointsOf.get(appSpec);
    if (endpoints === undefined) {
      endpoints = doEndpoints(spec, appSpec);
      endpointsOf.set(appSpec, endpoints);
    }
    if (endpoints.length > 0) out.push({ hostname, endpoints });
  }
  return out;
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
 * `<app>-<endpoint>` for the IPv4 check, `<app>-<endpoint>_ipv6` for the IPv6 one. App and endpoint names
 * are lowercase letters, digits and hyphens (schema's ResourceName), so no name produces the `_ipv6`
 * segment and an IPv6 key never equals an IPv4 one (a droplet named `web-1-ipv6` keeps its own check).
 */
export function healthCheckKey(app: string, e: DoEndpoint, family: 'ipv4' | 'ipv6'): string {
  return family === 'ipv4' ? `${app}-${e.name}` : `${app}-${e.name}_ipv6`;
}
