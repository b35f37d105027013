/**
 * Commands that rewrite migration.yaml (`cutover next|rollback|set`, `import --into`) run by several
 * processes at once, or while another program writes the file: no change may be lost while its command said
 * it succeeded. Through the built CLI, since the lock and the last check are between processes.
 */
import { spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setCutoverCurrent } from '../../schema/edit-cutover';
import { ensureBuilt, PHP_SHOP, runCli, runCliAsync } from '../helpers/built-cli';
import { faultHook, reasonOf } from '../helpers/faults';

let dir: string;
beforeAll(ensureBuilt);
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dropship-edits-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const PHASES = [0, 10, 50, 100]; // php-shop's cutover.phases

/** php-shop at `phase`, written to `<dir>/migration.yaml`. */
function specAt(phase: number, name = 'migration.yaml'): string {
  const file = join(dir, name);
  const text = readFileSync(PHP_SHOP, 'utf8');
  writeFileSync(file, phase === 0 ? text : setCutoverCurrent(text, phase).text);
  return file;
}

const currentOf = (file: string) => Number(/^ {2}current: (\d+)/m.exec(readFileSync(file, 'utf8'))?.[1]);

/** Files left beside the spec that are not the spec (temporary files, locks). */
const leftovers = (folder = dir) => readdirSync(folder).filter((f) => f !== 'migration.yaml');

/**
 * A module for `node --require` that makes another program save `file` while dropship writes its new text
 * (when it flushes the temporary file), i.e. after dropship read the file and before its last check.
 */
function editorHook(file: string): string {
  const hook = join(dir, 'editor-hook.js');
  writeFileSync(
    hook,
    `const fs = require('node:fs');
const fsync = fs.fsyncSync;
fs.fsyncSync = function () {
  fs.appendFileSync(${JSON.stringify(file)}, '# saved by an editor\\n');
  fs.fsyncSync = fsync;
  return fsync.apply(this, arguments);
};
`,
  );
  return hook;
}

describe('concurrent rewrites of migration.yaml', () => {
  it('three cutover edits at once (next, next, rollback), many times: every change that reported success is in the file', async () => {
    const rounds = 6;
    const outcomes: string[] = [];
    for (let round = 0; round < rounds; round++) {
      const file = specAt(10);
      const runs = await Promise.all(
        ['next', 'next', 'rollback'].map((action) => runCliAsync(['cutover', action, file], dir)),
      );
      const ok = (action: number) => (runs[action].code === 0 ? 1 : 0);
      // Each run that said success moved the phase one step; a run that did not said why and exited 2.
      const expected = PHASES.indexOf(10) + ok(0) + ok(1) - ok(2);
      for (const r of runs.filter((r) => r.code !== 0)) {
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/changed since dropship read it|being edited by another dropship/);
      }
      expect(PHASES.indexOf(currentOf(file))).toBe(expected);
      expect(leftovers()).toEqual([]);
      outcomes.push(runs.map((r) => r.code).join(','));
    }
    // With the lock the three take turns, so all of them succeed (not merely refuse safely).
    expect(outcomes).toEqual(Array(rounds).fill('0,0,0'));
  });

  it('refuses (exit 2, nothing written) when another program wrote the file after dropship read it', () => {
    const file = specAt(0);
    const r = runCli(['cutover', 'next', file], dir, { nodeArgs: ['--require', editorHook(file)] });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`dropship: ${file} changed since dropship read it`);
    expect(r.stderr).toContain('nothing written; run the command again');
    const after = readFileSync(file, 'utf8');
    expect(after.endsWith('# saved by an editor\n')).toBe(true); // the editor's save survives
    expect(currentOf(file)).toBe(0);
    expect(leftovers().filter((f) => f !== 'editor-hook.js')).toEqual([]);
  });

  it('import --into refuses the same way when the file changed before its rename', () => {
    const fixtures = join(__dirname, '..', 'fixtures', 'doctl');
    const file = join(dir, 'migration.yaml');
    const draft = runCli(['import', fixtures, '--project', 'shop', '--out', file], dir);
    expect(draft.code).toBe(0);
    const before = readFileSync(file, 'utf8');
    const inputs = ['droplets.json', 'load-balancers.json', 'volumes.json', 'databases.json', 'domains.json'];
    const r = runCli(['import', ...inputs.map((f) => join(fixtures, f)), '--into', file, '--force'], dir, {
      nodeArgs: ['--require', editorHook(file)],
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/changed since dropship read it/);
    expect(readFileSync(file, 'utf8')).toBe(`${before}# saved by an editor\n`);
  });

  it('waits for another dropship holding the lock, then edits what is there', async () => {
    const file = specAt(0);
    const lock = `${file}.dropship-lock`;
    // A live process stands in for the other dropship; its lock goes away after 3 s.
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
    writeFileSync(lock, JSON.stringify({ pid: holder.pid, host: hostname() }));
    let whileLocked: number | undefined;
    const release = new Promise<void>((done) =>
      setTimeout(() => {
        whileLocked = currentOf(file);
        unlinkSync(lock);
        done();
      }, 3000),
    );
    const r = await runCliAsync(['cutover', 'next', file], dir);
    await release;
    holder.kill();
    expect(r.code).toBe(0);
    expect(whileLocked).toBe(0); // nothing written while the other held the lock
    expect(currentOf(file)).toBe(10);
    expect(existsSync(lock)).toBe(false);
  });

  it('gives up after 10 s on a lock whose holder is still running, and at once on one left by a dead process', () => {
    const file = specAt(0);
    const lock = `${file}.dropship-lock`;
    const before = readFileSync(file, 'utf8');
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname() }));
    const busy = runCli(['cutover', 'next', file], dir);
    expect(busy.code).toBe(2);
    expect(busy.stderr).toContain(`is being edited by another dropship (process ${process.pid}`);
    const deadPid = 2 ** 22 + 12345; // above Linux's pid_max: never a running process
    writeFileSync(lock, JSON.stringify({ pid: deadPid, host: hostname() }));
    const started = Date.now();
    const stale = runCli(['cutover', 'next', file], dir);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(stale.code).toBe(2);
    expect(stale.stderr).toContain(`left behind by dropship process ${deadPid}, which is no longer running`);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readFileSync(lock, 'utf8')).toContain(String(deadPid)); // never removed by a guess
  }, 30_000);

  it('a lock it cannot write (a full disk) is removed at once: exit 2 with the reason, and the next run works', () => {
    const file = specAt(0);
    const before = readFileSync(file, 'utf8');
    const nodeArgs = faultHook(dir, [{ fn: 'writeSync', path: 'dropship-lock$', code: 'ENOSPC' }]);
    const full = runCli(['cutover', 'next', file], dir, { nodeArgs });
    expect(full.code).toBe(2);
    expect(full.stderr).toContain(`cannot lock ${file}`);
    expect(full.stderr).toContain(reasonOf('ENOSPC'));
    expect(leftovers().filter((f) => !f.startsWith('faults-'))).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe(before);
    const next = runCli(['cutover', 'next', file], dir);
    expect(next.code).toBe(0);
    expect(currentOf(file)).toBe(PHASES[1]);
  }, 30_000);
});

