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
import { findByName } from '../schema/inventory/by-name';
import { spaceInUse } from '../schema/inventory/buckets';
import { indexByName } from '../schema/inventory/by-name';
import { wildcardApps, wildcardAppsServing } from '../schema/inventory/listener-rules';
import type { CutoverSpec, MigrationSpec } from '../schema/spec';
import { ownedKey, recordFqdn } from '../schema/inventory/records';
import type { CompileContext } from './context';
import type { AwsHealthPlan } from './model/health-signal';
import type { Decision, DnsPlan, ManualStep, StoragePlan, ZonePlan } from './model';
import type { CutoverPlan, PhaseState } from './model/cutover';
import type { Ref, Value } from './model/refs';
import { albIpAddressType } from './alb-ip-type';
import { platformAddresses } from './app-addresses';
import { albStackName, cutoverStackName } from './stack-names';
import { embed, ref } from './refs';
import { zoneSwap, zoneSwapStep } from './cutover-swap';
import { weightedHostnames, type WeightedHostnames } from './cutover/hostnames';
import { oneWriterStep, waitForOldTtlsStep } from './cutover/steps';
import { describeWeights } from './cutover/weights';
import { resolveHealthCheck } from './cutover/health-checks';
import { hostnamePathDecision, overrideWarning } from './cutover/health-path';
import { firewallsBlockingHealthChecks } from './cutover/firewalls';
import { phaseTable } from './cutover/phases';
import { AWS_SET_ID, cutoverStateAt } from './cutover/records';
import {
  awsHealthSignal,
  calculatedChecks,
  formerCutoverHealth,
  type HostnameApps,
} from './cutover/health-signal';
import { cutoverDataMode, dataModeDecision, writesAt } from './cutover/data-mode';
import { cdnRecordsAt, cutoverCdnHostnames } from './cutover/cdn';

// What the rest of dropship reads of the cutover part (the renderer, the cutover command, tests).
export { AWS_SET_ID, DO_SET_ID_PREFIX, cutoverStateAt } from './cutover/records';
export { diffStates } from './cutover/phases';
export { calculatedChecks } from './cutover/health-signal';
export { weightsFor } from './cutover/weights';
export { HEALTH_OUTPUT_NAMES } from './cutover/health-signal';

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

