/** AWS's rules-per-group quota, and the warning when the graph would exceed it. */
import type { Report } from '../../schema/report';
import { specWarning } from '../findings';
import type { SgNode, SgRule } from '../model';

/** AWS's quota: rules per direction per group (IPv4 and IPv6 counted separately). */
export const RULES_PER_SECURITY_GROUP = 60;

/** Warns when a group would exceed AWS's rules-per-group quota in one direction and address family. */
export function checkQuota(nodes: SgNode[], rules: SgRule[], report: Report): void {
  // One pass over the rules, counted per group in four slots (direction × family), no key string per rule;
  // rules that reference a group count toward the IPv4 quota.
  const counts = new Map<string, number[]>();
  const slot = (direction: string, family: string) =>
    (direction === 'ingress' ? 0 : 2) + (family === 'ipv6' ? 1 : 0);
  for (const r of rules) {
    let group = counts.get(r.securityGroup);
    if (group === undefined) counts.set(r.securityGroup, (group = [0, 0, 0, 0]));
    group[slot(r.direction, r.peer.kind === 'ipv6' ? 'ipv6' : 'ipv4')]++;
  }
  for (const n of nodes) {
    const group = counts.get(n.key);
    if (group === undefined) continue;
    for (const direction of ['ingress', 'egress'] as const) {
      for (const family of ['ipv4', 'ipv6'] as const) {
        const count = group[slot(direction, family)];
        if (count > RULES_PER_SECURITY_GROUP) {
          report.add(
            specWarning(
              n.kind === 'alb' ||
                n.kind === 'dms' ||
                n.kind === 'endpoints' ||
                n.kind === 'db' ||
                n.kind === 'cache'
                ? []
                : ['apps'],
              'security/rules-quota',
              `security group ${n.key} needs ${count} ${family} ${direction} rules; AWS allows ${RULES_PER_SECURITY_GROUP} per group by default`,
              'request a higher "Inbound or outbound rules per security group" quota (Service Quotas, VPC) before applying, or reduce the apps that call it',
            ),
          );
        }
      }
    }
  }
}
