/**
 * The real DigitalOcean API v2 example responses (digitalocean/openapi, doctl's integration test) import
 * without error and give the inventory entries they describe, field by field.
 */
import { readdirSync } from 'node:fs';
import { api, apiFixtures, hasApiFixtures, importAndLoad, warnIfNoApiFixtures } from './helpers';

const describeIf = hasApiFixtures ? describe : describe.skip;
warnIfNoApiFixtures();

describeIf('real DigitalOcean API responses', () => {
  const files = hasApiFixtures ? readdirSync(apiFixtures).filter((f) => f.endsWith('.json')) : [];

  it('finds the fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  it.each(files)('%s imports on its own and validates', (file) => {
    // A records file alone names no domain: say which one, as a user would.
    const domains = file.startsWith('domain-records') ? [`example.com=${api(file)}`] : [];
    expect(() => importAndLoad({ inputs: [api(file)], domains })).not.toThrow();
  });

  it('imports the whole folder at once, and says what it ignored or merged', () => {
    const { spec, warnings } = importAndLoad({ inputs: [apiFixtures] });
    expect(spec.digitalocean.droplets.map((d) => d.name)).toEqual([
      'example-com',
      'ml-ai-ubuntu-gpu-h100x1-80gb-tor1',
      'assets-example-com',
      'stage-example-com',
    ]);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('sizes-list.json: sizes are not part of the inventory'),
        expect.stringContaining('databases-options.json: database options are not part of the inventory'),
        expect.stringMatching(
          /database 9cc10173-.* \(backend\) appears in .*database-get.json and .*databases-list.json/,
        ),
      ]),
    );
  });

  it('droplets: name, id, size, region, public/private IPv4, IPv6, tags', () => {
    const { spec, text } = importAndLoad({ inputs: [api('droplets-list.json')] });
    const [first, assets, stage] = spec.digitalocean.droplets;
    expect(first).toEqual({
      name: 'example-com',
      id: 3164444,
      size: 's-1vcpu-1gb',
      region: 'nyc3',
      ipv4: { public: '192.241.165.154', private: '10.128.192.124' },
      ipv6: '2604:a880:0:1010::18a:a001',
      tags: ['web', 'env:prod'],
    });
    expect(assets).toMatchObject({
      name: 'assets-example-com',
      id: 3164459,
      ipv4: { public: '162.243.0.4', private: '10.128.192.138' },
      tags: ['storage', 'env:prod'],
    });
    expect(assets.ipv6).toBeUndefined();
    expect(stage).toMatchObject({ name: 'stage-example-com', id: 3164412, tags: ['env:stage'] });
    // The original DigitalOcean name is kept next to the entry for the reader.
    expect(text).toContain('# DigitalOcean name: example.com');
    // Nothing public (no DNS record points here), so no cutover yet: a TODO says when to add it.
    expect(spec.cutover).toBeUndefined();
    expect(text).toMatch(/# TODO: no DNS record of an imported domain points at a droplet or load balancer/);
  });

  it('a single-droplet body and a GPU droplet list', () => {
    expect(importAndLoad({ inputs: [api('droplet-get.json')] }).spec.digitalocean.droplets).toEqual([
      expect.objectContaining({ name: 'example-com', id: 3164444, size: 's-1vcpu-1gb' }),
    ]);
    const gpu = importAndLoad({ inputs: [api('droplets-list-gpu.json')] }).spec.digitalocean.droplets[0];
    expect(gpu).toMatchObject({ size: 'gpu-h100x1-80gb', region: 'tor1' });
  });

  it('volumes: duplicate names get unique ones, sizes kept', () => {
    const { spec } = importAndLoad({ inputs: [api('volumes-list.json')] });
    expect(spec.digitalocean.volumes).toEqual([
      { name: 'example', sizeGb: 10 },
      { name: 'example-2', sizeGb: 10 },
    ]);
  });

  it('databases: engine, version, size, nodes, storage, host, port, user, names; a secret per cluster', () => {
    const { spec } = importAndLoad({ inputs: [api('databases-list-mysql-pg.doctl.json')] });
    expect(spec.digitalocean.databases).toEqual([
      {
        name: 'db-mysql-test',
        engine: 'mysql',
        version: '8',
        size: 'db-s-1vcpu-1gb',
        nodes: 1,
        readOnlyNodes: [],
        storageMib: 10240,
        region: 'nyc3',
        host: 'db-mysql-test-do-user-123-0.b.db.ondigitalocean.com',
        port: 25060,
        user: 'doadmin',
        databases: ['defaultdb'],
        firewallId: '1df3bb24-d2a5-11ef-ae5c-ff567b29ed0b',
        passwordSecret: 'db-mysql-test-source-password',
      },
      expect.objectContaining({
        name: 'db-postgresql-test',
        engine: 'pg',
        version: '16',
        host: 'db-postgresql-test-do-user-123-0.l.db.ondigitalocean.com',
        passwordSecret: 'db-postgresql-test-source-password',
      }),
    ]);
    expect(spec.secrets.map((s) => s.name)).toEqual([
      'db-mysql-test-source-password',
      'db-postgresql-test-source-password',
    ]);
    expect(spec.databases).toEqual([
      expect.objectContaining({ name: 'db-mysql-test', from: 'db-mysql-test' }),
      expect.objectContaining({ name: 'db-postgresql-test', from: 'db-postgresql-test' }),
    ]);
  });

  it('a cluster on a version RDS does not offer gets an explicit, commented upgrade', () => {
    const { spec, text } = importAndLoad({ inputs: [api('databases-list.json')] });
    expect(spec.digitalocean.databases[0]).toMatchObject({
      name: 'backend',
      engine: 'pg',
      version: '10',
      size: 'db-s-2vcpu-4gb',
      nodes: 1,
      storageMib: 61440,
    });
    expect(spec.databases[0]).toMatchObject({ name: 'backend', from: 'backend', version: '13' });
    expect(text).toContain('# TODO: RDS does not offer pg 10; this draft upgrades to 13.');
    const single = importAndLoad({ inputs: [api('database-get.json')] }).spec.digitalocean.databases[0];
    expect(single).toMatchObject({ name: 'backend', version: '14', nodes: 2 });
  });

  it('domains and records: every record with its id, @ kept, the domain from the only domain list', () => {
    const { spec } = importAndLoad({ inputs: [api('domains-list.json'), api('domain-records-list.json')] });
    expect(spec.digitalocean.domains).toEqual([
      {
        name: 'example.com',
        dns: 'digitalocean',
        records: [
          { id: 28448429, type: 'NS', name: '@', data: 'ns1.digitalocean.com', ttl: 1800 },
          { id: 28448430, type: 'NS', name: '@', data: 'ns2.digitalocean.com', ttl: 1800 },
          { id: 28448431, type: 'NS', name: '@', data: 'ns3.digitalocean.com', ttl: 1800 },
          { id: 28448432, type: 'A', name: '@', data: '1.2.3.4', ttl: 1800 },
        ],
      },
    ]);
  });

  it('firewalls: rules, ports, sources by address, tag and load balancer; unknown droplets left out', () => {
    const { spec, warnings } = importAndLoad({
      inputs: [api('firewalls-list.json'), api('load-balancers-list.json')],
    });
    expect(spec.digitalocean.firewalls).toEqual([
      {
        name: 'firewall',
        id: 'fb6045f1-cf1d-4ca3-bfac-18832663025b',
        inbound: [
          {
            protocol: 'tcp',
            ports: '80',
            sources: { addresses: [], tags: [], droplets: [], loadBalancers: ['example-lb-01'] },
          },
          {
            protocol: 'tcp',
            ports: '22',
            sources: { addresses: ['18.0.0.0/8'], tags: ['gateway'], droplets: [], loadBalancers: [] },
          },
        ],
        outbound: [
          {
            protocol: 'tcp',
            ports: '80',
            destinations: { addresses: ['0.0.0.0/0', '::/0'], tags: [], droplets: [], loadBalancers: [] },
          },
        ],
        droplets: [],
        tags: [],
      },
    ]);
    expect(warnings).toContain(
      'firewall firewall refers to droplet 8043964, which is not among the imported droplets; left out',
    );
  });

  it('load balancers: forwarding rules, TLS passthrough, health check, tag; an app per balancer', () => {
    const { spec, text } = importAndLoad({
      inputs: [api('load-balancers-list.json'), api('droplets-list.json')],
    });
    const [first, second] = spec.digitalocean.loadBalancers;
    expect(first).toEqual({
      name: 'example-lb-01',
      id: '4de7ac8b-495b-4884-9a69-1050c6793cd6',
      ip: '104.131.186.241',
      forwardingRules: [
        {
          entryProtocol: 'http',
          entryPort: 80,
          targetProtocol: 'http',
          targetPort: 80,
          tlsPassthrough: false,
        },
        {
          entryProtocol: 'https',
          entryPort: 443,
          targetProtocol: 'https',
          targetPort: 443,
          tlsPassthrough: true,
        },
      ],
      healthCheck: { protocol: 'http', port: 80, path: '/' },
      droplets: ['example-com'],
    });
    expect(second).toMatchObject({
      name: 'prod-web-lb-01',
      ip: '45.55.125.24',
      forwardingRules: [
        {
          entryProtocol: 'https',
          entryPort: 443,
          targetProtocol: 'http',
          targetPort: 8080,
          tlsPassthrough: false,
        },
      ],
      healthCheck: { protocol: 'https', port: 443, path: '/' },
      droplets: [],
      tag: 'prod:web',
    });
    expect(text).toMatch(/# TODO: prod-web-lb-01 pins each client to one droplet \(sticky sessions\) today/);
    expect(text).not.toMatch(/# TODO: example-lb-01 pins/); // sticky_sessions.type none
    expect(spec.apps.map((a) => [a.name, a.loadBalancer, a.droplets, a.containers[0].port])).toEqual([
      ['example', 'example-lb-01', ['example-com'], 80], // the plain HTTP rule, not the TLS passthrough one
      ['prod-web', 'prod-web-lb-01', [], 8080],
      ['storage', undefined, ['assets-example-com'], undefined], // by tag
      ['stage-example-com', undefined, ['stage-example-com'], undefined], // only a key:value tag
    ]);
  });

  it('VPC ranges are avoided by the drafted AWS VPC and named in its TODO', () => {
    const { spec, text } = importAndLoad({ inputs: [api('vpcs-list.json')] });
    expect(spec.aws.network).toMatchObject({ vpc: { cidr: '10.0.0.0/16' } });
    expect(text).toContain('DigitalOcean VPCs (10.10.10.0/24, 10.102.0.0/20, 10.100.0.0/20)');
  });
});
