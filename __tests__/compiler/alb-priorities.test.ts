import fc from 'fast-check';
import {
  MAX_RULE_PRIORITY,
  hostPatternMatches,
  isWildcardHost,
  pathSpecificity,
  planListenerRules,
  type ListenerRule,
} from '../../schema/inventory/listener-rules';
import type { AppSpec } from '../../schema/spec';

/** Just enough of an app for the priority rules: a name, and a public exposure with hosts and paths, or none. */
function app(
  name: string,
  paths?: string[],
  hostnames = [`${name}.example.com`],
  priority?: number,
): AppSpec {
  const expose = paths ? { public: { hostnames, paths, container: 'c', port: 80, priority } } : undefined;
  return { name, expose } as unknown as AppSpec;
}

const allRules = (apps: readonly AppSpec[]): (ListenerRule & { app: string })[] =>
  [...planListenerRules(apps)].flatMap(([name, rules]) => rules.map((r) => ({ ...r, app: name })));

/** Apps with distinct names, hosts from a small pool (explicit and wildcard, so they overlap), paths of every kind. */
const appsArbitrary = fc
  .uniqueArray(
    fc.record({
      name: fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/),
      hosts: fc.uniqueArray(
        fc.constantFrom(
          'www.example.com',
          'api.example.com',
          'example.com',
          '*.example.com',
          'shop.example.org',
          '*.example.org',
        ),
        { minLength: 1, maxLength: 5 },
      ),
      paths: fc.uniqueArray(
        fc.constantFrom('/*', '/api/*', '/api/v2/*', '/a*', '/static/*', '/health', '/admin/users/*'),
        { minLength: 1, maxLength: 4 },
      ),
    }),
    { selector: (a) => a.name, minLength: 1, maxLength: 12 },
  )
  .map((shapes) => shapes.map((s) => app(s.name, s.paths, s.hosts)));

describe('listener rule priorities', () => {
  it('do not depend on the order of apps: any permutation renders the same rules', () => {
    fc.assert(
      fc.property(
        appsArbitrary.chain((apps) =>
          fc.tuple(fc.constant(apps), fc.shuffledSubarray(apps, { minLength: apps.length })),
        ),
        ([apps, shuffled]) => {
          const sorted = (m: Map<string, ListenerRule[]>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));
          expect(sorted(planListenerRules(shuffled))).toEqual(sorted(planListenerRules(apps)));
        },
      ),
      { seed: 18, numRuns: 200 },
    );
  });

  it('put every rule that can take a request before the rules that are less specific for it', () => {
    fc.assert(
      fc.property(appsArbitrary, (apps) => {
        const rules = allRules(apps);
        expect(new Set(rules.map((r) => r.priority)).size).toBe(rules.length);
        for (const r of rules) {
          expect(r.priority).toBeGreaterThanOrEqual(1);
          expect(r.priority).toBeLessThanOrEqual(MAX_RULE_PRIORITY);
          // One kind of host and one path specificity per rule: its place in the order is well defined.
          expect(new Set(r.hosts.map(isWildcardHost)).size).toBe(1);
          expect(r.hosts.length + r.paths.length).toBeLessThanOrEqual(5);
        }
        const spec = (r: ListenerRule) => Math.min(24, ...r.paths.map(pathSpecificity));
        const most = (r: ListenerRule) => Math.min(24, Math.max(...r.paths.map(pathSpecificity)));
        const outranked: string[] = [];
        for (const a of rules)
          for (const b of rules) {
            const aWild = isWildcardHost(a.hosts[0]);
            const bWild = isWildcardHost(b.hosts[0]);
            // Explicit hosts before wildcard hosts: a wildcard rule never outranks an explicit one; for the
            // same kind of host, a longer literal path prefix first (so /api/* before /*).
            const aFirst = (!aWild && bWild) || (aWild === bWild && spec(a) > most(b));
            if (aFirst && a.priority >= b.priority)
              outranked.push(`${a.app} ${a.priority} vs ${b.app} ${b.priority}`);
          }
        expect(outranked).toEqual([]);
      }),
      { seed: 18, numRuns: 200 },
    );
  });

  it('give each app its rules whatever its place: a wildcard app listed first still comes after the explicit host', () => {
    const rules = allRules([app('wild', ['/*'], ['*.example.com']), app('www', ['/*'], ['www.example.com'])]);
    const priority = (name: string) => rules.find((r) => r.app === name)!.priority;
    expect(priority('www')).toBeLessThan(priority('wild'));
    // An explicit host with a specific path before the same host's catch-all, listed in either order.
    const paths = allRules([
      app('site', ['/*'], ['www.example.com']),
      app('api', ['/api/*'], ['www.example.com']),
    ]);
    expect(paths.find((r) => r.app === 'api')!.priority).toBeLessThan(
      paths.find((r) => r.app === 'site')!.priority,
    );
  });

  it('renumber no other app when one is added, unless their slots collide', () => {
    fc.assert(
      fc.property(appsArbitrary, fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/), (apps, name) => {
        fc.pre(!apps.some((a) => a.name === name));
        const before = planListenerRules(apps);
        const after = planListenerRules([...apps, app(name, ['/*'], ['*.example.com'])]);
        const added = new Set(after.get(name)!.map((r) => r.priority));
        for (const [other, rules] of before) {
          const now = after.get(other)!;
          // Moved only where the new app took a number in the same band, i.e. a collision.
          if (JSON.stringify(now) !== JSON.stringify(rules))
            expect(
              rules.some((r) => added.has(r.priority) || now.some((n) => added.has(n.priority - 1))),
            ).toBe(true);
        }
      }),
      { seed: 18, numRuns: 100 },
    );
  });

  it('numbers public apps among themselves, and keeps 100 catch-all apps (an ALB holds 100 target groups) under the maximum', () => {
    const apps = [
      ...Array.from({ length: 600 }, (_, i) => app(`worker-${i}`)),
      ...Array.from({ length: 100 }, (_, i) => app(`web-${i}`, ['/*'])),
    ];
    const rules = allRules(apps);
    expect(rules).toHaveLength(100);
    expect(new Set(rules.map((r) => r.priority)).size).toBe(100);
    expect(Math.max(...rules.map((r) => r.priority))).toBeLessThanOrEqual(MAX_RULE_PRIORITY);
  });

  it('keeps an explicit expose.public.priority', () => {
    expect(allRules([app('web', ['/*'], ['www.example.com'], 7)])[0].priority).toBe(7);
  });

  it('matches ALB host patterns', () => {
    expect(hostPatternMatches('*.example.com', 'www.EXAMPLE.com')).toBe(true);
    expect(hostPatternMatches('*.example.com', 'example.com')).toBe(false);
    expect(hostPatternMatches('w?w.example.com', 'www.example.com')).toBe(true);
    expect(hostPatternMatches('www.example.com', 'wwwxexample.com')).toBe(false);
  });
});
