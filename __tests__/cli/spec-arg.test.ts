/**
 * Which migration.yaml a command reads: never the bundled example unless asked for by name, so a CI job
 * started from the wrong folder fails (exit 2) instead of reviewing the example and going green. And
 * `cutover set` reads its percentage strictly.
 */
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parsePercent } from '../../cli/command-line';
import { CliError } from '../../cli/exit';
import { ensureBuilt, PHP_SHOP, runCli } from '../helpers/built-cli';

let empty: string;
beforeAll(() => {
  ensureBuilt();
  empty = mkdtempSync(join(tmpdir(), 'dropship-no-spec-'));
});
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe('no silent example', () => {
  it.each([['validate'], ['plan'], ['check'], ['synth'], ['cutover', 'status']])(
    '%s without a file, in a folder with no migration.yaml, is exit 2 and writes nothing',
    (...command) => {
      for (const file of [[], ['']]) {
        const r = runCli([...command, ...file], empty);
        expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
        expect(r.stderr).toMatch(/--example php-shop\|django-app/);
        // the hint names the command that was run, not another one
        expect(r.stderr).toContain(`name the file (dropship ${command.join(' ')} path/to/migration.yaml)`);
      }
      expect(readdirSync(empty)).toEqual([]);
    },
  );

  it('a missing file is exit 2 naming it', () => {
    const r = runCli(['validate', 'nowhere.yaml'], empty);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nowhere\.yaml/);
  });

  it('- reads standard input', () => {
    const r = runCli(['validate', '-'], empty, { input: readFileSync(PHP_SHOP) });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<stdin>: valid/);
  });

  it('--example NAME reads a bundled example, and only by a known name', () => {
    expect(runCli(['validate', '--example', 'django-app'], empty).code).toBe(0);
    expect(runCli(['validate', '--example', 'nope'], empty).code).toBe(2);
    const both = runCli(['validate', 'x.yaml', '--example', 'php-shop'], empty);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/not both/);
  });
});

describe('cutover set <percent>', () => {
  it('accepts digits with an optional %', () => {
    expect(parsePercent('10')).toBe(10);
    expect(parsePercent('10%')).toBe(10);
    expect(parsePercent('0')).toBe(0);
    expect(parsePercent('100%')).toBe(100);
  });

  it.each(['', '0x32', '1e1', ' 5', '5 ', '+5', '-5', '5.0', '05', '10 %', '%', '1000', '٥'])(
    'refuses %j (usage error)',
    (text) => {
      expect(() => parsePercent(text)).toThrow(CliError);
    },
  );

  it('accepts a string exactly when it is the decimal form of its number, with or without %', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 6 }), (text) => {
        let value: number | undefined;
        try {
          value = parsePercent(text);
        } catch (err) {
          if (!(err instanceof CliError) || err.exitCode !== 2) throw err;
        }
        const canonical = (n: number) => [String(n), `${n}%`].includes(text);
        return value === undefined ? !/^(0|[1-9]\d{0,2})%?$/.test(text) : canonical(value);
      }),
      { numRuns: 1000 },
    );
  });

  it('on the command line: 10% moves the cutover to 10', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dropship-set-'));
    try {
      const file = join(dir, 'migration.yaml');
      copyFileSync(PHP_SHOP, file);
      const r = runCli(['cutover', 'set', '10%', file], dir);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/cutover: 0 % → 10 % of traffic on AWS/);
      expect(readFileSync(file, 'utf8')).toMatch(/^ {2}current: 10 /m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on the command line: rollback at phase 0 is a no-op, exit 0 with a message, file untouched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dropship-rollback-'));
    try {
      const file = join(dir, 'migration.yaml');
      copyFileSync(PHP_SHOP, file);
      const before = readFileSync(file, 'utf8');
      expect(before).toMatch(/^ {2}current: 0 /m);
      const r = runCli(['cutover', 'rollback', file], dir);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/already at the first phase \(0 %\), nothing to roll back/);
      expect(readFileSync(file, 'utf8')).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on the command line: a bad percentage is exit 2 with the message', () => {
    const r = runCli(['cutover', 'set', '0x32', PHP_SHOP, '--dry-run'], empty);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs a whole percentage such as 10 or 10%, not "0x32"/);
  });
});

describe('completion', () => {
  it('--help prints how to install the script, not the script', () => {
    const r = runCli(['completion', '--help'], empty);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^dropship completion\n/);
    expect(r.stdout).toContain('dropship completion >> ~/.bashrc');
    expect(r.stdout).not.toContain('###-begin-dropship-completions-###');
  });

  it('without --help prints the script', () => {
    const r = runCli(['completion'], empty);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^###-begin-dropship-completions-###/);
  });
});
