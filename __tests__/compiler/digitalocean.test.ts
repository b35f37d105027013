import { compile } from '../../compiler';
import { isRef } from '../../compiler/refs';
import { portRange, portsInclude } from '../../schema/inventory/firewalls';
import { firewallDroplets } from '../../schema/inventory/firewalls';
import type { MigrationSpecInput } from '../../schema/spec';
import { baseSpecInput, loadExample, specFrom, existingVpcNetwork } from '../helpers/synth';

describe('compileDigitalOcean on php-shop', () => {
  const plan = compile(loadExample('php-shop'));

  it('adopts the records the cutover takes over, by import id, with the cutover TTL', () => {
    expect(
      plan.digitalocean.records.map((r) => [r.importId, r.type, r.name, r.value, r.oldTtl, r.ttl]),
    ).toEqual([
      ['shop-example.com,28448429', 'A', '@', '203.0.113.10', 3600, 60],
      ['shop-example.com,28448430', 'A', 'www', '203.0.113.10', 3600, 60],
    ]);
    expect(plan.digitalocean.enabled).toBe(true);
    expect(plan.stacks.map((s) => s.role)).toContain('digitalocean');
  });

  it('leaves mail and other records alone', () => {
    expect(plan.digitalocean.records.some((r) => ['MX', 'TXT', 'CAA'].includes(r.type))).toBe(false);
  });

  it('asks for trusted sources by hand where the inventory has no cluster id', () => {
    expect(plan.digitalocean.databaseFirewalls).toEqual([]);
    expect(plan.digitalocean.manualSteps.map((s) => s.title)).toEqual(
      expect.arrayContaining(['Trust the AWS NAT IPs on DigitalOcean database shop-mysql']),
    );
  });
});

function transitionSpec(
  extra: Partial<MigrationSpecInput> = {},
  nat: 'single' | 'per-az' | 'none' = 'per-az',
  /** The inventory firewalls (a staying droplet the app reaches, and a mail droplet). */
  withFirewalls = true,
) {
  const base = baseSpecInput();
  const vpc = (base.aws.network as { vpc: Record<string, unknown> }).vpc;
  return specFrom({
    ...base,
    aws: { ...base.aws, network: { vpc: { ...vpc, nat } } },
    digitalocean: {
      droplets: [
        {
          name: 'web-1',
          id: 101,
          size: 's-2vcpu-4gb',
          region: 'ams3',
          ipv4: { public: '198.51.100.1', private: '10.110.0.2' },
          tags: ['web'],
        },
        {
          name: 'web-2',
          id: 102,
          size: 's-2vcpu-4gb',
          region: 'ams3',
          ipv4: { public: '198.51.100.2', private: '10.110.0.3' },
          tags: ['web'],
        },
        {
          name: 'search',
          id: 103,
          size: 's-2vcpu-4gb',
          region: 'ams3',
          ipv4: { public: '198.51.100.3', private: '10.110.0.4' },
          tags: ['search'],
        },
        {
          name: 'mailer',
          id: 104,
          size: 's-1vcpu-1gb',
          region: 'ams3',
          ipv4: { public: '198.51.100.4' },
          tags: ['mail'],
        },
      ],
      databases: [
        {
          name: 'main-pg',
          engine: 'pg',
          version: '16',
          size: 'db-s-2vcpu-4gb',
          firewallId: '9cc10173-e9ea-4176-9dbc-a4cee4c4ff30',
          host: 'main-pg-do-user-1-0.db.ondigitalocean.com',
          port: 25060,
          passwordSecret: 'do-pg',
        },
        { name: 'old-redis', engine: 'redis', version: '7', size: 'db-s-1vcpu-2gb' },
      ],
      domains: [
        {
          name: 'example.org',
          dns: 'digitalocean',
          records: [
            { id: 1, type: 'A', name: '@', data: '198.51.100.1', ttl: 3600 },
            { id: 2, type: 'A', name: 'www', data: '198.51.100.1', ttl: 30 },
            { type: 'AAAA', name: 'www', data: '2001:db8::1', ttl: 1800 },
            { id: 3, type: 'MX', name: '@', data: 'mail.example.org.', priority: 10, ttl: 3600 },
          ],
        },
      ],
      firewalls: !withFirewalls
        ? []
        : [
            {
              name: 'search-fw',
              tags: ['search'],
              inbound: [
                { protocol: 'tcp', ports: '9200', sources: { tags: ['web'] } },
                { protocol: 'tcp', ports: '22', sources: { addresses: ['203.0.113.7'] } },
                { protocol: 'tcp', ports: '9300', sources: { addresses: ['10.110.0.3'] } },
              ],
            },
            {
              name: 'mail-fw',
              droplets: ['mailer'],
              inbound: [{ protocol: 'tcp', ports: '25', sources: { addresses: ['0.0.0.0/0'] } }],
            },
          ],
    },
    secrets: [{ name: 'do-pg' }],
    apps: [
      {
        name: 'web',
        droplets: ['web-1', 'web-2'],
        // Without NAT only ECR in the region is reachable: there the image is a copy.
        containers: [
          {
            name: 'web',
            image: {
              uri: nat === 'none' ? '123456789012.dkr.ecr.eu-west-1.amazonaws.com/nginx:1.27' : 'nginx:1.27',
            },
            port: 80,
          },
        ],
        expose: { public: { hostnames: ['example.org', 'www.example.org'], container: 'web', port: 80 } },
        uses: { databases: ['main'], caches: ['sessions'] },
      },
    ],
    // DMS cannot reach DigitalOcean without NAT (data/dms-needs-nat): the dump runbook moves the data then.
    databases: [{ name: 'main', from: 'main-pg', migration: { method: nat === 'none' ? 'dump' : 'dms' } }],
    caches: [{ name: 'sessions', from: 'old-redis' }],
    cutover: { ttl: 60 },
    ...extra,
  });
}

