import {
  chmodSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCutover, type CutoverArgs } from '../../cli/commands/cutover';
import { writeSpecFileAtomically } from '../../cli/spec-file';
import { ensureBuilt, runCli } from '../helpers/built-cli';
import { captureOutput, type CapturedRun } from '../helpers/output';
import { setCutoverCurrent } from '../../schema/edit-cutover';
import { exampleFile } from '../helpers/synth';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dropship-cutover-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the command with stdout/stderr captured. */
function cutover(args: Omit<CutoverArgs, 'file'>, file: string): CapturedRun {
  return captureOutput(() => runCutover({ ...args, file }));
}

function copyExample(name: string): { file: string; text: string } {
  const text = readFileSync(exampleFile(name), 'utf8');
  const file = join(dir, 'migration.yaml');
  writeFileSync(file, text);
  return { file, text };
}

/** Lines that differ between two texts of the same length in lines. */
function changedLines(a: string, b: string): number[] {
  const x = a.split('\n');
  const y = b.split('\n');
  expect(y.length).toBe(x.length);
  return x.map((line, i) => (line === y[i] ? -1 : i + 1)).filter((i) => i > 0);
}

describe('cutover.dataMode move-first: no failback to the read-only side', () => {
  it('refuses rollback and set back past phase 0, writes nothing, and moves with --force', () => {
    const { file, text } = copyExample('php-shop');
    const moveFirst = text.replace('dataMode: digitalocean-until-100', 'dataMode: move-first');
    expect(moveFirst).not.toBe(text);
    writeFileSync(file, moveFirst.replace(/current: 0 /, 'current: 50 '));
    const before = readFileSync(file, 'utf8');
    for (const args of [{ action: 'rollback' }, { action: 'set', percent: 0 }] as const) {
      const refused = cutover(args, file);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/read-only copy since the data moved before phase 1.*--force/);
      expect(readFileSync(file, 'utf8')).toBe(before);
    }
    expect(cutover({ action: 'next' }, file).code).toBe(0); // forward is fine
    const forced = cutover({ action: 'rollback', force: true }, file);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/Rolling back: after the data moved/);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('moves back freely in digitalocean-until-100, saying what a rollback means', () => {
    const { file, text } = copyExample('php-shop');
    writeFileSync(file, text.replace(/current: 0 /, 'current: 100 '));
    const back = cutover({ action: 'rollback' }, file);
    expect(back.code).toBe(0);
    expect(back.stdout).toMatch(
      /Rolling back: every phase can be rolled back to until the data moves at 100 %/,
    );
  });
});

describe('cutover.dataMoved in digitalocean-until-100: no phase below 100 % while it is true', () => {
  it('refuses rollback and set back from 100 % even with --force, naming the fix, and writes nothing', () => {
    const { file, text } = copyExample('php-shop');
    const moved = text
      .replace(/current: 0 /, 'current: 100 ')
      .replace('dataMode: digitalocean-until-100', 'dataMode: digitalocean-until-100\n  dataMoved: true');
    expect(moved).toMatch(/^ {2}dataMoved: true$/m);
    writeFileSync(file, moved);
    for (const args of [
      { action: 'rollback' },
      { action: 'rollback', force: true },
      { action: 'set', percent: 50, force: true },
    ] as const) {
      const refused = cutover(args, file);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/stale copy since the data moved.*set cutover\.dataMoved: false/);
      // Refused before any edit: not the generic 'the edited file would be invalid'.
      expect(refused.stderr).not.toMatch(/would be invalid/);
      expect(readFileSync(file, 'utf8')).toBe(moved);
    }
    // Once DigitalOcean is the writer again (dataMoved: false), the rollback is an ordinary one.
    writeFileSync(file, moved.replace('dataMoved: true', 'dataMoved: false'));
    expect(cutover({ action: 'rollback' }, file).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^ {2}current: 50 /m);
  });

  it('a spec with dataMoved: true below 100 % is refused by every cutover action, with the located error', () => {
    const { file, text } = copyExample('php-shop');
    const invalid = text
      .replace(/current: 0 /, 'current: 50 ')
      .replace('dataMode: digitalocean-until-100', 'dataMode: digitalocean-until-100\n  dataMoved: true');
    writeFileSync(file, invalid);
    const result = cutover({ action: 'next' }, file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/migration\.yaml:\d+:\d+: error: cutover\.dataMoved is true at phase 50 %/);
    expect(readFileSync(file, 'utf8')).toBe(invalid);
  });
});

