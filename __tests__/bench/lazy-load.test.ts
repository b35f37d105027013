/**
 * The CLI loads its heavy parts lazily: `validate`, `schema` and `--help` must never load cdktf, constructs
 * or a provider package (each costs 100 ms to seconds at start-up). The built CLI runs in a child process
 * with a --require hook that records every loaded CommonJS module; `synth` is the control that proves the
 * hook sees cdktf when it is loaded.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, PHP_SHOP, runCli } from '../helpers/built-cli';
import { exampleFile, REPO_ROOT } from '../helpers/examples';

const HEAVY = [
  /[\\/]node_modules[\\/]cdktf[\\/]/,
  /[\\/]node_modules[\\/]@cdktf[\\/]provider-/,
  /[\\/]node_modules[\\/]constructs[\\/]/,
];

let work: string;
let recorder: string;

beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'dropship-lazy-'));
  recorder = join(work, 'record-modules.js');
  writeFileSync(
    recorder,
    "process.on('exit', () => require('node:fs').writeFileSync(process.env.DROPSHIP_MODULES_OUT, " +
      'JSON.stringify(Object.keys(require.cache))));\n',
  );
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

function modulesLoadedBy(args: string[]): { status: number | null; modules: string[]; stderr: string } {
  const out = join(work, `modules-${args[0].replace(/\W/g, '')}-${Date.now()}.json`);
  const child = runCli(args, work, { nodeArgs: ['--require', recorder], env: { DROPSHIP_MODULES_OUT: out } });
  const modules = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as string[]) : [];
  return { status: child.code, modules, stderr: child.stderr };
}

const heavyIn = (modules: string[]) => modules.filter((m) => HEAVY.some((re) => re.test(m)));

/**
 * The compile modules of the parts `validate` never runs (compiler/parts.ts loads them on first use). Not
 * storage: the cutover, which reports, reads its CDN host names.
 */
const UNREPORTING_PARTS = ['alarms', 'apps', 'ci', 'data'];
const partsIn = (modules: string[]) =>
  UNREPORTING_PARTS.filter((part) => modules.some((m) => m.endsWith(join('dist', 'compiler', `${part}.js`))));

describe('lazy loading of the CLI', () => {
  it('the module recorder sees cdktf when synth loads it (control)', () => {
    const run = modulesLoadedBy(['synth', PHP_SHOP, '--out', join(work, 'out'), '--quiet']);
    expect(run.modules.some((m) => /[\\/]node_modules[\\/]cdktf[\\/]/.test(m))).toBe(true);
    // Control for the next test: compiling the whole plan loads every part.
    expect(partsIn(run.modules)).toEqual(UNREPORTING_PARTS);
  });

  it('`dropship validate` loads no compiler part it does not run (the parts that never report)', () => {
    const run = modulesLoadedBy(['validate', PHP_SHOP]);
    expect(run.status).toBe(0);
    expect(partsIn(run.modules)).toEqual([]);
  });

  it.each([
    { label: 'validate <example>', args: ['validate', PHP_SHOP] },
    { label: 'validate <example> --format json', args: ['validate', PHP_SHOP, '--format', 'json'] },
    { label: 'schema', args: ['schema'] },
    { label: '--help', args: ['--help'] },
  ])('`dropship $label` loads no cdktf, constructs or provider module', ({ args }) => {
    const run = modulesLoadedBy(args);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.status).toBe(0);
    expect(run.modules.length).toBeGreaterThan(0);
    expect(heavyIn(run.modules)).toEqual([]);
  });

  const YAML_PARSER = /[\\/]node_modules[\\/]yaml[\\/]/;

  it('`dropship validate` of an invalid file reports errors without loading cdktf', () => {
    const bad = join(work, 'bad.yaml');
    writeFileSync(bad, 'version: 1\nproject: Shop\n');
    const run = modulesLoadedBy(['validate', bad]);
    expect(run.status).not.toBe(0);
    expect(run.modules.some((m) => m.includes(`${join('dist', 'schema')}`))).toBe(true);
    expect(heavyIn(run.modules)).toEqual([]);
    // Placing a diagnostic needs positions: the full YAML parser is loaded for it (control for the next test).
    expect(run.modules.some((m) => YAML_PARSER.test(m))).toBe(true);
  });

  it('`dropship validate` of a clean file never loads the full YAML parser (nothing to place)', () => {
    // multi-domain: php-shop and django-app have compiler warnings (a production database on a T class),
    // which validate prints (and places) since it compiles.
    const run = modulesLoadedBy(['validate', exampleFile('multi-domain')]);
    expect(run.status).toBe(0);
    expect(run.stderr).not.toMatch(/warning/);
    expect(run.modules.filter((m) => YAML_PARSER.test(m))).toEqual([]);
  });

  it('synth defers the cdktf dependencies it never uses, and they still work when called', () => {
    const script = [
      `require(${JSON.stringify(join(REPO_ROOT, 'dist', 'stacks', 'index.js'))});`,
      "const { dirname } = require('node:path');",
      "const from = { paths: [dirname(require.resolve('cdktf/package.json', { paths: [" +
        JSON.stringify(REPO_ROOT) +
        '] }))] };',
      'const count = (re) => Object.keys(require.cache).filter((f) => re.test(f)).length;',
      'const before = count(/[\\\\/]node_modules[\\\\/](lodash|readable-stream)[\\\\/]/);',
      "const archiver = require(require.resolve('archiver', from));",
      "const semver = require(require.resolve('semver', from));",
      "const works = typeof archiver.create === 'function' && semver.satisfies('1.11.0', '>=1.5');",
      'const after = count(/[\\\\/]node_modules[\\\\/](lodash|readable-stream)[\\\\/]/);',
      'console.log(JSON.stringify({ before, works, after }));',
    ].join('\n');
    const child = spawnSync(process.execPath, ['-e', script], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, DROPSHIP_CDKTF_RESOLVE: '' }, // the speed-ups on, whatever the shell says
    });
    expect(child.stderr).toBe('');
    const result = JSON.parse(child.stdout) as { before: number; works: boolean; after: number };
    expect(result.before).toBe(0);
    expect(result.works).toBe(true);
    expect(result.after).toBeGreaterThan(0);
  });

  it('`dropship validate` loads only the English zod locale, and the others still load when asked for', () => {
    const run = modulesLoadedBy(['validate', PHP_SHOP]);
    expect(run.status).toBe(0);
    const locales = run.modules.filter((m) => /[\\/]zod[\\/]v4[\\/]locales[\\/]/.test(m));
    expect(locales.map((m) => m.replace(/.*[\\/]/, '')).sort()).toEqual(['en.cjs', 'index.cjs']);
    const script = [
      `require(${JSON.stringify(join(REPO_ROOT, 'dist', 'schema', 'spec.js'))});`,
      "const { z } = require(require.resolve('zod', { paths: [" + JSON.stringify(REPO_ROOT) + '] }));',
      'console.log(typeof z.locales.de, typeof z.locales.en);',
    ].join('\n');
    const child = spawnSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe('function function');
  });
});
