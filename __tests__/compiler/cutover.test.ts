import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadSpecFile, loadSpecText } from '../../schema/load';
import { compile, compileSpec, planManualSteps } from '../../compiler';
import { createContext } from '../../compiler/context';
import { zoneSwap, zoneSwapStep } from '../../compiler/cutover-swap';
import { weightsFor } from '../../compiler/cutover';
import { type CutoverPlan } from '../../compiler/model/cutover';
import { type WeightedRecordPlan } from '../../compiler/model/cutover';
import { address, embed, isRef, ref, refId } from '../../compiler/refs';
import { platformAddresses } from '../../compiler/app-addresses';
import type { MigrationSpec } from '../../schema/spec';
import { baseSpecInput, examples, loadSpec, specFrom } from '../helpers/synth';
import { exampleText } from '../helpers/examples';
import { phpShopWithIpv6Text } from '../helpers/ipv6';
import { NO_STARTUP_FILES, runWithFakeAws } from '../helpers/fake-aws';
import type { Finding } from '../../schema/diagnostics';
import { runParts } from '../../compiler/parts';
import { revalidated } from '../helpers/validate';

const withCutover = examples()
  .map((e) => ({ ...e, spec: loadSpec(e.file) }))
  .filter((e) => e.spec.cutover !== undefined);

function atPhase(spec: MigrationSpec, phase: number): MigrationSpec {
  return { ...spec, cutover: { ...spec.cutover!, current: phase } };
}

const cutoverAt = (spec: MigrationSpec, phase: number): CutoverPlan => cutoverOf(atPhase(spec, phase));

/**
 * The cutover part's plan with the problems it reported (the spec paths as arrays, in the order reported),
 * as the compile of `spec` leaves them.
 */
function cutoverOf(spec: MigrationSpec): CutoverPlan & { warnings: Finding[] } {
  const ctx = createContext(revalidated(spec));
  const plans = runParts(ctx);
  const warnings = ctx.report.findings.filter((f) => f.code.startsWith('cutover/'));
  return { ...(plans.cutover as CutoverPlan), warnings };
}

/** The AWS share Route 53 gives one name+type group: alias weight over the group's total. */
function awsShare(group: WeightedRecordPlan[]): number {
  const total = group.reduce((s, r) => s + r.weight, 0);
  const aws = group.filter((r) => r.setIdentifier === 'aws').reduce((s, r) => s + r.weight, 0);
  return (100 * aws) / total;
}

describe('weightsFor', () => {
  it('gives percentages when they divide evenly', () => {
    expect(weightsFor(0, 1)).toEqual({ aws: 0, each: 100 });
    expect(weightsFor(10, 1)).toEqual({ aws: 10, each: 90 });
    expect(weightsFor(10, 2)).toEqual({ aws: 10, each: 45 });
    expect(weightsFor(50, 2)).toEqual({ aws: 50, each: 25 });
    expect(weightsFor(100, 3)).toEqual({ aws: 100, each: 0 });
  });

  it('keeps the exact ratio with the smallest integers otherwise', () => {
    expect(weightsFor(50, 3)).toEqual({ aws: 3, each: 1 }); // 3 : 3×1 = 50 : 50
    expect(weightsFor(0, 3)).toEqual({ aws: 0, each: 1 });
  });

  it('never writes a zero weight beside another zero, stays in 0–255, and matches the share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 40 }), (p, n) => {
        const { aws, each } = weightsFor(p, n);
        expect(aws + each).toBeGreaterThan(0);
        for (const w of [aws, each]) expect(w >= 0 && w <= 255 && Number.isInteger(w)).toBe(true);
        expect(aws === 0).toBe(p === 0);
        expect(each === 0).toBe(p === 100);
        const share = (100 * aws) / (aws + n * each);
        // Exact when it fits; otherwise no pair within 0–255 does better than the chosen one.
        let bestError = Infinity;
        for (let e = 1; e <= 255 && p > 0 && p < 100; e++)
          for (const a of [1, 255, Math.floor((e * n * p) / (100 - p)), Math.ceil((e * n * p) / (100 - p))])
            if (a >= 1 && a <= 255) bestError = Math.min(bestError, Math.abs((100 * a) / (a + n * e) - p));
        expect(Math.abs(share - p)).toBeLessThanOrEqual(p === 0 || p === 100 ? 0 : bestError + 1e-9);
      }),
    );
  });

  it('rejects a share that is not a percentage', () => {
    expect(() => weightsFor(101, 1)).toThrow(/not a percentage/);
    expect(() => weightsFor(10, 0)).toThrow(/at least one/);
  });
});

describe('weighted records for every phase of every example', () => {
  it('has at least one example with a cutover', () => {
    expect(withCutover.length).toBeGreaterThan(0);
  });

  for (const { name, spec } of withCutover) {
    for (const phase of spec.cutover!.phases) {
      it(`${name} at ${phase} %: weights, set identifiers, alias targets and TTLs`, () => {
        const plan = cutoverAt(spec, phase);
        expect(plan.current).toBe(phase);
        expect(plan.hostnames.length).toBeGreaterThan(0);
        for (const h of plan.hostnames) {
          for (const type of h.types) {
            const group = plan.records.filter((r) => r.name === h.hostname && r.type === type);
            const doRecords = group.filter((r) => r.setIdentifier !== 'aws');
            const awsRecords = group.filter((r) => r.setIdentifier === 'aws');
            // A zero-weight side is not published at all.
            expect(doRecords.length).toBe(phase === 100 ? 0 : h.endpoints.length);
            expect(awsRecords.length).toBe(phase === 0 ? 0 : 1);
            expect(awsShare(group)).toBeCloseTo(phase, 5);
            expect(new Set(group.map((r) => r.setIdentifier)).size).toBe(group.length);
            for (const r of doRecords) {
              const endpoint = h.endpoints.find((e) => r.setIdentifier === `digitalocean-${e.name}`);
              expect(endpoint).toBeDefined();
              expect(r.records).toEqual([type === 'A' ? endpoint!.ipv4 : endpoint!.ipv6]);
              expect(r.ttl).toBe(spec.cutover!.ttl);
              expect(r.alias).toBeUndefined();
              expect(plan.healthChecks.map((c) => c.key)).toContain(r.healthCheck);
              expect(r.weight).toBeGreaterThan(0);
            }
            for (const r of awsRecords) {
              const alb = platformAddresses(createContext(revalidated(spec))).alb;
              // A dualstack ALB is targeted by its `dualstack.` name (compiler/cutover.ts albAliasName).
              const dualstack = compile(revalidated(spec)).apps.alb?.ipAddressType === 'dualstack';
              expect(r.alias).toEqual({
                name: dualstack ? `dualstack.${embed(ref(alb, 'dns_name'))}` : ref(alb, 'dns_name'),
                zoneId: ref(alb, 'zone_id'),
                // The hostname's own check decides, not the shared ALB's target health.
                evaluateTargetHealth: false,
              });
              expect(r.ttl).toBeUndefined();
              expect(r.records).toBeUndefined();
              const own = plan.awsHealth!.hostnames.find((x) => x.hostname === h.hostname)!;
              expect(r.healthCheck).toBe(own.check);
              expect(own.apps).toContain(h.app);
              expect(r.weight).toBeGreaterThan(0);
            }
          }
        }
        expect(plan.healthChecks.length).toBe(phase === 100 ? 0 : plan.healthChecks.length);
        if (phase < 100) expect(plan.healthChecks.length).toBeGreaterThan(0);
      });
    }

    it(`${name}: rollback from each phase gives back exactly the previous phase's records`, () => {
      const phases = spec.cutover!.phases;
      for (let i = 1; i < phases.length; i++) {
        const previous = cutoverAt(spec, phases[i - 1]);
        const rolledBack = cutoverAt(atPhase(spec, phases[i]), phases[i - 1]);
        expect(rolledBack.records).toEqual(previous.records);
        expect(rolledBack.healthChecks).toEqual(previous.healthChecks);
        // and the move itself changed something
        expect(cutoverAt(spec, phases[i]).records).not.toEqual(previous.records);
      }
    });

    it(`${name}: the phase table marks the current phase and lists each phase's changes`, () => {
      const plan = cutoverAt(spec, spec.cutover!.phases[1]);
      expect(plan.phaseTable.map((r) => r.phase)).toEqual(spec.cutover!.phases);
      expect(plan.phaseTable.filter((r) => r.current).map((r) => r.phase)).toEqual([spec.cutover!.phases[1]]);
      for (const row of plan.phaseTable) {
        expect(row.aws + row.digitalocean).toBe(100);
        expect(row.changes.length).toBeGreaterThan(0);
      }
      expect(plan.phaseTable[1].changes.some((c) => c.startsWith('+ ') && c.includes(' aws '))).toBe(true);
    });
  }
});

