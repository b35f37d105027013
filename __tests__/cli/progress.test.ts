/**
 * synth's progress line: on stderr only when stderr is a terminal, rewritten in place and cleared, never in
 * a pipe or a CI log. The terminal case runs the built CLI under a pseudo-terminal (util-linux `script`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { progressOn } from '../../cli/progress';
import { ensureBuilt, PHP_SHOP, runCli } from '../helpers/built-cli';
import { REPO_ROOT } from '../helpers/examples';

function fakeStream(isTTY: boolean, columns = 80) {
  const written: string[] = [];
  const stream = { isTTY, columns, write: (s: string) => written.push(s) > 0 };
  return { stream: stream as unknown as NodeJS.WriteStream, written };
}

const CLEAR = '\r\u001b[2K';

describe('progressOn', () => {
  it('writes nothing when the stream is not a terminal', () => {
    const { stream, written } = fakeStream(false);
    const p = progressOn(stream);
    p.update('compiling', true);
    p.update('writing');
    p.clear();
    expect(written).toEqual([]);
  });

  it('on a terminal, rewrites one line at most every 100 ms (a forced update always) and clears it', () => {
    let now = 0;
    const { stream, written } = fakeStream(true);
    const p = progressOn(stream, undefined, () => now);
    p.update('one');
    now = 50;
    p.update('two');
    p.update('three', true);
    now = 200;
    p.update('four');
    p.clear();
    p.clear();
    expect(written).toEqual([
      `${CLEAR}dropship: one`,
      `${CLEAR}dropship: three`,
      `${CLEAR}dropship: four`,
      CLEAR,
    ]);
  });

  it('never writes past the terminal width', () => {
    const { stream, written } = fakeStream(true, 30);
    progressOn(stream).update('x'.repeat(100), true);
    expect(written[0].slice(CLEAR.length)).toHaveLength(29);
    expect(written[0].endsWith('…')).toBe(true);
  });
});

describe('synth through the CLI', () => {
  let dir: string;
  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'dropship-progress-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints no progress (no carriage return, no escape) when stderr is a pipe', () => {
    const r = runCli(['synth', PHP_SHOP, '--out', join(dir, 'piped')]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/[\r\u001b]/);
    expect(r.stderr).not.toMatch(/dropship: /);
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;
  (hasScript ? it : it.skip)('shows and clears its progress when stderr is a terminal', () => {
    const cli = join(REPO_ROOT, 'bin', 'dropship.js');
    const command = [process.execPath, cli, 'synth', PHP_SHOP, '--out', join(dir, 'tty')]
      .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
      .join(' ');
    // A new pseudo-terminal may report 0 columns: give it a width, so the lines are not cut short.
    const r = spawnSync('script', ['-qec', `stty cols 200; ${command}`, '/dev/null'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`${CLEAR}dropship: reading and compiling`);
    expect(r.stdout).toContain(`${CLEAR}dropship: building 7 stacks`);
    // The last progress line is cleared before the result is printed.
    expect(r.stdout.lastIndexOf(CLEAR)).toBeGreaterThan(r.stdout.lastIndexOf('dropship: '));
  });
});
