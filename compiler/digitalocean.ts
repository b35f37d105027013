/**
 * DigitalOcean part of the plan model: the changes dropship makes on the DigitalOcean side during the
 * transition, rendered with the DigitalOcean provider (token from DIGITALOCEAN_TOKEN, never in code).
 *
 * - Lower TTLs: while a domain's DNS is still at DigitalOcean, the records the cutover takes over are
 *   adopted with import type { Report } from '../schema/report';
import blocks (`<domain>,<record id>`) and given the cutover TTL, so that after the
 *   nameserver switch resolvers pick up the Route 53 answers quickly. Nothing is recreated.
 * - Trusted sources: while both sides serve traffic, the AWS tasks (and DMS, and a dump job) reach the
 *   DigitalOcean databases through the VPC's NAT gateways. Every DigitalOcean database that an AWS database
 *   or cache is migrated `from` gets the NAT IPs as trusted sources; the app droplets that use it keep
 *   theirs. The firewall resource owns the cluster's whole source list, so it is imported too: the plan
 *   then shows any existing source it would drop.
 * - Droplet firewalls: whatever a migrated droplet could reach on a droplet that stays (an inbound rule of
 *   an inventory firewall naming it as a source), its AWS replacement can reach from the NAT IPs.
 */
import { findByName, indexByName } from '../schema/inventory/by-name';
import type { AppSpec, MigrationSpec } from '../schema/spec';
import { doStoreNeeds } from '../schema/inventory/data-mode';
import type { CompileContext } from './context';
import type { NetworkPlan } from './model/network';
import type { CutoverPlan } from './model/cutover';
import { absoluteHost } from '../schema/inventory/records';
import { ownedKey } from '../schema/inventory/records';
import { recordFqdn } from '../schema/inventory/records';
import type { Finding } from './findings';
import type { Report } from '../schema/report';
import type { Value } from './model/refs';
import { awsName } from '../schema/facts/aws-names';
import { STEP_ORDER } from './steps';
import { chunk } from '../schema/lists';
import {
  DigitalOceanPlan,
  DoRecordTtlPlan,
  DoDatabaseFirewallPlan,
  DoFirewallPlan,
  DoFirewallRulePlan,
} from './model/digitalocean';
import { firewallDroplets, portRange, sourceDroplets } from '../schema/inventory/firewalls';

/** The lowest TTL DigitalOcean DNS accepts. */
export const DO_MIN_TTL = 30;
/** DigitalOcean Cloud Firewalls: at most 10 droplets each (DigitalOcean's firewall limits). */
const DO_FIREWALL_MAX_DROPLETS = 10;
/** Record types whose value is a host name (the API returns it without the final dot and requires it). */
const HOST_VALUED = new Set(['CNAME', 'MX', 'NS', 'SRV']);

export function compileDigitalOcean(
  ctx: CompileContext,
  deps: { network: NetworkPlan; cutover: CutoverPlan | undefined },
): DigitalOceanPlan {
  const { spec } = ctx;
  const plan: DigitalOceanPlan = {
    enabled: false,
    records: [],
    databaseFirewalls: [],
    firewalls: [],
    natIps: natIps(deps.network),
    decisions: [],
    manualSteps: [],
  };
  if (deps.cutover) plan.records = lowerTtls(ctx, deps.cutover.ttl, plan);
  // Only the AWS tasks in digitalocean-until-100 and DMS connect to DigitalOcean from AWS: a dump runs from
  // wherever the reader runs it, and move-first wires the tasks to AWS from the start.
  const tasks = doStoreNeeds(spec).length > 0;
  const dms = spec.databases.some((d) => d.from !== undefined && d.migration.method === 'dms');
  if ((tasks || dms) && plan.natIps.length === 0) {
    ctx.report.add({
      code: 'digitalocean/no-nat-ips',
      path: ['aws', 'network'],
      message:
        `${tasks ? 'The AWS tasks use the DigitalOcean databases until cutover.dataMoved' : 'AWS DMS reads the DigitalOcean databases'}, ` +
        'but the VPC has no NAT gateway IPs dropship knows (natGatewayIps not given): add them as trusted sources of the clusters by hand',
    });
  }
  if (plan.natIps.length > 0) {
    plan.databaseFirewalls = databaseFirewalls(ctx, plan.natIps, plan);
    plan.firewalls = dropletFirewalls(ctx, plan.natIps, plan);
  }
  plan.enabled = plan.records.length + plan.databaseFirewalls.length + plan.firewalls.length > 0;
  return plan;
}

/** NAT gateway public IPs: references to the network stack's, or the existing VPC's from the spec. */
function natIps(network: NetworkPlan): Value[] {
  return [...network.nat.publicIps];
}

