/**
 * Cutover part of the plan model: for each public hostname, Route 53 weighted records that split traffic
 * between the DigitalOcean endpoints and the AWS ALB by the spec's `cutover.current` phase.
 *
 * Rules (Route 53 facts in docs/cutover.md):
 * - One weighted record per DigitalOcean IP (the Route 53 API reference allows one value per weighted
 *   record set), each with its own health check, so an unhealthy droplet stops getting traffic on its own.
 *   Set identifiers are `digitalocean-<droplet or load balancer>`; the ALB side is one alias, `aws`.
 * - A side whose weight would be 0 is not published at all. Route 53 answers with zero-weight records when
 *   every non-zero record is unhealthy, and with all records equally when every weight is 0; either would
 *   send traffic to a side the phase says gets none (the AWS database may still be empty at 0 %, the
 *   droplets may be gone at 100 %). So weights are never both 0 and no zero weight is ever written.
 * - Weights are percentages when they divide evenly (aws 10, digitalocean-web-1 45, -web-2 45); otherwise
 *   the smallest integers with the exact ratio, within Route 53's 0–255.
 * - AAAA pairs only where both sides have IPv6 (the droplets or load balancer, and a dualstack ALB) and the
 *   hostname answers AAAA today (an AAAA record in the inventory, directly or through a CNAME): phase 0
 *   answers what the name answers now, never an address family the droplets were not serving.
 */
import { findByName, indexByName } from '../schema/inventory/by-name';
import type { AppSpec, CutoverSpec, MigrationSpec } from '../schema/spec';
import type { CompileContext } from './context';
import type { DnsPlan, ZonePlan } from './model/dns';
import { doEndpoints, healthCheckKey, publicHostnames, whyNoAaaaPairs } from '../schema/inventory/hostnames';
import { ownedKey } from '../schema/inventory/records';
import { answerToday, answersAaaa, recordsAnswering, type AnswerToday } from '../schema/inventory/records';
import { CUTOVER_TYPES, domainOf, recordFqdn } from '../schema/inventory/records';
import { type DoEndpoint } from '../schema/inventory/hostnames';
import type { Finding } from './findings';
import type { ManualStep } from './model';
import { albIpAddressType } from './apps/alb';
import { albStackName, cutoverStackName } from './stack-names';
import { embed, ref } from './refs';
import type { Ref, Value } from './model/refs';
import { platformAddresses } from './apps/keys';
import { STEP_ORDER } from './steps';
import { uniqueKeys } from '../schema/facts/aws-names';
import { zoneSwap, zoneSwapStep } from './cutover-swap';
import {
  CutoverHostname,
  CutoverPlan,
  HealthCheckPlan,
  PhaseRow,
  PhaseState,
  WeightedRecordPlan,
} from './model/cutover';
import { portsInclude } from '../schema/inventory/firewalls';
import { firewallDroplets, type FirewallSpec } from '../schema/inventory/firewalls';
import { sh, toCommands } from './shell';

export const AWS_SET_ID = 'aws';
export const DO_SET_ID_PREFIX = 'digitalocean';

/** The outputs the ALB's stack (apps or platform) always exports, whatever the cutover phase. */
export const ALB_OUTPUT_NAMES = {
  dnsName: 'alb_dns_name',
  zoneId: 'alb_zone_id',
} as const;

/** The ALB's DNS name and zone id: what the AWS side's alias records point at. */
function albRefs(ctx: CompileContext): { dnsName: Ref<'aws_lb'>; zoneId: Ref<'aws_lb'> } {
  const alb = platformAddresses(ctx).alb;
  return { dnsName: ref(alb, 'dns_name'), zoneId: ref(alb, 'zone_id') };
}

/**
 * The alias target of the AWS side: a dualstack ALB's DNS name with the `dualstack.` prefix, the name AWS's
 * guidance (Knowledge Center, "configure ELB with IPv6") gives A and AAAA records that point at a dualstack
 * load balancer; an IPv4-only ALB's bare DNS name.
 */
