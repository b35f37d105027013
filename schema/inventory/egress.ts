/** An app's declared egress, as the rules and the security part read it. */
import type { EgressSpec } from '../spec';

/** An egress entry's ports: `port`, or the range `ports`; undefined when it gives both or neither. */
export function egressPorts(rule: EgressSpec): { from: number; to: number } | undefined {
  if (rule.port !== undefined)
    return rule.ports === undefined ? { from: rule.port, to: rule.port } : undefined;
  if (rule.ports === undefined) return undefined;
  const [from, to] = rule.ports.split('-').map(Number);
  return { from, to };
}