describe('compileDigitalOcean', () => {
  const whole = compile(transitionSpec());
  const plan = whole.digitalocean;

  it('adopts only records with an id whose TTL is at or above the cutover TTL', () => {
    expect(plan.records.map((r) => r.importId)).toEqual(['example.org,1']);
    expect(plan.manualSteps.map((s) => s.title)).toContain('Lower the TTL of AAAA www in example.org');
  });

  it('trusts every NAT gateway on the DMS source and keeps the app droplets', () => {
    expect(plan.natIps).toEqual(whole.network.nat.publicIps);
    expect(plan.natIps).toHaveLength(2);
    expect(plan.natIps.every(isRef)).toBe(true);
    expect(plan.databaseFirewalls).toEqual([
      expect.objectContaining({
        database: 'main-pg',
        clusterId: '9cc10173-e9ea-4176-9dbc-a4cee4c4ff30',
        rules: [
          ...whole.network.nat.publicIps.map((value) => ({ type: 'ip_addr', value })),
          { type: 'droplet', value: '101' },
          { type: 'droplet', value: '102' },
        ],
      }),
    ]);
    expect(plan.databaseFirewalls[0].reason).toMatch(/DMS/);
    // old-redis has no cluster id: a manual step instead of a resource
    expect(plan.manualSteps.map((s) => s.title)).toContain(
      'Trust the AWS NAT IPs on DigitalOcean database old-redis',
    );
  });

  it('keeps adopting a record once its TTL is the cutover TTL, so a refreshed inventory never deletes it', () => {
    // After the first apply, `import --into` reads the lowered TTL back: the record must stay in the plan
    // (dropping it would make Terraform delete the live record), and Terraform may never delete it.
    const refreshed = transitionSpec();
    refreshed.digitalocean.domains[0].records[0].ttl = 60;
    const records = compile(refreshed).digitalocean.records;
    expect(records.map((r) => [r.importId, r.oldTtl, r.ttl])).toEqual([['example.org,1', 60, 60]]);
    expect(records.every((r) => r.preventDestroy)).toBe(true);
    // A record without an id that is already at the cutover TTL needs no manual step either.
    const lowered = transitionSpec();
    lowered.digitalocean.domains[0].records[2].ttl = 60;
    expect(compile(lowered).digitalocean.manualSteps.map((s) => s.title)).not.toContain(
      'Lower the TTL of AAAA www in example.org',
    );
    expect(plan.databaseFirewalls.every((f) => f.preventDestroy)).toBe(true);
  });

  it('writes host-name values with the final dot DigitalOcean requires (its API returns them without)', () => {
    const input = transitionSpec();
    input.digitalocean.domains[0].records[1] = {
      id: 2,
      type: 'CNAME',
      name: 'www',
      data: 'edge.example.org',
      ttl: 3600,
    } as (typeof input.digitalocean.domains)[0]['records'][number];
    const cname = compile(input).digitalocean.records.find((r) => r.type === 'CNAME');
    expect(cname?.value).toBe('edge.example.org.');
  });

  it('splits the firewall for staying droplets by 10, DigitalOcean’s limit per firewall', () => {
    const input = transitionSpec();
    const extra = Array.from({ length: 11 }, (_, i) => ({
      name: `search-${String(i + 1).padStart(2, '0')}`,
      id: 200 + i,
      size: 's-1vcpu-1gb',
      region: 'ams3',
      ipv4: { public: `198.51.100.${50 + i}` },
      tags: ['search'],
    }));
    input.digitalocean.droplets.push(...(extra as typeof input.digitalocean.droplets));
    const firewalls = compile(input).digitalocean.firewalls;
    expect(firewalls.map((f) => [f.key, f.dropletIds.length])).toEqual([
      ['from-aws', 10],
      ['from-aws-2', 2],
    ]);
    expect(new Set(firewalls.map((f) => f.name)).size).toBe(2);
    expect(firewalls[1].inbound).toEqual(firewalls[0].inbound);
  });

  it('lets the NAT IPs reach a staying droplet on what the migrated droplets could reach', () => {
    expect(plan.firewalls).toEqual([
      {
        key: 'from-aws',
        name: 'demo-staging-from-aws',
        dropletIds: [103],
        droplets: ['search'],
        inbound: [
          { protocol: 'tcp', portRange: '9200', sourceAddresses: plan.natIps },
          { protocol: 'tcp', portRange: '9300', sourceAddresses: plan.natIps },
        ],
      },
    ]);
  });

  it('uses the existing VPC’s NAT IPs as literals', () => {
    const base = baseSpecInput();
    const existing = compile(
      transitionSpec({
        aws: {
          ...base.aws,
          network: existingVpcNetwork({ natGatewayIps: ['192.0.2.10'] }),
        },
      }),
    ).digitalocean;
    expect(existing.databaseFirewalls[0].rules[0]).toEqual({ type: 'ip_addr', value: '192.0.2.10' });
  });

  it('never sets a DigitalOcean TTL under 30 s, its minimum', () => {
    const short = compile(transitionSpec({ cutover: { ttl: 10 } })).digitalocean;
    // www is already at 30 s, the floor: it stays adopted (see the refresh test below).
    expect(short.records.map((r) => [r.importId, r.ttl])).toEqual([
      ['example.org,1', 30],
      ['example.org,2', 30],
    ]);
  });

  it('manages no firewall without NAT egress', () => {
    // The staying droplet search cannot be reached without NAT (refused below): leave its rules out here.
    // Nothing on AWS connects to DigitalOcean in this spec, so no warning either (the block below covers
    // digitalocean/no-nat-ips where something does).
    const plan = compile(transitionSpec({}, 'none', false));
    expect(plan.digitalocean.databaseFirewalls).toEqual([]);
    expect(plan.digitalocean.firewalls).toEqual([]);
    expect(plan.warnings.filter((w) => w.code === 'digitalocean/no-nat-ips')).toEqual([]);
  });

  it('refuses, at the firewall rule, a staying droplet the app reaches today when there is no NAT', () => {
    expect(() => transitionSpec({}, 'none')).toThrow(
      /reach search on TCP 9200, search on TCP 9300 today .* the AWS tasks cannot reach it \(at digitalocean\.firewalls\[0\]\.inbound\[0\]\)/,
    );
  });
});

