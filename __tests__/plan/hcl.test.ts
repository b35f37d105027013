/** `dropship synth --hcl` writes HCL (cdk.tf), not JSON under a .tf name. */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSynth } from '../../cli/commands/synth';
import { exampleFile } from '../helpers/synth';

describe('synth --hcl', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dropship-hcl-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every stack as HCL with the same resources as the JSON output', () => {
    const quiet = { layout: 'single' as const, quiet: true, file: exampleFile('php-shop') };
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(runSynth({ ...quiet, out: join(dir, 'hcl'), hcl: true })).toBe(0);
    expect(runSynth({ ...quiet, out: join(dir, 'json'), hcl: false })).toBe(0);
    const stacks = readdirSync(join(dir, 'json', 'stacks')).sort();
    expect(stacks.length).toBeGreaterThan(0);
    for (const stack of stacks) {
      const hclFile = join(dir, 'hcl', 'stacks', stack, 'cdk.tf');
      expect(existsSync(hclFile)).toBe(true);
      expect(existsSync(join(dir, 'hcl', 'stacks', stack, 'cdk.tf.json'))).toBe(false);
      const hcl = readFileSync(hclFile, 'utf8');
      expect(hcl.trimStart().startsWith('{')).toBe(false);
      expect(hcl).toMatch(/^terraform \{/m);
      const json = JSON.parse(readFileSync(join(dir, 'json', 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      for (const [type, byName] of Object.entries((json.resource ?? {}) as Record<string, object>)) {
        for (const name of Object.keys(byName)) expect(hcl).toContain(`resource "${type}" "${name}"`);
      }
    }
  });

  it('leaves the process environment as it was', () => {
    expect(process.env.SYNTH_HCL_OUTPUT).toBeUndefined();
  });
});
