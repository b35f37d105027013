/**
 * `dropship import` as users run it: in process (stdout, --out, --into in place) and once through
 * bin/dropship.js, which checks the yargs wiring (positional file list, repeatable --domain, exit codes).
 */
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runImport, type ImportArgs } from '../../cli/commands/import';
import { ensureBuilt, runCli } from '../helpers/built-cli';
import { captureOutput, type CapturedRun } from '../helpers/output';
import { doctl, doctlFixtures } from './helpers';

function run(args: ImportArgs): CapturedRun {
  return captureOutput(() => runImport(args));
}

describe('runImport', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dropship-import-cli-'));

  it('prints to stdout without --out, warnings to stderr', () => {
    const { code, stdout, stderr } = run({ inputs: [doctlFixtures], project: 'shop' });
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^# yaml-language-server: \$schema=\S+\n# migration.yaml drafted by `dropship import` from 8 DigitalOcean export files\./,
    );
    expect(stderr).toContain('dropship import: warning: database analytics-mongo (engine mongodb) skipped');
  });

  it('--into rewrites the file in place; with --out it leaves the original alone', () => {
    const into = join(dir, 'migration.yaml');
    const drafted = run({ inputs: [doctlFixtures], project: 'shop' }).stdout;
    writeFileSync(into, drafted.replace('project: shop', 'project: shop # ours'));
    const before = readFileSync(into, 'utf8');
    const elsewhere = join(dir, 'refreshed.yaml');
    expect(run({ inputs: [doctlFixtures], into, out: elsewhere }).code).toBe(0);
    expect(readFileSync(into, 'utf8')).toBe(before);
    expect(readFileSync(elsewhere, 'utf8')).toBe(before); // same inventory: nothing to change
    expect(
      run({
        inputs: [
          doctl('droplets.json'),
          doctl('load-balancers.json'),
          doctl('volumes.json'),
          doctl('databases.json'),
          doctl('domains.json'),
          doctl('records-shop-example.com.json'),
        ],
        into,
      }).code,
    ).toBe(0);
    const after = readFileSync(into, 'utf8');
    expect(after).toContain('project: shop # ours');
    expect(after).toBe(before); // the firewall export was left out this time: the file's firewalls stay
    const noFirewalls = join(dir, 'firewalls.json');
    writeFileSync(noFirewalls, '[]\n');
    const emptied = run({ inputs: [noFirewalls], into });
    expect(emptied.code).toBe(0);
    expect(emptied.stderr).toContain(
      'dropship import: refreshed: firewalls; kept as the file has them: droplets, volumes, databases, domains, loadBalancers',
    );
    expect(readFileSync(into, 'utf8')).not.toContain('web-firewall'); // named, and empty
  });

  it('--into a symlinked migration.yaml replaces the file it points at, keeping the link and the mode', () => {
    const real = join(dir, 'real.yaml');
    const link = join(dir, 'linked.yaml');
    writeFileSync(real, run({ inputs: [doctlFixtures], project: 'shop' }).stdout);
    chmodSync(real, 0o640);
    symlinkSync(real, link);
    const withoutFirewalls = [
      'droplets.json',
      'load-balancers.json',
      'volumes.json',
      'databases.json',
      'domains.json',
      'records-shop-example.com.json',
    ].map(doctl);
    const noFirewalls = join(dir, 'empty', 'firewalls.json');
    mkdirSync(dirname(noFirewalls), { recursive: true });
    writeFileSync(noFirewalls, '[]\n');
    expect(run({ inputs: [...withoutFirewalls, noFirewalls], into: link }).code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(statSync(real).mode & 0o777).toBe(0o640);
    expect(readFileSync(real, 'utf8')).not.toContain('web-firewall');
  });
});

describe('bin/dropship.js import', () => {
  beforeAll(ensureBuilt);

  it('imports files named on the command line with --domain, and exits 1 naming the JSON path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dropship-import-bin-'));
    const records = join(dir, 'zone.json');
    writeFileSync(records, readFileSync(doctl('records-shop-example.com.json')));
    const out = join(dir, 'migration.yaml');
    const ok = runCli([
      'import',
      doctl('droplets.json'),
      doctl('load-balancers.json'),
      records,
      '--domain',
      `shop-example.com=${records}`,
      '--out',
      out,
    ]);
    expect(ok.stderr).toContain(`dropship import: wrote ${out}`);
    expect(ok.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain(
      'hostnames: [shop-example.com, www.shop-example.com, legacy.shop-example.com]',
    );

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ droplets: [{ id: 1, name: 'x', region: 'nyc3' }] }));
    const failed = runCli(['import', bad, '--out', join(dir, 'never.yaml')]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe(
      `dropship: ${bad}: $.droplets[0].size_slug: expected a string (found nothing)\n`,
    );
    expect(existsSync(join(dir, 'never.yaml'))).toBe(false);
  });
});
