/**
 * A new VPC: the VPC and its closed default group, subnets, the internet gateway, NAT gateways, route
 * tables and flow logs, in that order, and the stack's outputs.
 */
import { Fn, TerraformOutput, type TerraformStack } from 'cdktf';
import type { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { KmsKeyPolicy } from '@cdktf/provider-aws/lib/kms-key-policy';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import type { NewVpcPlan } from '../../compiler/model/network';
import type { StackContext } from '../context';
import type { RefRegistry } from '../refs';
import { type CreatedNetwork, idOf } from './ids';
import { renderRouteTables } from './routes';
import { renderFlowLogs } from './flow-logs';

export function renderNewVpc(
  stack: TerraformStack,
  ctx: StackContext,
  network: NewVpcPlan,
  key: KmsKey,
  keyPolicy: KmsKeyPolicy,
): CreatedNetwork {
  const { refs } = ctx;
  const vpc = new Vpc(stack, network.vpc.address.name, {
    cidrBlock: network.vpc.cidr,
    enableDnsSupport: network.vpc.enableDnsSupport,
    enableDnsHostnames: network.vpc.enableDnsHostnames,
    // Only when true: the provider's default is false, and IPv4-only configurations stay as they were.
    ...(network.vpc.ipv6CidrRef ? { assignGeneratedIpv6CidrBlock: true } : {}),
    tags: { Name: network.vpc.name },
  });
  refs.provide(network.vpc.address, { id: vpc.id, ipv6_cidr_block: vpc.ipv6CidrBlock });

  // The VPC's default group is never used; stripping its rules keeps anything attached to it by mistake closed.
  new DefaultSecurityGroup(stack, 'default-sg', {
    vpcId: vpc.id,
    tags: { Name: network.defaultSecurityGroup.name },
  });
  const subnetIds = renderSubnets(stack, refs, network, vpc.id);
  const igw = new InternetGateway(stack, 'igw', {
    vpcId: vpc.id,
    tags: { Name: network.internetGateway.name },
  });
  const { natIds, natIps } = renderNatGateways(stack, refs, network, subnetIds, igw);
  const routeTableIds = renderRouteTables(stack, network, {
    vpcId: vpc.id,
    igwId: igw.id,
    natIds,
    subnetIds,
  });
  renderFlowLogs(stack, refs, network.flowLogs, vpc.id, { key, keyPolicy });

  new TerraformOutput(stack, 'vpc_id', { value: vpc.id, description: 'The VPC dropship created.' });
  if (natIps.length > 0) {
    new TerraformOutput(stack, 'nat_public_ips', {
      value: natIps,
      description: 'Egress IPs of the NAT gateways: the sources to trust on DigitalOcean during the move.',
    });
  }
  return { vpcId: vpc.id, subnetIds, routeTableIds };
}

/** Returns each subnet's id by its key (`private-0`). */
function renderSubnets(
  stack: TerraformStack,
  refs: RefRegistry,
  network: NewVpcPlan,
  vpcId: string,
): Map<string, string> {
  const subnetIds = new Map<string, string>();
  for (const s of network.subnets) {
    const subnet = new Subnet(stack, s.address.name, {
      vpcId,
      cidrBlock: s.cidr,
      availabilityZone: s.availabilityZone,
      mapPublicIpOnLaunch: s.mapPublicIpOnLaunch,
      ...(s.ipv6
        ? {
            ipv6CidrBlock: Fn.cidrsubnet(
              refs.resolve(s.ipv6.cidr.prefix),
              s.ipv6.cidr.newBits,
              s.ipv6.cidr.netNum,
            ),
            assignIpv6AddressOnCreation: s.ipv6.assignAddressOnCreation,
          }
        : {}),
      tags: { Name: s.name, tier: s.tier },
    });
    subnetIds.set(s.key, subnet.id);
    refs.provide(s.address, { id: subnet.id });
  }
  return subnetIds;
}

/** Returns each gateway's id by its index, and the gateways' public IPs in the plan's order. */
function renderNatGateways(
  stack: TerraformStack,
  refs: RefRegistry,
  network: NewVpcPlan,
  subnetIds: Map<string, string>,
  igw: InternetGateway,
): { natIds: Map<number, string>; natIps: string[] } {
  const natIds = new Map<number, string>();
  const natIps: string[] = [];
  for (const n of network.natGateways) {
    // `domain: 'vpc'` is provider encoding, not a decision: with EC2-Classic retired an address can only be
    // allocated for a VPC, so the plan model carries no field for it.
    const eip = new Eip(stack, n.eipAddress.name, { domain: 'vpc', tags: { Name: n.eipName } });
    const nat = new NatGateway(stack, `nat-${n.index}`, {
      allocationId: eip.allocationId,
      subnetId: idOf(subnetIds, n.publicSubnetKey, `NAT gateway ${n.index}`),
      tags: { Name: n.name },
      // A NAT gateway needs the internet gateway attached before it can route.
      dependsOn: [igw],
    });
    natIds.set(n.index, nat.id);
    natIps.push(eip.publicIp);
    refs.provide(n.eipAddress, { public_ip: eip.publicIp });
  }
  return { natIds, natIps };
}
