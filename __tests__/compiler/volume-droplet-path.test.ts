/**
 * A volume whose files are on the droplet's own disk (no DigitalOcean volume, no `from`) gets a copy step from
 * its stated `dropletPath`, on the app's first droplet; without `from` or `dropletPath` nothing is copied; both
 * together are refused. Generated paths: the rsync source is exactly the path, one shell word.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { compile } from '../../compiler';
import { partManualSteps } from '../../compiler/parts';
import { loadSpecText } from '../../schema/load';
import { specArbitrary, specOf } from '../helpers/spec-arbitrary';

const segment = fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/).filter((s) => s !== '.' && s !== '..');
const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => `/${parts.join('/')}`);

type Input = {
  apps: { name: string; droplets?: string[]; containers: { name: string }[]; volumes?: unknown[] }[];
  digitalocean: { volumes?: unknown[] };
};

function withVolume(shape: Parameters<typeof specOf>[0], volume: object): Input {
  const input = specOf(shape) as Input;
  const app = input.apps[0];
  app.volumes = [{ name: 'files', container: app.containers[0].name, mountPath: '/data', ...volume }];
  return input;
}

/** A volume's copy step (the Spaces' copy steps of a spec with storage are others). */
const isVolumeCopy = (s: { title: string }) => s.title.startsWith('Copy ') && s.title.includes(' to EFS ');

describe('volumes copied from a droplet path', () => {
  it('a dropletPath gets a copy step from exactly that path on the app droplet', () => {
    let planned = 0;
    fc.assert(
      fc.property(specArbitrary, path, (shape, dropletPath) => {
        const input = withVolume(shape, { dropletPath });
        const result = loadSpecText(stringify(input), 'generated.yaml');
        if (!result.ok) return;
        planned++;
        const steps = partManualSteps(compile(result.spec)).filter(isVolumeCopy);
        expect(steps).toHaveLength(1);
        const [step] = steps;
        expect(step.title).toBe(
          `Copy ${dropletPath} of ${input.apps[0].name}'s droplet to EFS (${input.apps[0].name}/files)`,
        );
        const rsync = step.commands!.find((c) => c.startsWith('rsync '))!;
        expect(rsync.endsWith(`:${dropletPath}/ /mnt/efs/`)).toBe(true);
        const droplet = input.apps[0].droplets?.[0];
        if (droplet) expect(step.detail).toContain(`the droplet ${droplet}`);
      }),
      { numRuns: 30, seed: 20261207 },
    );
    expect(planned).toBeGreaterThan(10);
  });

  it('no from and no dropletPath: nothing to copy; both: refused', () => {
    fc.assert(
      fc.property(specArbitrary, path, (shape, dropletPath) => {
        const none = loadSpecText(stringify(withVolume(shape, {})), 'generated.yaml');
        if (none.ok) {
          const steps = partManualSteps(compile(none.spec)).filter(isVolumeCopy);
          expect(steps).toEqual([]);
        }
        const input = withVolume(shape, { from: 'vol', dropletPath });
        input.digitalocean.volumes = [{ name: 'vol', sizeGb: 10 }];
        const both = loadSpecText(stringify(input), 'generated.yaml');
        expect(both.ok).toBe(false);
        if (!both.ok) expect(both.diagnostics.map((d) => d.code)).toContain('volume-two-sources');
      }),
      { numRuns: 15, seed: 20261208 },
    );
  });
});
