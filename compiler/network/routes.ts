/**
 * Route tables: one public table with the default route to the internet gateway, and one private table per
 * zone with its default route to the zone's NAT gateway (none with `nat: none`).
 */
import { awsName } from '../../schema/facts/aws-names';
import type { CompileContext } from '../context';
import type { NatGatewayPlan, NatMode, RoutePlan, RouteTablePlan, SubnetPlan } from '../model/network';

export function routeTablesFor(
  ctx: CompileContext,
  nat: { mode: NatMode; gateways: NatGatewayPlan[] },
  subnets: { publicSubnets: SubnetPlan[]; privateSubnets: SubnetPlan[] },
  ipv6: boolean,
): RouteTablePlan[] {
  const { publicSubnets, privateSubnets } = subnets;
  const natGateways = nat.gateways;
  return [
    {
      key: 'public',
      tier: 'public',
      name: awsName('nameTag', ctx.prefix, 'public'),
      routes: [
        defaultRoute('public', 'ipv4', { kind: 'internet-gateway' }),
        // The internet gateway routes IPv6 too (no NAT for IPv6): the ALB's IPv6 answers go back out here.
        ...(ipv6 ? [defaultRoute('public', 'ipv6', { kind: 'internet-gateway' })] : []),
      ],
      subnets: publicSubnets.map((s) => s.key),
    },
    // One private route table per zone in every NAT mode: moving from `single` to `per-az` changes routes,
    // never the tables or their subnet associations.
    ...privateSubnets.map((s): RouteTablePlan => {
      // per-az: the gateway in the subnet's own zone; single: the one gateway; none: no default route.
      const natForZone =
        nat.mode === 'per-az'
          ? natGateways.find((n) => n.availabilityZone === s.availabilityZone)
          : natGateways[0];
      const key = `private-${s.index}`;
      return {
        key,
        tier: 'private',
        name: awsName('nameTag', ctx.prefix, 'private', s.availabilityZone),
        routes: natForZone
          ? [defaultRoute(key, 'ipv4', { kind: 'nat-gateway', index: natForZone.index })]
          : [],
        subnets: [s.key],
      };
    }),
  ];
}

/** A table's default route of one address family: 0.0.0.0/0 or ::/0. */
function defaultRoute(tableKey: string, family: RoutePlan['family'], target: RoutePlan['target']): RoutePlan {
  return family === 'ipv4'
    ? { key: `${tableKey}-default`, family, destination: '0.0.0.0/0', target }
    : { key: `${tableKey}-default-ipv6`, family, destination: '::/0', target };
}
