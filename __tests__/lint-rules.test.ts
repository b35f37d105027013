/**
 * The lint rules that guard the design card (eslint.config.js) fire where they should and only there:
 * the provider package index is refused everywhere, cdktf outside stacks/, main.ts and the benchmark's
 * reference workload, and imports of a higher layer.
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
        out.push(r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message));
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

const providerIndex = "import { EcsService } from '@cdktf/provider-aws';\nexport const s = EcsService;\n";
const deepPath =
  "import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';\nexport const s = EcsService;\n";
const cdktf = "import { App } from 'cdktf';\nexport const a = App;\n";

const upward = (to: string) => `import { x } from '../${to}/probe';\nexport const y = x;\n`;
const probes: Probe[] = [
  ...['stacks/probe.ts', 'main-probe.ts', 'bench/reference/probe.ts'].map((path) => ({
    path,
    code: providerIndex,
  })),
  { path: 'stacks/probe.ts', code: deepPath },
  ...['stacks/probe.ts', 'main.ts', 'bench/reference/probe.ts'].map((path) => ({ path, code: cdktf })),
  ...['schema/probe.ts', 'compiler/probe.ts', 'cli/probe.ts', 'bench/probe.ts', 'scripts/probe.ts'].map(
    (path) => ({ path, code: cdktf }),
  ),
  { path: 'compiler/probe.ts', code: upward('stacks') },
  { path: 'schema/probe.ts', code: upward('compiler') },
  { path: 'stacks/probe.ts', code: upward('cli') },
  { path: 'stacks/probe.ts', code: upward('compiler') },
];
const errors = importErrors(probes);
const errorsOf = (path: string, code: string) =>
  errors[probes.findIndex((p) => p.path === path && p.code === code)];

it('refuses the provider package index in every folder, and takes the deep path in stacks/', () => {
  for (const path of ['stacks/probe.ts', 'main-probe.ts', 'bench/reference/probe.ts']) {
    expect(errorsOf(path, providerIndex)).toEqual([expect.stringMatching(/deep path/)]);
  }
  expect(errorsOf('stacks/probe.ts', deepPath)).toEqual([]);
});

it('keeps cdktf in stacks/, main.ts and the bench reference workload', () => {
  for (const path of ['stacks/probe.ts', 'main.ts', 'bench/reference/probe.ts']) {
    expect(errorsOf(path, cdktf)).toEqual([]);
  }
  for (const path of [
    'schema/probe.ts',
    'compiler/probe.ts',
    'cli/probe.ts',
    'bench/probe.ts',
    'scripts/probe.ts',
  ]) {
    expect(errorsOf(path, cdktf)).toEqual([expect.stringMatching(/cdktf belongs in stacks/)]);
  }
});

it('lets a layer import only the layers below it', () => {
  expect(errorsOf('compiler/probe.ts', upward('stacks'))).toEqual([
    expect.stringMatching(/only the layers below/),
  ]);
  expect(errorsOf('schema/probe.ts', upward('compiler'))).toHaveLength(1);
  expect(errorsOf('stacks/probe.ts', upward('cli'))).toHaveLength(1);
  expect(errorsOf('stacks/probe.ts', upward('compiler'))).toEqual([]);
});
