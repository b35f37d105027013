/**
 * Rule derivation: each edge of the graph becomes an ingress rule on its target and an egress rule on its
 * source.
 */
import type { SgEdge, SgRule, SgPeer } from '../model';
import { INTERNET } from '../group-keys';
import { sanitizeDescription, groupName } from './names';

/** Each edge becomes rules: ingress on the target and egress on the source, per group and per CIDR. */
export function rulesFromEdges(edges: SgEdge[], prefix: string): SgRule[] {
  const rules: SgRule[] = [];
  const seen = new Set<string>();
  // The key first: an edge repeated by another path (apps reaching a shared group) builds nothing twice.
  const add = (
    key: string,
    e: SgEdge,
    securityGroup: string,
    direction: SgRule['direction'],
    peer: SgPeer,
    description: () => string,
  ) => {
    if (seen.has(key)) return;
    seen.add(key);
    rules.push({
      protocol: e.protocol,
      fromPort: e.port,
      toPort: e.toPort ?? e.port,
      key,
      securityGroup,
      direction,
      peer,
      description: sanitizeDescription(e.note === undefined ? description() : `${description()}: ${e.note}`),
    });
  };
  for (const e of edges) {
    const ports = e.toPort === undefined ? `${e.port}` : `${e.port}-${e.toPort}`;
    const suffix = e.keySuffix === undefined ? '' : `-${e.keySuffix}`;
    const what = `${e.protocol.toUpperCase()} ${ports}`;
    if (e.to !== INTERNET && e.only !== 'egress') {
      if (e.from === INTERNET) {
        for (const [family, cidr] of cidrsOf(e))
          add(
            `${e.to}-in-${family}-${e.protocol}-${ports}${suffix}`,
            e,
            e.to,
            'ingress',
            { kind: family, cidr },
            () => `${what} from the internet (${cidr})`,
          );
      } else {
        const from = e.from;
        add(
          `${e.to}-in-${from}-${e.protocol}-${ports}${suffix}`,
          e,
          e.to,
          'ingress',
          { kind: 'security-group', key: from },
          () => `${what} from ${groupName(prefix, from)}`,
        );
      }
    }
    if (e.from !== INTERNET && e.only !== 'ingress') {
      if (e.to === INTERNET && e.prefixList !== undefined) {
        const id = e.prefixList;
        add(
          `${e.from}-out-pl-${e.protocol}-${ports}${suffix}`,
          e,
          e.from,
          'egress',
          { kind: 'prefix-list', id },
          () => `${what} to prefix list ${id}`,
        );
      } else if (e.to === INTERNET) {
        for (const [family, cidr] of cidrsOf(e))
          add(
            `${e.from}-out-${family}-${e.protocol}-${ports}${suffix}`,
            e,
            e.from,
            'egress',
            { kind: family, cidr },
            () => `${what} to ${cidr}`,
          );
      } else {
        const to = e.to;
        add(
          `${e.from}-out-${to}-${e.protocol}-${ports}${suffix}`,
          e,
          e.from,
          'egress',
          { kind: 'security-group', key: to },
          () => `${what} to ${groupName(prefix, to)}`,
        );
      }
    }
  }
  return rules;
}

function cidrsOf(e: SgEdge): ['ipv4' | 'ipv6', string][] {
  const out: ['ipv4' | 'ipv6', string][] = [];
  if (e.cidrs?.ipv4) out.push(['ipv4', e.cidrs.ipv4]);
  if (e.cidrs?.ipv6) out.push(['ipv6', e.cidrs.ipv6]);
  return out;
}
