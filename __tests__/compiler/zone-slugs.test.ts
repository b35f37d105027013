/**
 * Zone ids stay unique when domains share a slug (`shop-alpha.com` and `shop.alpha.com` both read
 * `shop-alpha-com`): synth crashed on the second `zone-shop-alpha-com`. The domain with the fewest labels
 * keeps the plain id, whatever the order; the others add a hash.
 */
import fc from 'fast-check';
import { compile } from '../../compiler';
import { domainSlug, zoneSlugs } from '../../compiler/dns';
import { baseSpecInput, specFrom, synthPlan, cleanupSynth } from '../helpers/synth';

afterAll(cleanupSynth);

const LABELS = ['shop', 'alpha', 'shop-alpha', 'alpha-com', 'a'];
const domainArb = fc
  .array(fc.constantFrom(...LABELS), { minLength: 1, maxLength: 3 })
  .map((labels) => `${labels.join('.')}.com`);

describe('zone slugs', () => {
  it('are unique, independent of order, and the fewest-label domain keeps its plain slug', () => {
    fc.assert(
      fc.property(fc.uniqueArray(domainArb, { minLength: 1, maxLength: 6 }), fc.nat(), (domains, seed) => {
        const slugs = zoneSlugs(domains);
        expect(new Set(slugs.values()).size).toBe(domains.length);
        const shuffled = [...domains].sort(
          (a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7),
        );
        expect(zoneSlugs(shuffled)).toEqual(slugs);
        for (const d of domains) {
          const fewest = domains
            .filter((o) => domainSlug(o) === domainSlug(d))
            .every(
              (o) =>
                o === d ||
                d.split('.').length < o.split('.').length ||
                (d.split('.').length === o.split('.').length && d < o),
            );
          expect(slugs.get(d) === domainSlug(d)).toBe(fewest);
        }
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('synthesize two domains that share a slug, in either order', () => {
    for (const names of [
      ['shop-alpha.com', 'shop.alpha.com'],
      ['shop.alpha.com', 'shop-alpha.com'],
    ]) {
      const input = baseSpecInput();
      const spec = specFrom({
        ...input,
        digitalocean: {
          ...input.digitalocean,
          domains: names.map((name) => ({
            name,
            dns: 'digitalocean',
            records: [{ type: 'TXT', name: '@', data: 'x' }],
          })),
        },
      });
      const plan = compile(spec);
      expect(() => synthPlan(plan)).not.toThrow();
      const ids = plan.dns.zones.map((z) => [z.domain, z.address?.name, z.nameServersOutput]);
      expect(ids.find(([d]) => d === 'shop-alpha.com')).toEqual([
        'shop-alpha.com',
        'zone-shop-alpha-com',
        'name_servers_shop_alpha_com',
      ]);
      expect(new Set(ids.map(([, a]) => a)).size).toBe(2);
      expect(new Set(ids.map(([, , o]) => o)).size).toBe(2);
    }
  });
});
