/**
 * CAA records against the ALB's ACM certificate. The certificate covers every public hostname of the apps;
 * ACM checks CAA before issuing (RFC 8659), and a record set that names only other CAs fails validation
 * with CAA_ERROR at apply time, long after review. This rule finds it in the inventory instead.
 *
 * Rules (RFC 8659 §3, ACM's "Certificate Authority Authorization" page):
 * - The relevant set of a name is the CAA records of the closest name, from the hostname up to the domain,
 *   that has any (a wildcard `*.example.com` is looked up at `example.com`).
 * - A wildcard is governed by the set's `issuewild` records when there are any, else by `issue`; any other
 *   name by `issue` only. A set with no governing record does not restrict issuance.
 * - Amazon may issue when a governing record names amazon.com, amazontrust.com, awstrust.com or
 *   amazonaws.com; `;` (no issuer) allows no CA.
 */
import type { Report } from '../report';
import type { MigrationSpec } from '../spec';
import { publicHostnames } from '../inventory/hostnames';
import { domainOf, recordFqdn } from '../inventory/records';

/** The issuer domains ACM accepts in CAA records. */
export const AMAZON_CAA_ISSUERS = ['amazon.com', 'amazontrust.com', 'awstrust.com', 'amazonaws.com'];

export const CAA_CODE = 'dns/caa-forbids-amazon';

interface CaaRecord {
  /** Index of the domain and of the record in the inventory. */
  domain: number;
  record: number;
  fqdn: string;
  tag: string;
  issuer: string;
}

/**
 * One error per CAA record set that keeps ACM from issuing the certificate, located at the set's first
 * governing record, naming the hostnames it blocks.
 */
export function checkCaa(r: Report, spec: MigrationSpec): void {
  const domains = spec.digitalocean.domains;
  const blocked = new Map<string, { first: CaaRecord; tag: string; hostnames: string[] }>();
  for (const { hostname } of publicHostnames(spec)) {
    const domain = domainOf(domains, hostname);
    if (!domain) continue;
    const d = domains.findIndex((x) => x.name === domain);
    const wildcard = hostname.startsWith('*.');
    const relevant = relevantSet(caaRecords(spec, d), wildcard ? hostname.slice(2) : hostname, domain);
    const issuewild = relevant.filter((c) => c.tag === 'issuewild');
    const governing =
      wildcard && issuewild.length > 0 ? issuewild : relevant.filter((c) => c.tag === 'issue');
    if (governing.length === 0 || governing.some((c) => AMAZON_CAA_ISSUERS.includes(c.issuer))) continue;
    const first = governing[0];
    const key = `${first.domain}.${first.record}`;
    const entry = blocked.get(key) ?? { first, tag: first.tag, hostnames: [] };
    entry.hostnames.push(hostname);
    blocked.set(key, entry);
  }
  for (const { first, tag, hostnames } of blocked.values()) {
    const name = relativeName(domains[first.domain].name, first.fqdn);
    const issuers = [...new Set(governingIssuers(spec, first))].join(', ') || 'no CA (";")';
    r.error(
      ['digitalocean', 'domains', first.domain, 'records', first.record],
      CAA_CODE,
      `the CAA ${tag} records of ${first.fqdn} allow only ${issuers}, so ACM cannot issue the ALB ` +
        `certificate for ${hostnames.join(', ')} (validation fails with CAA_ERROR at apply)`,
      {
        expected: `a CAA ${tag} record naming one of ${AMAZON_CAA_ISSUERS.join(', ')}`,
        hint:
          `add \`0 ${tag} "amazon.com"\` at ${first.fqdn} in DigitalOcean DNS and to this inventory: ` +
          `{ type: CAA, name: "${name}", data: amazon.com, flags: 0, tag: ${tag} }`,
      },
    );
  }
}

/** The issuers of the records with the same name and tag as `first` (the set the message quotes). */
function governingIssuers(spec: MigrationSpec, first: CaaRecord): string[] {
  return caaRecords(spec, first.domain)
    .filter((r) => r.fqdn === first.fqdn && r.tag === first.tag && r.issuer !== '')
    .map((r) => r.issuer);
}

/** The CAA records of the closest name from `name` up to `domain` that has any. */
function relevantSet(records: CaaRecord[], name: string, domain: string): CaaRecord[] {
  for (let n = name; ; n = n.slice(n.indexOf('.') + 1)) {
    const set = records.filter((r) => r.fqdn === n);
    if (set.length > 0 || n === domain || !n.includes('.')) return set;
  }
}

function caaRecords(spec: MigrationSpec, d: number): CaaRecord[] {
  const domain = spec.digitalocean.domains[d];
  const out: CaaRecord[] = [];
  domain.records.forEach((r, j) => {
    if (r.type !== 'CAA') return;
    const { tag, value } = parseCaa(r.data, r.tag);
    out.push({
      domain: d,
      record: j,
      fqdn: recordFqdn(domain.name, r.name),
      tag,
      issuer: issuerOf(value),
    });
  });
  return out;
}

/**
 * DigitalOcean keeps the tag in `tag` and the value in `data`; an inventory copied from a zone file may
 * hold the whole `0 issue "letsencrypt.org"` in `data`. An absent tag is `issue`, as the copy writes it.
 */
export function parseCaa(data: string, tag: string | undefined): { tag: string; value: string } {
  const whole = /^\s*\d+\s+([A-Za-z0-9]+)\s+(.*)$/.exec(data);
  if (whole) return { tag: whole[1].toLowerCase(), value: whole[2] };
  return { tag: (tag ?? 'issue').toLowerCase(), value: data };
}

/** `"amazon.com; account=123"` → `amazon.com`; `;` → `` (no CA may issue). */
export function issuerOf(value: string): string {
  return value.trim().replace(/^"|"$/g, '').split(';')[0].trim().toLowerCase().replace(/\.$/, '');
}

function relativeName(domain: string, fqdn: string): string {
  return fqdn === domain ? '@' : fqdn.slice(0, -(domain.length + 1));
}