function cutoverSpec(overrides: Record<string, unknown> = {}): MigrationSpec {
  return specFrom({
    ...baseSpecInput(),
    digitalocean: {
      droplets: [
        {
          name: 'web-1',
          id: 11,
          size: 's-1vcpu-1gb',
          region: 'ams3',
          ipv4: { public: '198.51.100.1' },
          ipv6: '2001:db8::1',
        },
        {
          name: 'web-2',
          id: 12,
          size: 's-1vcpu-1gb',
          region: 'ams3',
          ipv4: { public: '198.51.100.2' },
          ipv6: '2001:db8::2',
        },
        { name: 'api-1', id: 13, size: 's-1vcpu-1gb', region: 'ams3', ipv4: { public: '198.51.100.3' } },
      ],
      loadBalancers: [{ name: 'api-lb', ip: '198.51.100.50' }],
      domains: [
        {
          name: 'example.org',
          dns: 'digitalocean',
          records: [
            { id: 1, type: 'A', name: '@', data: '198.51.100.1', ttl: 1800 },
            { id: 2, type: 'CNAME', name: 'www', data: '@', ttl: 7200 },
            { id: 3, type: 'A', name: 'api', data: '198.51.100.50', ttl: 300 },
          ],
        },
        { name: 'example.net', dns: 'external' },
      ],
    },
    apps: [
      {
        name: 'web',
        droplets: ['web-1', 'web-2'],
        containers: [{ name: 'web', image: { uri: 'nginx:1.27' }, port: 80 }],
        expose: {
          public: {
            hostnames: ['example.org', 'www.example.org'],
            container: 'web',
            port: 80,
            healthCheckPath: '/up',
          },
        },
      },
      {
        name: 'api',
        droplets: ['api-1'],
        loadBalancer: 'api-lb',
        containers: [{ name: 'api', image: { uri: 'nginx:1.27' }, port: 80 }],
        expose: { public: { hostnames: ['api.example.org', 'api.example.net'], container: 'api', port: 80 } },
      },
    ],
    cutover: { phases: [0, 10, 50, 100], current: 10, ttl: 60, healthCheck: { protocol: 'HTTP' } },
    ...overrides,
  });
}

describe('cutover warnings in the plan', () => {
  it('are located diagnostics (file:line:col and spec path) in the plan’s warnings', () => {
    const file = examples().find((e) => e.name === 'php-shop')!.file;
    const loaded = loadSpecFile(file);
    if (!loaded.ok) throw new Error('php-shop is invalid');
    const warning = compile(loaded.spec, { source: loaded.source }).warnings.find(
      (w) => w.code === 'cutover/answers-change',
    );
    expect(warning).toMatchObject({
      severity: 'warning',
      file,
      path: 'apps[0].expose.public.hostnames[0]',
      message: expect.stringMatching(/^shop-example\.com: DigitalOcean DNS answers 203\.0\.113\.10 today/),
    });
    const line = readFileSync(file, 'utf8').split('\n')[warning!.line - 1];
    expect(line).toContain('hostnames: [shop-example.com');
  });
});

/** cutoverSpec whose apex answers AAAA today (web-1's IPv6); www, a CNAME to the apex, does too. */
function cutoverSpecWithApexAaaa(): MigrationSpec {
  const spec = cutoverSpec();
  spec.digitalocean.domains[0].records.push({
    id: 4,
    type: 'AAAA',
    name: '@',
    data: '2001:db8::1',
    ttl: 1800,
  });
  return spec;
}

