/**
 * `aws.network.vpc.ipv6: true` end to end in the plan model: the dualstack ALB, and the cutover's AAAA
 * weighted pairs for php-shop (whose droplets have IPv6) instead of the `cutover/no-ipv6` warning.
 */
import { isDeepStrictEqual } from 'node:util';
import { compile, planDecisions } from '../../compiler';
import { address, ref, splitEmbedded } from '../../compiler/refs';
import { loadSpecText } from '../../schema/load';
import type { MigrationSpec } from '../../schema/spec';
import { albIpAddressType } from '../../compiler/alb-ip-type';
import type { NewVpcPlan } from '../../compiler/model/network';
import { atCutoverPhase, baseSpecInput, loadExample, specFrom, existingVpcNetwork } from '../helpers/synth';
import {
  PHP_SHOP_AAAA_RECORDS,
  phpShopWithAaaaText,
  phpShopWithIpv6,
  phpShopWithIpv6Text,
} from '../helpers/ipv6';
import { answerToday, answersAaaa } from '../../schema/inventory/records';
import { exampleText } from '../helpers/examples';
import { revalidated } from '../helpers/validate';

const types = (records: { name: string; type: string }[], name: string) =>
  [...new Set(records.filter((r) => r.name === name).map((r) => r.type))].sort();

describe('the ALB address type', () => {
  it('is ipv4 for the examples as they are, with no decision about it', () => {
    const plan = compile(loadExample('php-shop'));
    expect(plan.apps.alb!.ipAddressType).toBe('ipv4');
    expect(planDecisions(plan).map((d) => d.subject)).not.toContain('apps.alb.ipAddressType');
    expect(albIpAddressType(loadExample('php-shop'))).toEqual({ type: 'ipv4' });
  });

  it('is dualstack with ipv6: true, and every ALB subnet is a public subnet with an IPv6 /64', () => {
    const plan = compile(phpShopWithIpv6());
    const alb = plan.apps.alb!;
    expect(alb.ipAddressType).toBe('dualstack');
    // AWS rejects a dualstack ALB with any subnet that lacks an IPv6 CIDR.
    const network = plan.network as NewVpcPlan;
    expect(alb.subnets.length).toBeGreaterThan(1);
    for (const subnet of alb.subnets) {
      const s = network.subnets.find((candidate) => isDeepStrictEqual(ref(candidate.address, 'id'), subnet));
      expect(s?.tier).toBe('public');
      expect(s?.ipv6).toBeDefined();
    }
    const decision = planDecisions(plan).find((d) => d.subject === 'apps.alb.ipAddressType')!;
    expect(decision.choice).toMatch(/^dualstack/);
    expect(decision.rule).toMatch(/aws\.network\.vpc\.ipv6: true/);
  });

  it('the plan explains network, security and ALB in that order', () => {
    const subjects = planDecisions(compile(phpShopWithIpv6())).map((d) => d.subject);
    const at = (s: string) => subjects.indexOf(s);
    expect(at('network.ipv6')).toBeGreaterThan(-1);
    expect(at('security.alb.ipv6')).toBeGreaterThan(at('network.ipv6'));
    expect(at('apps.alb.ipAddressType')).toBeGreaterThan(at('security.alb.ipv6'));
  });

  it('says once, in network.ipv6, that the ALB reaches its targets over IPv4', () => {
    const decisions = planDecisions(compile(phpShopWithIpv6()));
    const saying = decisions.filter((d) => /over IPv4/.test(`${d.choice} ${d.rule}`)).map((d) => d.subject);
    expect(saying).toEqual(['network.ipv6']);
  });
});

