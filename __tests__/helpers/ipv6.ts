/**
 * The php-shop example with `aws.network.vpc.ipv6: true` (its droplets have IPv6): the variant the IPv6
 * tests compile, synthesize and plan. Built from the example's text, so it goes through the loader and
 * the cross-field rules like a user's file, and follows the example when it changes.
 *
 * By default DigitalOcean DNS answers AAAA today as well (web-1's IPv6 beside each A record, which names
 * web-1), since the cutover publishes AAAA pairs only for names that answer AAAA now; `aaaaToday: false`
 * gives the example's records as they are (A only), for which it publishes A pairs only.
 */
import { loadSpecText, type ValidSpec } from '../../schema/load';
import { exampleText } from './examples';

const PHP_SHOP_IPV6_FILE = 'php-shop-ipv6.yaml';

/** Inventory AAAA records for the apex and www, both web-1's IPv6 like the A records' web-1 IPv4. */
export const PHP_SHOP_AAAA_RECORDS = [
  '{ id: 28448440, type: AAAA, name: "@", data: "2604:a880:800:10::1:1", ttl: 3600 }',
  '{ id: 28448441, type: AAAA, name: www, data: "2604:a880:800:10::1:1", ttl: 3600 }',
];

export function phpShopWithIpv6Text({ aaaaToday = true }: { aaaaToday?: boolean } = {}): string {
  const text = exampleText('php-shop');
  const withIpv6 = text.replace(
    /^(\s+)nat: single\b.*$/m,
    (line, indent: string) => `${line}\n${indent}ipv6: true`,
  );
  if (withIpv6 === text) throw new Error('php-shop no longer has `nat: single` under aws.network.vpc');
  return aaaaToday ? withAaaaRecords(withIpv6) : withIpv6;
}

/** php-shop as it is (an IPv4-only ALB) but with DigitalOcean DNS answering AAAA (PHP_SHOP_AAAA_RECORDS). */
export function phpShopWithAaaaText(): string {
  return withAaaaRecords(exampleText('php-shop'));
}

function withAaaaRecords(text: string): string {
  const withAaaa = text.replace(/^(\s+)(- \{ id: 28448430, type: A, name: www.*)$/m, (line, indent: string) =>
    [line, ...PHP_SHOP_AAAA_RECORDS.map((r) => `${indent}- ${r}`)].join('\n'),
  );
  if (withAaaa === text) throw new Error('php-shop no longer has its www A record (id 28448430)');
  return withAaaa;
}

export function phpShopWithIpv6(options: { aaaaToday?: boolean } = {}): ValidSpec {
  const loaded = loadSpecText(phpShopWithIpv6Text(options), PHP_SHOP_IPV6_FILE);
  if (!loaded.ok) throw new Error('php-shop with ipv6: true is invalid');
  if (!('vpc' in loaded.spec.aws.network) || !loaded.spec.aws.network.vpc.ipv6)
    throw new Error('php-shop variant: ipv6 did not land under aws.network.vpc');
  return loaded.spec;
}
