/**
 * One DigitalOcean volume named by several volumes[] entries (across containers and apps) becomes several EFS
 * file systems today: the spec is warned at every entry after the first, and never when each volume has one
 * entry. Generated assignments of volumes to apps.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { loadSpecText } from '../../schema/load';
import { specArbitrary, specOf } from '../helpers/spec-arbitrary';

type Input = {
  apps: { containers: { name: string }[]; volumes?: unknown[] }[];
  digitalocean: { volumes?: unknown[] };
};

describe('one DigitalOcean volume in several volumes[] entries', () => {
  it('warns at each entry after the first that names the same volume', () => {
    let checked = 0;
    fc.assert(
      fc.property(
        specArbitrary,
        fc.array(fc.constantFrom('vol-a', 'vol-b', 'vol-c'), { minLength: 1, maxLength: 6 }),
        (shape, sources) => {
          const input = specOf(shape) as Input;
          input.digitalocean.volumes = ['vol-a', 'vol-b', 'vol-c'].map((name) => ({ name, sizeGb: 10 }));
          input.apps.forEach((app) => (app.volumes = []));
          sources.forEach((from, i) => {
            const app = input.apps[i % input.apps.length];
            app.volumes!.push({
              name: `v${i}`,
              from,
              container: app.containers[0].name,
              mountPath: `/d${i}`,
            });
          });
          const result = loadSpecText(stringify(input), 'generated.yaml');
          if (!result.ok) return;
          checked++;
          const warned = result.warnings.filter((w) => w.code === 'volume-shared');
          expect(warned).toHaveLength(sources.length - new Set(sources).size);
        },
      ),
      { numRuns: 40, seed: 20261207 },
    );
    expect(checked).toBeGreaterThan(10);
  });
});
