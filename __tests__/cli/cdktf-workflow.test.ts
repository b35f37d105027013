/**
 * The cdktf workflow in a team's own repository (README: "cdktf"): a cdktf.json whose app is
 * `dropship synth`. cdktf-cli tells its app where to write through CDKTF_OUTDIR and prints every line of
 * the app's stderr as `[ERROR]`, so dropship writes there and keeps its warnings off stderr.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleFile, REPO_ROOT } from '../helpers/examples';
import { ensureBuilt, runCli } from '../helpers/built-cli';

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'dropship-cdktf-'));
  copyFileSync(exampleFile('php-shop'), join(dir, 'migration.yaml'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dropship synth as a cdktf app', () => {
  it('writes to $CDKTF_OUTDIR, and its warnings go to stdout when cdktf runs it', () => {
    const env = { CDKTF_OUTDIR: join(dir, 'from-env'), CDKTF_CONTEXT_JSON: '{}' };
    const r = runCli(['synth', 'migration.yaml'], dir, { env });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/warning/);
    expect(readdirSync(join(dir, 'from-env', 'stacks')).length).toBeGreaterThan(3);
  });

  it('outside cdktf, warnings stay on stderr and --out wins over $CDKTF_OUTDIR', () => {
    const r = runCli(['synth', 'migration.yaml', '--out', 'named', '--quiet'], dir, {
      env: { CDKTF_OUTDIR: join(dir, 'ignored') },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning/);
    expect(existsSync(join(dir, 'named', 'stacks'))).toBe(true);
    expect(existsSync(join(dir, 'ignored'))).toBe(false);
  });

  it('cdktf synth --output runs it: every stack written there, no [ERROR] line', () => {
    const cli = join(REPO_ROOT, 'bin', 'dropship.js');
    writeFileSync(
      join(dir, 'cdktf.json'),
      JSON.stringify({ language: 'typescript', app: `node ${JSON.stringify(cli)} synth migration.yaml` }),
    );
    const terraformrc = join(dir, 'terraformrc');
    writeFileSync(terraformrc, '');
    const r = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'cdktf'), ['synth', '--output', 'build'], {
      cwd: dir,
      encoding: 'utf8',
      // No telemetry, no version check, and a terraform CLI config so terraform itself has nothing to warn.
      env: {
        ...process.env,
        CI: '1',
        CHECKPOINT_DISABLE: '1',
        TF_CLI_CONFIG_FILE: terraformrc,
        NO_COLOR: '1',
      },
      timeout: 120_000,
    });
    expect({ status: r.status, errors: `${r.stdout}${r.stderr}`.match(/.*\[ERROR\].*/g) }).toEqual({
      status: 0,
      errors: null,
    });
    expect(readdirSync(join(dir, 'build', 'stacks')).sort()).toEqual(
      readdirSync(join(dir, 'from-env', 'stacks')).sort(),
    );
  }, 150_000);
});
