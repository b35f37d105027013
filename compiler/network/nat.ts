/** NAT gateways per the spec's mode (none, single, per-az), and the decision that explains the mode. */
import { awsName } from '../../schema/facts/aws-names';
import type { CompileContext } from '../context';
import type { Decision } from '../model';
import type { NatGatewayPlan, NatMode, SubnetPlan } from '../model/network';
import { at } from './place';

export function natGatewaysFor(
  ctx: CompileContext,
  mode: NatMode,
  publicSubnets: SubnetPlan[],
): NatGatewayPlan[] {
  const gateway = (s: SubnetPlan): NatGatewayPlan => ({
    index: s.index,
    availabilityZone: s.availabilityZone,
    publicSubnetKey: s.key,
    name: awsName('nameTag', ctx.prefix, 'nat', s.availabilityZone),
    eipName: awsName('nameTag', ctx.prefix, 'nat-eip', s.availabilityZone),
    eipAddress: at(ctx, 'aws_eip', `nat-eip-${s.index}`),
  });
  if (mode === 'none') return [];
  if (mode === 'single') return [gateway(publicSubnets[0])];
  // per-az: one per zone (a zone with two public subnets still gets one).
  const seen = new Set<string>();
  return publicSubnets
    .filter((s) => !seen.has(s.availabilityZone) && seen.add(s.availabilityZone))
    .map(gateway);
}

export function natDecision(
  mode: NatMode,
  gateways: NatGatewayPlan[],
  zones: number,
  production: boolean,
): Decision {
  const subject = 'network.nat';
  if (mode === 'none') {
    return {
      subject,
      choice: 'no NAT gateway',
      rule:
        'aws.network.vpc.nat: none — private subnets have no route to the internet; tasks need VPC endpoints ' +
        '(ECR api/dkr, S3, Secrets Manager, CloudWatch Logs) to pull images and read secrets',
    };
  }
  if (mode === 'single') {
    return {
      subject,
      choice: `one NAT gateway in ${gateways[0].availabilityZone}, shared by ${zones} zones`,
      rule:
        'aws.network.vpc.nat: single — the cheapest egress (one gateway-hour and one EIP); if its zone fails, ' +
        'tasks in the other zones lose outbound access until it recovers' +
        (production ? '. Production: consider nat: per-az' : ''),
    };
  }
  return {
    subject,
    choice: `${gateways.length} NAT gateways, one per zone (${gateways.map((g) => g.availabilityZone).join(', ')})`,
    rule: 'aws.network.vpc.nat: per-az — each zone egresses through its own gateway and survives the loss of another',
  };
}
