/** The cutover's warnings about a spec, and their text (codes cutover/...). */
import { indexByName } from '../../schema/inventory/by-name';
import type { DoEndpoint, HostnameSide } from '../../schema/inventory/hostnames';
import { type AnswerToday, CUTOVER_TYPES } from '../../schema/inventory/records';
import type { MigrationSpec } from '../../schema/spec';
import type { Finding } from '../findings';

/**
 * Where a hostname's answer changes at phase 0 (cutover/answers-change): the phase-0 records answer the
 * app's DigitalOcean endpoints, which need not be what the name answers today. A CNAME today is followed
 * through the inventory and its addresses compared; one whose chain leaves the declared domains (a CDN or
 * another host in front of the droplets) is always warned: from phase 0 visitors skip it.
 */
export function answersChange(
  hostname: string,
  path: (string | number)[],
  types: ('A' | 'AAAA')[],
  today: AnswerToday,
  doSide: { source: string; endpoints: DoEndpoint[]; side: string },
): Finding[] {
  const planned = (type: 'A' | 'AAAA') =>
    doSide.endpoints.map((e) => (type === 'A' ? e.ipv4 : (e.ipv6 as string))).sort();
  const after = (type: 'A' | 'AAAA') =>
    `the cutover's DigitalOcean side answers ${planned(type).join(', ')} (the app's ${doSide.side}) from phase 0 on`;
  const change = (message: string): Finding => ({ code: 'cutover/answers-change', path, message });
  if (!today.known) {
    const chain = today.cnames.join(' → ');
    return [
      change(
        `${hostname}: ${doSide.source} answers CNAME ${chain} today, which leaves the declared domains, so ` +
          `dropship cannot compare its addresses; instead ${after('A')}, so visitors no longer pass through ` +
          `${today.cnames[today.cnames.length - 1]}`,
      ),
    ];
  }
  const via = today.cnames.length > 0 ? ` through CNAME ${today.cnames.join(' → ')}` : '';
  return types.flatMap((type) => {
    const now = type === 'A' ? today.a : today.aaaa;
    if (now.length === 0 || now.join(',') === planned(type).join(',')) return [];
    return [
      change(
        `${hostname}: ${doSide.source} answers ${type === 'A' ? '' : 'AAAA '}${now.join(', ')}${via} today, ` +
          after(type),
      ),
    ];
  });
}

/**
 * A hostname answered today by a wildcard (it has no records of its own) becomes a name of its own with its
 * weighted records, and a wildcard never answers an existing name (RFC 4592): from phase 0 on the name
 * answers no type the wildcard has and the cutover does not publish there (MX, TXT, or AAAA with A pairs
 * only). Warned once per hostname, listing them.
 */
export function wildcardShadowed(
  spec: MigrationSpec,
  domain: string,
  hostname: string,
  path: (string | number)[],
  types: ('A' | 'AAAA')[],
  wildcard: NonNullable<AnswerToday['wildcard']>,
): Finding[] {
  const lost = wildcard.types.filter((t) => t !== 'CNAME' && !(types as string[]).includes(t));
  if (lost.length === 0) return [];
  const i = indexByName(spec.digitalocean.domains, domain);
  const keepable = lost.filter((t) => !(CUTOVER_TYPES as readonly string[]).includes(t));
  return [
    {
      code: 'cutover/wildcard-shadowed',
      path,
      message:
        `${hostname} has no records of its own and is answered by the wildcard ${wildcard.name} today; from ` +
        `phase 0 on its weighted records make it a name of its own, which a wildcard never answers (RFC 4592), ` +
        `so queries for its ${lost.join(', ')} get an empty answer`,
      hint:
        keepable.length > 0
          ? `to keep them, list ${hostname}'s own ${keepable.join(', ')} records (the wildcard's values) in ` +
            `digitalocean.domains[${i}].records and in the zone that serves it`
          : 'AAAA follows the cutover’s IPv6 rule: AAAA pairs need IPv6 on every DigitalOcean endpoint and a dualstack ALB',
    },
  ];
}

/**
 * With a dualstack ALB but an endpoint without IPv6, the hostname gets A pairs only: an AAAA pair per
 * endpoint would leave that endpoint's IPv6 share unanswerable, and AAAA pairs over the others would move
 * IPv6 clients by other weights than the phase says. Warned where the hostname answers AAAA today (that
 * answer ends); located at the first endpoint lacking IPv6.
 */
function endpointWithoutIpv6(
  spec: MigrationSpec,
  hostname: string,
  endpoints: DoEndpoint[],
  aaaaEnds: string,
): Finding {
  const without = endpoints.filter((e) => e.ipv6 === undefined);
  const first = without[0];
  const path: (string | number)[] =
    first.kind === 'droplet'
      ? ['digitalocean', 'droplets', indexByName(spec.digitalocean.droplets, first.name)]
      : ['digitalocean', 'loadBalancers', indexByName(spec.digitalocean.loadBalancers, first.name)];
  return {
    code: 'cutover/endpoint-without-ipv6',
    path,
    message:
      `${hostname}: the ALB is dualstack but ${without.map((e) => `${e.kind} ${e.name}`).join(', ')} ` +
      `${without.length === 1 ? 'has' : 'have'} no IPv6 address, so the cutover publishes no AAAA pairs for ` +
      `${hostname} (weighted A records only): IPv6 clients connect over IPv4 (${aaaaEnds})`,
    hint: `give every ${first.kind} behind ${hostname} an ipv6 address in the inventory to publish AAAA pairs`,
  };
}

/**
 * A dualstack ALB and IPv6 on every endpoint, but the hostname answers no AAAA today: A pairs only, since
 * AAAA pairs would send IPv6 clients to droplets that may not listen on IPv6, from phase 0 on.
 */
