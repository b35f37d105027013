/**
 * apps[].egress: every well-formed entry renders exactly one egress rule per CIDR or prefix list on the app's
 * own group, with the declared protocol, ports and destination, and nothing else changes; every malformed
 * one is an error located at the field that is wrong.
 */
import { isIP } from 'node:net';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { createContext } from '../../compiler/context';
import { compileSecurity, RULES_PER_SECURITY_GROUP, sanitizeDescription } from '../../compiler/security';
import type { SgRule } from '../../compiler/model/security';
import { loadSpecText } from '../../schema/load';
import { baseSpecInput, existingVpcNetwork, specWithApps, type AppInput } from '../helpers/synth';

const web = (egress: unknown[]): AppInput =>
  ({
    name: 'web',
    containers: [{ name: 'main', image: { repository: 'demo/web', tag: '1.0.0' } }],
    egress,
  }) as AppInput;

/**
 * An existing VPC, whose routes dropship does not know: every well-formed destination, IPv6 included, is
 * accepted there (a VPC dropship creates has no IPv6 route out of its private subnets: see the NAT tests).
 */
const existingAws = () => ({
  ...baseSpecInput().aws,
  network: existingVpcNetwork({ natGatewayIps: ['203.0.113.10'] }),
});

/** The spec as `validate` reads it from a file. */
const validate = (egress: unknown[]) =>
  loadSpecText(
    stringify({
      ...baseSpecInput(),
      aws: existingAws(),
      digitalocean: { domains: [{ name: 'example.com', dns: 'digitalocean' }] },
      ecr: { repositories: [{ name: 'demo/web' }] },
      apps: [web(egress)],
    }),
    'egress.yaml',
  );

const errorsOf = (egress: unknown[]) => {
  const result = validate(egress);
  return result.ok ? [] : result.diagnostics.filter((d) => d.severity === 'error');
};

// --- generated destinations, written as AWS writes them (IPv6 by the WHATWG URL serializer, RFC 5952) ------

const ipv4Network = fc
  .tuple(fc.nat({ max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 }))
  .map(([address, prefix]) => {
    const network = prefix === 0 ? 0 : (address & ((0xffffffff << (32 - prefix)) >>> 0)) >>> 0;
    return `${[24, 16, 8, 0].map((s) => (network >>> s) & 255).join('.')}/${prefix}`;
  });

const ipv6Network = fc
  .tuple(
    fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }),
    fc.integer({ min: 0, max: 128 }),
  )
  .map(([groups, prefix]) => {
    const kept = groups.map((g, i) => {
      const bits = Math.max(0, Math.min(16, prefix - i * 16));
      return bits === 0 ? 0 : g & ((0xffff << (16 - bits)) & 0xffff);
    });
    const text = new URL(`http://[${kept.map((g) => g.toString(16)).join(':')}]/`).hostname.slice(1, -1);
    return `${text}/${prefix}`;
  });

const prefixListId = fc
  .array(fc.constantFrom(...'0123456789abcdef'), { minLength: 8, maxLength: 17 })
  .map((chars) => `pl-${chars.join('')}`);

const ports = fc.oneof(
  fc.integer({ min: 1, max: 65535 }).map((port) => ({ port })),
  fc
    .tuple(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 65535 }))
    .map(([a, b]) => ({ ports: `${Math.min(a, b)}-${Math.max(a, b)}` })),
);

const description = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 .,:()-]{0,40}[A-Za-z0-9]$/);

const entry = fc.record({
  description,
  protocol: fc.constantFrom('tcp', 'udp'),
  ports,
  to: fc.oneof(
    fc
      .uniqueArray(fc.oneof(ipv4Network, ipv6Network), { minLength: 1, maxLength: 3 })
      .map((cidrs) => ({ cidrs })),
    prefixListId.map((prefixList) => ({ prefixList })),
  ),
});

/** Entries whose rules are all apart (EC2 refuses a duplicate, and so does validate). */
const entries = fc.array(entry, { minLength: 1, maxLength: 5 }).filter((list) => {
  const keys = list.flatMap((e) =>
    ('cidrs' in e.to ? e.to.cidrs : [e.to.prefixList]).map(
      (d) => `${e.protocol} ${portsOf(e).join('-')} ${d}`,
    ),
  );
  return new Set(keys).size === keys.length;
});

type Entry = typeof entry extends fc.Arbitrary<infer T> ? T : never;
const asSpec = (e: Entry) => ({ description: e.description, protocol: e.protocol, ...e.ports, to: e.to });

const portsOf = (e: Entry): [number, number] =>
  'port' in e.ports
    ? [e.ports.port, e.ports.port]
    : (e.ports.ports.split('-').map(Number) as [number, number]);