describe('cutover with a dualstack ALB (php-shop, droplets with IPv6)', () => {
  const hostnames = ['shop-example.com', 'www.shop-example.com'];
  const albDnsName = ref(address('shop-production-apps', 'aws_lb', 'alb'), 'dns_name');

  it('without ipv6: the AWS side aliases the ALB’s bare DNS name', () => {
    const records = compile(atCutoverPhase(loadExample('php-shop'), 10)).cutover!.records;
    const aliases = records.filter((r) => r.alias).map((r) => r.alias!.name);
    expect(aliases.length).toBeGreaterThan(0);
    for (const name of aliases) expect(name).toEqual(albDnsName);
  });

  it('without ipv6: A pairs only, and where DigitalOcean answers AAAA today the warning names the switch', () => {
    const asItIs = compile(atCutoverPhase(loadExample('php-shop'), 10));
    for (const h of hostnames) expect(types(asItIs.cutover!.records, h)).toEqual(['A']);
    // php-shop's records answer no AAAA: IPv6 clients use IPv4 today, and ipv6: true alone would not change it.
    expect(asItIs.warnings.map((w) => w.code)).not.toContain('cutover/no-ipv6');
    const loaded = loadSpecText(phpShopWithAaaaText(), 'php-shop-aaaa.yaml');
    if (!loaded.ok) throw new Error('php-shop with AAAA records is invalid');
    const plan = compile(atCutoverPhase(loaded.spec, 10));
    for (const h of hostnames) expect(types(plan.cutover!.records, h)).toEqual(['A']);
    const warnings = plan.warnings.filter((w) => w.code === 'cutover/no-ipv6');
    expect(warnings).toHaveLength(2);
    for (const w of warnings) expect(w.hint).toMatch(/aws\.network\.vpc\.ipv6: true/);
  });

  it('with ipv6: true: A and AAAA pairs for every hostname, no cutover/no-ipv6 warning', () => {
    const plan = compile(atCutoverPhase(phpShopWithIpv6(), 10));
    expect(plan.warnings.map((w) => w.code)).not.toContain('cutover/no-ipv6');
    for (const h of hostnames) expect(types(plan.cutover!.records, h)).toEqual(['A', 'AAAA']);
  });

  it('AAAA pairs mirror the A pairs: droplet IPv6 addresses on the DigitalOcean side, the ALB alias on AWS', () => {
    const spec = atCutoverPhase(phpShopWithIpv6(), 10);
    const droplets = new Map(spec.digitalocean.droplets.map((d) => [d.name, d]));
    const records = compile(spec).cutover!.records.filter((r) => r.name === 'shop-example.com');
    const side = (type: 'A' | 'AAAA') =>
      records
        .filter((r) => r.type === type)
        .map((r) => [r.setIdentifier, r.weight, r.alias ? 'alias' : 'value'])
        .sort();
    expect(side('AAAA')).toEqual(side('A'));
    const aaaa = records.filter((r) => r.type === 'AAAA');
    const aws = aaaa.find((r) => r.alias)!;
    expect(aws.setIdentifier).toBe('aws');
    // AWS answers AAAA only for the ALB's `dualstack.` name; the A alias uses it as well.
    for (const alias of records.filter((r) => r.alias).map((r) => r.alias!))
      expect(splitEmbedded(alias.name as string)).toEqual(['dualstack.', albDnsName]);
    expect(aws.weight).toBe(10);
    for (const r of aaaa.filter((x) => !x.alias)) {
      const droplet = droplets.get(r.setIdentifier.replace(/^digitalocean-/, ''))!;
      expect(r.records).toEqual([droplet.ipv6]);
      expect(r.records![0]).toContain(':');
    }
  });

  it('each AAAA droplet record has its own health check on the droplet’s IPv6, probing like the IPv4 one', () => {
    const spec = atCutoverPhase(phpShopWithIpv6(), 10);
    const cutover = compile(spec).cutover!;
    const checks = new Map(cutover.healthChecks.map((c) => [c.key, c]));
    const droplets = new Map(spec.digitalocean.droplets.map((d) => [d.name, d]));
    const doRecords = cutover.records.filter((r) => !r.alias);
    const aaaa = doRecords.filter((r) => r.type === 'AAAA');
    expect(aaaa.length).toBeGreaterThan(0);
    for (const r of aaaa) {
      const droplet = droplets.get(r.setIdentifier.replace(/^digitalocean-/, ''))!;
      const check = checks.get(r.healthCheck!)!;
      expect(check.key).toBe(`${r.name.replace(/\./g, '_')}__${droplet.name}_ipv6`);
      expect(check.ipAddress).toBe(droplet.ipv6);
      const twin = doRecords.find((x) => x.type === 'A' && x.key === r.key.replace('-aaaa-', '-a-'))!;
      const ipv4Check = checks.get(twin.healthCheck!)!;
      expect(ipv4Check.ipAddress).toBe(droplet.ipv4.public);
      const probe = ({ key: _k, name: _n, ipAddress: _ip, movedFrom: _m, ...rest }: typeof check) => rest;
      expect(probe(check)).toEqual(probe(ipv4Check));
    }
    // One IPv4 and one IPv6 check per droplet, nothing shared across families.
    expect(cutover.healthChecks).toHaveLength(2 * new Set(aaaa.map((r) => r.healthCheck)).size);
  });

  it('a droplet named <other droplet>-ipv6 keeps its own IPv4 check; every record probes its own address', () => {
    // Before: web-1's IPv6 check key was `web-web-1-ipv6`, the IPv4 key of this droplet, and was reused.
    const text = phpShopWithIpv6Text().replace(/\bweb-2\b/g, 'web-1-ipv6');
    const loaded = loadSpecText(text, 'renamed.yaml');
    if (!loaded.ok) throw new Error('renamed php-shop is invalid');
    const spec = atCutoverPhase(loaded.spec, 10);
    const cutover = compile(spec).cutover!;
    const checks = new Map(cutover.healthChecks.map((c) => [c.key, c]));
    const droplets = new Map(spec.digitalocean.droplets.map((d) => [d.name, d]));
    expect([...droplets.keys()]).toEqual(expect.arrayContaining(['web-1', 'web-1-ipv6']));
    expect(checks.size).toBe(cutover.healthChecks.length);
    // One check per hostname, droplet and family.
    expect([...checks.keys()].sort()).toEqual(
      ['shop-example_com', 'www_shop-example_com'].flatMap((host) => [
        `${host}__web-1`,
        `${host}__web-1-ipv6`,
        `${host}__web-1-ipv6_ipv6`,
        `${host}__web-1_ipv6`,
      ]),
    );
    const doRecords = cutover.records.filter((r) => !r.alias);
    expect(doRecords.length).toBeGreaterThan(0);
    for (const r of doRecords) {
      const droplet = droplets.get(r.setIdentifier.replace(/^digitalocean-/, ''))!;
      const address = r.type === 'A' ? droplet.ipv4.public : droplet.ipv6;
      expect(r.records).toEqual([address]);
      expect(checks.get(r.healthCheck!)!.ipAddress).toBe(address);
    }
  });

  it('IPv6 droplets but no AAAA record today: A pairs only, a located warning per hostname, a decision', () => {
    const plan = compile(atCutoverPhase(phpShopWithIpv6({ aaaaToday: false }), 10));
    for (const h of hostnames) expect(types(plan.cutover!.records, h)).toEqual(['A']);
    expect(plan.cutover!.healthChecks.map((c) => c.ipAddress).filter((ip) => ip.includes(':'))).toEqual([]);
    const warnings = plan.warnings.filter((w) => w.code === 'cutover/no-aaaa-today');
    expect(warnings.map((w) => w.path)).toEqual([
      'apps[0].expose.public.hostnames[0]',
      'apps[0].expose.public.hostnames[1]',
    ]);
    expect(warnings[1].message).toContain(
      'www.shop-example.com answers no AAAA today (digitalocean.domains[0].records has no AAAA record',
    );
    expect(warnings[1].hint).toMatch(
      /add its AAAA record on DigitalOcean and to digitalocean\.domains\[0\]\.records/,
    );
    expect(plan.warnings.map((w) => w.code)).not.toContain('cutover/endpoint-without-ipv6');
    const decision = planDecisions(plan).find((d) => d.subject === 'cutover.aaaa')!;
    expect(decision.choice).toBe('shop-example.com A only, www.shop-example.com A only');
    expect(decision.rule).toMatch(/answers AAAA today/);
  });

  it('with an AAAA record today: AAAA pairs, no no-aaaa-today warning, and the changed AAAA answers named', () => {
    const plan = compile(atCutoverPhase(phpShopWithIpv6(), 10));
    for (const h of hostnames) expect(types(plan.cutover!.records, h)).toEqual(['A', 'AAAA']);
    expect(plan.warnings.map((w) => w.code)).not.toContain('cutover/no-aaaa-today');
    expect(planDecisions(plan).find((d) => d.subject === 'cutover.aaaa')!.choice).toBe(
      'shop-example.com A + AAAA, www.shop-example.com A + AAAA',
    );
    // DigitalOcean answers web-1's IPv6 today; the weighted AAAA records answer both droplets'.
    const changes = plan.warnings.filter((w) => w.code === 'cutover/answers-change').map((w) => w.message);
    expect(changes).toContain(
      "www.shop-example.com: DigitalOcean DNS answers AAAA 2604:a880:800:10::1:1 today, the cutover's " +
        "DigitalOcean side answers 2604:a880:800:10::1:1, 2604:a880:800:10::1:2 (the app's droplets) from phase 0 on",
    );
  });

  it('an AAAA answer through a CNAME counts: www CNAME @ with an AAAA at the apex gets AAAA pairs', () => {
    const text = phpShopWithIpv6Text({ aaaaToday: false })
      .replace(/type: A, name: www, data: 203\.0\.113\.10/, 'type: CNAME, name: www, data: "@"')
      .replace(
        /^(\s+)(- \{ id: 28448429, type: A, name: "@".*)$/m,
        (line, indent: string) => `${line}\n${indent}- ${PHP_SHOP_AAAA_RECORDS[0]}`,
      );
    expect(text).toContain('type: CNAME, name: www');
    const loaded = loadSpecText(text, 'php-shop-cname.yaml');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const plan = compile(atCutoverPhase(loaded.spec, 10));
    for (const h of hostnames) expect(types(plan.cutover!.records, h)).toEqual(['A', 'AAAA']);
    expect(answersAaaa(answerToday(loaded.spec.digitalocean.domains, 'www.shop-example.com'))).toBe(true);
    expect(answersAaaa(answerToday(loaded.spec.digitalocean.domains, 'other.shop-example.com'))).toBe(false);
  });

  it('an existing VPC cannot turn it on: the hint says so', () => {
    const input = baseSpecInput();
    const spec = specFrom({
      ...input,
      aws: {
        ...input.aws,
        network: existingVpcNetwork(),
      },
      digitalocean: {
        droplets: [
          {
            name: 'web-1',
            size: 's-1vcpu-1gb',
            region: 'ams3',
            ipv4: { public: '203.0.113.5' },
            ipv6: '2001:db8::5',
          },
        ],
        domains: [
          {
            name: 'example.com',
            dns: 'route53',
            records: [{ type: 'AAAA', name: '@', data: '2001:db8::5', ttl: 300 }],
          },
        ],
      },
      apps: [
        {
          name: 'web',
          droplets: ['web-1'],
          containers: [{ name: 'web', image: { uri: 'nginx:1.27' }, port: 80 }],
          expose: { public: { hostnames: ['example.com'], container: 'web', port: 80 } },
        },
      ],
      cutover: { phases: [0, 100], current: 0 },
    });
    const plan = compile(spec);
    expect(plan.apps.alb!.ipAddressType).toBe('ipv4');
    const warning = plan.warnings.find((w) => w.code === 'cutover/no-ipv6')!;
    expect(warning.hint).toMatch(/only when dropship creates the VPC/);
  });
});

describe('cutover with a dualstack ALB but a droplet without IPv6 (php-shop, web-2 has none)', () => {
  const AAAA_RECORD = '{ id: 28448499, type: AAAA, name: www, data: "2604:a880:800:10::1:1", ttl: 3600 }';
  /** php-shop with an AAAA record for www, web-2's ipv6 removed, and optionally ipv6: true. */
  const variant = (ipv6: boolean): MigrationSpec => {
    const base = ipv6 ? phpShopWithIpv6Text({ aaaaToday: false }) : exampleText('php-shop');
    const text = base
      .replace(/^(\s+)ipv6: 2604:a880:800:10::1:2\n/m, '')
      .replace(
        /^(\s+)(- \{ id: 28448430, type: A, name: www.*)$/m,
        (line, indent: string) => `${line}\n${indent}- ${AAAA_RECORD}`,
      );
    expect(text).not.toContain('::1:2');
    expect(text).toContain('28448499');
    const loaded = loadSpecText(text, 'php-shop-partial-ipv6.yaml');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics, null, 2));
    return atCutoverPhase(loaded.spec, 10);
  };
  const www = 'www.shop-example.com';
  const aaaaReason = (spec: MigrationSpec) => {
    const zone = compile(revalidated(spec)).dns.zones.find((z) => z.domain === 'shop-example.com')!;
    expect(zone.copiedRecords.map((r) => `${r.name} ${r.type}`)).not.toContain(`${www} AAAA`);
    return zone.notCopied.find((n) => n.record === 'AAAA www (id 28448499)')!.reason;
  };

  it('publishes A pairs only, with a warning located at web-2 where an AAAA answer of today ends (www)', () => {
    const plan = compile(revalidated(variant(true)));
    expect(types(plan.cutover!.records, www)).toEqual(['A']);
    expect(types(plan.cutover!.records, 'shop-example.com')).toEqual(['A']);
    // The apex answers no AAAA today: nothing ends there, so no warning for it.
    const warnings = plan.warnings.filter((w) => w.code === 'cutover/endpoint-without-ipv6');
    expect(warnings.map((w) => w.path)).toEqual(['digitalocean.droplets[1]']);
    expect(warnings[0].message).toContain(
      `${www}: the ALB is dualstack but droplet web-2 has no IPv6 address`,
    );
    expect(warnings[0].message).toMatch(
      /no AAAA pairs .*IPv6 clients connect over IPv4 \(the droplets’ AAAA records end with the nameserver switch\)$/,
    );
    expect(plan.warnings.map((w) => w.code)).not.toContain('cutover/no-aaaa-today');
  });

  it('the dns plan says the inventory AAAA is not published because web-2 lacks IPv6, not that it is replaced', () => {
    const reason = aaaaReason(variant(true));
    expect(reason).not.toMatch(/replaced/);
    expect(reason).toContain(
      `the cutover weights ${www} with A records only (droplet web-2 has no IPv6 address)`,
    );
    expect(reason).toContain('IPv6 clients connect over IPv4');
  });

  it('without ipv6: true the reason names the ALB, which is not dualstack', () => {
    expect(aaaaReason(variant(false))).toContain(
      '(the ALB is not dualstack: aws.network.vpc.ipv6 is not set)',
    );
  });

  it('with IPv6 on every droplet the AAAA record is replaced by the weighted AAAA pairs', () => {
    const text = phpShopWithIpv6Text({ aaaaToday: false }).replace(
      /^(\s+)(- \{ id: 28448430, type: A, name: www.*)$/m,
      (line, indent: string) => `${line}\n${indent}- ${AAAA_RECORD}`,
    );
    const loaded = loadSpecText(text, 'php-shop-ipv6-aaaa.yaml');
    if (!loaded.ok) throw new Error('invalid variant');
    expect(aaaaReason(loaded.spec)).toBe('replaced by the cutover’s weighted records');
    expect(compile(loaded.spec).warnings.map((w) => w.code)).not.toContain('cutover/endpoint-without-ipv6');
  });
});