describe('DigitalOcean firewall helpers (shared by the digitalocean and cutover parts)', () => {
  const spec = specFrom({
    ...baseSpecInput(),
    digitalocean: {
      droplets: [
        {
          name: 'web-1',
          size: 's-1vcpu-1gb',
          region: 'fra1',
          tags: ['web'],
          ipv4: { public: '203.0.113.1' },
        },
        {
          name: 'web-2',
          size: 's-1vcpu-1gb',
          region: 'fra1',
          tags: ['web'],
          ipv4: { public: '203.0.113.2' },
        },
        { name: 'db-1', size: 's-1vcpu-1gb', region: 'fra1', tags: ['db'], ipv4: { public: '203.0.113.3' } },
      ],
    },
  });

  it('covers the droplets a firewall names, then those carrying one of its tags, each once', () => {
    const fw = { name: 'fw', inbound: [], outbound: [], droplets: ['db-1', 'web-2'], tags: ['web'] };
    expect([...firewallDroplets(spec, fw)]).toEqual(['db-1', 'web-2', 'web-1']);
    expect([...firewallDroplets(spec, { ...fw, droplets: [], tags: ['none'] })]).toEqual([]);
  });

  it('reads all and 0 as every port, a port or range as given', () => {
    expect(['all', '0', '80', '8000-9000'].map(portRange)).toEqual(['1-65535', '1-65535', '80', '8000-9000']);
    expect([
      portsInclude('all', 1),
      portsInclude('0', 65535),
      portsInclude('80', 80),
      portsInclude('80', 81),
    ]).toEqual([true, true, true, false]);
    expect([7999, 8000, 9000, 9001].map((p) => portsInclude('8000-9000', p))).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });
});

describe('digitalocean/no-nat-ips: only when something on AWS connects to DigitalOcean', () => {
  const noNatIps = (plan: ReturnType<typeof compile>) =>
    plan.warnings.filter((w) => w.code === 'digitalocean/no-nat-ips');

  it('is quiet for move-first with a dump (isolated-api): no task or DMS reaches DigitalOcean', () => {
    expect(noNatIps(compile(loadExample('isolated-api')))).toEqual([]);
  });

  it('warns when the tasks use DigitalOcean until dataMoved in an existing VPC without natGatewayIps', () => {
    const shop = loadExample('php-shop');
    const existing = specFrom({ ...shop, aws: { ...shop.aws, network: existingVpcNetwork() } });
    const [w] = noNatIps(compile(existing));
    expect(w?.message).toMatch(/AWS tasks use the DigitalOcean databases until cutover\.dataMoved/);
    expect(
      noNatIps(
        compile(
          specFrom({
            ...shop,
            aws: { ...shop.aws, network: existingVpcNetwork({ natGatewayIps: ['203.0.113.9'] }) },
          }),
        ),
      ),
    ).toEqual([]);
  });
});