const ruleLine = (r: Pick<SgRule, 'protocol' | 'fromPort' | 'toPort' | 'peer'>) =>
  `${r.protocol} ${r.fromPort}-${r.toPort} ${r.peer.kind === 'prefix-list' ? r.peer.id : r.peer.kind === 'security-group' ? r.peer.key : r.peer.cidr}`;

const securityOf = (egress: unknown[]) =>
  compileSecurity(createContext(specWithApps([web(egress)], { aws: existingAws() })));

describe('apps[].egress', () => {
  const derived = securityOf([]).rules.map((r) => r.key);

  it('renders exactly one egress rule per declared CIDR or prefix list, on the app group, as declared', () => {
    fc.assert(
      fc.property(entries, (list) => {
        const plan = securityOf(list.map(asSpec));
        const declared = plan.rules.filter((r) => !derived.includes(r.key));
        const expected = list.flatMap((e) => {
          const [from, to] = portsOf(e);
          return ('cidrs' in e.to ? e.to.cidrs : [e.to.prefixList]).map(
            (d) => `${e.protocol} ${from}-${to} ${d}`,
          );
        });
        expect(declared.map(ruleLine).sort()).toEqual(expected.sort());
        for (const r of declared) {
          expect(r).toMatchObject({ securityGroup: 'app-web', direction: 'egress' });
          expect(r.peer.kind).toBe(
            r.peer.kind === 'prefix-list' ? 'prefix-list' : ruleLine(r).includes(':') ? 'ipv6' : 'ipv4',
          );
        }
        // Each rule's description ends with its entry's description; keys are apart (no rule dropped).
        for (const e of list)
          expect(
            declared.some((r) => r.description.endsWith(`: ${sanitizeDescription(e.description)}`)),
          ).toBe(true);
        expect(new Set(plan.rules.map((r) => r.key)).size).toBe(plan.rules.length);
        // The derived rules are all still there, unchanged.
        expect(plan.rules.filter((r) => derived.includes(r.key))).toEqual(securityOf([]).rules);
      }),
      { numRuns: 60, seed: 17 },
    );
  });

  it('keeps rule keys when entries are reordered', () => {
    fc.assert(
      fc.property(entries, (list) => {
        const keys = (l: Entry[]) =>
          securityOf(l.map(asSpec))
            .rules.map((r) => r.key)
            .sort();
        expect(keys([...list].reverse())).toEqual(keys(list));
      }),
      { numRuns: 20, seed: 3 },
    );
  });

  it('accepts a string as a CIDR only when it is an IPv4 or IPv6 network address', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          ipv4Network.map((c) => c.replace(/\d+$/, (p) => String(Number(p) + fc.sample(fc.nat(3), 1)[0]))),
        ),
        (text) => {
          const ok = errorsOf([{ description: 'x', port: 587, to: { cidrs: [text] } }]).length === 0;
          if (!ok) return;
          const [address, prefix] = text.split('/');
          expect(isIP(address)).not.toBe(0);
          expect(Number(prefix)).toBeLessThanOrEqual(isIP(address) === 4 ? 32 : 128);
        },
      ),
      { numRuns: 200, seed: 5 },
    );
  });

  it('locates every malformed entry at the field that is wrong, with a hint', () => {
    const cases: [unknown, string, string, RegExp?][] = [
      [
        { description: 'x', port: 587, to: { cidrs: ['10.0.0.1/8'] } },
        'apps[0].egress[0].to.cidrs[0]',
        'cidr-host-bits',
        /10\.0\.0\.0\/8/,
      ],
      [
        { description: 'x', port: 587, to: { cidrs: ['2001:DB8::/32'] } },
        'apps[0].egress[0].to.cidrs[0]',
        'egress-cidr-form',
        /2001:db8::\/32/,
      ],
      [
        { description: 'x', port: 587, to: { cidrs: ['2001:db8::1/32'] } },
        'apps[0].egress[0].to.cidrs[0]',
        'cidr-host-bits',
        /2001:db8::\/32/,
      ],
      [
        { description: 'x', port: 587, to: { cidrs: ['203.0.113.7'] } },
        'apps[0].egress[0].to.cidrs[0]',
        'egress-cidr',
        /203\.0\.113\.7\/32/,
      ],
      [
        { description: 'x', port: 587, to: { cidrs: ['300.0.0.0/8'] } },
        'apps[0].egress[0].to.cidrs[0]',
        'egress-cidr',
      ],
      [
        { description: 'x', port: 587, to: { cidrs: ['10.0.0.0/33'] } },
        'apps[0].egress[0].to.cidrs[0]',
        'egress-cidr',
      ],
      [
        { description: 'x', port: 587, to: { cidrs: ['::/129'] } },
        'apps[0].egress[0].to.cidrs[0]',
        'egress-cidr',
      ],
      [
        { description: 'x', port: 587, to: { prefixList: 'pl-XYZ' } },
        'apps[0].egress[0].to.prefixList',
        'invalid-format',
      ],
      [
        { description: 'x', port: 587, ports: '1-2', to: { cidrs: ['0.0.0.0/0'] } },
        'apps[0].egress[0].ports',
        'egress-port',
        /port: 587/,
      ],
      [{ description: 'x', to: { cidrs: ['0.0.0.0/0'] } }, 'apps[0].egress[0]', 'egress-port', /ports/],
      [
        { description: 'x', ports: '9000-8000', to: { cidrs: ['0.0.0.0/0'] } },
        'apps[0].egress[0].ports',
        'egress-port',
        /8000-9000/,
      ],
      [
        { description: 'x', ports: '0-80', to: { cidrs: ['0.0.0.0/0'] } },
        'apps[0].egress[0].ports',
        'egress-port',
      ],
      [{ description: 'x', port: 70000, to: { cidrs: ['0.0.0.0/0'] } }, 'apps[0].egress[0].port', 'too-big'],
      [
        { description: 'x', protocol: 'icmp', port: 1, to: { cidrs: ['0.0.0.0/0'] } },
        'apps[0].egress[0].protocol',
        'invalid-value',
      ],
      [{ port: 587, to: { cidrs: ['0.0.0.0/0'] } }, 'apps[0].egress[0].description', 'missing-key'],
      [
        { description: 'x', port: 587, to: { hosts: ['smtp.example.com'] } },
        'apps[0].egress[0].to',
        'invalid-union',
      ],
    ];
    for (const [rule, path, code, hint] of cases) {
      const errors = errorsOf([rule]);
      expect({ rule, errors: errors.map((e) => `${e.path} ${e.code}`) }).toEqual({
        rule,
        errors: [`${path} ${code}`],
      });
      expect(errors[0].line).toBeGreaterThan(1);
      if (hint) expect(`${errors[0].hint ?? ''} ${errors[0].message}`).toMatch(hint);
    }
  });

  it('counts declared rules toward the rules-per-group quota', () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        description: 'many',
        port: 1000 + i,
        to: { cidrs: ['203.0.113.0/24'] },
      }));
    const warningsOf = (n: number) => {
      const ctx = createContext(specWithApps([web(many(n))]));
      compileSecurity(ctx);
      return ctx.report.findings.filter((f) => f.code === 'security/rules-quota').map((f) => f.message);
    };
    expect(warningsOf(RULES_PER_SECURITY_GROUP)).toEqual([]);
    expect(warningsOf(RULES_PER_SECURITY_GROUP + 1)).toEqual([
      `security group app-web needs ${RULES_PER_SECURITY_GROUP + 1} ipv4 egress rules; AWS allows ${RULES_PER_SECURITY_GROUP} per group by default`,
    ]);
  });

  it('refuses an IPv6 destination in a VPC dropship creates (IPv4-only private subnets), at the CIDR', () => {
    const input = {
      ...baseSpecInput(),
      digitalocean: { domains: [{ name: 'example.com', dns: 'digitalocean' }] },
      ecr: { repositories: [{ name: 'demo/web' }] },
      apps: [web([{ description: 'x', port: 8443, to: { cidrs: ['203.0.113.0/24', '2001:db8::/32'] } }])],
    };
    const result = loadSpecText(stringify(input), 'v6.yaml');
    expect(result.ok ? [] : result.diagnostics.map((d) => `${d.path} ${d.code}`)).toEqual([
      'apps[0].egress[0].to.cidrs[1] egress-no-ipv6-route',
    ]);
  });

  it('without NAT, a prefix list is reachable only as a gateway endpoint, on tcp 443', () => {
    const noNat = (entry: Record<string, unknown>) => {
      const input = {
        ...baseSpecInput(),
        digitalocean: { domains: [{ name: 'example.com', dns: 'digitalocean' }] },
        ecr: { repositories: [{ name: 'demo/web' }] },
        apps: [web([{ description: 'x', to: { prefixList: 'pl-63a5400a' }, ...entry }])],
      };
      (input.aws.network as { vpc: { nat: string } }).vpc.nat = 'none';
      const result = loadSpecText(stringify(input), 'no-nat.yaml');
      return result.ok ? [] : result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
    };
    expect(noNat({ port: 443 })).toEqual([]);
    expect(noNat({ port: 587 })).toEqual(['egress-no-route']);
    expect(noNat({ protocol: 'udp', port: 443 })).toEqual(['egress-no-route']);
    expect(noNat({ ports: '443-444' })).toEqual(['egress-no-route']);
  });

  it('without NAT, refuses a CIDR outside the VPC (no route), at the CIDR', () => {
    const noNat = (cidrs: string[]) => {
      const input = {
        ...baseSpecInput(),
        digitalocean: { domains: [{ name: 'example.com', dns: 'digitalocean' }] },
        ecr: { repositories: [{ name: 'demo/web' }] },
        apps: [web([{ description: 'x', port: 587, to: { cidrs } }])],
      };
      (input.aws.network as { vpc: { nat: string } }).vpc.nat = 'none';
      const result = loadSpecText(stringify(input), 'no-nat.yaml');
      return result.ok
        ? []
        : result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.path} ${d.code}`);
    };
    expect(noNat(['10.0.5.0/24', '10.0.0.0/16'])).toEqual([]);
    expect(noNat(['0.0.0.0/0', '10.0.5.0/24', '2001:db8::/32', '10.0.0.0/8'])).toEqual([
      'apps[0].egress[0].to.cidrs[0] egress-no-route',
      'apps[0].egress[0].to.cidrs[2] egress-no-ipv6-route',
      'apps[0].egress[0].to.cidrs[3] egress-no-route',
    ]);
  });

  it('refuses two entries that open the same rule, at the second', () => {
    const errors = errorsOf([
      { description: 'a', port: 587, to: { cidrs: ['0.0.0.0/0'] } },
      { description: 'b', protocol: 'tcp', port: 587, to: { cidrs: ['10.0.0.0/8', '0.0.0.0/0'] } },
    ]);
    expect(errors.map((e) => `${e.path} ${e.code}`)).toEqual([
      'apps[0].egress[1].to.cidrs[1] egress-duplicate',
    ]);
    expect(errors[0].message).toContain('apps[0].egress[0].to.cidrs[0]');
  });
});

describe('apps[].egress to a named droplet or DigitalOcean database', () => {
  const inventory = {
    droplets: [
      { name: 'mail-relay', size: 's-1vcpu-1gb', region: 'fra1', ipv4: { public: '198.51.100.7' } },
      { name: 'no-address', size: 's-1vcpu-1gb', region: 'fra1' },
    ],
    databases: [
      {
        name: 'pool-db',
        engine: 'pg',
        version: '16',
        size: 'db-s-1vcpu-2gb',
        host: 'pool-db-do-user-1-0.b.db.ondigitalocean.com',
      },
      { name: 'by-ip', engine: 'pg', version: '16', size: 'db-s-1vcpu-2gb', host: '203.0.113.44' },
    ],
    domains: [{ name: 'example.com', dns: 'digitalocean' }],
  };
  const named = (egress: unknown[], nat?: 'none') =>
    loadSpecText(
      stringify({
        ...baseSpecInput(),
        ...(nat
          ? {
              aws: {
                ...baseSpecInput().aws,
                network: { vpc: { ...(baseSpecInput().aws.network as { vpc: object }).vpc, nat } },
              },
            }
          : { aws: existingAws() }),
        digitalocean: inventory,
        ecr: { repositories: [{ name: 'demo/web' }] },
        apps: [web(egress)],
      }),
      'egress.yaml',
    );
  const entry = (to: unknown, port = 587) => ({ description: 'named', port, to });

  it('renders a droplet as its public /32 and a database known by hostname as 0.0.0.0/0 on the port', () => {
    const loaded = named([
      entry({ droplet: 'mail-relay' }),
      entry({ database: 'pool-db' }, 25061),
      entry({ database: 'by-ip' }, 25060),
    ]);
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
    const rules = compileSecurity(createContext(loaded.spec)).rules;
    const lines = rules
      .filter((r) => r.securityGroup === 'app-web' && r.direction === 'egress')
      .map(ruleLine);
    expect(lines).toEqual(
      expect.arrayContaining([
        'tcp 587-587 198.51.100.7/32',
        'tcp 25061-25061 0.0.0.0/0',
        'tcp 25060-25060 203.0.113.44/32',
      ]),
    );
  });

  it('refuses an unknown name, a droplet without a public address, and either one without NAT, located', () => {
    const codes = (egress: unknown[], nat?: 'none') => {
      const loaded = named(egress, nat);
      return loaded.ok
        ? []
        : loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.path, d.line > 0]);
    };
    expect(codes([entry({ droplet: 'mail-rely' })])).toEqual([
      ['egress-destination', 'apps[0].egress[0].to.droplet', true],
    ]);
    expect(codes([entry({ droplet: 'no-address' })])).toEqual([
      ['egress-destination', 'apps[0].egress[0].to.droplet', true],
    ]);
    expect(codes([entry({ database: 'nope' })])).toEqual([
      ['egress-destination', 'apps[0].egress[0].to.database', true],
    ]);
    expect(codes([entry({ droplet: 'mail-relay' })], 'none')).toContainEqual([
      'egress-no-route',
      'apps[0].egress[0].to.droplet',
      true,
    ]);
  });
});