/** Records at app hostnames (A, AAAA, CNAME) in DigitalOcean-hosted domains, with a TTL above the cutover's. */
function lowerTtls(ctx: CompileContext, ttl: number, plan: DigitalOceanPlan): DoRecordTtlPlan[] {
  const { spec, cutoverOwnedRecords: owned } = ctx;
  // DigitalOcean DNS accepts no TTL under 30 s (Route 53 takes the cutover TTL as it is).
  const doTtl = Math.max(DO_MIN_TTL, ttl);
  const out: DoRecordTtlPlan[] = [];
  for (const domain of spec.digitalocean.domains) {
    if (domain.dns !== 'digitalocean') continue;
    for (const r of domain.records) {
      // A record already at the cutover TTL stays adopted: after the first apply a refreshed inventory
      // (import --into) reads that TTL, and dropping the record from the plan would delete it on DigitalOcean.
      if (!owned.has(ownedKey(recordFqdn(domain.name, r.name), r.type)) || r.ttl < doTtl) continue;
      if (r.id === undefined) {
        if (r.ttl === doTtl) continue; // already where the step would put it
        plan.manualSteps.push({
          order: STEP_ORDER.lowerTtlByHand,
          title: `Lower the TTL of ${r.type} ${r.name} in ${domain.name}`,
          detail:
            `The inventory gives no record id, so dropship cannot adopt it: set its TTL to ${doTtl} s in the ` +
            'DigitalOcean control panel (Networking → Domains) at least one old TTL before phase 1.',
        });
        continue;
      }
      out.push({
        key: `${domain.name}-${r.id}`.replace(/[^a-z0-9-]+/g, '-'),
        domain: domain.name,
        importId: `${domain.name},${r.id}`,
        type: r.type,
        name: r.name,
        // DigitalOcean's API gives host names without the final dot, but takes them only with it.
        value: HOST_VALUED.has(r.type) ? absoluteHost(domain.name, r.data) : r.data,
        oldTtl: r.ttl,
        ttl: doTtl,
        priority: r.priority,
        port: r.port,
        weight: r.weight,
        flags: r.flags,
        tag: r.tag,
        preventDestroy: true,
      });
    }
  }
  if (out.length > 0)
    plan.decisions.push({
      subject: 'digitalocean.records.ttl',
      choice: `${out.length} records adopted by import, TTL → ${doTtl} s`,
      rule: 'records the cutover takes over get the cutover TTL while DNS is still at DigitalOcean',
      from: `TTL up to ${Math.max(...out.map((r) => r.oldTtl))} s`,
    });
  return out;
}

/** DigitalOcean databases the AWS side reaches during the transition: the `from` of an AWS database or cache. */
function databasesAwsReaches(spec: MigrationSpec): { name: string; targets: string[]; method: string }[] {
  const out = new Map<string, { name: string; targets: string[]; method: string }>();
  const add = (from: string | undefined, target: string, method: string) => {
    if (!from) return;
    const entry = out.get(from) ?? { name: from, targets: [], method };
    entry.targets.push(target);
    if (method === 'dms') entry.method = 'dms';
    out.set(from, entry);
  };
  for (const db of spec.databases) add(db.from, `database ${db.name}`, db.migration.method);
  for (const c of spec.caches) add(c.from, `cache ${c.name}`, 'cache');
  return [...out.values()];
}

function databaseFirewalls(
  ctx: CompileContext,
  natIps: Value[],
  plan: DigitalOceanPlan,
): DoDatabaseFirewallPlan[] {
  const { spec } = ctx;
  const out: DoDatabaseFirewallPlan[] = [];
  for (const source of databasesAwsReaches(spec)) {
    // `from` names a declared DigitalOcean database: the rules refuse any other (unresolved-reference).
    const db = spec.digitalocean.databases.find((d) => d.name === source.name)!;
    if (!db.firewallId) {
      plan.manualSteps.push({
        order: STEP_ORDER.trustNatIpsByHand,
        title: `Trust the AWS NAT IPs on DigitalOcean database ${db.name}`,
        detail:
          'The inventory gives no firewallId (cluster UUID), so dropship cannot manage its trusted sources: add ' +
          'the NAT gateway IPs (network stack outputs) under Databases → Settings → Trusted sources.',
      });
      continue;
    }
    const rules: DoDatabaseFirewallPlan['rules'] = natIps.map((ip) => ({
      type: 'ip_addr' as const,
      value: ip,
    }));
    for (const id of dropletIdsUsing(spec, source.name, ctx.report))
      rules.push({ type: 'droplet', value: String(id) });
    out.push({
      key: db.name,
      database: db.name,
      clusterId: db.firewallId,
      rules,
      reason: `AWS reaches it for ${source.targets.join(', ')}${source.method === 'dms' ? ' (DMS replication)' : ''}`,
      preventDestroy: true,
    });
  }
  if (out.length > 0) {
    plan.decisions.push({
      subject: 'digitalocean.databases.trustedSources',
      choice: out.map((f) => f.database).join(', '),
      rule: 'every DigitalOcean database an AWS database or cache is migrated from trusts the NAT IPs and keeps its app droplets',
    });
    plan.manualSteps.push({
      order: STEP_ORDER.reviewTrustedSourceRemovals,
      title: 'Review the trusted sources the digitalocean stack replaces',
      detail:
        'A digitalocean_database_firewall owns the whole trusted-source list of its cluster. It is imported, so ' +
        '`terraform plan` of the digitalocean stack lists every existing source it would remove: keep the stack ' +
        'from applying until each removal is intended.',
    });
  }
  return out;
}

