import { compile } from '../../compiler';
import { address, ref } from '../../compiler/refs';
import { createContext } from '../../compiler/context';
import { txtValue } from '../../compiler/aws/route53';
import { cutoverOwnedRecords, publicHostnames } from '../../schema/inventory/hostnames';
import { absoluteHost } from '../../schema/inventory/records';
import { recordsAnswering } from '../../schema/inventory/records';
import { recordFqdn } from '../../schema/inventory/records';
import { type ZonePlan } from '../../compiler/model/dns';
import type { DnsRecordSpec, DomainSpec, MigrationSpec } from '../../schema/spec';
import { baseSpecInput, examples, loadSpec, specFrom } from '../helpers/synth';
import { revalidated } from '../helpers/validate';

/** What Route 53 must answer for one inventory record, written out independently of compiler/dns.ts. */
function expectedValue(domain: string, r: DnsRecordSpec): string {
  const host = (d: string) =>
    d === '@' ? `${domain}.` : d.endsWith('.') ? d : d.includes('.') ? `${d}.` : `${d}.${domain}.`;
  switch (r.type) {
    case 'MX':
      return `${r.priority} ${host(r.data)}`;
    case 'SRV':
      return `${r.priority} ${r.weight} ${r.port} ${host(r.data)}`;
    case 'CAA':
      return `${r.flags} ${r.tag} "${r.data}"`;
    case 'CNAME':
    case 'NS':
      return host(r.data);
    case 'TXT':
      return txtValue(r.data);
    default:
      return r.data;
  }
}

/**
 * Inventory records the copy must carry: everything but SOA, apex NS and what the cutover takes over (app
 * hostnames, and the CNAME of a CDN host name whose Space moves to CloudFront).
 */
function mustBeCopied(spec: MigrationSpec, domain: DomainSpec, r: DnsRecordSpec): boolean {
  if (r.type === 'SOA') return false;
  const fqdn = recordFqdn(domain.name, r.name);
  if (r.type === 'NS' && fqdn === domain.name) return false;
  const hostnames = spec.cutover
    ? spec.apps.flatMap((a) => (a.expose && 'public' in a.expose ? a.expose.public.hostnames : []))
    : [];
  // A Spaces CDN custom domain whose Space becomes a bucket: the cutover weights its CNAME (storage.md).
  const moved = new Set(spec.storage.buckets.map((b) => b.from));
  const cdnNames = spec.cutover
    ? spec.digitalocean.cdnEndpoints.filter((e) => moved.has(e.space)).map((e) => e.customDomain)
    : [];
  if (cdnNames.includes(fqdn) && r.type === 'CNAME') return false;
  return !(hostnames.includes(fqdn) && ['A', 'AAAA', 'CNAME'].includes(r.type));
}

function assertSuperset(spec: MigrationSpec, zone: ZonePlan, domain: DomainSpec): number {
  let checked = 0;
  for (const r of domain.records) {
    if (!mustBeCopied(spec, domain, r)) continue;
    const fqdn = recordFqdn(domain.name, r.name);
    const set = zone.copiedRecords.find((s) => s.name === fqdn && s.type === r.type);
    expect({ record: `${r.type} ${r.name}`, found: set !== undefined }).toEqual({
      record: `${r.type} ${r.name}`,
      found: true,
    });
    expect(set!.records).toContain(expectedValue(domain.name, r));
    expect(set!.ttl).toBeLessThanOrEqual(r.ttl);
    checked++;
  }
  return checked;
}

