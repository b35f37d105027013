import { Testing } from 'cdktf';
import { Record as DoRecord } from '@cdktf/provider-digitalocean/lib/record';
import { DatabaseFirewall } from '@cdktf/provider-digitalocean/lib/database-firewall';
import { Firewall } from '@cdktf/provider-digitalocean/lib/firewall';
import { DigitaloceanProvider } from '@cdktf/provider-digitalocean/lib/provider';
import { compile } from '../../compiler';
import {
  baseSpecInput,
  cleanupSynth,
  loadExample,
  specFrom,
  synthRoleJson,
  type TerraformJson,
  existingVpcNetwork,
} from '../helpers/synth';

Testing.setupJest();
afterAll(cleanupSynth);

interface ImportBlock {
  id: string;
  to: string;
}

describe('digitalocean stack on php-shop', () => {
  const plan = compile(loadExample('php-shop'));
  const json = synthRoleJson(plan, 'digitalocean');
  const parsed = JSON.parse(json) as TerraformJson & { import?: ImportBlock[] };

  it('configures the provider without a token (DIGITALOCEAN_TOKEN at plan time)', () => {
    expect(json).toHaveProvider(DigitaloceanProvider);
    expect(parsed.provider?.digitalocean).toEqual([{}]);
    expect(json).not.toMatch(/"token"/);
  });

  it('lowers the TTL of the records that move, keeping everything else as it is', () => {
    expect(json).toHaveResourceWithProperties(DoRecord, {
      domain: 'shop-example.com',
      type: 'A',
      name: '@',
      value: '203.0.113.10',
      ttl: 60,
      // Deleting a digitalocean_record deletes the live record that serves the domain.
      lifecycle: { prevent_destroy: true },
    });
    expect(json).toHaveResourceWithProperties(DoRecord, { name: 'www', type: 'A', ttl: 60 });
    expect(Object.keys(parsed.resource?.digitalocean_record ?? {})).toHaveLength(2);
  });

  it('adopts each record with an import block (<domain>,<record id>), so nothing is recreated', () => {
    expect(parsed.import).toEqual([
      { id: 'shop-example.com,28448429', to: 'digitalocean_record.record-shop-example-com-28448429' },
      { id: 'shop-example.com,28448430', to: 'digitalocean_record.record-shop-example-com-28448430' },
    ]);
    for (const block of parsed.import!) {
      const [type, name] = block.to.split('.');
      expect(parsed.resource?.[type]?.[name]).toBeDefined();
    }
  });
});

describe('digitalocean stack with trusted sources', () => {
  const base = baseSpecInput();
  const spec = specFrom({
    ...base,
    aws: {
      ...base.aws,
      network: existingVpcNetwork({ natGatewayIps: ['192.0.2.10', '192.0.2.11'] }),
    },
    digitalocean: {
      droplets: [
        {
          name: 'app-1',
          id: 501,
          size: 's-1vcpu-2gb',
          region: 'fra1',
          ipv4: { public: '198.51.100.20' },
          tags: ['app'],
        },
        { name: 'queue', id: 502, size: 's-1vcpu-2gb', region: 'fra1', ipv4: { public: '198.51.100.21' } },
      ],
      databases: [
        {
          name: 'pg',
          engine: 'pg',
          version: '16',
          size: 'db-s-1vcpu-2gb',
          firewallId: '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
          host: 'pg.example.db.ondigitalocean.com',
          port: 25060,
        },
      ],
      firewalls: [
        {
          name: 'queue-fw',
          droplets: ['queue'],
          inbound: [{ protocol: 'tcp', ports: '5672', sources: { tags: ['app'] } }],
        },
      ],
    },
    apps: [
      {
        name: 'app',
        droplets: ['app-1'],
        containers: [{ name: 'app', image: { uri: 'busybox:1.36' } }],
        uses: { databases: ['main'] },
      },
    ],
    databases: [{ name: 'main', from: 'pg' }],
  });
  const plan = compile(spec);
  const json = synthRoleJson(plan, 'digitalocean');
  const parsed = JSON.parse(json) as TerraformJson & { import?: ImportBlock[] };

  it('trusts the NAT IPs on the source database and keeps the app droplet', () => {
    expect(json).toHaveResourceWithProperties(DatabaseFirewall, {
      cluster_id: '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
      // Deleting it empties the trusted sources, which opens the cluster to any address.
      lifecycle: { prevent_destroy: true },
      rule: [
        { type: 'ip_addr', value: '192.0.2.10' },
        { type: 'ip_addr', value: '192.0.2.11' },
        { type: 'droplet', value: '501' },
      ],
    });
  });

  it('imports the database firewall, so the plan shows any source it would drop', () => {
    expect(parsed.import).toEqual([
      {
        id: '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
        to: 'digitalocean_database_firewall.database-firewall-pg',
      },
    ]);
  });

  it('opens the staying droplet to the NAT IPs on the port the app droplets used', () => {
    expect(json).toHaveResourceWithProperties(Firewall, {
      name: 'demo-staging-from-aws',
      droplet_ids: [502],
      inbound_rule: [{ protocol: 'tcp', port_range: '5672', source_addresses: ['192.0.2.10', '192.0.2.11'] }],
    });
  });

  it('is left out entirely when there is nothing to change on DigitalOcean', () => {
    const quiet = compile(specFrom(baseSpecInput()));
    expect(quiet.stacks.some((s) => s.role === 'digitalocean')).toBe(false);
  });
});
