/** Questions about the target network the spec asks for, which several parts need before the network part runs. */
import type { MigrationSpec } from '../spec';

/** True when the spec creates a VPC with `ipv6: true` (the ALB is then dualstack). */
export function usesIpv6(spec: MigrationSpec): boolean {
  const net = spec.aws.network;
  return 'vpc' in net && net.vpc.ipv6;
}

/** True when the spec creates a VPC without NAT, so interface endpoints and their group exist. */
export function usesVpcEndpoints(spec: MigrationSpec): boolean {
  const net = spec.aws.network;
  return 'vpc' in net && net.vpc.nat === 'none';
}