/** Ids of the droplets of the apps that use a database or cache migrated from `doDatabase`. */
function dropletIdsUsing(spec: MigrationSpec, doDatabase: string, report: Report): number[] {
  const targets = new Set([
    ...spec.databases.filter((d) => d.from === doDatabase).map((d) => `db:${d.name}`),
    ...spec.caches.filter((c) => c.from === doDatabase).map((c) => `cache:${c.name}`),
  ]);
  const uses = (a: AppSpec) =>
    a.uses.databases.some((d) => targets.has(`db:${d}`)) ||
    a.uses.caches.some((c) => targets.has(`cache:${c}`));
  const ids = new Set<number>();
  for (const app of spec.apps.filter(uses))
    for (const name of app.droplets) {
      const droplet = findByName(spec.digitalocean.droplets, name);
      if (droplet?.id !== undefined) ids.add(droplet.id);
      else
        report.add(
          noDropletId(
            spec,
            name,
            `droplet ${name} (app ${app.name}) has no id in the inventory: it cannot be kept as a trusted source of ${doDatabase}`,
          ),
        );
    }
  return [...ids].sort((a, b) => a - b);
}

/** A droplet the inventory lists without its numeric id, placed at that droplet's entry. */
function noDropletId(spec: MigrationSpec, name: string, message: string): Finding {
  const index = indexByName(spec.digitalocean.droplets, name);
  return {
    code: 'digitalocean/no-droplet-id',
    path: ['digitalocean', 'droplets', Math.max(0, index)],
    message,
  };
}

/** Inbound access from the NAT IPs to staying droplets, mirroring what the migrated droplets had. */
function dropletFirewalls(ctx: CompileContext, natIps: Value[], plan: DigitalOceanPlan): DoFirewallPlan[] {
  const { spec } = ctx;
  const migrated = new Set(spec.apps.flatMap((a) => a.droplets));
  const staying = new Map<string, { id?: number }>();
  const rules = new Map<string, DoFirewallRulePlan>();
  for (const fw of spec.digitalocean.firewalls) {
    const stayingTargets = [...firewallDroplets(spec, fw)].filter((d) => !migrated.has(d));
    if (stayingTargets.length === 0) continue;
    for (const rule of fw.inbound) {
      const sources = rule.sources;
      if (!sources) continue;
      if (!sourceDroplets(spec, sources).some((d) => migrated.has(d))) continue;
      for (const name of stayingTargets)
        staying.set(name, { id: findByName(spec.digitalocean.droplets, name)?.id });
      const ports = rule.protocol === 'icmp' ? undefined : portRange(rule.ports);
      rules.set(`${rule.protocol}/${ports ?? ''}`, {
        protocol: rule.protocol,
        portRange: ports,
        sourceAddresses: natIps,
      });
    }
  }
  if (staying.size === 0) return [];
  const names = [...staying.keys()].sort();
  const withoutId = names.filter((n) => staying.get(n)?.id === undefined);
  if (withoutId.length > 0)
    ctx.report.add(
      noDropletId(
        spec,
        withoutId[0],
        `droplets ${withoutId.join(', ')} have no id in the inventory: the AWS firewall cannot name them`,
      ),
    );
  const named = names.flatMap((name) => {
    const id = staying.get(name)?.id;
    return id === undefined ? [] : [{ name, id }];
  });
  if (named.length === 0) return [];
  plan.decisions.push({
    subject: 'digitalocean.firewalls.from-aws',
    choice: `NAT IPs may reach ${names.join(', ')} on ${[...rules.keys()].sort().join(', ')}`,
    rule: 'what the migrated droplets could reach on droplets that stay, their AWS replacements reach through NAT',
  });
  const inbound = [...rules.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
  // A DigitalOcean firewall applies to at most 10 droplets: one firewall per 10.
  return chunk(named, DO_FIREWALL_MAX_DROPLETS).map((group, i) => {
    const suffix = i === 0 ? [] : [String(i + 1)];
    return {
      key: ['from-aws', ...suffix].join('-'),
      name: awsName('securityGroup', ctx.prefix, 'from-aws', ...suffix),
      dropletIds: group.map((d) => d.id),
      droplets: group.map((d) => d.name),
      inbound,
    };
  });
}