export function compileCutover(
  ctx: CompileContext,
  deps: { dns: DnsPlan; storage: StoragePlan },
): CutoverPlan {
  const { spec } = ctx;
  const cutover = spec.cutover as CutoverSpec;
  const albStack = albStackName(ctx.prefix, ctx.layout);
  const plan: CutoverPlan = {
    phases: [...cutover.phases],
    current: cutover.current,
    ttl: cutover.ttl,
    hostnames: [],
    cdnHostnames: [],
    records: [],
    healthChecks: [],
    appHealth: [],
    phaseTable: [],
    zoneSwaps: [],
    oldAnswersEnd: { newZones: [], existingZones: [] },
    maxOldTtl: 0,
    dataMode: cutoverDataMode(spec, cutover.current),
    decisions: [],
    manualSteps: [],
  };
  // The ALB answers AAAA when the apps part makes it dualstack (its decision, read here from the spec).
  const albIpv6 = albIpAddressType(spec).type === 'dualstack';
  const zones = new Map(deps.dns.zones.map((z) => [z.domain, z]));
  const weighted = weightedHostnames(ctx, zones, albIpv6, albStack);
  plan.hostnames = weighted.hostnames;
  plan.cdnHostnames = cutoverCdnHostnames(deps.storage.cdnHostnames, zones, (bucket) => {
    const spec = findByName(ctx.spec.storage.buckets, bucket);
    return spec !== undefined && spec.access.length > 0 && spaceInUse(ctx.spec, spec) !== undefined;
  });
  for (const h of plan.cdnHostnames) {
    const zone = zones.get(h.domain)!;
    if (zone.mode !== 'existing') continue;
    weighted.existingZones.set(zone.domain, [...(weighted.existingZones.get(zone.domain) ?? []), h.hostname]);
  }
  plan.manualSteps.push(...weighted.externalSteps);
  plan.maxOldTtl = Math.max(maxOwnedTtl(spec, ctx.cutoverOwnedRecords), weighted.wildcardTtl);
  const healthCheckSpec = resolveHealthCheck(cutover, spec);
  const alb = albRefs(ctx);
  const health = awsHealthSignal(ctx, appsByHostname(spec, plan.hostnames), cutover.ttl);
  const checkOf = new Map(health.plan.hostnames.map((h) => [h.hostname, h.check]));
  const alias = {
    name: albAliasName(alb.dnsName, albIpv6),
    zoneId: alb.zoneId,
    healthCheckOf: (hostname: string) => checkOf.get(hostname) as string,
  };
  // The CALCULATED checks come and go with the aws records: the phase table lists them like the others.
  const calculated = calculatedChecks(health.plan);
  const stateAt = (phase: number): PhaseState => {
    const hostnames = cutoverStateAt(plan.hostnames, phase, cutover.ttl, healthCheckSpec, alias);
    const published = hostnames.records.some((r) => r.alias !== undefined);
    const state = {
      ...hostnames,
      records: [...hostnames.records, ...cdnRecordsAt(plan.cdnHostnames, phase, cutover.ttl)],
    };
    return published && calculated.length > 0 ? { ...state, awsChecks: calculated } : state;
  };
  swapExistingZones(ctx, plan, weighted.existingZones, zones, stateAt(0), albStack);
  const current = stateAt(cutover.current);
  plan.records = current.records;
  plan.healthChecks = current.healthChecks;
  plan.appHealth = health.plan.apps;
  if (plan.records.some((r) => r.alias !== undefined)) plan.awsHealth = health.plan;
  // The CDN host names' AWS side is a CNAME to a distribution, which the ALB's stack holds too.
  const cdnOnAws = plan.records.some((r) => r.type === 'CNAME' && r.setIdentifier === AWS_SET_ID);
  if (plan.records.some((r) => r.alias !== undefined) || cdnOnAws)
    plan.albState = {
      stack: albStack,
      outputs: [
        { value: alb.dnsName, output: ALB_OUTPUT_NAMES.dnsName },
        { value: alb.zoneId, output: ALB_OUTPUT_NAMES.zoneId },
        ...(cdnOnAws ? plan.cdnHostnames.map((h) => ({ value: h.aws, output: h.awsOutput })) : []),
      ],
    };
  plan.phaseTable = phaseTable(plan.phases, cutover.current, stateAt).map((row) => {
    const writes = writesAt(plan.dataMode, row.phase, plan.phases[0]);
    return writes === undefined ? row : { ...row, writes };
  });
  // Every plan has a phase below 100 (at least two strictly rising phases up to 100), so checks probe.
  firewallsBlockingHealthChecks(spec, plan.hostnames, (e) => healthCheckSpec.probeFor(e).port).forEach((w) =>
    ctx.report.add(w),
  );
  overrideWarning(spec, cutover, plan.hostnames).forEach((w) => ctx.report.add(w));
  plan.decisions.push(...derivedProbes(plan.hostnames, healthCheckSpec));
  if (plan.hostnames.length > 0) plan.decisions.push(hostnamePathDecision(spec, cutover, plan.hostnames));
  plan.decisions.push(
    ...cutoverDecisions(cutover.current, current, weighted),
    dataModeDecision(plan.dataMode),
  );
  if (plan.hostnames.length > 0)
    plan.decisions.push(...health.decisions, formerHealthDecision(ctx, health.plan));
  if (plan.cdnHostnames.length > 0)
    plan.decisions.push({
      subject: 'cutover.cdn',
      choice: plan.cdnHostnames
        .map(
          (h) =>
            `${h.hostname}: CNAME digitalocean-spaces-cdn → ${h.digitalocean}, aws → CloudFront${h.spacesUntilDataMoved ? ' (at weight 0 above phase 0 until cutover.dataMoved: the Spaces CDN answers)' : ''}`,
        )
        .join('; '),
      rule: 'a Spaces CDN host name is a CNAME, and no alias A record may sit beside a CNAME: both sides are weighted CNAME records with the phase’s weights and the cutover TTL, without health checks (both are managed CDNs). While the tasks use the Space (digitalocean-until-100 until cutover.dataMoved) it is the only place every file is, so its name stays on the Spaces CDN until the final copy and dataMoved; its aws record is published at weight 0 from the first phase above 0 (phase 0 is applied before the apps stack creates the distribution), and Route 53 gives a weight-0 record no traffic while another of the group has weight, so dataMoved changes weights in place and the name is never without a record',
    });
  plan.manualSteps.push(...trafficSteps(spec, plan));
  return plan;
}