describe('compileCutover', () => {
  const spec = cutoverSpec();
  const plan = cutoverOf(spec);

  it('points a load-balanced app at the load balancer, with weights 100-p and p', () => {
    const group = plan.records.filter((r) => r.name === 'api.example.org');
    expect(group.map((r) => [r.setIdentifier, r.weight, r.records])).toEqual([
      ['digitalocean-api-lb', 90, ['198.51.100.50']],
      ['aws', 10, undefined],
    ]);
  });

  it('replaces the CNAME of a hostname and counts its TTL as an old TTL', () => {
    expect(plan.records.filter((r) => r.name === 'www.example.org').map((r) => r.type)).toEqual([
      'A',
      'A',
      'A',
    ]);
    expect(plan.maxOldTtl).toBe(7200);
  });

  it('a CNAME today is followed through the inventory: its addresses compared, the chain named', () => {
    const changes = plan.warnings.filter((w) => w.code === 'cutover/answers-change').map((w) => w.message);
    expect(changes).toContain(
      'www.example.org: DigitalOcean DNS answers 198.51.100.1 through CNAME example.org today, the ' +
        "cutover's DigitalOcean side answers 198.51.100.1, 198.51.100.2 (the app's droplets) from phase 0 on",
    );
    // The apex answering both droplets: www through its CNAME answers the same, nothing to warn about.
    const same = cutoverSpec();
    same.digitalocean.domains[0].records.push({ type: 'A', name: '@', data: '198.51.100.2', ttl: 1800 });
    expect(
      cutoverOf(same)
        .warnings.filter((w) => w.code === 'cutover/answers-change')
        .map((w) => w.message),
    ).toEqual([]);
  });

  it('a CNAME that leaves the declared domains (a CDN in front): warned, naming the target', () => {
    const cdn = cutoverSpec();
    cdn.digitalocean.domains[0].records[1] = {
      type: 'CNAME',
      name: 'www',
      data: 'd111111abcdef8.cloudfront.net.',
      ttl: 300,
    };
    const warnings = cutoverOf(cdn).warnings.filter((w) => w.code === 'cutover/answers-change');
    expect(warnings.find((w) => w.message.startsWith('www.example.org'))!.message).toBe(
      'www.example.org: DigitalOcean DNS answers CNAME d111111abcdef8.cloudfront.net today, which leaves the ' +
        "declared domains, so dropship cannot compare its addresses; instead the cutover's DigitalOcean side " +
        "answers 198.51.100.1, 198.51.100.2 (the app's droplets) from phase 0 on, so visitors no longer pass " +
        'through d111111abcdef8.cloudfront.net',
    );
    // With a dualstack ALB and IPv6 droplets: dropship cannot tell whether it answers AAAA, and says so.
    const noAaaa = withDualstackAlb(cdn).warnings.find(
      (w) => w.code === 'cutover/no-aaaa-today' && w.message.startsWith('www.example.org'),
    )!;
    expect(noAaaa.message).toContain(
      'dropship cannot tell whether www.example.org answers AAAA today: it is a CNAME to ' +
        'd111111abcdef8.cloudfront.net, outside digitalocean.domains',
    );
    expect(noAaaa.message).not.toContain('answers no AAAA');
    expect(noAaaa.hint).toBe(
      'dig +short AAAA d111111abcdef8.cloudfront.net shows whether it does; to publish AAAA pairs, declare the ' +
        'domain of d111111abcdef8.cloudfront.net under digitalocean.domains (dns: external) with the records ' +
        'that chain ends at, its AAAA included, so dropship can follow it',
    );
    // Following the hint: the chain is known, answers AAAA, so www gets AAAA pairs.
    cdn.digitalocean.domains.push({
      name: 'cloudfront.net',
      dns: 'external',
      records: [{ type: 'AAAA', name: 'd111111abcdef8', data: '2600:9000::1', ttl: 60 }],
    });
    const followed = withDualstackAlb(cdn);
    expect(followed.hostnames.find((h) => h.hostname === 'www.example.org')!.types).toEqual(['A', 'AAAA']);
    expect(
      followed.warnings.filter((w) => w.code === 'cutover/no-aaaa-today').map((w) => w.message.split(':')[0]),
    ).toEqual(['example.org']);
  });

  /** cutoverSpec with shop.example.org, which has no records of its own: `*` answers it (A, AAAA, MX). */
  const wildcardSpec = () => {
    const w = cutoverSpec();
    (w.apps[0].expose as { public: { hostnames: string[] } }).public.hostnames.push('shop.example.org');
    w.digitalocean.domains[0].records.push(
      { type: 'A', name: '*', data: '198.51.100.9', ttl: 9000 },
      { type: 'AAAA', name: '*', data: '2001:db8::9', ttl: 300 },
      { type: 'MX', name: '*', data: 'mx.example.net.', priority: 10, ttl: 300 },
    );
    return w;
  };

  it('a name answered by a wildcard today: its values compared, its TTL waited out, what it stops answering warned', () => {
    const p = cutoverOf(wildcardSpec());
    const shop = p.warnings.filter((w) => w.message.startsWith('shop.example.org'));
    expect(shop.map((w) => w.code)).toEqual([
      'cutover/no-ipv6',
      'cutover/answers-change',
      'cutover/wildcard-shadowed',
    ]);
    expect(shop[1].message).toBe(
      'shop.example.org: DigitalOcean DNS answers 198.51.100.9 today, the ' +
        "cutover's DigitalOcean side answers 198.51.100.1, 198.51.100.2 (the app's droplets) from phase 0 on",
    );
    expect(shop[2]).toMatchObject({
      message:
        'shop.example.org has no records of its own and is answered by the wildcard *.example.org today; from ' +
        'phase 0 on its weighted records make it a name of its own, which a wildcard never answers (RFC 4592), ' +
        'so queries for its AAAA, MX get an empty answer',
      hint: "to keep them, list shop.example.org's own MX records (the wildcard's values) in digitalocean.domains[0].records and in the zone that serves it",
    });
    expect(p.maxOldTtl).toBe(9000);
    // With IPv6 on both sides the wildcard's AAAA counts as today's: AAAA pairs, only MX is lost.
    const dual = withDualstackAlb(wildcardSpec());
    expect(dual.hostnames.find((h) => h.hostname === 'shop.example.org')!.types).toEqual(['A', 'AAAA']);
    expect(dual.warnings.filter((w) => w.message.startsWith('shop.example.org')).map((w) => w.code)).toEqual([
      'cutover/answers-change',
      'cutover/answers-change',
      'cutover/wildcard-shadowed',
    ]);
    expect(dual.warnings.find((w) => w.code === 'cutover/wildcard-shadowed')!.message).toMatch(
      /queries for its MX get an empty answer$/,
    );
  });

  it('checks each DigitalOcean endpoint with the app health path and the cutover protocol', () => {
    // One per hostname and endpoint, each sending its hostname.
    expect(plan.healthChecks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          key: 'example_org__web-1',
          ipAddress: '198.51.100.1',
          fqdn: 'example.org',
          type: 'HTTP',
          port: 80,
          resourcePath: '/up',
        }),
        expect.objectContaining({
          key: 'example_org__web-2',
          ipAddress: '198.51.100.2',
          fqdn: 'example.org',
          type: 'HTTP',
          port: 80,
          resourcePath: '/up',
        }),
        expect.objectContaining({
          key: 'api_example_org__api-lb',
          ipAddress: '198.51.100.50',
          fqdn: 'api.example.org',
          resourcePath: '/',
        }),
      ]),
    );
    for (const c of plan.healthChecks)
      expect(c.key.startsWith(c.fqdn!.replace(/\./g, '_') + '__')).toBe(true);
  });

  it('publishes no AAAA while the ALB is IPv4 only, and says so where an AAAA answer of today ends', () => {
    expect(plan.records.some((r) => r.type === 'AAAA')).toBe(false);
    // No AAAA record today: IPv6 clients use IPv4 already, nothing to warn about.
    expect(plan.warnings.map((w) => w.code)).not.toContain('cutover/no-ipv6');
    const withAaaa = cutoverSpecWithApexAaaa();
    const warnings = cutoverOf(withAaaa).warnings.filter((w) => w.code === 'cutover/no-ipv6');
    // www is a CNAME to the apex, so it answers AAAA today as well.
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(
        /^example\.org: the DigitalOcean side has IPv6 but the ALB is not dualstack.*nameserver switch\)$/,
      ),
      expect.stringMatching(
        /^www\.example\.org: the DigitalOcean side has IPv6 but the ALB is not dualstack/,
      ),
    ]);
    const existing = cutoverSpec();
    existing.digitalocean.domains[0] = {
      ...withAaaa.digitalocean.domains[0],
      dns: 'route53',
      route53ZoneId: 'Z0123456789ABC',
    };
    expect(cutoverOf(existing).warnings.find((w) => w.code === 'cutover/no-ipv6')!.message).toMatch(
      /\(the cutover change batch deletes its AAAA records\)$/,
    );
  });

  it('warns where an AAAA answer of today ends although neither side has IPv6', () => {
    const withAaaa = cutoverSpecWithApexAaaa();
    for (const droplet of withAaaa.digitalocean.droplets) delete droplet.ipv6;
    for (const lb of withAaaa.digitalocean.loadBalancers) delete lb.ipv6;
    const warnings = cutoverOf(withAaaa).warnings;
    expect(warnings.map((w) => w.code)).not.toContain('cutover/no-ipv6');
    const ends = warnings.filter((w) => w.code === 'cutover/aaaa-ends');
    expect(ends.map((w) => w.message)).toEqual([
      expect.stringMatching(
        /^example\.org answers AAAA \S+ today, but neither the ALB .* IPv6-only clients lose it$/,
      ),
      expect.stringMatching(/^www\.example\.org answers AAAA/),
    ]);
    expect(ends[0].hint).toMatch(/aws\.network\.vpc\.ipv6: true/);
    // With IPv6 on the DigitalOcean side the no-ipv6 warning says it instead, never both.
    expect(cutoverOf(cutoverSpecWithApexAaaa()).warnings.map((w) => w.code)).not.toContain(
      'cutover/aaaa-ends',
    );
  });

  /** The spec with `aws.network.vpc.ipv6: true`: the apps part makes the ALB dualstack. */
  const withDualstackAlb = (s: MigrationSpec) => {
    const net = s.aws.network;
    if ('vpc' in net) net.vpc.ipv6 = true;
    return cutoverOf(s);
  };

  it('publishes AAAA pairs when the droplets have IPv6, the ALB is dualstack and the name answers AAAA today', () => {
    const withAaaa = cutoverSpecWithApexAaaa();
    const p = withDualstackAlb(withAaaa);
    const aaaa = p.records.filter((r) => r.type === 'AAAA' && r.name === 'example.org');
    expect(aaaa.map((r) => [r.setIdentifier, r.records?.[0], r.weight])).toEqual([
      ['digitalocean-web-1', '2001:db8::1', 45],
      ['digitalocean-web-2', '2001:db8::2', 45],
      ['aws', undefined, 10],
    ]);
    // www is a CNAME to the apex, which answers AAAA: it answers AAAA today too
    expect(p.records.some((r) => r.type === 'AAAA' && r.name === 'www.example.org')).toBe(true);
    // the load balancer has no IPv6 in the inventory: A only
    expect(p.records.some((r) => r.type === 'AAAA' && r.name === 'api.example.org')).toBe(false);
    expect(p.warnings.map((w) => w.code)).not.toContain('cutover/no-aaaa-today');
  });

  it('IPv6 droplets and a dualstack ALB but no AAAA record today: A pairs only, with a warning per hostname', () => {
    const p = withDualstackAlb(spec);
    expect(p.records.filter((r) => r.type === 'AAAA')).toEqual([]);
    expect(p.healthChecks.filter((c) => c.key.endsWith('_ipv6'))).toEqual([]);
    const warnings = p.warnings.filter((w) => w.code === 'cutover/no-aaaa-today');
    expect(warnings.map((w) => w.path)).toEqual([
      ['apps', 0, 'expose', 'public', 'hostnames', 0],
      ['apps', 0, 'expose', 'public', 'hostnames', 1],
    ]);
    expect(warnings[0].message).toMatch(/^example\.org: .* answers no AAAA today .* publishes A pairs only/);
    expect(warnings[0].hint).toMatch(/add its AAAA record on DigitalOcean/);
    expect(p.decisions.find((d) => d.subject === 'cutover.aaaa')?.choice).toBe(
      'example.org A only, www.example.org A only, api.example.org A only',
    );
  });

  it('an existing Route 53 zone follows its records as the spec lists them (the hint says where)', () => {
    const existing = cutoverSpec();
    existing.digitalocean.domains[0] = {
      ...existing.digitalocean.domains[0],
      dns: 'route53',
      route53ZoneId: 'Z0123456789ABC',
    };
    const warning = withDualstackAlb(existing).warnings.find((w) => w.code === 'cutover/no-aaaa-today')!;
    expect(warning.hint).toContain('add its AAAA record in the zone that serves it');
  });

  it('turns an external domain into a manual switch with the values to set', () => {
    expect(plan.records.some((r) => r.name === 'api.example.net')).toBe(false);
    const step = plan.manualSteps.find((s) => s.title.includes('api.example.net'));
    expect(step?.detail).toMatch(/A 198\.51\.100\.50/);
    expect(step?.detail).toMatch(/CNAME to the ALB DNS name/);
  });

  it('external DNS: the step names the records the inventory lists today, and a dualstack ALB’s dualstack. name', () => {
    const listed = cutoverSpec();
    listed.digitalocean.domains[1].records.push(
      { type: 'CNAME', name: 'api', data: 'old-lb.example.com.', ttl: 300 },
      { type: 'MX', name: '@', data: 'mx.example.com.', priority: 10, ttl: 300 },
    );
    const step = (p: { manualSteps: { title: string; detail: string }[] }) =>
      p.manualSteps.find((s) => s.title.includes('api.example.net'))!.detail;
    const listedPlan = compile(revalidated(listed));
    const ipv4Only = step(listedPlan.cutover!);
    expect(ipv4Only).toContain('Today: CNAME old-lb.example.com. At the switch');
    // The stack the compiler knows holds the ALB, by name (REVIEW15 finding 8).
    const albStack = listedPlan.stacks.find((s) => s.role === 'apps')!.name;
    expect(ipv4Only).toContain(
      `a CNAME to the ALB DNS name (terraform output alb_dns_name of the ${albStack} stack)`,
    );
    expect(step(compile(revalidated(listed), { layout: 'per-app' }).cutover!)).toContain(
      `alb_dns_name of the ${listedPlan.meta.prefix}-platform stack)`,
    );
    expect(step(withDualstackAlb(listed))).toContain(
      'a CNAME to the ALB DNS name with the dualstack. prefix (it answers A and AAAA)',
    );
    // Nothing listed: the DigitalOcean side, said to be that, not today's records.
    expect(step(plan)).toContain(
      "Today: no records listed in the inventory; the app's DigitalOcean side is A 198.51.100.50.",
    );
  });

  it('never sees a hostname outside every declared domain: the rules refuse it (hostname-domain)', () => {
    const stray = cutoverSpec();
    const expose = stray.apps[1].expose as { public: { hostnames: string[] } };
    expose.public.hostnames.push('api.example.com');
    expect(() => revalidated(stray)).toThrow(/hostname `api\.example\.com` is not in any domain/);
  });

  it('uses the literal zone id of an existing zone and asks to free the names first', () => {
    const existing = cutoverSpec();
    existing.digitalocean.domains[0] = {
      ...existing.digitalocean.domains[0],
      dns: 'route53',
      route53ZoneId: 'Z0123456789ABC',
    };
    const p = cutoverOf(existing);
    expect(new Set(p.records.filter((r) => r.name.endsWith('example.org')).map((r) => r.zoneId))).toEqual(
      new Set(['Z0123456789ABC']),
    );
    expect(p.manualSteps.map((s) => s.title)).toContain(
      'Free the cutover names in the existing zone example.org in one change',
    );
    // The inventory's apex A names web-1 only; the zone, not DigitalOcean DNS, answers it today.
    expect(p.warnings.find((w) => w.code === 'cutover/answers-change')!.message).toBe(
      'example.org: the zone of example.org (as the inventory lists it) answers 198.51.100.1 today, the ' +
        "cutover's DigitalOcean side answers 198.51.100.1, 198.51.100.2 (the app's droplets) from phase 0 on",
    );
  });

  it('references the dns stack zone for a new zone', () => {
    const zone = ref(
      address(`${createContext(revalidated(spec)).prefix}-dns`, 'aws_route53_zone', 'zone-example-org'),
      'zone_id',
    );
    expect(plan.records.every((r) => !isRef(r.zoneId) || refId(r.zoneId) === refId(zone))).toBe(true);
    expect(plan.records.some((r) => isRef(r.zoneId))).toBe(true);
  });
});

