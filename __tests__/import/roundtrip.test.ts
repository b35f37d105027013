import { existsSync } from 'node:fs';
/**
 * import → validate → compile → render → synth: the drafted file is a working start, not just valid YAML.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../compiler';
import { cleanupSynth, synthPlan } from '../helpers/synth';
import { apiFixtures, doctlFixtures, hasApiFixtures, importAndLoad, warnIfNoApiFixtures } from './helpers';

afterAll(cleanupSynth);

describe('round trip', () => {
  it('the doctl shop: validates, compiles and synthesizes every stack', () => {
    const { spec } = importAndLoad({ inputs: [doctlFixtures], project: 'shop' });
    const plan = compile(spec);
    const out = synthPlan(plan);
    expect(out.stackNames.length).toBeGreaterThanOrEqual(5);
    for (const name of out.stackNames) expect(() => out.stackJson(name)).not.toThrow();
    const everything = out.stackNames.map((n) => readFileSync(out.stackFile(n), 'utf8')).join('\n');
    // The imported inventory reaches the plan: the load-balanced app and its hostnames.
    expect(everything).toContain('shop-example.com');
    expect(everything).not.toContain('AVNS_fixture');
  });

  warnIfNoApiFixtures();
  (hasApiFixtures ? it : it.skip)(
    'every real API response at once: validates, compiles and synthesizes',
    () => {
      const { spec } = importAndLoad({ inputs: [apiFixtures] });
      const out = synthPlan(compile(spec));
      expect(out.stackNames).toEqual(expect.arrayContaining([expect.stringMatching(/-network$/)]));
      expect(existsSync(join(out.outdir, 'stacks', out.stackNames[0], 'cdk.tf.json'))).toBe(true);
    },
  );
});
