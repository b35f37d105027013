/**
 * The network part of the plan: a new VPC (subnets per zone, internet gateway, NAT per the spec's mode,
 * route tables, flow logs) or an existing one, and the environment's customer-managed KMS key. Other parts
 * read the VPC, subnet and NAT ids from `vpcId`, `publicSubnetIds`, `privateSubnetIds` and `nat.publicIps`:
 * references to what the network stack creates, or the existing network's ids as the spec gives them.
 * compiler/network/ holds one module per resource group (subnets, NAT, routes, endpoints, KMS, flow logs).
 */
import type { CompileContext } from './context';
import type { Decision } from './model';
import { awsName } from '../schema/facts/aws-names';
import { PARTITION } from './aws/partition';
import { ref } from './refs';
import type { KmsKeyPlan, NetworkPlan, Partition } from './model/network';
import { accountOf, at, type ExistingNetworkSpec, type VpcSpec } from './network/place';
import { kmsDecision, kmsKeyPlan } from './network/kms';
import { ipv6Decision, subnetsOf } from './network/subnets';
import { natDecision, natGatewaysFor } from './network/nat';
import { routeTablesFor } from './network/routes';
import { endpointsDecision, vpcEndpoints } from './network/endpoints';
import { flowLogsDecision, flowLogsPlan } from './network/flow-logs';

export { ENDPOINTS_SG_KEY } from './group-keys';

/** What a new and an existing network's plans both hold, in the plan's order. */
interface NetworkCommon {
  availabilityZones: string[];
  partition: Partition;
  accountIdLocal?: NetworkPlan['accountIdLocal'];
  kms: KmsKeyPlan;
}

export function compileNetwork(ctx: CompileContext): NetworkPlan {
  const { spec } = ctx;
  const partition = PARTITION;
  const { local: accountIdLocal } = accountOf(ctx);
  const kms = kmsKeyPlan(ctx, partition);
  const decisions: Decision[] = [kmsDecision(kms)];
  const common: NetworkCommon = {
    availabilityZones: [...spec.aws.availabilityZones],
    partition,
    ...(accountIdLocal ? { accountIdLocal } : {}),
    kms,
  };
  const net = spec.aws.network;
  if ('existing' in net) return existingNetwork(common, net.existing, decisions);
  return newNetwork(ctx, common, net.vpc, decisions);
}

function existingNetwork(common: NetworkCommon, e: ExistingNetworkSpec, decisions: Decision[]): NetworkPlan {
  decisions.push({
    subject: 'network.vpc',
    choice: `existing ${e.vpcId}`,
    rule: 'aws.network.existing: dropship creates no VPC, subnets, NAT or routes and does not change them',
  });
  return {
    mode: 'existing',
    ...common,
    // Known: the ids as the spec gives them, not references.
    vpcId: e.vpcId,
    publicSubnetIds: [...e.publicSubnetIds],
    privateSubnetIds: [...e.privateSubnetIds],
    nat: { mode: 'existing', publicIps: [...e.natGatewayIps] },
    existing: {
      vpcId: e.vpcId,
      publicSubnetIds: [...e.publicSubnetIds],
      privateSubnetIds: [...e.privateSubnetIds],
      natGatewayIps: [...e.natGatewayIps],
    },
    decisions,
  };
}

function newNetwork(
  ctx: CompileContext,
  common: NetworkCommon,
  v: VpcSpec,
  decisions: Decision[],
): NetworkPlan {
  const vpcAddress = at(ctx, 'aws_vpc', 'vpc');
  const ipv6CidrRef = v.ipv6 ? ref(vpcAddress, 'ipv6_cidr_block') : undefined;
  const subnets = subnetsOf(ctx, v, ipv6CidrRef);
  const { publicSubnets, privateSubnets } = subnets;
  const natGateways = natGatewaysFor(ctx, v.nat, publicSubnets);
  decisions.push(natDecision(v.nat, natGateways, publicSubnets.length, ctx.production));
  const routeTables = routeTablesFor(
    ctx,
    { mode: v.nat, gateways: natGateways },
    subnets,
    Boolean(ipv6CidrRef),
  );
  if (ipv6CidrRef) decisions.push(ipv6Decision(publicSubnets.length));
  const vpcName = awsName('nameTag', ctx.prefix);
  const endpoints =
    v.nat === 'none'
      ? vpcEndpoints(ctx, {
          vpcName,
          privateSubnetKeys: privateSubnets.map((s) => s.key),
          privateRouteTableKeys: routeTables.filter((rt) => rt.tier === 'private').map((rt) => rt.key),
        })
      : [];
  if (endpoints.length > 0) decisions.push(endpointsDecision(endpoints));
  const flowLogs = flowLogsPlan(ctx, common.partition, v.flowLogs.retentionDays, vpcName);
  decisions.push(flowLogsDecision(flowLogs));
  return {
    mode: 'new',
    ...common,
    vpcId: ref(vpcAddress, 'id'),
    publicSubnetIds: publicSubnets.map((s) => ref(s.address, 'id')),
    privateSubnetIds: privateSubnets.map((s) => ref(s.address, 'id')),
    nat: { mode: v.nat, publicIps: natGateways.map((n) => ref(n.eipAddress, 'public_ip')) },
    vpc: {
      name: vpcName,
      cidr: v.cidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      ...(ipv6CidrRef ? { ipv6CidrRef } : {}),
      address: vpcAddress,
    },
    subnets: [...publicSubnets, ...privateSubnets],
    internetGateway: { name: awsName('nameTag', ctx.prefix) },
    natGateways,
    routeTables,
    defaultSecurityGroup: { name: awsName('nameTag', vpcName, 'default') },
    endpoints,
    flowLogs,
    decisions,
  };
}