describe('DigitalOcean firewalls and the Route 53 health checkers', () => {
  const RULE_443 = '- { protocol: tcp, ports: "443", sources: { addresses: [0.0.0.0/0, "::/0"] } }';
  const CODE = 'cutover/firewall-blocks-health-checks';

  /** php-shop (its web-firewall covers web-1 and web-2 by tag), with ipv6 or not and the 443 rule edited. */
  function phpShop(options: { ipv6: boolean; rule443?: string; extraFirewall?: string }) {
    let text = options.ipv6 ? phpShopWithIpv6Text() : exampleText('php-shop');
    if (!text.includes(RULE_443)) throw new Error('php-shop no longer has the 443 rule this test edits');
    if (options.rule443 !== undefined) text = text.replace(RULE_443, options.rule443);
    if (options.extraFirewall)
      text = text.replace(/^ {2}firewalls:\n/m, (line) => `${line}${options.extraFirewall}\n`);
    const loaded = loadSpecText(text, 'php-shop.yaml');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    return { text, loaded };
  }
  const warningsOf = (options: Parameters<typeof phpShop>[0]) => {
    const { text, loaded } = phpShop(options);
    const outcome = compileSpec(loaded.spec, { source: loaded.source });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.diagnostics));
    const located = outcome.plan.warnings.filter((w) => w.code === CODE);
    return { text, located, spec: loaded.spec };
  };

  it('php-shop as it is, and with ipv6: true: 443 is open to both families, no warning', () => {
    expect(warningsOf({ ipv6: false }).located).toEqual([]);
    expect(warningsOf({ ipv6: true }).located).toEqual([]);
  });

  it('AAAA records but no ::/0 on the check port: one warning for the IPv6 check, at the firewall', () => {
    const rule443 = '- { protocol: tcp, ports: "443", sources: { addresses: [0.0.0.0/0] } }';
    expect(warningsOf({ ipv6: false, rule443 }).located).toEqual([]); // no AAAA records, no IPv6 check
    const { located, text } = warningsOf({ ipv6: true, rule443 });
    expect(located).toHaveLength(1);
    const [w] = located;
    expect(w.path).toBe('digitalocean.firewalls[0]');
    expect(w.message).toContain('firewall web-firewall covers web-1, web-2');
    expect(w.message).toContain('port 443 from ::/0');
    expect(w.message).toContain("Route 53 health checkers connect from AWS's published ranges");
    expect(w.message).toMatch(
      /IPv6 health check \(AAAA records\) fails and the cutover takes the droplet out of DNS/,
    );
    expect(w.hint).toMatch(
      /^add an inbound rule \{ protocol: tcp, ports: "443", sources: \{ addresses: \["::\/0"\] \} \}, or one for the ROUTE53_HEALTHCHECKS ranges/,
    );
    expect(w.severity).toBe('warning');
    expect(text.split('\n')[w.line - 1]).toContain('- name: web-firewall');
  });

  it('443 open only to an office range: a warning for the IPv4 check', () => {
    const rule443 = '- { protocol: tcp, ports: "443", sources: { addresses: [192.0.2.0/24] } }';
    const { located } = warningsOf({ ipv6: false, rule443 });
    expect(located.map((w) => w.message)).toEqual([
      expect.stringMatching(/port 443 from 0\.0\.0\.0\/0.*IPv4 health check \(A records\) fails/),
    ]);
  });

  it('a port range or all ports admits the check; a UDP rule does not', () => {
    const open = (ports: string, protocol = 'tcp') =>
      `- { protocol: ${protocol}, ports: "${ports}", sources: { addresses: [0.0.0.0/0, "::/0"] } }`;
    expect(warningsOf({ ipv6: true, rule443: open('400-500') }).located).toEqual([]);
    expect(warningsOf({ ipv6: true, rule443: open('all') }).located).toEqual([]);
    expect(warningsOf({ ipv6: true, rule443: open('0') }).located).toEqual([]);
    // No TCP rule admits 443 at all: the check follows the firewall to HTTP on 80, which it admits from
    // anywhere (schema/inventory/do-probe.ts), so nothing is blocked; an HTTPS:443 check would always fail.
    for (const rule443 of [open('444-500'), open('443', 'udp')]) {
      const { located, spec } = warningsOf({ ipv6: true, rule443 });
      expect(located).toEqual([]);
      const plan = compile(revalidated(atPhase(spec, spec.cutover!.phases[1])));
      for (const hc of plan.cutover!.healthChecks) expect(hc).toMatchObject({ type: 'HTTP', port: 80 });
    }
  });

  it('another firewall of the droplet that admits the checkers is enough (DigitalOcean applies their union)', () => {
    const rule443 = '- { protocol: tcp, ports: "443", sources: { addresses: [192.0.2.0/24] } }';
    const extraFirewall = [
      '    - name: health-checks',
      '      inbound:',
      '        - { protocol: tcp, ports: "443", sources: { addresses: [0.0.0.0/0, "::/0"] } }',
      '      droplets: [web-1]',
    ].join('\n');
    const { located } = warningsOf({ ipv6: false, rule443, extraFirewall });
    // web-2 is covered by web-firewall only; web-1 by both, and health-checks admits.
    expect(located).toHaveLength(1);
    expect(located[0].path).toBe('digitalocean.firewalls[1]');
    expect(located[0].message).toContain('covers web-2 (weighted');
  });
});