describe('how a rewrite writes', () => {
  it('rewrites the target of a symlinked spec (the link stays) and says which file it wrote', () => {
    const real = specAt(0, 'real.yaml');
    chmodSync(real, 0o640);
    const link = join(dir, 'migration.yaml');
    symlinkSync(real, link);
    const r = runCli(['cutover', 'next', link], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote ${real} (the target of the symlink ${link})`);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(currentOf(real)).toBe(10);
    expect(statSync(real).mode & 0o7777).toBe(0o640);
  });

  it('refuses a dangling symlink and a spec that is not a regular file, writing nothing', () => {
    const link = join(dir, 'migration.yaml');
    symlinkSync(join(dir, 'nowhere.yaml'), link);
    const dangling = runCli(['cutover', 'next', link], dir);
    expect(dangling.code).toBe(2);
    expect(dangling.stderr).toMatch(/symbolic link to a file that cannot be resolved/);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(existsSync(join(dir, 'nowhere.yaml'))).toBe(false);
    // import --out onto a device: renaming over it would replace the device itself.
    const device = runCli(['import', join(__dirname, '..', 'fixtures', 'doctl'), '--out', '/dev/null'], dir);
    expect(device.code).toBe(2);
    expect(device.stderr).toContain('/dev/null is not a regular file');
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  (process.getuid?.() === 0 ? it : it.skip)(
    'keeps the owner and the mode of the file it rewrites (as root)',
    () => {
      const file = specAt(0);
      chownSync(file, 4321, 4321);
      chmodSync(file, 0o604);
      expect(runCli(['cutover', 'next', file], dir).code).toBe(0);
      const stats = statSync(file);
      expect([stats.uid, stats.gid, stats.mode & 0o7777]).toEqual([4321, 4321, 0o604]);
    },
  );

  it('creates its temporary file exclusively (O_EXCL) under a random name beside the spec, and flushes it', () => {
    const file = specAt(0);
    const log = join(dir, 'opens.log');
    const hook = join(dir, 'open-hook.js');
    writeFileSync(
      hook,
      `const fs = require('node:fs');
for (const name of ['openSync', 'fsyncSync']) {
  const original = fs[name];
  fs[name] = function (target, flags) {
    const result = original.apply(this, arguments);
    if (name === 'openSync' && /\\.tmp$/.test(String(target)))
      fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ open: String(target), flags }) + '\\n');
    if (name === 'fsyncSync') fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ fsync: true }) + '\\n');
    return result;
  };
}
`,
    );
    const runs = [1, 2].map(() => runCli(['cutover', 'next', file], dir, { nodeArgs: ['--require', hook] }));
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    const entries = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { open?: string; flags?: string; fsync?: boolean });
    const opens = entries.filter((e) => e.open !== undefined);
    expect(opens).toHaveLength(2);
    for (const o of opens) {
      expect(o.flags).toBe('wx');
      expect(o.open).toMatch(new RegExp(`^${dir}/\\.migration\\.yaml\\.dropship-[0-9a-f]{12}\\.tmp$`));
    }
    expect(opens[0].open).not.toBe(opens[1].open);
    expect(entries.some((e) => e.fsync)).toBe(true);
    expect(leftovers().sort()).toEqual(['open-hook.js', 'opens.log']);
  });
});
