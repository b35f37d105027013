/**
 * `dropship synth` is self-contained: it starts no subprocess (cdktf's validations would run
 * `terraform version` once per imported resource, which costs seconds on large fleets and fails the synth
 * on a machine without terraform). The bundled example imports DigitalOcean records, so it exercises that.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureBuilt, PHP_SHOP, runCli } from '../helpers/built-cli';
import { readFilesUnder } from '../helpers/files';

let work: string;

beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'dropship-offline-'));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

it('synthesizes the example with no terraform on PATH and without starting any subprocess', () => {
  // A hook that fails the process if anything spawns a child.
  const hook = join(work, 'no-subprocess.js');
  writeFileSync(
    hook,
    "const cp = require('node:child_process');\n" +
      "for (const fn of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {\n" +
      "  cp[fn] = () => { throw new Error('subprocess started during synth: ' + fn); };\n" +
      '}\n',
  );
  const out = join(work, 'out');
  const child = runCli(['synth', PHP_SHOP, '--out', out, '--quiet'], work, {
    nodeArgs: ['--require', hook],
    // Only node's own directory: no terraform, whatever the machine has installed.
    env: { PATH: dirname(process.execPath) },
  });
  expect(child.stderr).not.toMatch(/subprocess started|terraform version|internal error/);
  expect(child.code).toBe(0);
  expect(existsSync(join(out, 'stacks'))).toBe(true);
});

it('writes the same Terraform with and without cdktf’s token creation stacks (a speed switch only)', () => {
  const synth = (out: string, env: NodeJS.ProcessEnv) =>
    runCli(['synth', PHP_SHOP, '--out', out, '--quiet'], work, { env });
  const fast = synth(join(work, 'fast'), {});
  const traced = synth(join(work, 'traced'), { DROPSHIP_TOKEN_STACKS: '1' });
  expect([fast.code, traced.code]).toEqual([0, 0]);
  const fastFiles = readFilesUnder(join(work, 'fast'));
  expect(Object.keys(fastFiles).filter((f) => f.endsWith('cdk.tf.json')).length).toBeGreaterThan(0);
  expect(fastFiles).toEqual(readFilesUnder(join(work, 'traced')));
});