describe('zone copy of the bundled examples', () => {
  const doHosted = examples()
    .map((e) => ({ ...e, spec: loadSpec(e.file) }))
    .filter((e) => e.spec.digitalocean.domains.some((d) => d.dns === 'digitalocean' && !d.route53ZoneId));

  it('has an example whose DNS is at DigitalOcean', () => {
    expect(doHosted.length).toBeGreaterThan(0);
  });

  for (const { name, spec } of doHosted) {
    it(`${name}: every non-migrated inventory record is in the new zone, record by record`, () => {
      const plan = compile(spec);
      for (const domain of spec.digitalocean.domains.filter(
        (d) => d.dns === 'digitalocean' && !d.route53ZoneId,
      )) {
        const zone = plan.dns.zones.find((z) => z.domain === domain.name)!;
        expect(zone.mode).toBe('create');
        expect(zone.address).toEqual(
          address(`${plan.meta.prefix}-dns`, 'aws_route53_zone', `zone-${domain.name.replace(/\./g, '-')}`),
        );
        expect(zone.zoneId).toEqual(ref(zone.address!, 'zone_id'));
        const checked = assertSuperset(spec, zone, domain);
        expect(checked).toBeGreaterThan(0);
        // and nothing the cutover owns is copied (Route 53 rejects simple beside weighted)
        const cutoverNames = new Set(plan.cutover?.records.map((r) => `${r.name}|${r.type}`) ?? []);
        for (const set of zone.copiedRecords) expect(cutoverNames.has(`${set.name}|${set.type}`)).toBe(false);
      }
    });
  }

  it('php-shop: the MX, SPF and CAA records in Route 53 format', () => {
    const zone = compile(loadSpec(examples().find((e) => e.name === 'php-shop')!.file)).dns.zones[0];
    expect(zone.copiedRecords.map((s) => [s.type, s.name, s.ttl, s.records])).toEqual([
      ['CAA', 'shop-example.com', 3600, ['0 issue "amazon.com"']],
      ['MX', 'shop-example.com', 3600, ['10 mx.mail-provider.example.']],
      ['TXT', 'shop-example.com', 3600, ['v=spf1 include:_spf.mail-provider.example ~all']],
    ]);
    expect(zone.notCopied.map((n) => n.record)).toEqual(['A @ (id 28448429)', 'A www (id 28448430)']);
  });
});

const dkim = `v=DKIM1; k=rsa; p=${'A'.repeat(300)}`;
const richDomain = {
  name: 'example.org',
  dns: 'digitalocean',
  records: [
    { type: 'NS', name: '@', data: 'ns1.digitalocean.com', ttl: 1800 },
    { type: 'SOA', name: '@', data: 'ns1.digitalocean.com', ttl: 1800 },
    { type: 'A', name: '@', data: '198.51.100.1', ttl: 1800 },
    { type: 'AAAA', name: '@', data: '2001:db8::1', ttl: 1800 },
    { type: 'A', name: 'mail', data: '198.51.100.9', ttl: 600 },
    { type: 'AAAA', name: 'mail', data: '2001:db8::9', ttl: 600 },
    { type: 'CNAME', name: 'docs', data: 'hosting.example.net.', ttl: 300 },
    { type: 'CNAME', name: 'blog', data: 'mail', ttl: 300 },
    { type: 'MX', name: '@', data: 'mail', priority: 10, ttl: 3600 },
    { type: 'MX', name: '@', data: 'backup.example.net', priority: 20, ttl: 1800 },
    { type: 'TXT', name: '@', data: 'v=spf1 mx -all', ttl: 3600 },
    { type: 'TXT', name: '@', data: 'say "hi"', ttl: 3600 },
    { type: 'TXT', name: 'mail._domainkey', data: dkim, ttl: 3600 },
    {
      type: 'SRV',
      name: '_sip._tcp',
      data: 'sip.example.org',
      priority: 10,
      weight: 60,
      port: 5060,
      ttl: 3600,
    },
    { type: 'CAA', name: '@', data: 'letsencrypt.org', flags: 0, tag: 'issue', ttl: 3600 },
    // ACM issues the ALB certificate for example.org (the rules refuse a set that keeps it out).
    { type: 'CAA', name: '@', data: 'amazon.com', flags: 0, tag: 'issue', ttl: 3600 },
    { type: 'CAA', name: '@', data: 'mailto:security@example.org', flags: 128, tag: 'iodef', ttl: 3600 },
    { type: 'NS', name: 'lab', data: 'ns1.lab-dns.example.net.', ttl: 86400 },
  ],
};

