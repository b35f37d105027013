/**
 * Production caches that hold sessions or queues (schema/inventory/caches.ts): two nodes with automatic
 * failover and Multi-AZ unless the spec keeps one, which warns and names the risk; a `check` over the
 * group's AUTH flag for every cache; prevent_destroy on production caches and the environment's key.
 * Over generated specs with every combination of `holds`, `nodes` and `memoryAlarm`.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { compile } from '../../compiler';
import { loadSpecText } from '../../schema/load';
import { specArbitrary, specOf } from '../helpers/spec-arbitrary';

const cacheShape = fc.record({
  holds: fc.constantFrom(undefined, 'sessions', 'queues', 'cache'),
  nodes: fc.constantFrom(undefined, 1, 2, 3),
  memoryAlarm: fc.constantFrom(undefined, false, 80),
  sourceNodes: fc.constantFrom(1, 2),
});

const generated = fc
  .tuple(
    specArbitrary.filter((s) => s.cache !== 'none'),
    cacheShape,
  )
  .map(([shape, c]) => {
    const input = specOf(shape) as {
      caches: Record<string, unknown>[];
      digitalocean: { databases: { name: string; nodes: number }[] };
    };
    const cache = input.caches[0];
    if (c.holds !== undefined) cache.holds = c.holds;
    if (c.nodes !== undefined) cache.nodes = c.nodes;
    if (c.memoryAlarm !== undefined) cache.memoryAlarm = c.memoryAlarm;
    const source = input.digitalocean.databases.find((d) => d.name === cache.from)!;
    source.nodes = c.sourceNodes;
    return { shape, c, result: loadSpecText(stringify(input), 'generated.yaml') };
  })
  .filter(({ result }) => result.ok);

describe('cache availability in production', () => {
  it('a production state store gets a replica and failover, or a warning naming the risk', () => {
    fc.assert(
      fc.property(generated, ({ shape, c, result }) => {
        if (!result.ok) return;
        const production = shape.environment === 'production';
        const stateful = (c.holds ?? (c.memoryAlarm === false ? 'cache' : 'sessions')) !== 'cache';
        const plan = compile(result.spec);
        const cache = plan.data.caches[0];
        const expected = c.nodes ?? (production && stateful ? Math.max(2, c.sourceNodes) : c.sourceNodes);
        expect(cache.numCacheClusters).toBe(expected);
        expect(cache.automaticFailover).toBe(expected > 1);
        expect(cache.multiAz).toBe(expected > 1);
        const warned = result.warnings.filter((w) => w.code === 'data/single-node-cache');
        expect(warned).toHaveLength(production && stateful && c.nodes === 1 ? 1 : 0);
        for (const w of warned) expect(w.message).toMatch(/loses every (session|queued job)/);
        expect(cache.preventDestroy).toBe(production);
        expect(plan.network.kms.preventDestroy).toBe(production);
        expect(cache.authCheck.name).toBe(`cache-${cache.name}-auth`);
        expect(cache.authCheck.errorMessage).toContain(cache.replicationGroupId);
      }),
      { numRuns: 80, seed: 20261207 },
    );
  });

  it('states that raising an applied group to two nodes changes it in place', () => {
    fc.assert(
      fc.property(
        generated.filter(({ shape, c }) => shape.environment === 'production' && c.nodes === undefined),
        ({ c, result }) => {
          if (!result.ok) return;
          const plan = compile(result.spec);
          const decision = plan.data.decisions.find((d) => d.subject === 'caches.cache.nodes')!;
          const stateful = (c.holds ?? (c.memoryAlarm === false ? 'cache' : 'sessions')) !== 'cache';
          expect(/in place: num_cache_clusters 1 → 2/.test(decision.rule)).toBe(
            stateful && c.sourceNodes < 2,
          );
        },
      ),
      { numRuns: 12, seed: 20261208 },
    );
  });
});
