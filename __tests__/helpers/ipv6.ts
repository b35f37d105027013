/**
 * The php-shop example with `aws.network.vpc.ipv6: true` (its droplets have IPv6): the variant the IPv6
 * tests compile, synthesize and plan. Built from the example's text, so it goes through the loader and
 * the cross-field rules like a user's file, and follows the example when it changes.
 */
import { loadSpecText } from '../../schema/load';
import type { MigrationSpec } from '../../schema/spec';
import { exampleText } from './examples';

const PHP_SHOP_IPV6_FILE = 'php-shop-ipv6.yaml';

export function phpShopWithIpv6Text(): string {
  const text = exampleText('php-shop');
  const withIpv6 = text.replace(
    /^(\s+)nat: single\b.*$/m,
    (line, indent: string) => `${line}\n${indent}ipv6: true`,
  );
  if (withIpv6 === text) throw new Error('php-shop no longer has `nat: single` under aws.network.vpc');
  return withIpv6;
}

export function phpShopWithIpv6(): MigrationSpec {
  const loaded = loadSpecText(phpShopWithIpv6Text(), PHP_SHOP_IPV6_FILE);
  if (!loaded.ok) throw new Error('php-shop with ipv6: true is invalid');
  if (!('vpc' in loaded.spec.aws.network) || !loaded.spec.aws.network.vpc.ipv6)
    throw new Error('php-shop variant: ipv6 did not land under aws.network.vpc');
  return loaded.spec;
}