describe('existing Route 53 zone: one change batch hands the cutover names over', () => {
  /** cutoverSpec with example.org in an existing zone, at `current` (the batch is phase 0's whatever it is). */
  const existingZone = (
    current = 10,
    records?: MigrationSpec['digitalocean']['domains'][number]['records'],
  ) => {
    const spec = cutoverSpec({
      cutover: { phases: [0, 10, 50, 100], current, ttl: 60, healthCheck: { protocol: 'HTTP' } },
    });
    const domain = spec.digitalocean.domains[0];
    spec.digitalocean.domains[0] = {
      ...domain,
      dns: 'route53',
      route53ZoneId: 'Z0123456789ABC',
      records: records ?? domain.records,
    };
    return spec;
  };
  it('says what ends the old answers per zone kind, and the wait step speaks of the batch only', () => {
    const existing = cutoverOf(existingZone());
    expect(existing.oldAnswersEnd).toEqual({ newZones: [], existingZones: ['example.org'] });
    const wait = existing.manualSteps.find((s) => s.title === 'Wait for the old TTLs before phase 1')!;
    expect(wait.detail).toContain(
      'after the change batch replaced them with 60 s records (existing zone example.org)',
    );
    expect(wait.detail).not.toContain('TTL was lowered');
    const created = cutoverOf(cutoverSpec());
    expect(created.oldAnswersEnd).toEqual({ newZones: ['example.org'], existingZones: [] });
    expect(created.manualSteps.find((s) => s.title === wait.title)!.detail).toContain('TTL was lowered to');
  });

  const rrs = (name: string, type: string, ttl: number, values: string[], weighted?: [string, number]) => ({
    Name: name,
    Type: type,
    ...(weighted ? { SetIdentifier: weighted[0], Weight: weighted[1] } : {}),
    TTL: ttl,
    ResourceRecords: values.map((Value) => ({ Value })),
  });

  it('DELETEs the simple records the spec lists, exactly, and CREATEs the phase-0 weighted records', () => {
    const cutover = cutoverOf(existingZone());
    expect(cutover.zoneSwaps).toHaveLength(1);
    const [swap] = cutover.zoneSwaps;
    expect(swap.zoneId).toBe('Z0123456789ABC');
    expect(swap.hostnames).toEqual(['example.org', 'www.example.org', 'api.example.org']);
    expect(swap.changeBatches).toHaveLength(1);
    expect(swap.changeBatches[0].Changes).toEqual([
      { Action: 'DELETE', ResourceRecordSet: rrs('example.org.', 'A', 1800, ['198.51.100.1']) },
      { Action: 'DELETE', ResourceRecordSet: rrs('www.example.org.', 'CNAME', 7200, ['example.org.']) },
      { Action: 'DELETE', ResourceRecordSet: rrs('api.example.org.', 'A', 300, ['198.51.100.50']) },
      {
        Action: 'CREATE',
        ResourceRecordSet: rrs('example.org.', 'A', 60, ['198.51.100.1'], ['digitalocean-web-1', 50]),
      },
      {
        Action: 'CREATE',
        ResourceRecordSet: rrs('example.org.', 'A', 60, ['198.51.100.2'], ['digitalocean-web-2', 50]),
      },
      {
        Action: 'CREATE',
        ResourceRecordSet: rrs('www.example.org.', 'A', 60, ['198.51.100.1'], ['digitalocean-web-1', 50]),
      },
      {
        Action: 'CREATE',
        ResourceRecordSet: rrs('www.example.org.', 'A', 60, ['198.51.100.2'], ['digitalocean-web-2', 50]),
      },
      {
        Action: 'CREATE',
        ResourceRecordSet: rrs('api.example.org.', 'A', 60, ['198.51.100.50'], ['digitalocean-api-lb', 100]),
      },
    ]);
    expect(swap.changeBatches[0].Comment.length).toBeLessThanOrEqual(256);
  });

  it('the CREATEs are the cutover stack’s own records at phase 0, without health checks, and each is imported', () => {
    const atZero = cutoverOf(existingZone(0));
    const [swap] = atZero.zoneSwaps;
    // Same batch whatever the current phase.
    expect(compile(revalidated(existingZone(50))).cutover!.zoneSwaps).toEqual(atZero.zoneSwaps);
    const creates = swap.changeBatches[0].Changes.filter((c) => c.Action === 'CREATE').map(
      (c) => c.ResourceRecordSet,
    );
    const own = atZero.records.filter((r) => r.name.endsWith('example.org'));
    expect(creates).toEqual(
      own.map((r) => rrs(`${r.name}.`, r.type, r.ttl!, r.records!, [r.setIdentifier, r.weight])),
    );
    expect(creates.every((c) => !('HealthCheckId' in c))).toBe(true);
    expect(swap.imports).toEqual(
      own.map((r) => ({
        address: `aws_route53_record.weighted-${r.key}`,
        id: `Z0123456789ABC_${r.name}_A_${r.setIdentifier}`,
      })),
    );
  });

  it('the runbook step shows the batch as one copyable command, then the imports into the cutover stack', () => {
    const spec = existingZone();
    const plan = compile(revalidated(spec));
    const [swap] = plan.cutover!.zoneSwaps;
    const step = planManualSteps(plan).find((s) => s.title.startsWith('Free the cutover names'))!;
    const cutoverStack = plan.stacks.find((s) => s.role === 'cutover')!.name;
    const [check, change, init, ...imports] = step.commands!;
    expect(check).toContain(
      'aws route53 list-resource-record-sets --hosted-zone-id Z0123456789ABC --output json --query ',
    );
    expect(check).toContain(
      "(Name == 'example.org.' || Name == 'www.example.org.' || Name == 'api.example.org.')",
    );
    const prefix = "aws route53 change-resource-record-sets --hosted-zone-id Z0123456789ABC --change-batch '";
    expect(change.startsWith(prefix) && change.endsWith("'")).toBe(true);
    expect(JSON.parse(change.slice(prefix.length, -1))).toEqual(swap.changeBatches[0]);
    expect(init).toBe(`terraform -chdir=cdktf.out/stacks/${cutoverStack} init`);
    expect(imports).toEqual(
      swap.imports.map(
        (i) => `terraform -chdir=cdktf.out/stacks/${cutoverStack} import '${i.address}' '${i.id}'`,
      ),
    );
    expect(step.detail).toMatch(
      new RegExp(
        `^Once: skip this step if terraform -chdir=cdktf\\.out/stacks/${cutoverStack} state list already shows`,
      ),
    );
    // The wait step's wording per zone kind: 'says what ends the old answers per zone kind' above.
    expect(
      planManualSteps(compile(revalidated(cutoverSpec()))).find(
        (s) => s.title === 'Wait for the old TTLs before phase 1',
      )!.detail,
    ).not.toContain('change batch');
    // An alias cannot be listed in the inventory: the step says how to delete it.
    expect(step.detail).toContain(
      'An alias record (the check prints “alias” and its target) cannot be listed in digitalocean.domains[0].records: ' +
        'put its DELETE first in the batch’s Changes by hand',
    );
    expect(step.detail).toContain(
      '"AliasTarget":{"HostedZoneId":"…","DNSName":"…","EvaluateTargetHealth":…}',
    );
    expect(step.detail).toContain('(3 DELETE)');
    expect(step.detail).toContain('(5 CREATE');
    expect(step.detail).toContain('digitalocean.domains[0].records');
  });

  it('a zone the spec lists no records for: CREATEs only (Route 53 refuses the batch if a simple record is there)', () => {
    const [swap] = compile(revalidated(existingZone(10, []))).cutover!.zoneSwaps;
    expect(swap.changeBatches[0].Changes.map((c) => c.Action)).toEqual([
      'CREATE',
      'CREATE',
      'CREATE',
      'CREATE',
      'CREATE',
    ]);
  });

  it('DELETEs an AAAA the cutover takes over as well, in Route 53 value format, grouped per name and type', () => {
    const [swap] = compile(
      revalidated(
        existingZone(10, [
          { type: 'A', name: '@', data: '198.51.100.1', ttl: 300 },
          { type: 'A', name: '@', data: '198.51.100.2', ttl: 300 },
          { type: 'AAAA', name: '@', data: '2001:db8::1', ttl: 300 },
          { type: 'CNAME', name: 'www', data: 'example.org.', ttl: 300 },
          { type: 'MX', name: '@', data: 'mx.example.net.', priority: 10, ttl: 300 },
        ]),
      ),
    ).cutover!.zoneSwaps;
    expect(swap.changeBatches[0].Changes.filter((c) => c.Action === 'DELETE')).toEqual([
      {
        Action: 'DELETE',
        ResourceRecordSet: rrs('example.org.', 'A', 300, ['198.51.100.1', '198.51.100.2']),
      },
      { Action: 'DELETE', ResourceRecordSet: rrs('example.org.', 'AAAA', 300, ['2001:db8::1']) },
      { Action: 'DELETE', ResourceRecordSet: rrs('www.example.org.', 'CNAME', 300, ['example.org.']) },
    ]);
  });

  const STACKS = { cutover: 'shop-cutover', alb: 'shop-apps' };

  it('the imports need the cutover stack synthesized at phase 0: said how, above phase 0', () => {
    const stepAt = (current: number) =>
      planManualSteps(compile(revalidated(existingZone(current)))).find((s) =>
        s.title.startsWith('Free the cutover names'),
      )!;
    expect(stepAt(0).detail).toContain('with the cutover stack synthesized at phase 0, as now,');
    const at10 = compile(revalidated(existingZone(10)));
    const apps = at10.stacks.find((s) => s.role === 'apps')!.name;
    expect(stepAt(10).detail).toContain(
      'with the cutover stack synthesized at phase 0 (set cutover.current: 0 and run dropship synth for the ' +
        `imports, then back to 10): at 10 % it reads the ${apps} stack’s state, and terraform import fails ` +
        'until that stack is applied',
    );
  });

  /** Runs a step's check command in bash with a fake `aws` that prints `answer` as the CLI's JSON output. */
  function runCheck(check: string, answer: string): { status: number | null; stderr: string } {
    const dir = mkdtempSync(join(tmpdir(), 'dropship-check-'));
    writeFileSync(join(dir, 'aws'), `#!/bin/sh\ncat <<'EOF'\n${JSON.stringify(answer)}\nEOF\n`, {
      mode: 0o755,
    });
    const run = spawnSync('bash', [...NO_STARTUP_FILES, '-c', check], {
      env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
      encoding: 'utf8',
    });
    rmSync(dir, { recursive: true, force: true });
    return { status: run.status, stderr: run.stderr };
  }

  it('the first command fails unless the zone’s simple A/AAAA/CNAME sets at the names are the DELETEs', () => {
    const plan = compile(revalidated(existingZone()));
    const step = planManualSteps(plan).find((s) => s.title.startsWith('Free the cutover names'))!;
    const check = step.commands![0];
    expect(check).not.toContain('\n'); // one line to copy
    const listed =
      'api.example.org. A 300 198.51.100.50; example.org. A 1800 198.51.100.1; www.example.org. CNAME 7200 example.org.';
    expect(runCheck(check, listed).status).toBe(0);
    // An AAAA the inventory leaves out: Route 53 would keep it beside the weighted A records.
    const withAaaa = `${listed}; www.example.org. AAAA 300 2001:db8::1`.split('; ').sort().join('; ');
    const failed = runCheck(check, withAaaa);
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toContain('STOP: ');
    expect(failed.stderr).toContain('2001:db8::1');
    expect(runCheck(check, listed.replace('A 300', 'A 3600')).status).not.toBe(0);
    expect(step.detail).toContain('Route 53 does not refuse the batch for a simple record');
    // The CLI call failing says so, instead of printing an empty zone as the difference.
    const cliFails = runWithFakeAws(`aws() { return 255; }; ${check}`, { ResourceRecordSets: [] });
    expect(cliFails.status).not.toBe(0);
    expect(cliFails.stderr).toBe(
      'STOP: the AWS CLI call failed (aws route53 list-resource-record-sets): its error is above\n',
    );
  });

  it('the check’s query reduces a Route 53 listing to the line the batch expects (run against a fake aws applying it with jmespath, as the AWS CLI)', () => {
    const plan = compile(revalidated(existingZone()));
    const check = planManualSteps(plan).find((s) => s.title.startsWith('Free the cutover names'))!
      .commands![0];
    const zone = (extra: object[] = []) => ({
      ResourceRecordSets: [
        { Name: 'example.org.', Type: 'A', TTL: 1800, ResourceRecords: [{ Value: '198.51.100.1' }] },
        { Name: 'example.org.', Type: 'MX', TTL: 300, ResourceRecords: [{ Value: '10 mx.example.net.' }] },
        { Name: 'www.example.org.', Type: 'CNAME', TTL: 7200, ResourceRecords: [{ Value: 'example.org.' }] },
        { Name: 'api.example.org.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '198.51.100.50' }] },
        {
          Name: 'api.example.org.',
          Type: 'A',
          SetIdentifier: 'old',
          Weight: 1,
          TTL: 60,
          ResourceRecords: [{ Value: '203.0.113.1' }],
        },
        { Name: 'other.example.org.', Type: 'AAAA', TTL: 300, ResourceRecords: [{ Value: '2001:db8::9' }] },
        ...extra,
      ],
    });
    // MX, the weighted A and a name the cutover does not take are left out: the line is the batch's DELETEs.
    expect(runWithFakeAws(check, zone())).toMatchObject({ status: 0, stderr: '' });
    // A simple AAAA at a cutover name the inventory leaves out is listed, and stops the check.
    const aaaa = {
      Name: 'www.example.org.',
      Type: 'AAAA',
      TTL: 300,
      ResourceRecords: [{ Value: '2001:db8::1' }],
    };
    const failed = runWithFakeAws(check, zone([aaaa]));
    expect(failed.status).not.toBe(0);
    expect(failed.stderr.split('\n')[1]).toBe(
      '"api.example.org. A 300 198.51.100.50; example.org. A 1800 198.51.100.1; www.example.org. AAAA 300 2001:db8::1; ' +
        'www.example.org. CNAME 7200 example.org"',
    );
  });

  it('a CNAME value with or without its final dot: the check passes either way, the DELETE sends it as listed (REVIEW15 finding 1)', () => {
    const zone = (cname: string) => ({
      ResourceRecordSets: [
        { Name: 'example.org.', Type: 'A', TTL: 1800, ResourceRecords: [{ Value: '198.51.100.1' }] },
        { Name: 'www.example.org.', Type: 'CNAME', TTL: 7200, ResourceRecords: [{ Value: cname }] },
        { Name: 'api.example.org.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '198.51.100.50' }] },
      ],
    });
    // DigitalOcean's `@` shorthand, and the zone's own spelling copied with or without the dot.
    for (const [listed, sent] of [
      ['@', 'example.org.'],
      ['example.org.', 'example.org.'],
      ['example.org', 'example.org'],
    ]) {
      const base = existingZone();
      const records = base.digitalocean.domains[0].records.map((r) =>
        r.type === 'CNAME' ? { ...r, data: listed } : r,
      );
      const plan = compile(revalidated(existingZone(10, records)));
      const check = planManualSteps(plan).find((s) => s.title.startsWith('Free the cutover names'))!
        .commands![0];
      for (const live of ['example.org.', 'example.org'])
        expect([listed, live, runWithFakeAws(check, zone(live))]).toMatchObject([
          listed,
          live,
          { status: 0, stderr: '' },
        ]);
      // A different host still stops it.
      expect(runWithFakeAws(check, zone('shop.example.net')).status).not.toBe(0);
      const deleted = plan.cutover!.zoneSwaps[0].changeBatches[0].Changes.find(
        (c) => c.Action === 'DELETE' && c.ResourceRecordSet.Type === 'CNAME',
      )!;
      expect(deleted.ResourceRecordSet.ResourceRecords).toEqual([{ Value: sent }]);
    }
    const step = planManualSteps(compile(revalidated(existingZone()))).find((s) =>
      s.title.startsWith('Free the cutover names'),
    )!;
    expect(step.detail).toContain('The check compares a CNAME value without its final dot');
  });

  it('lists a wildcard name as Route 53 prints it (\\052), and quotes a stray apostrophe for the shell', () => {
    const step = zoneSwapStep(
      {
        domain: 'example.org',
        zoneId: 'Z0123456789ABC',
        hostnames: ['*.example.org'],
        changeBatches: [{ Comment: "it's", Changes: [] }],
        imports: [],
      },
      0,
      STACKS,
      0,
    );
    expect(step.commands![0]).toContain(`(Name == '\\\\052.example.org.')`);
    expect(step.commands![1]).toMatch(/--change-batch '\{"Comment":"it'\\''s","Changes":\[\]\}'$/);
  });

  it('DELETEs a wildcard the inventory lists as Route 53 prints it (\\052.example.org.)', () => {
    const domain = {
      name: 'example.org',
      dns: 'route53' as const,
      route53ZoneId: 'Z0123456789ABC',
      records: [{ type: 'A' as const, name: '\\052.example.org.', data: '198.51.100.9', ttl: 300 }],
    };
    const swap = zoneSwap(domain, 'Z0123456789ABC', ['*.example.org'], []);
    expect(swap.changeBatches[0].Changes).toEqual([
      { Action: 'DELETE', ResourceRecordSet: rrs('*.example.org.', 'A', 300, ['198.51.100.9']) },
    ]);
  });

  /** `count` phase-0 weighted records of one type at each name, with values `value(i)`. */
  const weighted = (names: string[], count: number, type: 'A' | 'AAAA', value: (i: number) => string) =>
    names.flatMap((name) =>
      Array.from({ length: count }, (_, i) => ({
        key: `${name}-${type}-${i}`,
        zoneId: 'Z0123456789ABC',
        name,
        type,
        setIdentifier: `digitalocean-web-${i}`,
        weight: 1,
        ttl: 60,
        records: [value(i)],
      })),
    );
  const zoneListing = (names: string[]) => ({
    name: 'example.org',
    dns: 'route53' as const,
    route53ZoneId: 'Z0123456789ABC',
    records: names.map((h) => ({
      type: 'A' as const,
      name: h.split('.')[0],
      data: '198.51.100.200',
      ttl: 300,
    })),
  });
  const namesOf = (b: { Changes: { ResourceRecordSet: { Name: string } }[] }) => [
    ...new Set(b.Changes.map((c) => c.ResourceRecordSet.Name)),
  ];

  it('one large name (60 droplets, A and AAAA: 121 changes) and another stay one batch: there is no 100-change limit', () => {
    const phase0 = [
      ...weighted(['big.example.org'], 60, 'A', (i) => `198.51.100.${i}`),
      ...weighted(['big.example.org'], 60, 'AAAA', (i) => `2001:db8::${i}`),
      ...weighted(['www.example.org'], 1, 'A', () => '198.51.100.1'),
    ];
    const names = ['big.example.org', 'www.example.org'];
    const swap = zoneSwap(zoneListing(names), 'Z0123456789ABC', names, phase0);
    expect(swap.changeBatches.map((b) => b.Changes.length)).toEqual([123]);
    expect(swap.changeBatches[0].Comment).toBe(
      'dropship: cutover names of example.org to the phase-0 weighted records',
    );
    expect(zoneSwapStep(swap, 0, STACKS, 0).detail).toContain('One change batch');
  });

  it('past 1,000 values in a request: several batches, each with whole names, one command each', () => {
    const hostnames = Array.from({ length: 11 }, (_, i) => `n${i}.example.org`);
    // 11 names × (1 DELETE + 99 CREATE): 10 names hold 1,000 values, the 11th goes to a second batch.
    const swap = zoneSwap(
      zoneListing(hostnames),
      'Z0123456789ABC',
      hostnames,
      weighted(hostnames, 99, 'A', (i) => `198.51.100.${i}`),
    );
    expect(swap.changeBatches.map(namesOf)).toEqual([
      hostnames.slice(0, 10).map((h) => `${h}.`),
      [`${hostnames[10]}.`],
    ]);
    expect(swap.changeBatches.map((b) => b.Changes.length)).toEqual([1000, 100]);
    expect(swap.changeBatches.map((b) => b.Comment)).toEqual([
      'dropship: cutover names of example.org to the phase-0 weighted records (1/2)',
      'dropship: cutover names of example.org to the phase-0 weighted records (2/2)',
    ]);
    const step = zoneSwapStep(swap, 0, STACKS, 0);
    expect(step.commands!.filter((c) => c.includes('change-resource-record-sets'))).toHaveLength(2);
    expect(step.detail).toContain(
      '2 change batches (Route 53 takes at most 1,000 values and 32,000 value characters per request',
    );
  });

  it('past 32,000 value characters in a request: the next name starts a new batch', () => {
    const hostnames = Array.from({ length: 9 }, (_, i) => `v${i}.example.org`);
    // 39-character IPv6 values: 8 names × 99 = 792 values (30,888 characters + the DELETEs' 112) fit, 9 do not.
    const value = (i: number) => `2001:0db8:0000:0000:0000:0000:0000:${String(i).padStart(4, '0')}`;
    const swap = zoneSwap(
      zoneListing(hostnames),
      'Z0123456789ABC',
      hostnames,
      weighted(hostnames, 99, 'AAAA', value),
    );
    expect(swap.changeBatches.map((b) => namesOf(b).length)).toEqual([8, 1]);
    for (const b of swap.changeBatches) {
      const values = b.Changes.flatMap((c) => c.ResourceRecordSet.ResourceRecords.map((r) => r.Value));
      expect(values.join('').length).toBeLessThanOrEqual(32000);
    }
  });

  it('a zone DigitalOcean hosts gets no batch (the new zone has no simple records at the names)', () => {
    expect(compile(revalidated(cutoverSpec())).cutover!.zoneSwaps).toEqual([]);
  });
});
