/**
 * terraform validate and an offline plan of a network stack with declared egress of every kind (TCP and UDP,
 * a port and a range, IPv4, IPv6 and a prefix list): each entry plans exactly the egress rules the plan model
 * lists, with the declared ports and destination, and the security-group rule resource accepts them.
 */
import { compile } from '../../compiler';
import {
  baseSpecInput,
  cleanupSynth,
  existingVpcNetwork,
  specWithApps,
  synthSpec,
  type AppInput,
} from '../helpers/synth';
import { describeTerraform, planStack } from '../helpers/terraform';

afterAll(cleanupSynth);

const app = {
  name: 'web',
  containers: [
    {
      name: 'main',
      image: { repository: 'demo/web', tag: '1.0.0' },
      environment: { EMAIL_HOST: 'smtp.eu.mailgun.org', EMAIL_PORT: '587' },
    },
  ],
  egress: [
    { description: 'SMTP submission to Mailgun', port: 587, to: { cidrs: ['0.0.0.0/0', '2001:db8::/32'] } },
    { description: 'media relay', protocol: 'udp', ports: '10000-10100', to: { cidrs: ['198.51.100.0/24'] } },
    { description: 'partner network', ports: '5432-5433', to: { prefixList: 'pl-0123456789abcdef0' } },
  ],
} as AppInput;

describeTerraform('declared egress: offline terraform validate + plan', () => {
  it('plans one egress rule per declared destination, with its ports', () => {
    // An existing VPC: a VPC dropship creates has no IPv6 route out of its private subnets.
    const spec = specWithApps([app], {
      aws: { ...baseSpecInput().aws, network: existingVpcNetwork({ natGatewayIps: ['203.0.113.10'] }) },
    });
    const plan = compile(spec);
    // The mail settings are matched by the egress on 587: no lint.
    expect(plan.warnings.filter((w) => w.code === 'lint/smtp-egress')).toEqual([]);
    const out = synthSpec(spec);
    const result = planStack(out.outdir, out.stackByRole('network').name);
    expect(result.validate.errorCount).toBe(0);
    const declared = result.resourceChanges
      .filter((c) => c.type === 'aws_vpc_security_group_egress_rule' && /^sgr-app-web-out-/.test(c.name))
      .map((c) => {
        const a = c.after ?? {};
        const to = String(a.cidr_ipv4 ?? a.cidr_ipv6 ?? a.prefix_list_id);
        return `${String(a.ip_protocol)} ${String(a.from_port)}-${String(a.to_port)} ${to} ${c.actions.join(',')}`;
      })
      .sort();
    expect(declared).toEqual(
      [
        'tcp 587-587 0.0.0.0/0 create',
        'tcp 587-587 2001:db8::/32 create',
        'udp 10000-10100 198.51.100.0/24 create',
        'tcp 5432-5433 pl-0123456789abcdef0 create',
      ].sort(),
    );
    expect(declared).toHaveLength(
      plan.security.rules.filter((r) => r.securityGroup === 'app-web' && r.direction === 'egress').length,
    );
  });
});

describeTerraform('derived DigitalOcean egress: offline terraform validate + plan', () => {
  it('plans the DigitalOcean cluster ports (dataMode digitalocean-until-100) and a staying droplet’s port', () => {
    const spec = specWithApps(
      [
        {
          name: 'web',
          droplets: ['web-1'],
          containers: [{ name: 'main', image: { repository: 'demo/web', tag: '1.0.0' } }],
          uses: { databases: ['main'], caches: ['sessions'] },
        } as AppInput,
      ],
      {
        digitalocean: {
          droplets: [
            {
              name: 'web-1',
              id: 1,
              size: 's-1vcpu-1gb',
              region: 'ams3',
              ipv4: { public: '198.51.100.1' },
              tags: ['web'],
            },
            { name: 'search', id: 2, size: 's-1vcpu-1gb', region: 'ams3', ipv4: { public: '203.0.113.9' } },
          ],
          databases: [
            { name: 'do-pg', engine: 'pg', version: '16', size: 'db-s-1vcpu-2gb', host: '192.0.2.10' },
            { name: 'do-redis', engine: 'redis', version: '7', size: 'db-s-1vcpu-2gb' },
          ],
          firewalls: [
            {
              name: 'search-fw',
              droplets: ['search'],
              inbound: [{ protocol: 'tcp', ports: '9200', sources: { tags: ['web'] } }],
            },
          ],
        },
        databases: [{ name: 'main', from: 'do-pg' }],
        caches: [{ name: 'sessions', from: 'do-redis' }],
        cutover: { phases: [0, 50, 100], dataMode: 'digitalocean-until-100' },
      },
    );
    const out = synthSpec(spec);
    const result = planStack(out.outdir, out.stackByRole('network').name);
    expect(result.validate.errorCount).toBe(0);
    const derived = result.resourceChanges
      .filter((c) => c.type === 'aws_vpc_security_group_egress_rule' && /^sgr-app-web-out-ipv4-/.test(c.name))
      .map((c) => {
        const a = c.after ?? {};
        return `${String(a.ip_protocol)} ${String(a.from_port)}-${String(a.to_port)} ${String(a.cidr_ipv4)} ${c.actions.join(',')}`;
      })
      .sort();
    expect(derived).toEqual(
      [
        'tcp 25060-25060 192.0.2.10/32 create', // the cluster's address from the inventory
        'tcp 25061-25061 0.0.0.0/0 create', // a cache without host: any address, on its port only
        'tcp 9200-9200 203.0.113.9/32 create', // the staying droplet
      ].sort(),
    );
  });
});
