/** The hand-written `doctl -o json` captures of a small shop: inventory and the inferred first draft. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importInventory } from '../../cli/import';
import { loadSpecText } from '../../schema/load';
import { doctlFixtures, importAndLoad } from './helpers';

describe('doctl -o json inventory of a shop', () => {
  const { spec, text, warnings } = importAndLoad({ inputs: [doctlFixtures], project: 'shop' });
  const inventory = spec.digitalocean;

  it('droplets: names made valid (the DigitalOcean name kept in a comment), sizes, IPs', () => {
    expect(
      inventory.droplets.map((d) => [d.name, d.id, d.size, d.ipv4.public, d.ipv4.private, d.ipv6]),
    ).toEqual([
      ['web-1', 410001, 's-2vcpu-4gb', '203.0.113.10', '10.116.0.2', '2604:a880:800:10::1:1'],
      ['web-2', 410002, 's-2vcpu-4gb', '203.0.113.11', '10.116.0.3', '2604:a880:800:10::1:2'],
      ['queue-worker-1', 410003, 's-1vcpu-2gb', '203.0.113.20', '10.116.0.4', undefined],
    ]);
    expect(text).toContain('# DigitalOcean name: Queue.Worker_1 · image ubuntu-24-04-x64');
  });

  it('volumes attached to droplets by name', () => {
    expect(inventory.volumes).toEqual([{ name: 'shop-uploads', sizeGb: 50, droplet: 'web-1' }]);
  });

  it('databases: mysql and redis kept, mongodb skipped with a warning', () => {
    expect(
      inventory.databases.map((d) => [d.name, d.engine, d.version, d.size, d.nodes, d.storageMib]),
    ).toEqual([
      ['shop-mysql', 'mysql', '8', 'db-s-2vcpu-4gb', 2, 61440],
      ['shop-redis', 'redis', '7', 'db-s-1vcpu-2gb', 1, undefined],
    ]);
    expect(inventory.databases[0]).toMatchObject({
      host: 'shop-mysql-do-user-1-0.b.db.ondigitalocean.com',
      port: 25060,
      user: 'doadmin',
      databases: ['defaultdb', 'shop'],
      passwordSecret: 'shop-mysql-source-password',
    });
    expect(inventory.databases[1].passwordSecret).toBeUndefined();
    expect(warnings).toContain(
      'database analytics-mongo (engine mongodb) skipped: dropship migrates mysql, pg, redis and valkey clusters only',
    );
    expect(warnings).toContain(
      'database events-kafka (engine kafka) skipped: dropship migrates mysql, pg, redis and valkey clusters only',
    );
  });

  it('records: the domain from the file name, type-specific fields only, doctl zeros dropped', () => {
    const [domain] = inventory.domains;
    expect(domain.name).toBe('shop-example.com');
    expect(domain.records).toHaveLength(12);
    const byId = (id: number) => domain.records.find((r) => r.id === id);
    expect(byId(91000004)).toEqual({ id: 91000004, type: 'A', name: '@', data: '198.51.100.50', ttl: 3600 });
    expect(byId(91000008)).toEqual({
      id: 91000008,
      type: 'MX',
      name: '@',
      data: 'mx.mail-provider.example.',
      ttl: 3600,
      priority: 10,
    });
    expect(byId(91000010)).toMatchObject({ type: 'CAA', flags: 0, tag: 'issue' });
    expect(byId(91000011)).toMatchObject({
      type: 'SRV',
      name: '_sip._tcp',
      priority: 10,
      port: 5060,
      weight: 5,
    });
    expect(byId(91000001)).toMatchObject({ type: 'SOA', data: '1800' });
  });

  it('firewall: "0", "all" and a missing port mean all; ICMP has no ports; ids become names', () => {
    const [fw] = inventory.firewalls;
    expect(fw.inbound.map((r) => [r.protocol, r.ports])).toEqual([
      ['tcp', '80'],
      ['tcp', '22'],
      ['tcp', '9000-9100'],
      ['icmp', 'all'], // the schema default: no `ports` written for ICMP
    ]);
    expect(text).toMatch(/- \{protocol: icmp, sources:/);
    expect(fw.inbound[0].sources?.loadBalancers).toEqual(['shop-lb']);
    expect(fw.inbound[2].sources?.droplets).toEqual(['queue-worker-1']);
    expect(fw.outbound.map((r) => [r.protocol, r.ports])).toEqual([
      ['tcp', 'all'],
      ['udp', 'all'],
    ]);
    expect(fw.droplets).toEqual(['web-1', 'web-2']);
    expect(fw.tags).toEqual(['web']);
  });

  it('an app per load balancer with its hostnames (A, AAAA, CNAME to the apex, a droplet IP)', () => {
    const [web, worker] = spec.apps;
    expect(web).toMatchObject({ name: 'shop', droplets: ['web-1', 'web-2'], loadBalancer: 'shop-lb' });
    expect(web.containers[0]).toMatchObject({ name: 'app', image: { repository: 'shop/shop' }, port: 8080 });
    expect(web.expose).toEqual({
      public: expect.objectContaining({
        hostnames: ['shop-example.com', 'www.shop-example.com', 'legacy.shop-example.com'],
        container: 'app',
        port: 8080,
        healthCheckPath: '/healthz',
      }),
    });
    expect(worker).toMatchObject({ name: 'worker', droplets: ['queue-worker-1'] });
    expect(worker.containers[0].port).toBeUndefined();
    expect(worker.expose).toBeUndefined();
    expect(spec.ecr.repositories.map((r) => r.name)).toEqual(['shop/shop', 'shop/worker']);
  });

  it('TODO comments where a human decides: image, port, volumes, uses, aws', () => {
    expect(text).toContain('# TODO: a human must set the image');
    expect(text).toContain('port: 8080 # TODO: check: the load balancer’s target port today');
    expect(text).toContain('# TODO: and set `port:` if this app serves traffic');
    expect(text).toContain('# TODO: volume shop-uploads (50 GB) is attached to web-1');
    expect(text).toContain('# TODO: list the databases and caches this app connects to');
    expect(text).toMatch(/# TODO: placeholders that validate[^\n]*\n[^\n]*\naws:/);
  });

  it('database and cache targets from the clusters; cutover defaults with the LB health path', () => {
    expect(spec.databases).toEqual([
      // The only application database keeps its name (defaultdb is DigitalOcean's).
      expect.objectContaining({ name: 'shop-mysql', from: 'shop-mysql', databaseName: 'shop' }),
    ]);
    // The DigitalOcean app user is not made the RDS master user: the master stays the admin (default `app`)
    // and dropship creates the application user itself, so admin and app never share a login.
    expect((spec.databases as Record<string, unknown>[])[0].username).toBe('app');
    expect(spec.caches).toEqual([expect.objectContaining({ name: 'shop-redis', from: 'shop-redis' })]);
    expect(spec.cutover).toEqual(
      expect.objectContaining({
        phases: [0, 10, 50, 100],
        current: 0,
        ttl: 60,
        healthCheck: expect.objectContaining({ protocol: 'HTTPS', path: '/healthz' }),
      }),
    );
    expect(spec.aws).toMatchObject({
      region: 'us-east-1',
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      network: { vpc: { cidr: '10.0.0.0/16' } },
    });
  });

  it('the same input gives byte-identical output', () => {
    expect(importAndLoad({ inputs: [doctlFixtures], project: 'shop' }).text).toBe(text);
  });
});

describe('draft details', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dropship-import-'));
  const write = (name: string, data: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(data));
    return file;
  };

  it('an inventory whose CAA records keep ACM out: the file is written and the error listed', () => {
    const droplets = write('web.json', [
      {
        id: 1,
        name: 'web',
        size_slug: 's-1vcpu-1gb',
        region: { slug: 'fra1' },
        networks: { v4: [{ ip_address: '198.51.100.7', type: 'public' }] },
      },
    ]);
    const records = write('records-example.org.json', [
      { id: 10, type: 'A', name: '@', data: '198.51.100.7', ttl: 300 },
      { id: 11, type: 'CAA', name: '@', data: 'letsencrypt.org', flags: 0, tag: 'issue', ttl: 300 },
    ]);
    const result = importInventory({ inputs: [droplets, records] });
    expect(result.problems).toEqual([
      expect.stringMatching(
        /^digitalocean\.domains\[0\]\.records\[1\]: the CAA issue records of example\.org allow only letsencrypt\.org/,
      ),
    ]);
    const loaded = loadSpecText(result.text, 'imported.yaml');
    // And one warning: no firewall covers droplet web and the draft writes no cutover.healthCheck.port, so
    // the Route 53 check's port (443) is a guess the inventory does not back (do-health-check-default).
    expect(loaded.ok ? [] : loaded.diagnostics.map((d) => d.code)).toEqual([
      'dns/caa-forbids-amazon',
      'do-health-check-default',
    ]);
  });

  it('the AWS VPC range avoids a DigitalOcean VPC on 10.0.0.0/16', () => {
    const vpcs = write('vpcs.json', [{ id: 'v1', name: 'office', ip_range: '10.0.0.0/16' }]);
    const { spec } = importAndLoad({ inputs: [vpcs] });
    expect(spec.aws.network).toMatchObject({
      vpc: {
        cidr: '10.1.0.0/16',
        publicSubnets: ['10.1.0.0/24', '10.1.1.0/24'],
        privateSubnets: ['10.1.10.0/24', '10.1.11.0/24'],
      },
    });
  });

  it('droplets behind a tag-targeted load balancer join its app; a reserved IP in DNS names its droplet', () => {
    const droplets = write('droplets.json', [
      { id: 1, name: 'api-1', size_slug: 's-1vcpu-1gb', region: { slug: 'fra1' }, tags: ['api'] },
      { id: 2, name: 'api-2', size_slug: 's-1vcpu-1gb', region: { slug: 'fra1' }, tags: ['api'] },
      { id: 3, name: 'admin', size_slug: 's-1vcpu-1gb', region: { slug: 'fra1' }, tags: [] },
    ]);
    const lbs = write('lbs.json', [
      {
        id: 'lb-1',
        name: 'api-lb',
        ip: '198.51.100.7',
        tag: 'api',
        forwarding_rules: [
          { entry_protocol: 'http', entry_port: 80, target_protocol: 'http', target_port: 3000 },
        ],
      },
    ]);
    const ips = write('reserved.json', { reserved_ips: [{ ip: '198.51.100.9', droplet: { id: 3 } }] });
    const records = write('records-example.org.json', [
      { id: 10, type: 'A', name: 'api', data: '198.51.100.7', ttl: 300 },
      { id: 11, type: 'A', name: 'admin', data: '198.51.100.9', ttl: 300 },
    ]);
    const { spec, text } = importAndLoad({ inputs: [droplets, lbs, ips, records] });
    expect(
      spec.apps.map((a) => [
        a.name,
        a.droplets,
        a.expose && 'public' in a.expose ? a.expose.public.hostnames : [],
      ]),
    ).toEqual([
      ['api', ['api-1', 'api-2'], ['api.example.org']],
      ['admin', ['admin'], ['admin.example.org']],
    ]);
    // No load balancer, so the port is a guess, and says so.
    expect(spec.apps[1].containers[0].port).toBe(80);
    expect(text).toContain('port: 80 # TODO: check: the port the app listens on');
  });

  it('an unknown record type and a rule whose every source is unknown are left out, with warnings', () => {
    const records = write('domain-records-example.net.json', [
      { id: 1, type: 'A', name: '@', data: '192.0.2.1' },
      { id: 2, type: 'HTTPS', name: '@', data: '1 . alpn=h2' },
    ]);
    const fws = write('fw.json', [
      {
        id: 'f1',
        name: 'fw',
        inbound_rules: [{ protocol: 'tcp', ports: '443', sources: { kubernetes_ids: ['k8s-1'] } }],
        outbound_rules: [],
        droplet_ids: [],
        tags: [],
      },
    ]);
    const { spec, warnings } = importAndLoad({ inputs: [records, fws] });
    expect(spec.digitalocean.domains[0].records.map((r) => r.id)).toEqual([1]);
    expect(spec.digitalocean.firewalls[0].inbound).toEqual([]);
    expect(warnings).toEqual(
      expect.arrayContaining([
        'domain example.net: record 2 has type HTTPS, which migration.yaml does not model; left out',
        'firewall fw inbound rule 1: none of its sources could be imported; rule left out',
      ]),
    );
  });

  it('records files for two domains need their domain from the file name or --domain', () => {
    const domains = write('domains.json', [
      { name: 'a.example', ttl: 1800, zone_file: '' },
      { name: 'b.example', ttl: 1800, zone_file: '' },
    ]);
    const records = write('records.json', {
      domain_records: [{ id: 1, type: 'A', name: '@', data: '192.0.2.1' }],
    });
    expect(() => importAndLoad({ inputs: [domains, records] })).toThrow(
      `${records}: $: cannot tell which domain these records belong to (imported domains: a.example, b.example); name the file domain-records-<domain>.json or pass --domain <domain>=${records}`,
    );
    const { spec } = importAndLoad({ inputs: [domains, records], domains: ['b.example=records.json'] });
    expect(spec.digitalocean.domains.map((d) => [d.name, d.records.length])).toEqual([
      ['a.example', 0],
      ['b.example', 1],
    ]);
  });
});
