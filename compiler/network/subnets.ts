/**
 * A new VPC's subnets: one public and one private per zone, and with `ipv6: true` a /64 of the VPC's /56 on
 * each public subnet (where the dualstack ALB lives).
 */
import { awsName } from '../../schema/facts/aws-names';
import type { CompileContext } from '../context';
import type { Decision } from '../model';
import type { Ipv6SubnetCidr, SubnetIpv6Plan, SubnetPlan, SubnetTier } from '../model/network';
import type { Ref } from '../model/refs';
import { at, type VpcSpec } from './place';

/** Bits added to the VPC's IPv6 /56 to make a subnet's /64 (AWS requires exactly /64 for subnets). */
const IPV6_SUBNET_NEW_BITS: Ipv6SubnetCidr['newBits'] = 8;

export function subnetsOf(
  ctx: CompileContext,
  v: VpcSpec,
  ipv6CidrRef: Ref<'aws_vpc'> | undefined,
): { publicSubnets: SubnetPlan[]; privateSubnets: SubnetPlan[] } {
  const zones = ctx.spec.aws.availabilityZones;
  // The schema guarantees one subnet per zone, in zone order, inside the VPC and not overlapping.
  const zoneOf = (i: number) => zones[i];
  const subnet = (tier: SubnetTier, cidr: string, index: number): SubnetPlan => ({
    key: `${tier}-${index}`,
    tier,
    index,
    availabilityZone: zoneOf(index),
    cidr,
    name: awsName('nameTag', ctx.prefix, tier, zoneOf(index)),
    mapPublicIpOnLaunch: false,
    address: at(ctx, 'aws_subnet', `subnet-${tier}-${index}`),
  });
  // Only public subnets get IPv6: the dualstack ALB lives there; tasks, databases and caches stay IPv4.
  const publicSubnets = v.publicSubnets.map((c, i) => {
    const s = subnet('public', c, i);
    return ipv6CidrRef ? { ...s, ipv6: subnetIpv6(ipv6CidrRef, i) } : s;
  });
  const privateSubnets = v.privateSubnets.map((c, i) => subnet('private', c, i));
  return { publicSubnets, privateSubnets };
}

/** The `netNum`-th /64 of the VPC's IPv6 /56 (public subnet `i` takes /64 number `i`). */
function subnetIpv6(prefix: Ref<'aws_vpc'>, netNum: number): SubnetIpv6Plan {
  return {
    cidr: { kind: 'cidrsubnet', prefix, newBits: IPV6_SUBNET_NEW_BITS, netNum },
    assignAddressOnCreation: false,
  };
}

export function ipv6Decision(publicSubnets: number): Decision {
  return {
    subject: 'network.ipv6',
    choice:
      `Amazon-provided IPv6 /56 on the VPC; a /64 per public subnet (${publicSubnets}); ` +
      '::/0 to the internet gateway in the public route table',
    rule:
      'aws.network.vpc.ipv6: true — a dualstack ALB needs an IPv6 CIDR on every one of its subnets and an IPv6 ' +
      'route; the /56 costs nothing. Private subnets and tasks stay IPv4: the ALB reaches its targets over ' +
      'IPv4, so they need no IPv6 address, route or egress-only gateway',
  };
}
