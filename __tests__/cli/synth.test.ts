/**
 * `dropship synth` end to end through bin/dropship.js: the output layout, byte-identical reruns, and that
 * a failed run (invalid spec, compiler-only error) exits non-zero and leaves the previous output untouched.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, PHP_SHOP, runCli } from '../helpers/built-cli';
import { REPO_ROOT } from '../helpers/examples';
import { readFilesUnder } from '../helpers/files';

let dir: string;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'dropship-synth-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function dropship(...args: string[]) {
  return dropshipIn(REPO_ROOT, ...args);
}

function dropshipIn(cwd: string, ...args: string[]) {
  return runCli(args, cwd);
}

describe('dropship synth', () => {
  it('writes one cdk.tf.json per stack, byte-identical on a rerun', () => {
    const out = join(dir, 'a');
    expect(dropship('synth', PHP_SHOP, '--out', out, '--quiet').code).toBe(0);
    const first = readFilesUnder(out);
    const stacks = Object.keys(first).filter((f) => f.endsWith('/cdk.tf.json'));
    expect(stacks).toEqual(
      expect.arrayContaining([
        'stacks/shop-production-network/cdk.tf.json',
        'stacks/shop-production-apps/cdk.tf.json',
      ]),
    );
    expect(dropship('synth', PHP_SHOP, '--out', out, '--quiet').code).toBe(0);
    expect(readFilesUnder(out)).toEqual(first);
  });

  it('leaves the previous output untouched when the spec is invalid (exit 1)', () => {
    const out = join(dir, 'b');
    expect(dropship('synth', PHP_SHOP, '--out', out, '--quiet').code).toBe(0);
    const before = readFilesUnder(out);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(PHP_SHOP, 'utf8').replace('port: 80\n', 'port: eighty\n'));
    const r = dropship('synth', bad, '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+: error:/);
    expect(readFilesUnder(out)).toEqual(before);
  });

  it('leaves the previous output untouched on a compiler-only error, located (exit 1)', () => {
    const out = join(dir, 'c');
    expect(dropship('synth', PHP_SHOP, '--out', out, '--quiet').code).toBe(0);
    const before = readFilesUnder(out);
    const dms = join(dir, 'dms.yaml');
    writeFileSync(
      dms,
      readFileSync(PHP_SHOP, 'utf8').replace('migration: { method: dump }', 'migration: { method: dms }'),
    );
    const r = dropship('synth', dms, '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/dms\.yaml:\d+:\d+: error: DMS needs the DigitalOcean password/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(readFilesUnder(out)).toEqual(before);
  });

  it('refuses an Aurora cluster beyond one writer and 15 replicas at readReplicas, writing nothing (exit 1)', () => {
    const out = join(dir, 'aurora');
    const aurora = join(dir, 'aurora.yaml');
    writeFileSync(
      aurora,
      readFileSync(PHP_SHOP, 'utf8').replace(
        '    databaseName: shop\n',
        '    databaseName: shop\n    aurora: true\n    version: "8.0"\n    multiAz: true\n    readReplicas: 15\n',
      ),
    );
    const r = dropship('synth', aurora, '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/aurora\.yaml:\d+:\d+: error: 15 reader\(s\) plus the Multi-AZ standby make 17/);
    expect(r.stderr).toContain('(at databases[0].readReplicas)');
    expect(r.stderr).toContain('hint: set readReplicas: 14 or fewer, or multiAz: false');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an empty --only (exit 2) instead of synthesizing every app', () => {
    const out = join(dir, 'only-empty');
    for (const only of ['', ',']) {
      const r = dropship('synth', PHP_SHOP, '--out', out, '--layout', 'per-app', '--only', only);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/error: --only names no app/);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('refuses --only with an app the spec does not declare (exit 2), writing nothing', () => {
    const out = join(dir, 'only');
    const r = dropship('synth', PHP_SHOP, '--out', out, '--layout', 'per-app', '--only', 'nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /migration\.yaml:\d+:\d+: error: --only names apps the spec does not declare: nope/,
    );
    expect(r.stderr).toMatch(/declared apps: web/);
    expect(existsSync(out)).toBe(false);
  });

  it('replaces a folder that holds only an empty stacks/ (what a bare cdktf App leaves behind)', () => {
    const out = join(dir, 'bare');
    mkdirSync(join(out, 'stacks'), { recursive: true });
    expect(dropship('synth', PHP_SHOP, '--out', out, '--quiet').code).toBe(0);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
  });

  it('exits 2 for a missing file', () => {
    const r = dropship('synth', join(dir, 'missing.yaml'), '--out', join(dir, 'd'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing.yaml: file not found');
    expect(existsSync(join(dir, 'd'))).toBe(false);
  });

  it('never replaces a directory that is not synth output: the project, the spec, a folder of files (exit 2)', () => {
    const project = join(dir, 'project');
    mkdirSync(project);
    const spec = join(project, 'migration.yaml');
    writeFileSync(spec, readFileSync(PHP_SHOP, 'utf8'));
    writeFileSync(join(project, 'important.txt'), 'keep me');
    for (const out of ['.', 'migration.yaml', '..']) {
      const r = dropshipIn(project, 'synth', 'migration.yaml', '--out', out);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/refusing to (write to|replace)/);
    }
    mkdirSync(join(project, 'notes'));
    writeFileSync(join(project, 'notes', 'a.txt'), 'mine');
    expect(dropshipIn(project, 'synth', 'migration.yaml', '--out', 'notes').code).toBe(2);
    expect(readFileSync(join(project, 'notes', 'a.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(project, 'important.txt'), 'utf8')).toBe('keep me');
    expect(readFileSync(spec, 'utf8')).toBe(readFileSync(PHP_SHOP, 'utf8'));
  });

  it("writes output others can read (not mkdtemp's 0700)", () => {
    const out = join(dir, 'e');
    expect(dropship('synth', PHP_SHOP, '--out', out, '--quiet').code).toBe(0);
    expect(statSync(out).mode & 0o055).toBe(0o055 & ~process.umask());
  });
});
