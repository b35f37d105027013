/**
 * The lint rules that guard the design card (eslint.config.js) fire where they should and only there:
 * the provider package index is refused everywhere, cdktf outside stacks/, main.ts, the benchmark's
 * reference workload and the tests (any other folder or root file, a new one included), and imports of a
 * higher layer; by static import, `require('…')` or `import('…')` alike; and rawShell with anything but a
 * string literal.
 */
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from './helpers/examples';

interface Probe {
  path: string;
  code: string;
}

/**
 * The import-rule messages for each probe, as if its code were the file at its path. ESLint loads its
 * config with a dynamic import, which jest's module sandbox refuses, so one child process lints them all.
 */
function importErrors(probes: readonly Probe[]): string[][] {
  const script = `
    const { ESLint } = require('eslint');
    const { join } = require('node:path');
    const probes = JSON.parse(process.argv[1]);
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const out = [];
      for (const p of probes) {
        const [r] = await eslint.lintText(p.code, { filePath: join(process.cwd(), p.path) });
        out.push(
          r.messages
            .filter((m) => m.fatal || ['no-restricted-imports', 'no-restricted-syntax'].includes(m.ruleId))
            .map((m) => m.message),
        );
      }
      process.stdout.write(JSON.stringify(out));
    })();`;
  const child = spawnSync(process.execPath, ['-e', script, JSON.stringify(probes)], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`eslint probe failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as string[][];
}

/**
 * The provider package's index as a probe's import specifier. Spelled in parts so that this file, which
 * imports nothing from it, does not read as an index import to tools scanning the tree.
 */
const PROVIDER_INDEX = ['@cdktf', 'provider-aws'].join('/');
const providerIndex = `import { EcsService } from '${PROVIDER_INDEX}';\nexport const s = EcsService;\n`;
const deepPath =
  "import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';\nexport const s = EcsService;\n";
const cdktf = "import { App } from 'cdktf';\nexport const a = App;\n";
const requireCdktf = "export const { App } = require('cdktf');\n";
const importCdktf = "export const cdktf = import('cdktf');\n";
const requireProviderIndex = `export const { EcsService } = require('${PROVIDER_INDEX}');\n`;
const requireDeepPath = "export const { EcsService } = require('@cdktf/provider-aws/lib/ecs-service');\n";

/** rawShell (compiler/shell.ts) with a string literal, then with each thing it refuses. */
const rawShellProbes = [
  "export const t = rawShell('unset TOKEN');\n",
  'export const t = rawShell(`unset TOKEN`);\n',
  'export const t = (v: string) => rawShell(`unset ${v}`);\n',
  'export const t = (v: string) => rawShell(v);\n',
  "export const t = (v: string) => rawShell('unset ' + v);\n",
  "export const t = rawShell('unset', 'TOKEN');\n",
];

const upward = (to: string) => `import { x } from '../${to}/probe';\nexport const y = x;\n`;
const upwardRequire = (to: string) => `export const { x } = require('../${to}/probe');\n`;
const upwardImport = (to: string) => `export const x = import('../../${to}/probe');\n`;
/** Outside cdktf's places: the layers, the shells and tools, a root file other than main.ts, a new folder. */
const noCdktf = [
  'schema/probe.ts',
  'compiler/probe.ts',
  'cli/probe.ts',
  'bench/probe.ts',
  'scripts/probe.ts',
  'other-root.ts',
  'lib/probe.ts',
];
const cdktfPlaces = ['stacks/probe.ts', 'main.ts', 'bench/reference/probe.ts', '__tests__/probe.ts'];
const probes: Probe[] = [
  ...['stacks/probe.ts', 'main.ts', 'bench/reference/probe.ts'].map((path) => ({
    path,
    code: providerIndex,
  })),
  { path: 'stacks/probe.ts', code: deepPath },
  ...['stacks/probe.ts', 'main.ts', '__tests__/probe.ts'].map((path) => ({
    path,
    code: requireProviderIndex,
  })),
  { path: 'stacks/probe.ts', code: requireDeepPath },
  ...cdktfPlaces.flatMap((path) => [cdktf, requireCdktf, importCdktf].map((code) => ({ path, code }))),
  ...noCdktf.flatMap((path) => [cdktf, requireCdktf, importCdktf].map((code) => ({ path, code }))),
  { path: 'compiler/probe.ts', code: upward('stacks') },
  { path: 'schema/probe.ts', code: upward('compiler') },
  { path: 'stacks/probe.ts', code: upward('cli') },
  { path: 'stacks/probe.ts', code: upward('compiler') },
  { path: 'compiler/probe.ts', code: upwardRequire('stacks') },
  { path: 'compiler/probe.ts', code: upwardImport('cli') },
  { path: 'schema/probe.ts', code: upwardRequire('compiler') },
  { path: 'stacks/probe.ts', code: upwardRequire('compiler') },
  // The CLI loads its own commands lazily, by require().
  { path: 'cli/probe.ts', code: "export const c = require('./commands/validate');\n" },
  ...rawShellProbes.map((code) => ({ path: 'compiler/probe.ts', code })),
];
const errors = importErrors(probes);
const errorsOf = (path: string, code: string) =>
  errors[probes.findIndex((p) => p.path === path && p.code === code)];

it('refuses the provider package index in every folder, and takes the deep path in stacks/', () => {
  for (const path of ['stacks/probe.ts', 'main.ts', 'bench/reference/probe.ts']) {
    expect(errorsOf(path, providerIndex)).toEqual([expect.stringMatching(/deep path/)]);
  }
  expect(errorsOf('stacks/probe.ts', deepPath)).toEqual([]);
  for (const path of ['stacks/probe.ts', 'main.ts', '__tests__/probe.ts']) {
    expect(errorsOf(path, requireProviderIndex)).toEqual([expect.stringMatching(/deep path/)]);
  }
  expect(errorsOf('stacks/probe.ts', requireDeepPath)).toEqual([]);
});

it('keeps cdktf in stacks/, main.ts, the bench reference workload and the tests: elsewhere, any new folder or root file included, imported, required or import()ed', () => {
  for (const path of cdktfPlaces) {
    for (const code of [cdktf, requireCdktf, importCdktf]) expect(errorsOf(path, code)).toEqual([]);
  }
  for (const path of noCdktf) {
    for (const code of [cdktf, requireCdktf, importCdktf]) {
      expect([path, errorsOf(path, code)]).toEqual([
        path,
        [expect.stringMatching(/^(.* )?cdktf belongs in stacks/)],
      ]);
    }
  }
});

it('lets rawShell take a string literal only: no template, variable, concatenation or second argument', () => {
  const [literal, ...refused] = rawShellProbes;
  expect(errorsOf('compiler/probe.ts', literal)).toEqual([]);
  for (const code of refused)
    expect([code, errorsOf('compiler/probe.ts', code)]).toEqual([
      code,
      [expect.stringMatching(/^rawShell takes a string literal only/)],
    ]);
});

it('lets a layer import only the layers below it', () => {
  expect(errorsOf('compiler/probe.ts', upward('stacks'))).toEqual([
    expect.stringMatching(/only the layers below/),
  ]);
  expect(errorsOf('schema/probe.ts', upward('compiler'))).toHaveLength(1);
  expect(errorsOf('stacks/probe.ts', upward('cli'))).toHaveLength(1);
  expect(errorsOf('stacks/probe.ts', upward('compiler'))).toEqual([]);
  expect(errorsOf('compiler/probe.ts', upwardRequire('stacks'))).toEqual([
    expect.stringMatching(/^compiler\/ may import only the layers below/),
  ]);
  expect(errorsOf('compiler/probe.ts', upwardImport('cli'))).toHaveLength(1);
  expect(errorsOf('schema/probe.ts', upwardRequire('compiler'))).toHaveLength(1);
  expect(errorsOf('stacks/probe.ts', upwardRequire('compiler'))).toEqual([]);
  expect(errorsOf('cli/probe.ts', "export const c = require('./commands/validate');\n")).toEqual([]);
});
