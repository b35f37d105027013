/** IPv4 CIDR arithmetic for the network rules (the format itself is checked by zod). */

export interface Cidr {
  text: string;
  /** Network address as an unsigned 32-bit integer. */
  address: number;
  prefix: number;
}

export function parseCidr(text: string): Cidr | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  return { text, address, prefix };
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** The CIDR with host bits cleared, when `cidr` has any set (10.0.0.1/24 → 10.0.0.0/24). */
export function normalized(cidr: Cidr): string | undefined {
  const network = (cidr.address & mask(cidr.prefix)) >>> 0;
  if (network === cidr.address) return undefined;
  return `${[24, 16, 8, 0].map((s) => (network >>> s) & 255).join('.')}/${cidr.prefix}`;
}

function range(cidr: Cidr): [number, number] {
  const start = (cidr.address & mask(cidr.prefix)) >>> 0;
  return [start, start + 2 ** (32 - cidr.prefix) - 1];
}

/** True when `inner` lies entirely inside `outer`. */
export function containsCidr(outer: Cidr, inner: Cidr): boolean {
  const [a0, a1] = range(outer);
  const [b0, b1] = range(inner);
  return b0 >= a0 && b1 <= a1;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  const [a0, a1] = range(a);
  const [b0, b1] = range(b);
  return a0 <= b1 && b0 <= a1;
}

/** A CIDR of an egress rule: either family, in the form AWS stores and Terraform compares. */
export interface AnyCidr {
  family: 'ipv4' | 'ipv6';
  /** The canonical text of the CIDR as written (lowercase, zeros compressed, no leading zeros). */
  canonical: string;
  /** The canonical network address with its prefix: equal to `canonical` when no host bit is set. */
  network: string;
}

/**
 * Reads an IPv4 or IPv6 CIDR; undefined when `text` is neither. IPv6 text is parsed and written in its
 * canonical form (RFC 5952) by the WHATWG URL parser, Node's own, rather than by hand.
 */
export function parseAnyCidr(text: string): AnyCidr | undefined {
  const slash = text.lastIndexOf('/');
  if (slash < 0 || !/^\d{1,3}$/.test(text.slice(slash + 1))) return undefined;
  const prefix = Number(text.slice(slash + 1));
  const addressText = text.slice(0, slash);
  if (!addressText.includes(':')) {
    const v4 = parseCidr(text);
    if (!v4) return undefined;
    const canonical = `${[24, 16, 8, 0].map((s) => (v4.address >>> s) & 255).join('.')}/${prefix}`;
    return { family: 'ipv4', canonical, network: normalized(v4) ?? canonical };
  }
  if (prefix > 128) return undefined;
  const address = canonicalIpv6(addressText);
  if (address === undefined) return undefined;
  const groups = expandIpv6(address);
  const network = groups.map((group, i) => {
    const kept = Math.max(0, Math.min(16, prefix - i * 16));
    return kept === 0 ? 0 : group & ((0xffff << (16 - kept)) & 0xffff);
  });
  const networkText = canonicalIpv6(network.map((g) => g.toString(16)).join(':'))!;
  return { family: 'ipv6', canonical: `${address}/${prefix}`, network: `${networkText}/${prefix}` };
}

/** The RFC 5952 text of an IPv6 address, or undefined when it is not one. */
function canonicalIpv6(text: string): string | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return undefined; // no zone id, no brackets, nothing URL would drop
  try {
    return new URL(`http://[${text}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
}

/** The eight 16-bit groups of a canonical IPv6 address (which holds at most one `::` and no IPv4 tail). */
function expandIpv6(canonical: string): number[] {
  const [head, tail] = canonical.includes('::') ? canonical.split('::') : [canonical, undefined];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const front = parse(head);
  if (tail === undefined) return front;
  const back = parse(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}