function albAliasName(dnsName: Ref<'aws_lb'>, dualstack: boolean): Value {
  return dualstack ? `dualstack.${embed(dnsName)}` : dnsName;
}

export function compileCutover(ctx: CompileContext, deps: { dns: DnsPlan }): CutoverPlan {
  const { spec } = ctx;
  const cutover = spec.cutover as CutoverSpec;
  const albStack = albStackName(ctx.prefix, ctx.layout);
  const plan: CutoverPlan = {
    phases: [...cutover.phases],
    current: cutover.current,
    ttl: cutover.ttl,
    hostnames: [],
    records: [],
    healthChecks: [],
    phaseTable: [],
    zoneSwaps: [],
    oldAnswersEnd: { newZones: [], existingZones: [] },
    maxOldTtl: 0,
    decisions: [],
    manualSteps: [],
  };
  // The ALB answers AAAA when the apps part makes it dualstack (its decision, read here from the spec).
  const albIpv6 = albIpAddressType(spec).type === 'dualstack';
  const zones = new Map(deps.dns.zones.map((z) => [z.domain, z]));
  const existingZonesWithOwnedNames = new Map<string, string[]>();
  const endpointsByApp = new Map<string, DoEndpoint[]>();
  const aaaaChoices: string[] = [];
  let wildcardTtl = 0;
  for (const { app, appSpec, hostname, path } of publicHostnames(spec)) {
    // Every public hostname is in a declared domain (the rule hostname-domain), and the dns part plans a zone
    // for each.
    const domain = domainOf(spec.digitalocean.domains, hostname)!;
    const zone = zones.get(domain)!;
    if (!endpointsByApp.has(app)) endpointsByApp.set(app, doEndpoints(spec, appSpec, ctx.report));
    const endpoints = endpointsByApp.get(app) as DoEndpoint[];
    if (zone.mode === 'none' || zone.zoneId === undefined) {
      plan.manualSteps.push(externalCutoverStep(spec, hostname, zone, endpoints, albIpv6, albStack));
      continue;
    }
    if (endpoints.length === 0) {
      ctx.report.add({
        code: 'cutover/no-digitalocean-side',
        path,
        message:
          `${hostname} (app ${app}): the app names no droplet with a public IPv4 and no load balancer with an IP, ` +
          'so there is no DigitalOcean side to weight against; its records are copied as they are, point it at ' +
          'the ALB yourself',
      });
      continue;
    }
    const doIpv6 = endpoints.every((e) => e.ipv6 !== undefined);
    const today = answerToday(spec.digitalocean.domains, hostname);
    // undefined: a CNAME chain that leaves the declared domains; dropship cannot tell.
    const aaaaToday = answersAaaa(today);
    // The dns copy explains the inventory's AAAA records from the same rule, so both tell one story.
    const noAaaaBecause = whyNoAaaaPairs(albIpv6, endpoints, aaaaToday);
    const types: ('A' | 'AAAA')[] = noAaaaBecause === undefined ? ['A', 'AAAA'] : ['A'];
    if (albIpv6) aaaaChoices.push(`${hostname} ${noAaaaBecause === undefined ? 'A + AAAA' : 'A only'}`);
    // Warned where the AAAA answer of today ends, and where a dualstack ALB publishes none for lack of one.
    const aaaaEnds =
      zone.mode === 'existing'
        ? 'the cutover change batch deletes its AAAA records'
        : 'the droplets’ AAAA records end with the nameserver switch';
    if (albIpv6 && !doIpv6 && aaaaToday === true)
      ctx.report.add(endpointWithoutIpv6(spec, hostname, endpoints, aaaaEnds));
    if (albIpv6 && doIpv6 && aaaaToday !== true)
      ctx.report.add(noAaaaToday(spec, domain, hostname, path, today));
    if (doIpv6 && !albIpv6 && aaaaToday === true)
      ctx.report.add({
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
    if (aaaaToday === true && !albIpv6 && !doIpv6)
      ctx.report.add({
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
      });
    answersChange(hostname, path, types, today, {
      source:
        zone.hostedAt === 'digitalocean'
          ? 'DigitalOcean DNS'
          : `the zone of ${domain} (as the inventory lists it)`,
      endpoints,
      side: appSpec.loadBalancer ? 'load balancer' : 'droplets',
    }).forEach((w) => ctx.report.add(w));
    if (today.wildcard) {
      wildcardShadowed(spec, domain, hostname, path, types, today.wildcard).forEach((w) => ctx.report.add(w));
      // Resolvers cached the wildcard's answer for the name with the wildcard's TTL.
      wildcardTtl = Math.max(wildcardTtl, today.wildcard.ttl);
    }
    plan.hostnames.push({ app, appSpec, hostname, domain, zoneId: zone.zoneId, endpoints, types });
    if (zone.mode === 'existing') {
      const names = existingZonesWithOwnedNames.get(zone.domain) ?? [];
      names.push(hostname);
      existingZonesWithOwnedNames.set(zone.domain, names);
    }
  }
  plan.maxOldTtl = Math.max(maxOwnedTtl(spec, ctx.cutoverOwnedRecords), wildcardTtl);
  const healthCheckSpec = resolveHealthCheck(cutover);
  const alb = albRefs(ctx);
  const alias = { name: albAliasName(alb.dnsName, albIpv6), zoneId: alb.zoneId };
  const stateAt = (phase: number) =>
    cutoverStateAt(plan.hostnames, phase, cutover.ttl, healthCheckSpec, alias);
  // Existing zones: one atomic batch swaps the simple records for the phase-0 weighted ones (cutover-swap.ts).
  const phase0 = stateAt(0).records;
  for (const [domain, names] of existingZonesWithOwnedNames) {
    const zoneId = String((zones.get(domain) as ZonePlan).zoneId);
    const index = indexByName(spec.digitalocean.domains, domain);
    const swap = zoneSwap(spec.digitalocean.domains[index], zoneId, names, phase0);
    plan.zoneSwaps.push(swap);
    plan.manualSteps.push(
      zoneSwapStep(swap, index, { cutover: cutoverStackName(ctx.prefix), alb: albStack }, cutover.current),
    );
  }
  const existingZones = plan.zoneSwaps.map((z) => z.domain);
  plan.oldAnswersEnd = {
    newZones: [...new Set(plan.hostnames.map((h) => h.domain))].filter((d) => !existingZones.includes(d)),
    existingZones,
  };
  const current = stateAt(cutover.current);
  plan.records = current.records;
  plan.healthChecks = current.healthChecks;
  if (plan.records.some((r) => r.alias !== undefined))
    plan.albState = {
      stack: albStack,
      outputs: [
        { value: alb.dnsName, output: ALB_OUTPUT_NAMES.dnsName },
        { value: alb.zoneId, output: ALB_OUTPUT_NAMES.zoneId },
      ],
    };
  plan.phaseTable = phaseTable(plan.phases, cutover.current, stateAt);
  // Every plan has a phase below 100 (at least two strictly rising phases up to 100), so checks probe.
  firewallsBlockingHealthChecks(spec, plan.hostnames, healthCheckSpec.port).forEach((w) => ctx.report.add(w));
  plan.decisions.push({
    subject: 'cutover.weights',
    choice: `phase ${cutover.current} %: ${describeWeights(current.records)}`,
    rule: 'AWS share p → aws weight p, DigitalOcean 100-p split over its endpoints; a zero-weight side is not published',
  });
  if (aaaaChoices.length > 0)
    plan.decisions.push({
      subject: 'cutover.aaaa',
      choice: aaaaChoices.join(', '),
      rule:
        'with a dualstack ALB, AAAA pairs where every DigitalOcean endpoint has IPv6 and the hostname answers ' +
        'AAAA today (an AAAA record in digitalocean.domains[].records, directly or through a CNAME; for a zone ' +
        'hosted at Route 53 or elsewhere, its records as the spec lists them): phase 0 answers what the name ' +
        'answers now and adds no address family; else A pairs only',
    });
  const stores = [...spec.databases.map((d) => d.name), ...spec.caches.map((c) => c.name)];
  const splitPhases = plan.phases.filter((p) => p > 0 && p < 100);
  if (plan.hostnames.length > 0 && stores.length > 0 && splitPhases.length > 0) {
    plan.manualSteps.push({
      order: STEP_ORDER.oneWriterPerDatabase,
      title: 'Keep one writer per database while both sides serve traffic',
      detail:
        `At ${splitPhases.join(' %, ')} % both the droplets and the AWS tasks answer requests, but ${stores.join(', ')} ` +
        'must have a single source of truth. Either finish the data move first (dms: RDS stays in sync until the ' +
        'switch) and run the phases with the DigitalOcean side read-only, or keep the AWS tasks on the DigitalOcean ' +
        'databases until 100 % (the digitalocean stack trusts the NAT IPs for that). Sessions in a cache do not ' +
        'follow a visitor whose resolver lands on the other side: prefer stateless or cookie sessions here.',
    });
  }
  if (plan.hostnames.length > 0) {
    plan.manualSteps.push({
      order: STEP_ORDER.waitForOldTtls,
      title: 'Wait for the old TTLs before phase 1',
      detail:
        `Resolvers may cache the current answers for up to ${plan.maxOldTtl} s (the longest TTL of the records ` +
        `the cutover takes over) after ` +
        [
          ...(plan.oldAnswersEnd.newZones.length > 0 ? [`their TTL was lowered to ${cutover.ttl} s`] : []),
          ...(plan.oldAnswersEnd.existingZones.length > 0
            ? [
                `the change batch replaced them with ${cutover.ttl} s records (existing zone ${plan.oldAnswersEnd.existingZones.join(', ')})`,
              ]
            : []),
        ].join(', or ') +
        ', and, where the nameservers ' +
        'move, the NS records for up to the TLD’s NS TTL after the registrar change. Move past phase 0 only after both have ' +
        'expired, or a share of visitors will not follow the weights. Check the health checks too: every check ' +
        'on the DigitalOcean side must report Success. At phase 0 Route 53 answers every record even when all ' +
        'their checks fail, so nothing shows; from phase 1 on it would answer only the healthy AWS side, sending ' +
        'all traffic there instead of the phase’s share.',
      commands: toCommands([
        ...plan.hostnames.map((h) => sh`dig +noall +answer ${h.hostname}`),
        sh`for id in $(aws route53 list-health-checks --query 'HealthChecks[].Id' --output text); do echo "$id $(aws route53 get-health-check-status --health-check-id "$id" --query 'HealthCheckObservations[].StatusReport.Status' --output text | tr '\\t' '\\n' | cut -d: -f1 | sort | uniq -c | tr '\\n' ' ')"; done`,
      ]),
    });
  }
  return plan;
}

/**
 * Where a hostname's answer changes at phase 0 (cutover/answers-change): the phase-0 records answer the
 * app's DigitalOcean endpoints, which need not be what the name answers today. A CNAME today is followed
 * through the inventory and its addresses compared; one whose chain leaves the declared domains (a CDN or
 * another host in front of the droplets) is always warned: from phase 0 visitors skip it.
 */
function answersChange(
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
function wildcardShadowed(
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

interface ResolvedHealthCheck {
  type: 'HTTP' | 'HTTPS';
  port: number;
  /** The cutover's path when set (not `/`), else the app's health path, else `/`. */
  pathFor(app: AppSpec): string;
  failureThreshold: number;
  requestInterval: number;
}

function resolveHealthCheck(cutover: CutoverSpec): ResolvedHealthCheck {
  const hc = cutover.healthCheck;
  return {
    type: hc.protocol,
    port: hc.port ?? (hc.protocol === 'HTTPS' ? 443 : 80),
    pathFor: (app) => {
      if (hc.path !== '/') return hc.path;
      const expose = app.expose;
      return (expose && 'public' in expose ? expose.public.healthCheckPath : undefined) ?? '/';
    },
    failureThreshold: hc.failureThreshold,
    requestInterval: hc.interval,
  };
}

/**
 * Weights for an AWS share of `p` % against `n` DigitalOcean endpoints: `aws` for the alias, `each` for
 * every DigitalOcean record; 0 means "not published". The ratio aws : n·each is exactly p : 100-p when it
 * fits in Route 53's 0–255, otherwise the closest integers that fit.
 */
export function weightsFor(p: number, n: number): { aws: number; each: number } {
  if (!Number.isInteger(p) || p < 0 || p > 100) throw new Error(`phase ${p} is not a percentage`);
  if (n < 1) throw new Error('weightsFor needs at least one DigitalOcean endpoint');
  if ((100 - p) % n === 0) return { aws: p, each: (100 - p) / n };
  const g = gcd(p * n, 100 - p);
  const aws = (p * n) / g;
  const each = (100 - p) / g;
  if (aws <= 255 && each <= 255) return { aws, each };
  // Closest fit within 0–255 (only for many endpoints at an odd share).
  let best = { aws: 1, each: 1, error: Infinity };
  for (let e = 1; e <= 255; e++) {
    const ideal = (e * n * p) / (100 - p);
    // Clamped: with many endpoints at a high share, 255 against 1 each is the closest Route 53 can do.
    for (const a of [Math.floor(ideal), Math.ceil(ideal)].map((x) => Math.min(255, Math.max(1, x)))) {
      const error = Math.abs(a / (a + e * n) - p / 100);
      if (error < best.error) best = { aws: a, each: e, error };
    }
  }
  return { aws: best.aws, each: best.each };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The weighted records and health checks the cutover stack holds at phase `phase`. */
export function cutoverStateAt(
  hostnames: CutoverHostname[],
  phase: number,
  ttl: number,
  hc: ResolvedHealthCheck,
  alias: { name: Value; zoneId: Ref<'aws_lb'> },
): PhaseState {
  const records: WeightedRecordPlan[] = [];
  // One check per key: the rules refused keys that two (app, endpoint, family) would share (schema/rules/cutover.ts).
  const checks = new Map<string, HealthCheckPlan>();
  const hostHeaders = hostHeaderByApp(hostnames);
  const recordKey = weightedRecordKeys(hostnames);
  for (const planned of plannedChecks(hostnames)) {
    const { hostname: h, type, endpoint: e } = planned;
    const weights = weightsFor(phase, h.endpoints.length);
    if (weights.each > 0) {
      if (!checks.has(planned.key)) checks.set(planned.key, healthCheckFor(planned, hc, hostHeaders));
      const setIdentifier = `${DO_SET_ID_PREFIX}-${e.name}`;
      records.push({
        key: recordKey(h.hostname, type, setIdentifier),
        zoneId: h.zoneId,
        name: h.hostname,
        type,
        setIdentifier,
        weight: weights.each,
        ttl,
        records: [type === 'A' ? e.ipv4 : (e.ipv6 as string)],
        healthCheck: planned.key,
      });
    }
    // The AWS record follows the type's last DigitalOcean record (every cutover hostname has an endpoint).
    if (weights.aws > 0 && e === h.endpoints[h.endpoints.length - 1]) {
      records.push({
        key: recordKey(h.hostname, type, AWS_SET_ID),
        zoneId: h.zoneId,
        name: h.hostname,
        type,
        setIdentifier: AWS_SET_ID,
        weight: weights.aws,
        // The ALB's own health (every target group with a healthy target) decides whether it is answered.
        alias: { name: alias.name, zoneId: alias.zoneId, evaluateTargetHealth: true },
      });
    }
  }
  return { records, healthChecks: [...checks.values()] };
}

/** The health check a DigitalOcean record of one hostname, type and endpoint names. */
interface PlannedCheck {
  hostname: CutoverHostname;
  type: 'A' | 'AAAA';
  endpoint: DoEndpoint;
  /** Each address family is probed on its own address: an AAAA record follows the endpoint's IPv6. */
  family: 'ipv4' | 'ipv6';
  /**
   * The check's name in the plan and the stack (`health-<key>`), from what it probes (app, endpoint, family):
   * records with the same key share one check.
   */
  key: string;
}

/** Every DigitalOcean record's check, by hostname, then record type, then endpoint (the records' order). */
function* plannedChecks(hostnames: CutoverHostname[]): Generator<PlannedCheck> {
  for (const h of hostnames)
    for (const type of h.types)
      for (const endpoint of h.endpoints) {
        const family = type === 'A' ? 'ipv4' : 'ipv6';
        yield {
          hostname: h,
          type,
          endpoint,
          family,
          key: healthCheckKey(h.app, endpoint, family),
        };
      }
}

/** Each app's Host header (and SNI) for its checks: its first concrete hostname, so name-based virtual hosts answer. */
function hostHeaderByApp(hostnames: CutoverHostname[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const x of hostnames) if (!out.has(x.app) && !x.hostname.startsWith('*.')) out.set(x.app, x.hostname);
  return out;
}

function healthCheckFor(
  { hostname: h, endpoint: e, family, key }: PlannedCheck,
  hc: ResolvedHealthCheck,
  hostHeaders: ReadonlyMap<string, string>,
): HealthCheckPlan {
  const app = h.appSpec;
  const fqdn = hostHeaders.get(h.app);
  // Only reached for AAAA records, which exist only when every endpoint has IPv6.
  const ipAddress = family === 'ipv4' ? e.ipv4 : (e.ipv6 as string);
  return {
    key,
    name: `${app.name} on ${e.kind} ${e.name} (${ipAddress})`,
    ipAddress,
    fqdn,
    type: hc.type,
    port: hc.port,
    resourcePath: hc.pathFor(app),
    failureThreshold: hc.failureThreshold,
    requestInterval: hc.requestInterval,
  };
}

/** The address Route 53's health checkers need admitted, per family (they come from AWS's ranges). */
const ANY_ADDRESS = { ipv4: '0.0.0.0/0', ipv6: '::/0' } as const;

/**
 * A warning per DigitalOcean firewall (and address family) that covers droplets the cutover weights but
 * lets no health checker reach the check's port: no inbound TCP rule on it from 0.0.0.0/0 (IPv4 checks) or
 * ::/0 (the AAAA records' IPv6 checks) in any firewall of the droplet (DigitalOcean applies the union of a
 * droplet's firewalls). Load balancers are not covered by Cloud Firewalls and are left out.
 */
function firewallsBlockingHealthChecks(
  spec: MigrationSpec,
  hostnames: CutoverHostname[],
  port: number,
): Finding[] {
  const families = new Map<string, Set<'ipv4' | 'ipv6'>>();
  for (const h of hostnames)
    for (const e of h.endpoints.filter((x) => x.kind === 'droplet')) {
      const set = families.get(e.name) ?? new Set();
      set.add('ipv4');
      if (h.types.includes('AAAA')) set.add('ipv6');
      families.set(e.name, set);
    }
  const { firewalls } = spec.digitalocean;
  const covered = new Map(firewalls.map((fw) => [fw, firewallDroplets(spec, fw)]));
  const covering = (name: string) => firewalls.filter((fw) => covered.get(fw)?.has(name));
  const blocked = new Map<FirewallSpec, { ipv4: string[]; ipv6: string[] }>();
  for (const [droplet, wanted] of families)
    for (const family of wanted) {
      const own = covering(droplet);
      if (own.length === 0 || own.some((fw) => admits(fw, port, ANY_ADDRESS[family]))) continue;
      for (const fw of own) {
        const entry = blocked.get(fw) ?? { ipv4: [], ipv6: [] };
        entry[family].push(droplet);
        blocked.set(fw, entry);
      }
    }
  const warnings: Finding[] = [];
  firewalls.forEach((fw, i) => {
    const entry = blocked.get(fw);
    if (!entry) return;
    for (const family of ['ipv4', 'ipv6'] as const) {
      if (entry[family].length === 0) continue;
      const cidr = ANY_ADDRESS[family];
      const check = family === 'ipv4' ? 'IPv4 health check (A records)' : 'IPv6 health check (AAAA records)';
      warnings.push({
        severity: 'warning',
        code: 'cutover/firewall-blocks-health-checks',
        path: ['digitalocean', 'firewalls', i],
        message:
          `firewall ${fw.name} covers ${entry[family].join(', ')} (weighted in the cutover) with no inbound TCP ` +
          `rule on port ${port} from ${cidr}, in it or another firewall of the droplet: Route 53 health checkers ` +
          `connect from AWS's published ranges; without an inbound rule for them the ${check} fails and the ` +
          'cutover takes the droplet out of DNS',
        hint:
          `add an inbound rule { protocol: tcp, ports: "${port}", sources: { addresses: ["${cidr}"] } }, or one for ` +
          'the ROUTE53_HEALTHCHECKS ranges of https://ip-ranges.amazonaws.com/ip-ranges.json (dropship cannot ' +
          'know those ranges offline, so then this warning stays: a warning never fails a command)',
      });
    }
  });
  return warnings;
}

/** Whether one of the firewall's inbound rules lets TCP from `cidr` reach `port`. */
function admits(fw: FirewallSpec, port: number, cidr: string): boolean {
  return fw.inbound.some(
    (rule) =>
      rule.protocol === 'tcp' &&
      portsInclude(rule.ports, port) &&
      (rule.sources?.addresses ?? []).includes(cidr),
  );
}

/**
 * The logical-id key of each weighted record any phase can hold (`*` reads `wildcard`), from every hostname,
 * type and set identifier at once, so a key never depends on the phase; uniqueKeys adds a hash where two
 * records would meet (`*.x` and `wildcard.x`).
 */
function weightedRecordKeys(
  hostnames: CutoverHostname[],
): (hostname: string, type: string, setId: string) => string {
  const name = (hostname: string, type: string, setId: string) =>
    `${hostname}-${type}-${setId}`.toLowerCase();
  const names = hostnames.flatMap((h) =>
    h.types.flatMap((type) =>
      [...h.endpoints.map((e) => `${DO_SET_ID_PREFIX}-${e.name}`), AWS_SET_ID].map((id) =>
        name(h.hostname, type, id),
      ),
    ),
  );
  const keys = uniqueKeys(names, (n) => n.replace(/\*/g, 'wildcard').replace(/[^a-z0-9-]+/g, '-'));
  return (hostname, type, setId) => keys.get(name(hostname, type, setId))!;
}

function phaseTable(phases: number[], current: number, stateAt: (p: number) => PhaseState): PhaseRow[] {
  let previous: PhaseState = { records: [], healthChecks: [] };
  return phases.map((phase) => {
    const state = stateAt(phase);
    const row: PhaseRow = {
      phase,
      aws: phase,
      digitalocean: 100 - phase,
      current: phase === current,
      changes: diffStates(previous, state),
    };
    previous = state;
    return row;
  });
}

/** What applying `next` over `prev` changes, one line per record or health check. */
export function diffStates(prev: PhaseState, next: PhaseState): string[] {
  const out: string[] = [];
  const before = new Map(prev.records.map((r) => [r.key, r]));
  const after = new Map(next.records.map((r) => [r.key, r]));
  const label = (r: WeightedRecordPlan) => `${r.name} ${r.type} ${r.setIdentifier}`;
  for (const r of next.records) {
    const old = before.get(r.key);
    if (!old) out.push(`+ ${label(r)} weight ${r.weight}`);
    else if (old.weight !== r.weight) out.push(`~ ${label(r)} weight ${old.weight} → ${r.weight}`);
  }
  for (const r of prev.records) if (!after.has(r.key)) out.push(`- ${label(r)} (weight ${r.weight})`);
  const checksBefore = new Set(prev.healthChecks.map((c) => c.key));
  const checksAfter = new Set(next.healthChecks.map((c) => c.key));
  for (const c of next.healthChecks) if (!checksBefore.has(c.key)) out.push(`+ health check ${c.key}`);
  for (const c of prev.healthChecks) if (!checksAfter.has(c.key)) out.push(`- health check ${c.key}`);
  return out;
}

function describeWeights(records: WeightedRecordPlan[]): string {
  const seen = new Map<string, number>();
  for (const r of records) if (r.type === 'A') seen.set(r.setIdentifier, r.weight);
  return [...seen].map(([id, w]) => `${id} ${w}`).join(', ') || 'no weighted records';
}

/** The inventory's values for a name and type (its own, else the wildcard's that answers it), sorted. */
function inventoryValues(spec: MigrationSpec, domain: string, hostname: string, type: string): string[] {
  const d = findByName(spec.digitalocean.domains, domain);
  return (d ? recordsAnswering(d, hostname).records : [])
    .filter((r) => r.type === type)
    .map((r) => r.data.trim())
    .sort();
}

/** The longest TTL among the inventory records whose names and types the cutover takes over. */
function maxOwnedTtl(spec: MigrationSpec, owned: ReadonlyMap<string, string>): number {
  let max = 0;
  for (const domain of spec.digitalocean.domains)
    for (const r of domain.records)
      if (owned.has(ownedKey(recordFqdn(domain.name, r.name), r.type))) max = Math.max(max, r.ttl);
  return max;
}

/**
 * External DNS: no weighting possible; the plan says what to set, by hand, and when. Today's records are the
 * inventory's at the name when it lists any. The switch moves every visitor to AWS at once, so with a
 * dualstack ALB the CNAME targets its `dualstack.` name, which answers A and AAAA (the name AWS gives for
 * a dualstack load balancer, as albAliasName).
 */
function externalCutoverStep(
  spec: MigrationSpec,
  hostname: string,
  zone: ZonePlan,
  endpoints: DoEndpoint[],
  albIpv6: boolean,
  /** The stack whose output alb_dns_name is the target (apps or platform). */
  albStack: string,
): ManualStep {
  const listed = CUTOVER_TYPES.flatMap((type) =>
    inventoryValues(spec, zone.domain, hostname, type).map((v) => `${type} ${v.replace(/\.$/, '')}`),
  );
  const doSide =
    endpoints.map((e) => `A ${e.ipv4}${e.ipv6 ? `, AAAA ${e.ipv6}` : ''}`).join('; ') || 'unknown';
  const today =
    listed.length > 0
      ? listed.join(', ')
      : `no records listed in the inventory; the app's DigitalOcean side is ${doSide}`;
  const target = albIpv6
    ? 'the ALB DNS name with the dualstack. prefix (it answers A and AAAA)'
    : 'the ALB DNS name';
  const apex = hostname === zone.domain;
  return {
    order: STEP_ORDER.switchExternalDnsByHand,
    title: `Switch ${hostname} by hand (DNS for ${zone.domain} is external)`,
    detail:
      `dropship cannot weight traffic at an external DNS provider, so ${hostname} moves at once instead of in ` +
      `phases. Today: ${today}. At the switch, replace those records with ` +
      (apex ? `an ALIAS/ANAME (or your provider’s apex flattening) to ${target}` : `a CNAME to ${target}`) +
      ` (terraform output alb_dns_name of the ${albStack} stack), with a short TTL set a full old TTL ` +
      'beforehand. To get phased weights instead, delegate the domain to Route 53 (dns: route53 with route53ZoneId).',
  };
}
