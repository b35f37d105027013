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
    for (const side of sidesOf(e))
      for (const { tag, peer, label } of peersOf(e, side, prefix))
        add(
          `${side.own}-${side.word}-${tag}-${e.protocol}-${ports}${suffix}`,
          e,
          side.own,
          side.direction,
          peer,
          () => `${what} ${side.towards} ${label}`,
        );
  }
  return rules;
}

function cidrsOf(e: SgEdge): ['ipv4' | 'ipv6', string][] {
  const out: ['ipv4' | 'ipv6', string][] = [];
  if (e.cidrs?.ipv4) out.push(['ipv4', e.cidrs.ipv4]);
  if (e.cidrs?.ipv6) out.push(['ipv6', e.cidrs.ipv6]);
  return out;
}

/** One end of an edge that gets a rule: the group it belongs to and the peer on the other end. */
interface Side {
  readonly direction: SgRule['direction'];
  readonly own: string;
  readonly other: string;
  /** the word in the rule's key and in its description */
  readonly word: 'in' | 'out';
  readonly towards: 'from' | 'to';
}

/** Ingress on the target, then egress on the source; the internet has no group, and `only` keeps one. */
function sidesOf(e: SgEdge): Side[] {
  const sides: Side[] = [];
  if (e.to !== INTERNET && e.only !== 'egress')
    sides.push({ direction: 'ingress', own: e.to, other: e.from, word: 'in', towards: 'from' });
  if (e.from !== INTERNET && e.only !== 'ingress')
    sides.push({ direction: 'egress', own: e.from, other: e.to, word: 'out', towards: 'to' });
  return sides;
}

/** The peers of one side: another group, else (the internet) the edge's prefix list on egress, else its CIDRs. */
function peersOf(e: SgEdge, side: Side, prefix: string): { tag: string; peer: SgPeer; label: string }[] {
  if (side.other !== INTERNET)
    return [
      {
        tag: side.other,
        peer: { kind: 'security-group', key: side.other },
        label: groupName(prefix, side.other),
      },
    ];
  if (side.direction === 'egress' && e.prefixList !== undefined)
    return [
      { tag: 'pl', peer: { kind: 'prefix-list', id: e.prefixList }, label: `prefix list ${e.prefixList}` },
    ];
  return cidrsOf(e).map(([family, cidr]) => ({
    tag: family,
    peer: { kind: family, cidr },
    label: side.direction === 'ingress' ? `the internet (${cidr})` : cidr,
  }));
}