function noAaaaToday(
  spec: MigrationSpec,
  domain: string,
  hostname: string,
  path: (string | number)[],
  today: AnswerToday,
): Finding {
  const i = indexByName(spec.digitalocean.domains, domain);
  if (!today.known) {
    const target = today.cnames[today.cnames.length - 1];
    return {
      code: 'cutover/no-aaaa-today',
      path,
      message:
        `${hostname}: the ALB is dualstack and every DigitalOcean endpoint has IPv6, but dropship cannot tell ` +
        `whether ${hostname} answers AAAA today: it is a CNAME to ${target}, outside digitalocean.domains. ` +
        'So the cutover publishes A pairs only: IPv6 clients connect over IPv4 and follow the weights',
      hint:
        `dig +short AAAA ${target} shows whether it does; to publish AAAA pairs, declare the domain of ${target} ` +
        `under digitalocean.domains (dns: external) with the records that chain ends at, its AAAA included, so ` +
        'dropship can follow it',
    };
  }
  const where =
    spec.digitalocean.domains[i].dns === 'digitalocean' ? 'on DigitalOcean' : 'in the zone that serves it';
  return {
    code: 'cutover/no-aaaa-today',
    path,
    message:
      `${hostname}: the ALB is dualstack and every DigitalOcean endpoint has IPv6, but ${hostname} answers no ` +
      `AAAA today (digitalocean.domains[${i}].records has no AAAA record for it, directly or through a ` +
      'CNAME), so the cutover publishes A pairs only: AAAA pairs would send IPv6 clients to droplets that may ' +
      'not listen on IPv6 from phase 0 on. IPv6 clients keep connecting over IPv4 and follow the weights',
    hint:
      `to publish AAAA pairs, first serve ${hostname} over IPv6: add its AAAA record ${where} and to ` +
      `digitalocean.domains[${i}].records (or list the AAAA record it already has there)`,
  };
}

/** An app with no DigitalOcean endpoint has nothing to weight the ALB against. */
export function noDigitalOceanSide(side: HostnameSide, path: (string | number)[]): Finding {
  const apps = side.apps.map((a) => a.app);
  const why =
    side.source === 'app'
      ? `(app ${apps[0]}): the app names no droplet with a public IPv4 and no load balancer with an IP`
      : `(apps ${apps.join(', ')}): the inventory answers no address of a droplet or load balancer for it today`;
  return {
    code: 'cutover/no-digitalocean-side',
    path,
    message:
      `${side.hostname} ${why}, so there is no DigitalOcean side to weight against; its records are copied ` +
      'as they are, point it at the ALB yourself',
  };
}

/** What a hostname's AAAA answers of today, its DigitalOcean side and the ALB say about IPv6. */
export interface Ipv6Sides {
  hostname: string;
  domain: string;
  path: (string | number)[];
  endpoints: DoEndpoint[];
  today: AnswerToday;
  /** undefined: a CNAME chain that leaves the declared domains; dropship cannot tell. */
  aaaaToday: boolean | undefined;
  albIpv6: boolean;
  doIpv6: boolean;
  /** Where the AAAA answer of today ends. */
  aaaaEnds: string;
}

/** Warned where the AAAA answer of today ends, and where a dualstack ALB publishes none for lack of one. */
export function ipv6Warnings(spec: MigrationSpec, s: Ipv6Sides): Finding[] {
  const { hostname, path, endpoints, today, aaaaToday, albIpv6, doIpv6, aaaaEnds } = s;
  const out: Finding[] = [];
  if (albIpv6 && !doIpv6 && aaaaToday === true)
    out.push(endpointWithoutIpv6(spec, hostname, endpoints, aaaaEnds));
  if (albIpv6 && doIpv6 && aaaaToday !== true) out.push(noAaaaToday(spec, s.domain, hostname, path, today));
  if (doIpv6 && !albIpv6 && aaaaToday === true)
    out.push({
      code: 'cutover/no-ipv6',
      path,
      message:
        `${hostname}: the DigitalOcean side has IPv6 but the ALB is not dualstack, so no AAAA records are ` +
        `published; IPv6 clients connect over IPv4 (${aaaaEnds})`,
      hint:
        'vpc' in spec.aws.network
          ? 'set aws.network.vpc.ipv6: true to make the ALB dualstack and publish AAAA pairs'
          : 'a dualstack ALB needs aws.network.vpc.ipv6: true, available only when dropship creates the VPC (not with existing:)',
    });
  if (aaaaToday === true && !albIpv6 && !doIpv6) out.push(aaaaEndsWarning(s));
  return out;
}

/** Neither side has IPv6, but the name answers AAAA today: that answer ends at phase 0. */
function aaaaEndsWarning({ hostname, path, endpoints, today, aaaaEnds }: Ipv6Sides): Finding {
  return {
    code: 'cutover/aaaa-ends',
    path,
    message:
      `${hostname} answers AAAA ${today.aaaa.join(', ')} today, but neither the ALB (not dualstack) nor ` +
      `the DigitalOcean side (${endpoints
        .filter((e) => e.ipv6 === undefined)
        .map((e) => `${e.kind} ${e.name}`)
        .join(', ')} ` +
      'without an IPv6 address in the inventory) has IPv6, so the cutover publishes A pairs only: from phase 0 ' +
      `the name answers no AAAA (${aaaaEnds}); dual-stack clients fall back to IPv4, IPv6-only clients lose it`,
    hint:
      'record the droplets’ (or load balancer’s) ipv6 addresses in the inventory and set aws.network.vpc.ipv6: ' +
      'true to publish AAAA pairs',
  };
}
