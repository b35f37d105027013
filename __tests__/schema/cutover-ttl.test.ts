/**
 * `cutover.ttl` other than the ALB alias's fixed 60 s skews the weights: warned at `cutover.ttl` with the share a
 * busy resolver really gives AWS at each split phase; 60 (or leaving it out) gives no warning, and a TTL below
 * the schema's floor is refused.
 */
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { BASE } from './base-spec';
import { diagnosticsOf, withCode } from '../helpers/validate';
import { ALB_ALIAS_TTL, effectiveAwsShare } from '../../schema/rules/cutover';

const withTtl = (ttl: number | undefined, phases = [0, 50, 100]) => {
  const spec = parse(BASE) as Record<string, Record<string, unknown>>;
  spec.cutover = { phases, current: 0, ...(ttl === undefined ? {} : { ttl }) };
  return stringify(spec);
};

const phasesArb = fc
  .uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 4 })
  .map((split) => [0, ...split.sort((a, b) => a - b), 100]);

describe('cutover-ttl-skews-weights', () => {
  it('warns at cutover.ttl for every TTL but 60, naming each split phase and its real share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 3600 }), phasesArb, (ttl, phases) => {
        const found = withCode(withTtl(ttl, phases), 'cutover-ttl-skews-weights');
        if (ttl === ALB_ALIAS_TTL) return found.length === 0;
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({ severity: 'warning', path: 'cutover.ttl' });
        for (const p of phases.slice(1, -1))
          expect(found[0].message).toContain(`${p} % → ${effectiveAwsShare(p, ttl).toFixed(1)} %`);
        expect(found[0].message.includes(`after up to ${ttl} s`)).toBe(ttl > ALB_ALIAS_TTL);
        return true;
      }),
      { numRuns: 60 },
    );
  });

  it('does not warn when ttl is left out or 60', () => {
    expect(withCode(withTtl(undefined), 'cutover-ttl-skews-weights')).toEqual([]);
    expect(withCode(withTtl(60), 'cutover-ttl-skews-weights')).toEqual([]);
  });

  it('skews toward DigitalOcean above 60 s and toward AWS below, and holds the weight at 60 s', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 10, max: 3600 }), (p, ttl) => {
        const share = effectiveAwsShare(p, ttl);
        if (ttl > 60) return share < p;
        if (ttl < 60) return share > p;
        return Math.abs(share - p) < 1e-9;
      }),
    );
    expect(effectiveAwsShare(10, 300)).toBeCloseTo(2.2, 1);
    expect(effectiveAwsShare(10, 30)).toBeCloseTo(18.2, 1);
  });

  it('refuses a TTL below 10 s (0 included) at cutover.ttl', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 9 }), (ttl) => {
        const errors = diagnosticsOf(withTtl(ttl)).filter((d) => d.severity === 'error');
        return errors.some((d) => d.path === 'cutover.ttl');
      }),
      { numRuns: 15 },
    );
  });
});
