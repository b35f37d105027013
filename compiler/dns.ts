/**
 * DNS part of the plan model: one Route 53 hosted zone per domain whose DNS dropship can manage, and for a
 * zone that moves from DigitalOcean, a copy of every inventory record the cutover does not take over, so
 * that switching the nameservers at the registrar changes no answer by itself.
 *
 * Which names the cutover takes over is decided here too (`cutoverOwnedRecords`), because the copy must
 * leave them out: Route 53 rejects a simple record set beside a weighted one of the same name and type.
 */
import { findByName, indexByName } from './by-name';
import type { AppSpec, DnsRecordSpec, DomainSpec, MigrationSpec } from '../schema/spec';
import type { CompileContext } from './context';
import type { Finding } from './findings';
import { usesIpv6 } from './network';
import { ref } from './refs';
import { type Value } from './model/refs';
import { STEP_ORDER } from './steps';
import { uniqueKeys } from './names';
import { DnsPlan, ZonePlan, RecordSetPlan, CopiedRecordType } from './model/dns';
import { DoEndpoint } from './model/cutover';

/** Reference keys the dns stack registers (the contract in compiler/refs.ts). */
export const zoneIdRef = (domain: string): Value => ref(`dns.zone.${domain}.id`);
export const zoneNameServersRefKey = (domain: string): string => `dns.zone.${domain}.name_servers`;

/** The types the cutover's weighted records replace at an app hostname (a CNAME cannot sit beside A). */
export const CUTOVER_TYPES = ['A', 'AAAA', 'CNAME'] as const;

/**
 * The FQDN of an inventory record (`@` is the apex), lowercase, without a trailing dot. A name copied from
 * `aws route53 list-resource-record-sets` keeps Route 53's octal escapes (`\052` for a wildcard's `*`):
 * they are read back as the characters they stand for.
 */
export function recordFqdn(domain: string, name: string): string {
  const n = name
    .trim()
    .replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)))
    .toLowerCase()
    .replace(/\.$/, '');
  if (n === '@' || n === '' || n === domain) return domain;
  if (n.endsWith(`.${domain}`)) return n;
  return `${n}.${domain}`;
}

/** The domain a hostname belongs to: the longest declared domain that is the hostname or a suffix of it. */
export function domainOf(domains: readonly { name: string }[], hostname: string): string | undefined {
  let best: string | undefined;
  for (const d of domains) {
    if ((hostname === d.name || hostname.endsWith(`.${d.name}`)) && (!best || d.name.length > best.length))
      best = d.name;
  }
  return best;
}