/**
 * What an estate whose cutover stack an earlier dropship applied above 0 % sees: that stack held each app's
 * alarm and check; now the app tier holds new ones (new alarm names, so neither stack deletes the other's).
 */
function formerHealthDecision(ctx: CompileContext, health: AwsHealthPlan): Decision {
  const former = health.apps.map((a) => formerCutoverHealth(ctx, a.app, a.check.key.endsWith('-green')));
  return {
    subject: 'cutover.awsHealth.moved',
    choice:
      `each app's alarm and CLOUDWATCH_METRIC check live in the stack of its target group: ${health.apps.map((a) => a.alarm.name).join(', ')}. ` +
      `Where an earlier dropship applied the cutover stack above 0 %, that stack held ${former.map((f) => `${f.alarmName} and ${f.check}`).join('; ')}: ` +
      'the app tier’s apply creates the new alarm and check beside them, and the next cutover apply points the aws records and CALCULATED checks at the new checks and only then deletes the former ones (the records always name a live check)',
    rule: 'a replaced target group must reach the alarm and Route 53’s copy of it in the apply that replaces it: with the alarm in the cutover stack, the check watched the old target group (no data: unhealthy, traffic back to DigitalOcean) until the cutover stack was applied again. Terraform cannot move a resource between states with moved blocks, and an import block fails the plan where the alarm does not exist (a new estate, or one still at 0 %), so the former ones are replaced, created before destroyed',
  };
}

/** Where a DigitalOcean endpoint's check probes something else than cutover.healthCheck, and why. */
function derivedProbes(
  hostnames: CutoverPlan['hostnames'],
  hc: ReturnType<typeof resolveHealthCheck>,
): Decision[] {
  const seen = new Map<string, string>();
  for (const h of hostnames)
    for (const e of h.endpoints) {
      const probe = hc.probeFor(e);
      if (probe.derivedBecause && !seen.has(e.name))
        seen.set(e.name, `${e.name}: ${probe.type}:${probe.port} (${probe.derivedBecause})`);
    }
  if (seen.size === 0) return [];
  return [
    {
      subject: 'cutover.healthCheck.derived',
      choice: [...seen.values()].join('; '),
      rule: `cutover.healthCheck asks ${hc.type}:${hc.port}; a check the endpoint does not answer would always fail and take it out of DNS, so it probes what the inventory says answers there: a load balancer's HTTPS (else HTTP) forwarding rule, a droplet's firewall-admitted 443 (HTTPS), else 80 (HTTP)`,
    },
  ];
}

/**
 * Each weighted hostname with the apps behind it on the ALB, in the order they come. A wildcard app (a host
 * pattern such as `*.example.com` that matches the name) is behind it too unless the name's own apps take
 * every path (one of them has a catch-all): the ALB ranks explicit hosts first, so a request for a path
 * none of them matches falls through to the wildcard app's rules, and the hostname's health must include it.
 */
