/** The route tables, their default routes (internet gateway or NAT gateway) and their subnets. */
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import type { TerraformStack } from 'cdktf';
import type { NewVpcPlan } from '../../compiler/model/network';
import { idOf } from './ids';

/** Returns each table's id by its key. */
export function renderRouteTables(
  stack: TerraformStack,
  network: NewVpcPlan,
  ids: { vpcId: string; igwId: string; natIds: Map<number, string>; subnetIds: Map<string, string> },
): Map<string, string> {
  const { vpcId, igwId, natIds, subnetIds } = ids;
  const routeTableIds = new Map<string, string>();
  for (const rt of network.routeTables) {
    const table = new RouteTable(stack, `rt-${rt.key}`, { vpcId, tags: { Name: rt.name } });
    routeTableIds.set(rt.key, table.id);
    for (const route of rt.routes) {
      new Route(stack, `rt-${route.key}`, {
        routeTableId: table.id,
        ...(route.family === 'ipv6'
          ? { destinationIpv6CidrBlock: route.destination }
          : { destinationCidrBlock: route.destination }),
        ...(route.target.kind === 'internet-gateway'
          ? { gatewayId: igwId }
          : { natGatewayId: idOf(natIds, route.target.index, `route table ${rt.key}`) }),
      });
    }
    for (const subnetKey of rt.subnets) {
      new RouteTableAssociation(stack, `rt-${rt.key}-${subnetKey}`, {
        routeTableId: table.id,
        subnetId: idOf(subnetIds, subnetKey, `route table ${rt.key}`),
      });
    }
  }
  return routeTableIds;
}
