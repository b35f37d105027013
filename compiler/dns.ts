/**
 * DNS part of the plan model: one Route 53 hosted zone per domain whose DNS dropship can manage, and for a
 * zone that moves from DigitalOcean, a copy of every inventory record the cutover does not take over, so
 * that switching the nameservers at the registrar changes no answer by itself.
 *
 * Which names the cutover takes over is decided here too (`cutoverOwnedRecords`), because the copy must
 * leave them out: Route 53 rejects a simple record set beside a weighted one of the same name and type.
 */
import type { DnsRecordSpec, DomainSpec } from '../schema/spec';
import type { CompileContext } from './context';
import { address, ref } from './refs';
import { dnsStackName } from './stack-names';
import { STEP_ORDER } from './steps';
import { shortHash, uniqueKeys } from '../schema/facts/aws-names';
import { DnsPlan, ZonePlan, RecordSetPlan, CopiedRecordType } from './model/dns';
import { describeRecord, ownedKey, recordFqdn } from '../schema/inventory/records';
import { route53Value } from './aws/route53';
import { sh, toCommands } from './shell';

/** Construct ids from domain names: dots become hyphens (`shop-example-com`). */
export const domainSlug = (domain: string): string => domain.replace(/[^a-z0-9-]+/g, '-');

/**
 * Each domain's slug for its zone's ids, unique: when domains share one (`shop-alpha.com` and
 * `shop.alpha.com`), the one with the fewest labels keeps it (a registrable domain before a delegated
 * subdomain, so an applied zone keeps its address) and the others add a short hash of their name, whatever
 * the order of the domains.
 */
export function zoneSlugs(domains: readonly string[]): Map<string, string> {
  const byslug = new Map<string, string[]>();
  for (const d of domains) byslug.set(domainSlug(d), [...(byslug.get(domainSlug(d)) ?? []), d]);
  const slugs = new Map<string, string>();
  for (const [slug, names] of byslug) {
    const [keeper, ...others] = [...names].sort(
      (a, b) => a.split('.').length - b.split('.').length || a.localeCompare(b),
    );
    slugs.set(keeper, slug);
    for (const other of others) slugs.set(other, `${slug}-${shortHash(other)}`);
  }
  return slugs;
}

export function compileDns(ctx: CompileContext): DnsPlan {
  const { spec } = ctx;
  const plan: DnsPlan = { zones: [], decisions: [], manualSteps: [] };
  const slugs = zoneSlugs(spec.digitalocean.domains.map((d) => d.name));
  spec.digitalocean.domains.forEach((domain, i) =>
    plan.zones.push(compileZone(domain, i, slugs.get(domain.name)!, ctx.cutoverOwnedRecords, plan, ctx)),
  );
  for (const domain of spec.digitalocean.domains) {
    const slug = slugs.get(domain.name)!;
    if (slug !== domainSlug(domain.name))
      plan.decisions.push({
        subject: `dns.${domain.name}.ids`,
        choice: `zone-${slug}`,
        rule: `another domain's ids are zone-${domainSlug(domain.name)} too: the domain with the fewest labels keeps them, the others add a short hash of their name`,
      });
  }
  return plan;
}

