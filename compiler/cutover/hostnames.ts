/**
 * The hostnames the cutover weights: for each public hostname, its zone, its DigitalOcean endpoints and the
 * record types it gets (A, and AAAA where both sides have IPv6 and the name answers AAAA today), with the
 * warnings about what changes for it at phase 0. A hostname in external DNS gets a manual step instead.
 */
import type { AppSpec } from '../../schema/spec';
import {
  doEndpoints,
  hostnameSides,
  whyNoAaaaPairs,
  type DoEndpoint,
  type HostnameSide,
} from '../../schema/inventory/hostnames';
import { answerToday, answersAaaa, domainOf } from '../../schema/inventory/records';
import type { CompileContext } from '../context';
import type { CutoverHostname, ManualStep, ZonePlan } from '../model';
import { answersChange, ipv6Warnings, noDigitalOceanSide, wildcardShadowed } from './messages';
import { externalCutoverStep } from './steps';

export interface WeightedHostnames {
  hostnames: CutoverHostname[];
  /** External DNS: a step per hostname to switch by hand. */
  externalSteps: ManualStep[];
  /** Each existing Route 53 zone's hostnames the cutover takes over, in the order they came. */
  existingZones: Map<string, string[]>;
  /** With a dualstack ALB, each hostname's record types (the decision cutover.aaaa). */
  aaaaChoices: string[];
  /** The longest TTL of a wildcard that answers a hostname today. */
  wildcardTtl: number;
}

/** One public hostname in a zone dropship weights, with its app's DigitalOcean endpoints. */
interface Weighed {
  side: HostnameSide;
  app: string;
  appSpec: AppSpec;
  hostname: string;
  path: (string | number)[];
  domain: string;
  zone: ZonePlan;
  zoneId: NonNullable<ZonePlan['zoneId']>;
  endpoints: DoEndpoint[];
}

export function weightedHostnames(
  ctx: CompileContext,
  zones: ReadonlyMap<string, ZonePlan>,
  albIpv6: boolean,
  albStack: string,
): WeightedHostnames {
  const { spec } = ctx;
  const out: WeightedHostnames = {
    hostnames: [],
    externalSteps: [],
    existingZones: new Map(),
    aaaaChoices: [],
    wildcardTtl: 0,
  };
  // Per hostname, not per app: apps sharing a name by path are one name to Route 53 (the ALB splits the paths).
  for (const side of hostnameSides(spec, ctx.report)) {
    const { hostname, owner, endpoints } = side;
    const { app, appSpec, path } = owner;
    // Every public hostname is in a declared domain (the rule hostname-domain), and the dns part plans a zone
    // for each.
    const domain = domainOf(spec.digitalocean.domains, hostname)!;
    const zone = zones.get(domain)!;
    if (zone.mode === 'none' || zone.zoneId === undefined) {
      // A name the inventory lists no records for (external DNS often lists none): the app's own side.
      const doSide = side.newName ? doEndpoints(spec, appSpec) : endpoints;
      out.externalSteps.push(externalCutoverStep(spec, hostname, zone, doSide, albIpv6, albStack));
      continue;
    }
    if (endpoints.length === 0) {
      // A new name gets a plain alias to the ALB in the ALB's stack (apps part: newNameAliases).
      if (!side.newName) ctx.report.add(noDigitalOceanSide(side, path));
      continue;
    }
    const { zoneId } = zone;
    weigh(ctx, { side, app, appSpec, hostname, path, domain, zone, zoneId, endpoints }, albIpv6, out);
  }
  return out;
}

function weigh(ctx: CompileContext, h: Weighed, albIpv6: boolean, out: WeightedHostnames): void {
  const { spec } = ctx;
  const { side, app, appSpec, hostname, path, domain, zone, zoneId, endpoints } = h;
  const doIpv6 = endpoints.every((e) => e.ipv6 !== undefined);
  const today = answerToday(spec.digitalocean.domains, hostname);
  // undefined: a CNAME chain that leaves the declared domains; dropship cannot tell.
  const aaaaToday = answersAaaa(today);
  // The dns copy explains the inventory's AAAA records from the same rule, so both tell one story.
  const noAaaaBecause = whyNoAaaaPairs(albIpv6, endpoints, aaaaToday);
  const types: ('A' | 'AAAA')[] = noAaaaBecause === undefined ? ['A', 'AAAA'] : ['A'];
  if (albIpv6) out.aaaaChoices.push(`${hostname} ${noAaaaBecause === undefined ? 'A + AAAA' : 'A only'}`);
  const aaaaEnds =
    zone.mode === 'existing'
      ? 'the cutover change batch deletes its AAAA records'
      : 'the droplets’ AAAA records end with the nameserver switch';
  const sides = { hostname, domain, path, endpoints, today, aaaaToday, albIpv6, doIpv6, aaaaEnds };
  ipv6Warnings(spec, sides).forEach((w) => ctx.report.add(w));
  answersChange(hostname, path, types, today, {
    source:
      zone.hostedAt === 'digitalocean'
        ? 'DigitalOcean DNS'
        : `the zone of ${domain} (as the inventory lists it)`,
    endpoints,
    side:
      side.source === 'dns'
        ? 'droplets and load balancers it answers today'
        : appSpec.loadBalancer
          ? 'load balancer'
          : 'droplets',
  }).forEach((w) => ctx.report.add(w));
  if (today.wildcard) {
    wildcardShadowed(spec, domain, hostname, path, types, today.wildcard).forEach((w) => ctx.report.add(w));
    // Resolvers cached the wildcard's answer for the name with the wildcard's TTL.
    out.wildcardTtl = Math.max(out.wildcardTtl, today.wildcard.ttl);
  }
  const apps = side.apps.map((a) => ({ app: a.app, paths: a.paths }));
  out.hostnames.push({ app, appSpec, hostname, domain, zoneId, endpoints, types, apps, source: side.source });
  if (zone.mode === 'existing') {
    const names = out.existingZones.get(zone.domain) ?? [];
    names.push(hostname);
    out.existingZones.set(zone.domain, names);
  }
}
