/**
 * Logical ids come from names that ids cannot always hold as they are (`*`, dots). Names that differ only in
 * those characters must still get distinct ids: two constructs with one id stop cdktf with a stack trace.
 */
import fc from 'fast-check';
import { compile } from '../../compiler';
import { uniqueKeys } from '../../schema/facts/aws-names';
import { cleanupSynth, loadExample, resourcesOf, synthPlan } from '../helpers/synth';

afterAll(cleanupSynth);

describe('logical ids of names that read alike', () => {
  it('keeps a name that needs no rewriting, and hashes only the rewritten names that collide', () => {
    const keys = uniqueKeys(['wildcard', '*', 'a.b', 'a-b', 'c.d'], (n) =>
      n.replace(/\*/g, 'wildcard').replace(/[^a-z0-9-]+/g, '-'),
    );
    expect(keys.get('wildcard')).toBe('wildcard');
    expect(keys.get('*')).toMatch(/^wildcard-[0-9a-f]{6}$/);
    expect(keys.get('a-b')).toBe('a-b');
    expect(keys.get('a.b')).toMatch(/^a-b-[0-9a-f]{6}$/);
    expect(keys.get('c.d')).toBe('c-d');
  });

  it('never gives a hash to a name whose key no other name shares, and keeps the keeper of a collision when a later-sorting name joins', () => {
    const hostKey = (n: string) => n.replace(/^\*\./, 'wildcard.').replace(/[^a-z0-9-]+/g, '-');
    const name = fc
      .array(fc.constantFrom('*', 'wildcard', 'a', 'a-b', 'b', 'x-y'), { minLength: 1, maxLength: 3 })
      .map((labels) => `${labels.join('.')}.example.com`.replace(/(?!^)\*/g, 'x'));
    fc.assert(
      fc.property(fc.uniqueArray(name, { maxLength: 6 }), name, (names, extra) => {
        const before = uniqueKeys(names, hostKey);
        expect(new Set(before.values()).size).toBe(names.length);
        for (const n of names)
          if (names.every((o) => o === n || hostKey(o) !== hostKey(n)))
            expect(before.get(n)).toBe(hostKey(n));
        if (names.includes(extra)) return;
        const after = uniqueKeys([...names, extra], hostKey);
        // Adding a name changes no key, unless it takes the plain key from a name that sorts after it.
        for (const n of names)
          if (after.get(n) !== before.get(n)) {
            expect(before.get(n)).toBe(hostKey(n));
            expect(after.get(extra)).toBe(hostKey(n));
          }
      }),
      { numRuns: 500, seed: 11 },
    );
    // The reviewer's case: `*.x` is weighted, then `wildcard.x` joins: `*.x` keeps its id.
    const x = uniqueKeys(['*.acme.com'], hostKey).get('*.acme.com');
    expect(uniqueKeys(['*.acme.com', 'wildcard.acme.com'], hostKey).get('*.acme.com')).toBe(x);
  });

  it('synthesizes copied record sets and weighted records whose names differ only in * or a dot', () => {
    const spec = loadExample('php-shop');
    const domain = spec.digitalocean.domains[0];
    for (const name of ['*', 'wildcard', 'a.b', 'a-b'])
      domain.records.push({
        type: 'TXT',
        name,
        data: `v=${name}`,
        ttl: 3600,
      } as (typeof domain.records)[number]);
    const app = spec.apps.find((a) => a.expose && 'public' in a.expose)!;
    const exposure = (app.expose as { public: { hostnames: string[] } }).public;
    exposure.hostnames.push('*.shop-example.com', 'wildcard.shop-example.com');
    // Both names answer the app's droplets today (a name DigitalOcean DNS answers nothing for is new: a plain
    // alias, not weighted).
    for (const name of ['*', 'wildcard'])
      for (const droplet of spec.digitalocean.droplets.filter((d) => app.droplets.includes(d.name)))
        domain.records.push({
          type: 'A',
          name,
          data: droplet.ipv4.public!,
          ttl: 3600,
        } as (typeof domain.records)[number]);
    const plan = compile({ ...spec, cutover: { ...spec.cutover!, current: 10 } });

    const out = synthPlan(plan); // threw "There is already a Construct with name …" before
    const records = (role: 'dns' | 'cutover') =>
      resourcesOf(out.stackJson(out.stackByRole(role).name)).filter(
        ([type]) => type === 'aws_route53_record',
      );
    const txt = records('dns').filter(
      ([, , r]) => r.type === 'TXT' && /^(\*|wildcard|a\.b|a-b)\./.test(String(r.name)),
    );
    expect(txt).toHaveLength(4);
    const weighted = records('cutover').filter(([, , r]) => /^(\*|wildcard)\.shop/.test(String(r.name)));
    // Each name: A records for both droplets and for AWS, no two on one id.
    expect(weighted.length).toBeGreaterThanOrEqual(6);
    expect(new Set(weighted.map(([, id]) => id)).size).toBe(weighted.length);
  });
});