function compileZone(
  domain: DomainSpec,
  index: number,
  slug: string,
  ownedReasons: ReadonlyMap<string, string>,
  plan: DnsPlan,
  ctx: CompileContext,
): ZonePlan {
  const zone: ZonePlan = {
    domain: domain.name,
    hostedAt: domain.dns,
    mode: 'none',
    preventDestroy: false,
    comment: `${domain.name}, managed by dropship (${ctx.prefix})`,
    forceDestroy: false,
    copiedRecords: [],
    notCopied: [],
  };
  // The schema admits route53ZoneId only with dns: route53 (rule dns/zone-id-without-route53), so an
  // external domain never names an existing zone.
  if (domain.dns === 'external') {
    plan.decisions.push({
      subject: `dns.${domain.name}`,
      choice: 'no Route 53 zone',
      rule: 'DNS is hosted outside DigitalOcean and Route 53: dropship cannot publish weighted records there',
    });
    return zone;
  }
  if (domain.route53ZoneId) {
    zone.mode = 'existing';
    zone.zoneId = domain.route53ZoneId;
    plan.decisions.push({
      subject: `dns.${domain.name}`,
      choice: `existing hosted zone ${domain.route53ZoneId}`,
      rule: 'route53ZoneId is set: the zone is referenced, not created, and its records are left as they are',
    });
    return zone;
  }
  zone.mode = 'create';
  zone.slug = slug;
  zone.address = address(dnsStackName(ctx.prefix), 'aws_route53_zone', `zone-${slug}`);
  zone.zoneId = ref(zone.address, 'zone_id');
  zone.preventDestroy = ctx.production;
  zone.nameServersOutput = `name_servers_${slug.replace(/-+/g, '_')}`;
  if (domain.dns === 'route53') {
    ctx.report.add({
      code: 'dns/route53-without-zone-id',
      path: ['digitalocean', 'domains', index, 'dns'],
      message:
        `${domain.name}: dns is route53 but no route53ZoneId is given, so a new hosted zone is created; ` +
        'set route53ZoneId to use the zone that serves the domain today',
    });
  }
  if (domain.dns === 'digitalocean') {
    const { copied, notCopied } = copyZone(domain, ownedReasons);
    zone.copiedRecords = copied;
    zone.notCopied = notCopied;
  }
  plan.decisions.push({
    subject: `dns.${domain.name}`,
    choice: `new hosted zone with ${zone.copiedRecords.length} copied record sets`,
    rule:
      domain.dns === 'digitalocean'
        ? 'DNS is at DigitalOcean: every record the cutover does not take over is copied first, so the nameserver switch changes no answer'
        : 'no existing zone id given',
    from: domain.dns === 'digitalocean' ? `DigitalOcean DNS, ${domain.records.length} records` : undefined,
  });
  plan.manualSteps.push({
    order: STEP_ORDER.delegateToRoute53,
    title: `Delegate ${domain.name} to Route 53`,
    detail:
      `After the dns and cutover stacks are applied (cutover at phase 0), set the nameservers of ${domain.name} ` +
      `at the registrar to the four in the terraform output ${zone.nameServersOutput} of the dns stack. ` +
      'The new zone answers what DigitalOcean answers, except for any hostname the plan warns about ' +
      '(cutover/answers-change): those answer the cutover’s DigitalOcean side from phase 0 on. ' +
      'Resolvers may keep the old NS set for up to the TLD’s NS TTL (48 h for .com).',
    commands: toCommands([
      sh`terraform output -json ${zone.nameServersOutput}`,
      sh`dig +short NS ${domain.name}`,
    ]),
  });
  return zone;
}

/** Groups the inventory into Route 53 record sets, leaving out what Route 53 or the cutover owns. */
function copyZone(
  domain: DomainSpec,
  ownedReasons: ReadonlyMap<string, string>,
): { copied: RecordSetPlan[]; notCopied: { record: string; reason: string }[] } {
  const groups = new Map<string, { name: string; type: CopiedRecordType; records: DnsRecordSpec[] }>();
  const notCopied: { record: string; reason: string }[] = [];
  for (const record of domain.records) {
    const name = recordFqdn(domain.name, record.name);
    const label = describeRecord(record);
    if (record.type === 'SOA') {
      notCopied.push({ record: label, reason: 'the Route 53 zone has its own SOA' });
      continue;
    }
    if (record.type === 'NS' && name === domain.name) {
      notCopied.push({ record: label, reason: 'the Route 53 zone has its own apex NS set' });
      continue;
    }
    const ownedReason = ownedReasons.get(ownedKey(name, record.type));
    if (ownedReason !== undefined) {
      notCopied.push({ record: label, reason: ownedReason });
      continue;
    }
    const key = `${name}|${record.type}`;
    const group = groups.get(key) ?? { name, type: record.type, records: [] };
    group.records.push(record);
    groups.set(key, group);
  }
  const setNames = [...groups.values()].map((g) => recordSetName(domain.name, g.name, g.type));
  const keys = uniqueKeys(setNames, recordSetKey);
  const copied = [...groups.values()].map((g, i) => ({
    key: keys.get(setNames[i])!,
    name: g.name,
    type: g.type,
    // Route 53 has one TTL per record set; the shortest keeps every value at least as fresh as before.
    ttl: Math.min(...g.records.map((r) => r.ttl)),
    records: [...new Set(g.records.map((r) => route53Value(domain.name, r)))],
    sources: g.records.map(describeRecord),
  }));
  copied.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { copied, notCopied };
}

/** `www-a`, `apex-mx`, `*-txt`: a record set's name and type within a zone, before it becomes a key. */
function recordSetName(domain: string, fqdn: string, type: string): string {
  const label = fqdn === domain ? 'apex' : fqdn.slice(0, -(domain.length + 1));
  return `${label}-${type.toLowerCase()}`;
}

/** A record set's logical-id key (`*` reads `wildcard`); uniqueKeys adds a hash where two sets would meet. */
function recordSetKey(name: string): string {
  return name.replace(/\*/g, 'wildcard').replace(/[^a-z0-9_-]+/g, '-');
}
