/**
 * terraform validate and an offline plan of a network stack with declared egress of every kind (TCP and UDP,
 * a port and a range, IPv4, IPv6 and a prefix list): each entry plans exactly the egress rules the plan model
 * lists, with the declared ports and destination, and the security-group rule resource accepts them.
 */
import { compile } from '../../compiler';
import { cleanupSynth, specWithApps, synthSpec, type AppInput } from '../helpers/synth';
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
    const spec = specWithApps([app]);
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
