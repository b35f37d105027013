/**
 * Queries over the DNS records of the inventory (`digitalocean.domains[].records`): names as FQDNs, the domain
 * of a hostname, and what a hostname answers today.
 */
import type { DomainSpec, DnsRecordSpec } from '../spec';
import { findByName } from './by-name';

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

/**
 * recordFqdn of a record, remembered per record: every public hostname asks recordsAnswering about its
 * domain, which would otherwise rewrite every record name of the domain each time (hostnames x records,
 * the most of the cutover rules' time at 1,000 apps). Checked, not trusted: a record renamed since, or asked
 * about under another domain, is worked out anew.
 */
function fqdnOfRecord(domain: string, record: DnsRecordSpec): string {
  const known = fqdns.get(record);
  if (known !== undefined && known.domain === domain && known.name === record.name) return known.fqdn;
  const fqdn = recordFqdn(domain, record.name);
  fqdns.set(record, { domain, name: record.name, fqdn });
  return fqdn;
}

const fqdns = new WeakMap<DnsRecordSpec, { domain: string; name: string; fqdn: string }>();

/** The domain a hostname belongs to: the longest declared domain that is the hostname or a suffix of it. */
export function domainOf(domains: readonly { name: string }[], hostname: string): string | undefined {
  let best: string | undefined;
  for (const d of domains) {
    if ((hostname === d.name || hostname.endsWith(`.${d.name}`)) && (!best || d.name.length > best.length))
      best = d.name;
  }
  return best;
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
  const names = domain.records.map((r) => fqdnOfRecord(domain.name, r));
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

export const ownedKey = (fqdn: string, type: string): string => `${fqdn}|${type}`;

export function describeRecord(r: DnsRecordSpec): string {
  return `${r.type} ${r.name}${r.id !== undefined ? ` (id ${r.id})` : ''}`;
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
