/**
 * Standard output into a file that cannot take it (a full disk, a failing device) stops the command with exit 2
 * and the reason, never a truncated file and exit 0; a reader that stops reading (`| head`) ends it quietly.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, PHP_SHOP } from '../helpers/built-cli';
import { REPO_ROOT } from '../helpers/examples';
import { faultHook, reasonOf } from '../helpers/faults';

const CLI = join(REPO_ROOT, 'bin', 'dropship.js');
let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'dropship-stdout-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs dropship with its standard output in `out` (a file), standard error captured. */
function intoFile(args: string[], out: string, nodeArgs: string[] = []) {
  const fd = openSync(out, 'w');
  try {
    return spawnSync(process.execPath, [...nodeArgs, CLI, ...args], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', fd, 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
  } finally {
    closeSync(fd);
  }
}

describe('standard output', () => {
  it('into a file: every byte, exit 0', () => {
    const out = join(dir, 'plan.json');
    const r = intoFile(['plan', PHP_SHOP, '--format', 'json'], out);
    expect(r.status).toBe(0);
    expect(() => JSON.parse(readFileSync(out, 'utf8'))).not.toThrow();
  });

  it('a file on a full disk: exit 2 with the reason, not a truncated file and exit 0', () => {
    const out = join(dir, 'full.json');
    // The first write to standard output (descriptor 1, opened by the parent: no path) fails.
    const nodeArgs = faultHook(dir, [{ fn: 'writeSync', path: '^$', code: 'ENOSPC' }]);
    const r = intoFile(['plan', PHP_SHOP, '--format', 'json'], out, nodeArgs);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `dropship: cannot write standard output: ${reasonOf('ENOSPC')}; what was written is incomplete\n`,
    );
  });

  it('a device that refuses writes (/dev/full): exit 2 with the reason, no stack trace', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" schema > /dev/full`], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^dropship: cannot write standard output: .*\(ENOSPC\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a reader that stops reading: exit 0, nothing on standard error', () => {
    const script = `"${process.execPath}" "${CLI}" schema | head -c 1 >/dev/null; echo "\${PIPESTATUS[0]}"`;
    const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
    expect(r.stdout).toBe('0\n');
    expect(r.stderr).toBe('');
  });
});
