/** Tests that run the built CLI (bin/dropship.js → dist/): build once if dist/ is missing. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { exampleFile, REPO_ROOT } from './examples';

export const PHP_SHOP = exampleFile('php-shop');

/** `npm test` builds before jest; a lone `npx jest` run gets a build here instead of a missing module. */
export function ensureBuilt(): void {
  if (existsSync(join(REPO_ROOT, 'dist', 'cli', 'index.js'))) return;
  spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: REPO_ROOT,
    stdio: 'ignore',
  });
}

const CLI = join(REPO_ROOT, 'bin', 'dropship.js');

export interface RunCliOptions {
  /** Variables added to (or overriding) this process's environment. */
  env?: NodeJS.ProcessEnv;
  /** Options for node itself, before the script (e.g. `['--require', hook]`). */
  nodeArgs?: readonly string[];
  /** Standard input: text or bytes to pipe in, or an open file descriptor to hand over (e.g. /dev/zero). */
  input?: string | Buffer | number;
}

/** Runs `dropship <args>` through bin/dropship.js (no colour), from `cwd` (default: the repository). */
export function runCli(
  args: readonly string[],
  cwd: string = REPO_ROOT,
  options: RunCliOptions = {},
): { code: number | null; stdout: string; stderr: string } {
  const { input } = options;
  const fd = typeof input === 'number' ? input : undefined;
  const r = spawnSync(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    input: typeof input === 'number' ? undefined : input,
    stdio: [fd ?? 'pipe', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `runCli` as a promise, for tests that run several dropship processes at the same time. */
export function runCliAsync(
  args: readonly string[],
  cwd: string = REPO_ROOT,
  options: RunCliOptions = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
