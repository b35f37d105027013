/**
 * The cutover's review findings (issue 18, second pass) on the multi-domain example with generated variations:
 * a wildcard app beside explicit hostnames, hostnames without a catch-all path, apps in any order.
 */
import fc from 'fast-check';
import { parse } from 'yaml';
import { exampleText } from '../helpers/examples';
import { load, revalidated } from '../helpers/validate';
import { compile } from '../../compiler';
import type { MigrationSpec } from '../../schema/spec';
import type { Diagnostic } from '../../schema/diagnostics';

type Shape = { shopPaths: string[]; tenantPaths: string[] | undefined; reverse: boolean; phase: number };

/** multi-domain with shop's paths as given, maybe a wildcard app `tenant` on *.example-estate.org, maybe the apps reversed. */
function estate({ shopPaths, tenantPaths, reverse, phase }: Shape): Record<string, unknown> {
  const input = parse(exampleText('multi-domain')) as {
    apps: { name: string; expose: { public: { hostnames: string[]; paths?: string[] } } }[];
    cutover: { current: number };
  };
  const shop = input.apps.find((a) => a.name === 'shop')!;
  shop.expose.public.paths = shopPaths;
  if (tenantPaths) {
    const tenant = structuredClone(input.apps.find((a) => a.name === 'status')!);
    tenant.name = 'tenant';
    tenant.expose.public.hostnames = ['*.example-estate.org'];
    tenant.expose.public.paths = tenantPaths;
    input.apps.push(tenant);
  }
  if (reverse) input.apps.reverse();
  input.cutover.current = phase;
  return input;
}

const shapeArbitrary: fc.Arbitrary<Shape> = fc.record({
  shopPaths: fc.constantFrom(['/*'], ['/shop/*'], ['/shop/*', '/*'], ['/shop/*', '/cart']),
  tenantPaths: fc.option(fc.constantFrom(['/*'], ['/t/*']), { nil: undefined }),
  reverse: fc.boolean(),
  phase: fc.constantFrom(10, 50),
});

function compiled(shape: Shape): { plan: ReturnType<typeof compile>; warnings: Diagnostic[] } {
  const result = load(estate(shape));
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return { plan: compile(revalidated(result.spec as MigrationSpec)), warnings: result.warnings };
}

describe('cutover review: wildcard apps, catch-alls, app order', () => {
  it('a hostname’s AWS health includes a wildcard app whenever the wildcard’s rules can serve it', () => {
    fc.assert(
      fc.property(shapeArbitrary, (shape) => {
        const { plan } = compiled(shape);
        const shop = plan.cutover!.awsHealth!.hostnames.find(
          (h) => h.hostname === 'shop.example-estate.org',
        )!;
        const shopTakesAll = shape.shopPaths.includes('/*');
        expect(shop.apps.includes('tenant')).toBe(shape.tenantPaths !== undefined && !shopTakesAll);
        if (shop.apps.length > 1) expect(shop.calculated?.threshold).toBe(shop.apps.length);
      }),
      { seed: 18, numRuns: 12 },
    );
  });

  it('warns at a hostname that answers today when no app behind it takes /*, and only then', () => {
    fc.assert(
      fc.property(shapeArbitrary, (shape) => {
        const { warnings } = compiled(shape);
        const found = warnings.filter((w) => w.code === 'alb-no-catch-all');
        const catchAll = shape.shopPaths.includes('/*') || (shape.tenantPaths ?? []).includes('/*');
        const shop = (estate(shape).apps as { name: string }[]).findIndex((a) => a.name === 'shop');
        expect(found.map((w) => w.path)).toEqual(
          catchAll ? [] : [`apps[${shop}].expose.public.hostnames[0]`],
        );
        for (const w of found) {
          expect(w.message).toContain('shop.example-estate.org');
          expect(w.hint).toContain('"/*"');
          expect(w.line).toBeGreaterThan(0);
        }
      }),
      { seed: 18, numRuns: 12 },
    );
  });

  it('keeps the certificates and the listener’s default certificate whatever the order of the apps', () => {
    fc.assert(
      fc.property(shapeArbitrary, (shape) => {
        const certificates = (s: Shape) => compiled(s).plan.apps.alb!.certificates;
        const reversed = certificates({ ...shape, reverse: true });
        expect(reversed).toEqual(certificates({ ...shape, reverse: false }));
        // The default (ids `certificate`) is the first domain in text order.
        expect(reversed[0]).toMatchObject({ domain: 'example-estate.com', domainName: 'example-estate.com' });
        expect(reversed.map((c) => c.domain)).toEqual([...reversed.map((c) => c.domain)].sort());
      }),
      { seed: 18, numRuns: 6 },
    );
  });

  it('checks each DigitalOcean record with its own hostname as Host header and SNI (a wildcard: a name it covers)', () => {
    fc.assert(
      fc.property(shapeArbitrary, (shape) => {
        const cutover = compiled(shape).plan.cutover!;
        const checkOf = new Map(cutover.healthChecks.map((c) => [c.key, c]));
        const doRecords = cutover.records.filter((r) => r.alias === undefined);
        expect(doRecords.length).toBeGreaterThan(0);
        for (const r of doRecords) {
          const check = checkOf.get(r.healthCheck!)!;
          if (r.name.startsWith('*.')) expect(check.fqdn!.endsWith(r.name.slice(1))).toBe(true);
          else expect(check.fqdn).toBe(r.name);
          expect(check.ipAddress).toBe(r.records![0]);
          expect(check.createBeforeDestroy).toBe(true);
        }
        // Each former per-app check moves to exactly one hostname's check, the one whose name it sent.
        const moves = cutover.healthChecks.filter((c) => c.movedFrom !== undefined);
        expect(new Set(moves.map((c) => c.movedFrom)).size).toBe(moves.length);
        // (As listed: the site's first hostname is the apex; reversed, the API's www comes first.)
        if (!shape.reverse)
          expect(moves.map((c) => [c.movedFrom, c.fqdn])).toEqual(
            expect.arrayContaining([['site-estate-lb', 'example-estate.com']]),
          );
      }),
      { seed: 18, numRuns: 6 },
    );
  });

  it('renders the same listener rules whatever the order of the apps', () => {
    fc.assert(
      fc.property(shapeArbitrary, (shape) => {
        const rules = (s: Shape) =>
          Object.fromEntries(compiled(s).plan.apps.apps.map((a) => [a.name, a.listenerRules]));
        expect(rules({ ...shape, reverse: true })).toEqual(rules({ ...shape, reverse: false }));
      }),
      { seed: 18, numRuns: 12 },
    );
  });
});