describe('dropship cutover next / rollback / set', () => {
  it('next changes only the value of cutover.current; every other line, comments included, is identical', () => {
    const { file, text } = copyExample('php-shop');
    const result = cutover({ action: 'next' }, file);
    expect(result.code).toBe(0);
    const after = readFileSync(file, 'utf8');
    const lines = changedLines(text, after);
    expect(lines).toHaveLength(1);
    const before = text.split('\n')[lines[0] - 1];
    const now = after.split('\n')[lines[0] - 1];
    expect(before).toMatch(/^ {2}current: 0 +# edit this line/);
    // only the value's characters changed: the same line with "0" replaced by "10"
    expect(now).toBe(before.replace('current: 0', 'current: 10'));
    expect(result.stdout).toContain(`-${before}`);
    expect(result.stdout).toContain(`+${now}`);
    expect(result.stdout).toMatch(/@@ -\d+,1 \+\d+,1 @@/);
    expect(result.stdout).toContain('+ shop-example.com A aws weight 10');
  });

  it('rollback after next restores the file byte for byte', () => {
    const { file, text } = copyExample('php-shop');
    expect(cutover({ action: 'next' }, file).code).toBe(0);
    expect(cutover({ action: 'next' }, file).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^ {2}current: 50 /m);
    expect(cutover({ action: 'rollback' }, file).code).toBe(0);
    expect(cutover({ action: 'rollback' }, file).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('keeps a byte-order mark and CRLF line ends: next then rollback restores the bytes exactly', () => {
    const { file, text } = copyExample('php-shop');
    const original = Buffer.from(`\uFEFF${text.replace(/\n/g, '\r\n')}`, 'utf8');
    writeFileSync(file, original);
    expect(cutover({ action: 'next' }, file).code).toBe(0);
    const edited = readFileSync(file);
    expect(edited.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(edited.toString('utf8')).toMatch(/^ {2}current: 10 .*\r$/m);
    expect(cutover({ action: 'rollback' }, file).code).toBe(0);
    expect(readFileSync(file).equals(original)).toBe(true);
  });

  it('refuses to jump more than one phase forward without --force, and writes nothing', () => {
    const { file, text } = copyExample('php-shop');
    const refused = cutover({ action: 'set', percent: 50 }, file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/jumps 2 phases forward \(0 % → 50 %\).*--force/);
    expect(readFileSync(file, 'utf8')).toBe(text);
    const forced = cutover({ action: 'set', percent: 50, force: true }, file);
    expect(forced.code).toBe(0);
    expect(changedLines(text, readFileSync(file, 'utf8'))).toHaveLength(1);
  });

  it('refuses a percentage that is not a phase', () => {
    const { file, text } = copyExample('php-shop');
    const result = cutover({ action: 'set', percent: 30 }, file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('30 % is not a phase; cutover.phases is [0, 10, 50, 100]');
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('rolling back at the first phase or moving on at the last is a no-op (exit 0, file unchanged)', () => {
    const { file, text } = copyExample('php-shop');
    expect(cutover({ action: 'rollback' }, file)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/first phase.*nothing to change/),
    });
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(cutover({ action: 'set', percent: 100, force: true }, file).code).toBe(0);
    const atEnd = readFileSync(file, 'utf8');
    expect(cutover({ action: 'next' }, file)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/last phase.*nothing to change/),
    });
    expect(readFileSync(file, 'utf8')).toBe(atEnd);
  });

  it('validates the file first: an invalid file exits 1 and is left untouched', () => {
    const { file, text } = copyExample('php-shop');
    const broken = text.replace('project: shop ', 'project: Shop_ ');
    writeFileSync(file, broken);
    const result = cutover({ action: 'next' }, file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/migration\.yaml:\d+:\d+: error/);
    expect(readFileSync(file, 'utf8')).toBe(broken);
  });

  it('--dry-run prints the diff and writes nothing', () => {
    const { file, text } = copyExample('php-shop');
    const result = cutover({ action: 'next', dryRun: true }, file);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('dry run, not written');
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});

describe('dropship cutover status', () => {
  it('prints the phase table with the current phase marked', () => {
    const { file } = copyExample('php-shop');
    cutover({ action: 'next' }, file);
    const result = cutover({ action: 'status' }, file);
    expect(result.code).toBe(0);
    const rows = result.stdout.split('\n').filter((l) => /^[▶ ] \d+ %/.test(l));
    expect(rows.map((l) => l.slice(0, 1))).toEqual([' ', '▶', ' ', ' ']);
    expect(rows[1]).toMatch(/^▶ 10 % +10 % +90 %/);
    expect(result.stdout).toContain('Before phase 1: wait out the old TTL (up to 3600 s)');
    expect(result.stdout).toContain('Delegate shop-example.com to Route 53');
    expect(result.stdout).not.toContain('change batch');
  });

  it('per hostname: the apps and paths behind it, and what answers on DigitalOcean at each phase', () => {
    const { file } = copyExample('multi-domain');
    cutover({ action: 'next' }, file);
    const status = cutover({ action: 'status' }, file);
    expect(status.code).toBe(0);
    const block = (hostname: string) => {
      const lines = status.stdout.split('\n');
      const start = lines.indexOf(lines.find((l) => l.startsWith(`  ${hostname} `))!);
      return lines.slice(start, start + 6);
    };
    // www is shared by path: weighted once, against what it answers today (the load balancer through
    // CNAME @), not the union of the site's load balancer and the API's droplet.
    expect(block('www.example-estate.com')).toEqual([
      '  www.example-estate.com (A/AAAA): AWS side the ALB, apps site /*, api /api/*',
      '    DigitalOcean side: load-balancer estate-lb 203.0.113.20 2a03:b0c0:3:d0::20 (what the name answers ' +
        'today, as the inventory lists its DNS records)',
      '        0 %: estate-lb 100',
      '    ▶  10 %: AWS 10, estate-lb 90',
      '       50 %: AWS 50, estate-lb 50',
      '      100 %: AWS 100',
    ]);
    expect(block('shop.example-estate.org').slice(0, 2)).toEqual([
      '  shop.example-estate.org (A): AWS side the ALB, app shop /*',
      '    DigitalOcean side: droplet shop-1 203.0.113.24 (app shop’s droplets)',
    ]);
    expect(status.stdout).toContain(
      '  status.example-estate.org (A/AAAA): no DigitalOcean side (nothing answers it today): a plain alias ' +
        'to the ALB in the ALB’s stack, at every phase',
    );
    expect(status.stdout).not.toContain('api-1');
  });

  it('an existing zone: the old answers end with the change batch, whose records are imported', () => {
    const { file } = copyExample('django-app');
    const status = cutover({ action: 'status' }, file);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(
      'Phase 0 in the existing zone example-bookclub.com: the change batch creates those records and ' +
        'terraform import adopts them (once); the apply adds their health checks.',
    );
    expect(status.stdout).toMatch(
      /Before phase 1: wait out the old TTL \(up to \d+ s\) after the change batch ran \(existing zone example-bookclub\.com: no TTL to lower, no nameserver switch\)\.\n/,
    );
    const next = cutover({ action: 'next', dryRun: true }, file);
    expect(next.stdout).toMatch(/make sure the change batch is older than that \(existing zone/);
  });
});

describe('setCutoverCurrent', () => {
  it('edits a flow-style cutover mapping in place', () => {
    const text = 'version: 1\ncutover: { phases: [0, 50, 100], current: 50, ttl: 60 } # keep\n';
    expect(setCutoverCurrent(text, 100).text).toBe(
      'version: 1\ncutover: { phases: [0, 50, 100], current: 100, ttl: 60 } # keep\n',
    );
  });

  it('inserts current when it is absent, with the mapping’s indentation', () => {
    const text = '# top\ncutover:\n    # phases first\n    phases: [0, 100]\n    ttl: 60\nwaivers: []\n';
    const edit = setCutoverCurrent(text, 100);
    expect(edit.text).toBe(
      '# top\ncutover:\n    # phases first\n    current: 100\n    phases: [0, 100]\n    ttl: 60\nwaivers: []\n',
    );
    expect(edit).toMatchObject({ inserted: true, line: 4, after: '    current: 100' });
  });

  it('refuses a file without a cutover section', () => {
    expect(() => setCutoverCurrent('version: 1\n', 10)).toThrow(/no cutover: section/);
  });
});

describe('writeSpecFileAtomically (cutover edits, import --into/--out)', () => {
  it('replaces the file a symlink points at, keeping the link and the file mode', () => {
    const work = mkdtempSync(join(tmpdir(), 'dropship-atomic-'));
    const real = join(work, 'real.yaml');
    const link = join(work, 'migration.yaml');
    writeFileSync(real, 'before\n');
    chmodSync(real, 0o640);
    symlinkSync(real, link);
    writeSpecFileAtomically(link, 'after\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('after\n');
    expect(statSync(real).mode & 0o777).toBe(0o640);
    rmSync(work, { recursive: true, force: true });
  });

  it('creates a file that does not exist yet, and leaves nothing behind when it cannot write', () => {
    const work = mkdtempSync(join(tmpdir(), 'dropship-atomic-'));
    writeSpecFileAtomically(join(work, 'new.yaml'), 'x: 1\n');
    expect(readFileSync(join(work, 'new.yaml'), 'utf8')).toBe('x: 1\n');
    expect(() => writeSpecFileAtomically(join(work, 'missing-dir', 'm.yaml'), 'x')).toThrow(
      /cannot write .*missing-dir.*nothing changed/,
    );
    expect(readdirSync(work)).toEqual(['new.yaml']);
    rmSync(work, { recursive: true, force: true });
  });
});

describe('cutover commands that edit the file, through the built CLI', () => {
  beforeAll(ensureBuilt);
  const run = (cwd: string, ...args: string[]) => runCli(['cutover', ...args], cwd);

  it('refuses to edit without a file when the directory has no migration.yaml (never the bundled example)', () => {
    const empty = mkdtempSync(join(tmpdir(), 'dropship-cutover-empty-'));
    const before = readFileSync(exampleFile('php-shop'), 'utf8');
    for (const args of [['next'], ['rollback'], ['set', '10']]) {
      const r = run(empty, ...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/no migration\.yaml in this directory/);
    }
    expect(readFileSync(exampleFile('php-shop'), 'utf8')).toBe(before);
    rmSync(empty, { recursive: true, force: true });
  });

  it('treats a percentage that is not a number as a usage error (exit 2), file unchanged', () => {
    const { file, text } = copyExample('php-shop');
    const r = run(dir, 'set', 'abc', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs a whole percentage/);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});