function richSpec(withCutover: boolean): MigrationSpec {
  return specFrom({
    ...baseSpecInput(),
    digitalocean: {
      droplets: [{ name: 'web-1', size: 's-1vcpu-1gb', region: 'ams3', ipv4: { public: '198.51.100.1' } }],
      domains: [
        richDomain,
        { name: 'example.net', dns: 'external' },
        { name: 'example.com', dns: 'route53', route53ZoneId: 'Z0123456789ABC' },
      ],
    },
    apps: [
      {
        name: 'web',
        droplets: ['web-1'],
        containers: [{ name: 'web', image: { uri: 'nginx:1.27' }, port: 80 }],
        expose: { public: { hostnames: ['example.org'], container: 'web', port: 80 } },
      },
    ],
    ...(withCutover ? { cutover: {} } : {}),
  });
}

describe('compileDns', () => {
  const spec = richSpec(true);
  const plan = compile(revalidated(spec)).dns;
  const zone = plan.zones.find((z) => z.domain === 'example.org')!;
  const set = (type: string, name: string) =>
    zone.copiedRecords.find((s) => s.type === type && s.name === name);

  it('copies a superset of the non-migrated records, record by record', () => {
    expect(assertSuperset(spec, zone, spec.digitalocean.domains[0])).toBe(14);
  });

  it('leaves out SOA, the apex NS set and the names the cutover takes over', () => {
    expect(zone.notCopied.map((n) => `${n.record}: ${n.reason}`)).toEqual([
      'NS @: the Route 53 zone has its own apex NS set',
      'SOA @: the Route 53 zone has its own SOA',
      'A @: replaced by the cutover’s weighted records',
      'AAAA @: not published: the cutover weights example.org with A records only (the ALB is not dualstack: ' +
        'aws.network.vpc.ipv6 is not set), so IPv6 clients connect over IPv4 and follow the weights; this AAAA ' +
        'answer ends with the nameserver switch',
    ]);
    expect(set('NS', 'lab.example.org')?.records).toEqual(['ns1.lab-dns.example.net.']);
  });

  it('groups values of one name and type into one record set with the shortest TTL', () => {
    expect(set('MX', 'example.org')).toMatchObject({
      ttl: 1800,
      records: ['10 mail.example.org.', '20 backup.example.net.'],
    });
    expect(set('TXT', 'example.org')?.records).toEqual(['v=spf1 mx -all', 'say \\"hi\\"']);
  });

  it('formats SRV, CAA and relative CNAME targets for Route 53', () => {
    expect(set('SRV', '_sip._tcp.example.org')?.records).toEqual(['10 60 5060 sip.example.org.']);
    expect(set('CAA', 'example.org')?.records).toEqual([
      '0 issue "letsencrypt.org"',
      '0 issue "amazon.com"',
      '128 iodef "mailto:security@example.org"',
    ]);
    expect(set('CNAME', 'blog.example.org')?.records).toEqual(['mail.example.org.']);
    expect(set('CNAME', 'docs.example.org')?.records).toEqual(['hosting.example.net.']);
  });

  it('splits a TXT value over 255 bytes into character strings joined the way the provider expects', () => {
    const value = set('TXT', 'mail._domainkey.example.org')!.records[0];
    const strings = value.split('""');
    expect(strings.length).toBe(2);
    expect(Buffer.byteLength(strings[0])).toBe(255);
    expect(strings.join('')).toBe(dkim);
  });

  it('references an existing zone without creating one, and creates none for external DNS', () => {
    expect(plan.zones.find((z) => z.domain === 'example.com')).toMatchObject({
      mode: 'existing',
      zoneId: 'Z0123456789ABC',
      copiedRecords: [],
    });
    expect(plan.zones.find((z) => z.domain === 'example.net')).toMatchObject({
      mode: 'none',
      copiedRecords: [],
    });
    expect(plan.zones.find((z) => z.domain === 'example.net')!.zoneId).toBeUndefined();
  });

  it('lists the registrar step with the nameserver output for a new zone', () => {
    const step = plan.manualSteps.find((s) => s.title === 'Delegate example.org to Route 53');
    expect(step?.detail).toContain(zone.nameServersOutput);
    expect(step?.commands).toContain(`terraform output -json ${zone.nameServersOutput}`);
  });

  it('keeps a hostname’s records when its app has no DigitalOcean endpoint to weight against', () => {
    const input = richSpec(true);
    input.apps[0] = { ...input.apps[0], droplets: [] };
    const kept = compile(revalidated(input)).dns.zones.find((z) => z.domain === 'example.org')!;
    expect(kept.copiedRecords.find((s) => s.type === 'A' && s.name === 'example.org')?.records).toEqual([
      '198.51.100.1',
    ]);
  });

  it('copies the apex A and AAAA too when the spec has no cutover', () => {
    const noCutover = compile(revalidated(richSpec(false))).dns.zones.find(
      (z) => z.domain === 'example.org',
    )!;
    expect(noCutover.copiedRecords.find((s) => s.type === 'A' && s.name === 'example.org')?.records).toEqual([
      '198.51.100.1',
    ]);
    expect(noCutover.copiedRecords.find((s) => s.type === 'AAAA' && s.name === 'example.org')).toBeDefined();
  });
});