/** A public app hostname with the app that serves it (its name and its spec) and its spec path. */
export interface PublicHostname {
  app: string;
  appSpec: AppSpec;
  hostname: string;
  path: (string | number)[];
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

/**
 * The inventory records that answer a name of `domain` today: its own, or, when the name does not exist
 * (no records at it or below it), those of the wildcard `*.<closest encloser>` (RFC 4592: the closest
 * encloser is the longest ancestor that exists; the apex always does). `wildcard` names the wildcard that
 * answers.
 */
export function recordsAnswering(
  domain: DomainSpec,
  fqdn: string,
): { records: DnsRecordSpec[]; wildcard?: string } {
  const names = domain.records.map((r) => recordFqdn(domain.name, r.name));
  const own = domain.records.filter((_, i) => names[i] === fqdn);
  const exists = (name: string) => names.some((n) => n === name || n.endsWith(`.${name}`));
  if (own.length > 0 || fqdn === domain.name || !fqdn.endsWith(`.${domain.name}`) || exists(fqdn))
    return { records: own };
  let encloser = fqdn.slice(fqdn.indexOf('.') + 1);
  while (encloser !== domain.name && !exists(encloser)) encloser = encloser.slice(encloser.indexOf('.') + 1);
  const wildcard = `*.${encloser}`;
  const records = domain.records.filter((_, i) => names[i] === wildcard);
  return records.length > 0 ? { records, wildcard } : { records: [] };
}

/** What a hostname answers today, as the inventory says (answerToday). */
export interface AnswerToday {
  /** The CNAME targets followed from the hostname, in order (FQDN, lowercase, no trailing dot). */
  cnames: string[];
  /**
   * Whether the answer is known: false when the CNAME chain leaves the declared domains (another provider,
   * a CDN) or loops. Then `a` and `aaaa` are empty and mean nothing.
   */
  known: boolean;
  /** The A and AAAA values at the end of the chain (the name itself without a CNAME), sorted. */
  a: string[];
  aaaa: string[];
  /**
   * The wildcard that answers the hostname itself (it has no records of its own), with its record types and
   * its longest TTL among A, AAAA and CNAME.
   */
  wildcard?: { name: string; types: string[]; ttl: number };
}

/**
 * What the hostname answers today, as the inventory (`digitalocean.domains[].records`: DigitalOcean DNS, or
 * the records of a zone hosted elsewhere as the spec lists them) says: the A and AAAA records at the name
 * (or, when it has none of its own, at the wildcard that answers it: recordsAnswering), or, when it is a
 * CNAME, at the end of the chain followed through the declared domains. A chain that
 * leaves them (a CNAME to a CDN or another provider) is not known: dropship cannot tell what it answers.
 */
export function answerToday(domains: readonly DomainSpec[], hostname: string): AnswerToday {
  const out: AnswerToday = { cnames: [], known: true, a: [], aaaa: [] };
  const seen = new Set<string>();
  let name = hostname.toLowerCase();
  for (;;) {
    const fqdn = name;
    const domainName = domainOf(domains, fqdn);
    const domain = domainName === undefined ? undefined : findByName(domains, domainName);
    if (!domain || seen.has(fqdn)) return { ...out, known: false };
    seen.add(fqdn);
    const { records: here, wildcard } = recordsAnswering(domain, fqdn);
    if (wildcard !== undefined && fqdn === hostname.toLowerCase())
      out.wildcard = {
        name: wildcard,
        types: [...new Set(here.map((r) => r.type))].sort(),
        ttl: Math.max(
          0,
          ...here.filter((r) => (CUTOVER_TYPES as readonly string[]).includes(r.type)).map((r) => r.ttl),
        ),
      };
    const cname = here.find((r) => r.type === 'CNAME');
    if (!cname) {
      const values = (type: string) =>
        here
          .filter((r) => r.type === type)
          .map((r) => r.data.trim())
          .sort();
      return { ...out, a: values('A'), aaaa: values('AAAA') };
    }
    name = absoluteHost(domain.name, cname.data).replace(/\.$/, '').toLowerCase();
    out.cnames.push(name);
  }
}

/**
 * Whether a hostname answers AAAA today, from its answerToday: an AAAA record at the name, or at the end of
 * its CNAME chain through the declared domains; undefined when the chain leaves them (dropship cannot tell).
 * The dns copy and the cutover both read it, so they tell one story.
 */
export function answersAaaa(today: AnswerToday): boolean | undefined {
  return today.known ? today.aaaa.length > 0 : undefined;
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
export function doEndpoints(spec: MigrationSpec, app: AppSpec, warnings: Finding[] = []): DoEndpoint[] {
  const inventory = spec.digitalocean;
  if (app.loadBalancer) {
    const i = indexByName(inventory.loadBalancers, app.loadBalancer);
    const lb = inventory.loadBalancers[i];
    if (!lb?.ip) {
      warnings.push({
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
      warnings.push({
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

export const ownedKey = (fqdn: string, type: string): string => `${fqdn}|${type}`;

export function compileDns(ctx: CompileContext): DnsPlan {
  const { spec } = ctx;
  const plan: DnsPlan = { zones: [], decisions: [], manualSteps: [], warnings: [] };
  spec.digitalocean.domains.forEach((domain, i) =>
    plan.zones.push(compileZone(domain, i, ctx.cutoverOwnedRecords, plan, ctx)),
  );
  return plan;
}

function compileZone(
  domain: DomainSpec,
  index: number,
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
  zone.zoneId = zoneIdRef(domain.name);
  zone.preventDestroy = ctx.production;
  zone.nameServersOutput = `name_servers_${domain.name.replace(/[^a-z0-9]+/g, '_')}`;
  if (domain.dns === 'route53') {
    plan.warnings.push({
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
    commands: [`terraform output -json ${zone.nameServersOutput}`, `dig +short NS ${domain.name}`],
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

export function describeRecord(r: DnsRecordSpec): string {
  return `${r.type} ${r.name}${r.id !== undefined ? ` (id ${r.id})` : ''}`;
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

/**
 * A host name in record data as an absolute name with a trailing dot: `@` is the apex, a name ending in a
 * dot is absolute already, a single label (`mail`) is relative to the domain as in the DigitalOcean panel,
 * and a dotted name without the trailing dot (as the DigitalOcean API returns them) is absolute.
 */
export function absoluteHost(domain: string, data: string): string {
  const d = data.trim();
  if (d === '@') return `${domain}.`;
  if (d.endsWith('.')) return d;
  if (!d.includes('.')) return `${d}.${domain}.`;
  return `${d}.`;
}

/** The value of one inventory record as Route 53 (and the Terraform AWS provider) expect it. */
export function route53Value(domain: string, r: DnsRecordSpec): string {
  switch (r.type) {
    case 'MX':
      return `${r.priority ?? 0} ${absoluteHost(domain, r.data)}`;
    case 'SRV':
      return `${r.priority ?? 0} ${r.weight ?? 0} ${r.port ?? 0} ${absoluteHost(domain, r.data)}`;
    case 'CAA':
      return `${r.flags ?? 0} ${r.tag ?? 'issue'} "${r.data.replace(/^"|"$/g, '')}"`;
    case 'CNAME':
    case 'NS':
      return absoluteHost(domain, r.data);
    case 'TXT':
      return txtValue(r.data);
    default:
      return r.data.trim();
  }
}

/**
 * A TXT value for `aws_route53_record.records`: the provider adds the outer quotes itself, strings longer
 * than 255 bytes are split into several character strings joined by `""` (the provider's documented form),
 * and quotes and backslashes inside are escaped.
 */
export function txtValue(data: string): string {
  const text = unquoteTxt(data);
  const bytes = Buffer.from(text, 'utf8');
  const chunks: string[] = [];
  for (let start = 0; start < bytes.length || chunks.length === 0;) {
    let end = Math.min(start + 255, bytes.length);
    // Never cut a UTF-8 sequence: back off to the start of a character.
    while (end < bytes.length && end > start && (bytes[end] & 0xc0) === 0x80) end--;
    chunks.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    if (start >= bytes.length) break;
  }
  return chunks.map((c) => c.replace(/\\/g, '\\\\').replace(/"/g, '\\"')).join('""');
}

/** DigitalOcean shows TXT data unquoted; an inventory copied from a zone file may quote it. */
function unquoteTxt(data: string): string {
  const quoted = data.match(/^"((?:[^"\\]|\\.)*)"(?:\s+"((?:[^"\\]|\\.)*)")*$/);
  if (!quoted) return data;
  const parts = [...data.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].replace(/\\(.)/g, '$1'));
  return parts.join('');
}
