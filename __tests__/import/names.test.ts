/** Any DigitalOcean name becomes a valid, unique migration.yaml name (property-based). */
import fc from 'fast-check';
import { NameAllocator, toResourceName } from '../../cli/import/names';
import { ResourceName } from '../../schema/spec';

describe('resource names from DigitalOcean names', () => {
  it('examples', () => {
    expect(toResourceName('example.com', 'droplet')).toBe('example-com');
    expect(toResourceName('Queue.Worker_1', 'droplet')).toBe('queue-worker-1');
    expect(toResourceName('1-web', 'droplet')).toBe('droplet-1-web');
    expect(toResourceName('---', 'volume')).toBe('volume');
    expect(toResourceName('a'.repeat(60), 'x')).toMatch(/^a{41}-[0-9a-f]{6}$/);
  });

  it('always valid, deterministic, and unique per allocator', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 70 }), { maxLength: 30 }), (names) => {
        const allocator = new NameAllocator('droplet');
        const again = new NameAllocator('droplet');
        const out = names.map((n) => allocator.allocate(n));
        for (const name of out) expect(ResourceName.safeParse(name).success).toBe(true);
        expect(new Set(out).size).toBe(out.length);
        expect(names.map((n) => again.allocate(n))).toEqual(out);
      }),
      { numRuns: 300 },
    );
  });
});
