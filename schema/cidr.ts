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