describe('cutoverOwnedRecords', () => {
  /**
   * richSpec plus an app with two hostnames and a droplet (both answered by that droplet today: a name
   * DigitalOcean DNS answers nothing for is new and owns no record), and one with a hostname but no droplet.
   */
  function twoMoreApps(): MigrationSpec {
    const spec = richSpec(true);
    const container = spec.apps[0].containers;
    const domains = spec.digitalocean.domains.map((d) =>
      d.name === 'example.org'
        ? {
            ...d,
            records: [
              ...d.records,
              ...['shop', 'www'].map((name) => ({ type: 'A', name, data: '198.51.100.1', ttl: 300 })),
            ],
          }
        : d,
    );
    return specFrom({
      ...spec,
      digitalocean: { ...spec.digitalocean, domains },
      apps: [
        ...spec.apps,
        {
          name: 'shop',
          droplets: ['web-1'],
          containers: container,
          expose: {
            public: { hostnames: ['shop.example.org', 'www.example.org'], container: 'web', port: 80 },
          },
        },
        {
          name: 'docs',
          droplets: [],
          containers: container,
          expose: { public: { hostnames: ['docs.example.org'], container: 'web', port: 80 } },
        },
      ],
    });
  }

  it('owns A, AAAA and CNAME at each hostname of an app with a DigitalOcean endpoint, nothing else', () => {
    expect([...cutoverOwnedRecords(twoMoreApps()).keys()].sort()).toEqual(
      ['example.org', 'shop.example.org', 'www.example.org'].flatMap((h) =>
        ['A', 'AAAA', 'CNAME'].map((t) => `${h}|${t}`),
      ),
    );
  });

  it('gives each owned record the reason the dns copy leaves it out', () => {
    const owned = cutoverOwnedRecords(twoMoreApps());
    expect(owned.get('shop.example.org|A')).toBe('replaced by the cutover’s weighted records');
    expect(owned.get('shop.example.org|CNAME')).toBe('replaced by the cutover’s weighted records');
    expect(owned.get('shop.example.org|AAAA')).toMatch(
      /^not published: the cutover weights shop\.example\.org with A records only \(the ALB is not dualstack/,
    );
  });

  it('publicHostnames carries the app spec that serves each hostname', () => {
    const spec = twoMoreApps();
    expect(
      publicHostnames(spec).map((h) => [h.hostname, h.appSpec === spec.apps[h.path[1] as number]]),
    ).toEqual([
      ['example.org', true],
      ['shop.example.org', true],
      ['www.example.org', true],
      ['docs.example.org', true],
    ]);
  });

  it('is computed once per compile context', () => {
    const spec = twoMoreApps();
    const ctx = createContext(revalidated(spec));
    expect(ctx.cutoverOwnedRecords).toBe(ctx.cutoverOwnedRecords);
    expect([...ctx.cutoverOwnedRecords]).toEqual([...cutoverOwnedRecords(spec)]);
  });
});

describe('recordsAnswering', () => {
  const domain = (names: string[]): DomainSpec => ({
    name: 'example.org',
    dns: 'digitalocean',
    records: names.map((name, i) => ({ type: 'A', name, data: `192.0.2.${i + 1}`, ttl: 300 })),
  });
  const answer = (names: string[], fqdn: string) => {
    const d = domain(names);
    const { records, wildcard } = recordsAnswering(d, fqdn);
    return { values: records.map((r) => r.data), wildcard };
  };

  it('gives a name its own records, else the wildcard of its closest encloser (RFC 4592)', () => {
    expect(answer(['*', 'www'], 'www.example.org')).toEqual({ values: ['192.0.2.2'], wildcard: undefined });
    expect(answer(['*', 'www'], 'api.example.org')).toEqual({
      values: ['192.0.2.1'],
      wildcard: '*.example.org',
    });
    expect(answer(['\\052'], 'api.example.org')).toEqual({
      values: ['192.0.2.1'],
      wildcard: '*.example.org',
    });
    // a.b.example.org: b exists (it holds x.b), so b's wildcard would answer, and there is none.
    expect(answer(['*', 'x.b'], 'a.b.example.org')).toEqual({ values: [], wildcard: undefined });
    expect(answer(['*', '*.b'], 'a.b.example.org')).toEqual({
      values: ['192.0.2.2'],
      wildcard: '*.b.example.org',
    });
    // c.example.org does not exist, so a.c.example.org's closest encloser is the apex.
    expect(answer(['*'], 'a.c.example.org')).toEqual({ values: ['192.0.2.1'], wildcard: '*.example.org' });
  });

  it('answers no wildcard for an empty non-terminal or the apex', () => {
    expect(answer(['*', 'x.shop'], 'shop.example.org')).toEqual({ values: [], wildcard: undefined });
    expect(answer(['*'], 'example.org')).toEqual({ values: [], wildcard: undefined });
  });
});

describe('record value helpers', () => {
  it('reads a record name as Route 53 prints it: its octal escapes (\\052 for *) are the characters', () => {
    expect(recordFqdn('example.org', '\\052.example.org.')).toBe('*.example.org');
    expect(recordFqdn('example.org', '\\052')).toBe('*.example.org');
    expect(recordFqdn('example.org', '\\052.API')).toBe('*.api.example.org');
  });

  it('reads host names in record data like the DigitalOcean panel', () => {
    expect(absoluteHost('example.org', '@')).toBe('example.org.');
    expect(absoluteHost('example.org', 'mail')).toBe('mail.example.org.');
    expect(absoluteHost('example.org', 'mx.example.net')).toBe('mx.example.net.');
    expect(absoluteHost('example.org', 'mx.example.net.')).toBe('mx.example.net.');
  });

  it('unquotes a zone-file style TXT value and never cuts a UTF-8 character', () => {
    expect(txtValue('"v=spf1 " "-all"')).toBe('v=spf1 -all');
    const text = 'é'.repeat(200); // 400 bytes
    const parts = txtValue(text).split('""');
    expect(parts.every((p) => Buffer.byteLength(p) <= 255)).toBe(true);
    expect(parts.join('')).toBe(text);
  });
});