function appsByHostname(
  spec: MigrationSpec,
  hostnames: readonly {
    hostname: string;
    app: string;
    apps: readonly { app: string; paths: readonly string[] }[];
  }[],
): HostnameApps[] {
  const wildcards = wildcardApps(spec.apps);
  const out = new Map<string, string[]>();
  for (const h of hostnames) {
    const apps = out.get(h.hostname) ?? [];
    // Every app behind the hostname (a shared one: each path's app), not only the one its checks are named after.
    for (const app of [h.app, ...h.apps.map((a) => a.app)]) if (!apps.includes(app)) apps.push(app);
    const ownPaths = h.apps.flatMap((a) => a.paths);
    for (const w of wildcardAppsServing(wildcards, h.hostname, apps, ownPaths)) apps.push(w.app);
    out.set(h.hostname, apps);
  }
  return [...out].map(([hostname, apps]) => ({ hostname, apps }));
}

/**
 * Existing zones: one atomic batch swaps the simple records for the phase-0 weighted ones (cutover-swap.ts);
 * the old answers end there, and with the nameserver switch in the zones dropship creates.
 */
function swapExistingZones(
  ctx: CompileContext,
  plan: CutoverPlan,
  existingZonesWithOwnedNames: ReadonlyMap<string, string[]>,
  zones: ReadonlyMap<string, ZonePlan>,
  phase0: PhaseState,
  albStack: string,
): void {
  const { spec } = ctx;
  for (const [domain, names] of existingZonesWithOwnedNames) {
    const zoneId = String((zones.get(domain) as ZonePlan).zoneId);
    const index = indexByName(spec.digitalocean.domains, domain);
    const swap = zoneSwap(spec.digitalocean.domains[index], zoneId, names, phase0.records);
    plan.zoneSwaps.push(swap);
    plan.manualSteps.push(
      zoneSwapStep(swap, index, { cutover: cutoverStackName(ctx.prefix), alb: albStack }, plan.current),
    );
  }
  const existingZones = plan.zoneSwaps.map((z) => z.domain);
  plan.oldAnswersEnd = {
    newZones: [...new Set([...plan.hostnames, ...plan.cdnHostnames].map((h) => h.domain))].filter(
      (d) => !existingZones.includes(d),
    ),
    existingZones,
  };
}

function cutoverDecisions(phase: number, current: PhaseState, weighted: WeightedHostnames): Decision[] {
  const decisions: Decision[] = [
    {
      subject: 'cutover.weights',
      choice: `phase ${phase} %: ${describeWeights(current.records)}`,
      rule: 'AWS share p → aws weight p, DigitalOcean 100-p split over its endpoints; a zero-weight side is not published',
    },
  ];
  if (weighted.aaaaChoices.length > 0)
    decisions.push({
      subject: 'cutover.aaaa',
      choice: weighted.aaaaChoices.join(', '),
      rule:
        'with a dualstack ALB, AAAA pairs where every DigitalOcean endpoint has IPv6 and the hostname answers ' +
        'AAAA today (an AAAA record in digitalocean.domains[].records, directly or through a CNAME; for a zone ' +
        'hosted at Route 53 or elsewhere, its records as the spec lists them): phase 0 answers what the name ' +
        'answers now and adds no address family; else A pairs only',
    });
  return decisions;
}

/** The steps around the weighted phases: one writer per database while both sides serve, the old TTLs. */
function trafficSteps(spec: MigrationSpec, plan: CutoverPlan): ManualStep[] {
  if (plan.hostnames.length === 0) return [];
  const steps: ManualStep[] = [];
  const stores = [...spec.databases.map((d) => d.name), ...spec.caches.map((c) => c.name)];
  const splitPhases = plan.phases.filter((p) => p > 0 && p < 100);
  if (stores.length > 0 && splitPhases.length > 0)
    steps.push(oneWriterStep(splitPhases, stores, plan.dataMode));
  steps.push(waitForOldTtlsStep(plan));
  return steps;
}

/** The longest TTL among the inventory records whose names and types the cutover takes over. */
function maxOwnedTtl(spec: MigrationSpec, owned: ReadonlyMap<string, string>): number {
  let max = 0;
  for (const domain of spec.digitalocean.domains)
    for (const r of domain.records)
      if (owned.has(ownedKey(recordFqdn(domain.name, r.name), r.type))) max = Math.max(max, r.ttl);
  return max;
}
