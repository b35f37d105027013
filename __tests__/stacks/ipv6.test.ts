/**
 * What the network and apps (ALB) stacks render for php-shop with `aws.network.vpc.ipv6: true`, and that
 * they render none of it without: the plan says, the stacks draw.
 */
import { compile } from '../../compiler';
import type { NewVpcPlan } from '../../compiler/model/network';
import { expectedNetworkCounts } from '../helpers/expected';
import { phpShopWithIpv6 } from '../helpers/ipv6';
import { cleanupSynth, loadExample, resourcesOf, resourcesOfType, synthRoleJson } from '../helpers/synth';

afterAll(cleanupSynth);

const v6 = compile(phpShopWithIpv6());
const v4 = compile(loadExample('php-shop'));
const network = (plan: typeof v6) => synthRoleJson(plan, 'network');
const apps = (plan: typeof v6) => synthRoleJson(plan, 'apps');
const countsOf = (json: string) => {
  const out: Record<string, number> = {};
  for (const [type] of resourcesOf(json)) out[type] = (out[type] ?? 0) + 1;
  return out;
};

describe('network stack with ipv6: true', () => {
  const json = network(v6);

  it('asks for the Amazon-provided IPv6 block on the VPC', () => {
    expect(resourcesOfType(json, 'aws_vpc').vpc).toMatchObject({ assign_generated_ipv6_cidr_block: true });
  });

  it('gives each public subnet the /64 cidrsubnet(vpc ipv6, 8, index); private subnets none', () => {
    const subnets = resourcesOfType(json, 'aws_subnet');
    const publics = (v6.network as NewVpcPlan).subnets.filter((s) => s.tier === 'public');
    expect(publics.length).toBe(2);
    for (const s of publics) {
      expect(subnets[`subnet-${s.key}`]).toMatchObject({
        ipv6_cidr_block: `\${cidrsubnet(aws_vpc.vpc.ipv6_cidr_block, 8, ${s.index})}`,
        assign_ipv6_address_on_creation: false,
      });
    }
    for (const [id, config] of Object.entries(subnets).filter(([id]) => id.startsWith('subnet-private-'))) {
      expect([id, config.ipv6_cidr_block, config.assign_ipv6_address_on_creation]).toEqual([
        id,
        undefined,
        undefined,
      ]);
    }
  });

  it('routes ::/0 from the public table to the internet gateway, beside the IPv4 default route', () => {
    const routes = resourcesOfType(json, 'aws_route');
    expect(routes['rt-public-default-ipv6']).toEqual(
      expect.objectContaining({
        route_table_id: '${aws_route_table.rt-public.id}',
        destination_ipv6_cidr_block: '::/0',
        gateway_id: '${aws_internet_gateway.igw.id}',
      }),
    );
    expect(routes['rt-public-default-ipv6']).not.toHaveProperty('destination_cidr_block');
    expect(routes['rt-public-default']).toMatchObject({ destination_cidr_block: '0.0.0.0/0' });
    const v6Routes = Object.entries(routes).filter(([, r]) => r.destination_ipv6_cidr_block !== undefined);
    expect(v6Routes.map(([id]) => id)).toEqual(['rt-public-default-ipv6']);
  });

  it('holds exactly the resources of the plan model (one more route than IPv4-only)', () => {
    expect(countsOf(json)).toEqual(expectedNetworkCounts(v6));
    expect(countsOf(json).aws_route).toBe(countsOf(network(v4)).aws_route + 1);
  });
});

describe('ALB', () => {
  const lb = (json: string) => resourcesOfType(json, 'aws_lb').alb;

  it('is dualstack with ipv6: true', () => {
    expect(lb(apps(v6))).toMatchObject({ ip_address_type: 'dualstack' });
  });

  // Written even when ipv4: the attribute is Optional+Computed, so an absent one would leave a dualstack
  // ALB dualstack after `ipv6: false` (no diff), and the network apply would then fail.
  it('without it: ip_address_type ipv4, written out, and no IPv6 anywhere in the VPC', () => {
    expect(lb(apps(v4))).toMatchObject({ ip_address_type: 'ipv4' });
    const json = network(v4);
    expect(resourcesOfType(json, 'aws_vpc').vpc).not.toHaveProperty('assign_generated_ipv6_cidr_block');
    expect(json).not.toContain('ipv6_cidr_block');
    expect(json).not.toContain('rt-public-default-ipv6');
  });
});
