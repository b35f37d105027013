/** Whether the ALB is IPv4 only or dualstack: the apps part decides it, the cutover publishes AAAA by it. */
import { usesIpv6 } from '../schema/inventory/network';
import type { MigrationSpec } from '../schema/spec';
import type { AlbIpAddressType, Decision } from './model';

/**
 * IPv4 only, unless the spec creates a VPC with `ipv6: true`: then every public subnet (all of the ALB's
 * subnets) has an IPv6 /64 and a ::/0 route, which AWS requires of a dualstack ALB. The decision is returned
 * only for dualstack, so IPv4-only plans explain nothing new.
 */
export function albIpAddressType(spec: MigrationSpec): { type: AlbIpAddressType; decision?: Decision } {
  if (!usesIpv6(spec)) return { type: 'ipv4' };
  return {
    type: 'dualstack',
    decision: {
      subject: 'apps.alb.ipAddressType',
      choice: 'dualstack: IPv4 and IPv6 listeners, A and AAAA alias records',
      rule:
        'aws.network.vpc.ipv6: true — IPv6 clients keep reaching the site after the move (the droplets answer AAAA ' +
        'today)',
    },
  };
}
