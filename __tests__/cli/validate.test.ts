/**
 * `dropship validate` end to end through bin/dropship.js (the built CLI): exit codes, the rendered code
 * frame, `--format json`, and that validate never loads cdktf.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, runCli } from '../helpers/built-cli';
import { REPO_ROOT } from '../helpers/examples';

let dir: string;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'dropship-validate-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function validate(...args: string[]) {
  return runCli(['validate', ...args]);
}

const BAD = `version: 1
project: shop
environment: prod
aws:
  region: us-east-1
  availabilityZones: [us-east-1a, us-east-1b]
  network:
    vpc:
      cidr: 10.0.0.0/16
      publicSubnets: [10.0.0.0/24, 10.0.1.0/24]
      privateSubnets: [10.0.10.0/24, 10.0.11.0/24]
apps:
  - name: web
    contianers:
      - name: nginx
        image: { uri: "nginx:1.27" }
        port: "80"
`;

describe('dropship validate', () => {
  it('exits 0 on a valid example and says so', () => {
    const r = validate('examples/django-app/migration.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('examples/django-app/migration.yaml: valid — 3 apps, 1 database, 1 cache');
  });

  it('exits 1 on an invalid file and prints each error with a code frame, caret, expectation and hint', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, BAD);
    const r = validate(file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      [
        `${file}:14:5: error: unknown key \`contianers\` (at apps[0].contianers)`,
        '  expected: one of: name, containers, description, droplets, loadBalancer, size, architecture, desiredCount, scaling, expose, schedule, uses, volumes, egress, deployment, taskRole, logRetentionDays',
        '  14 |     contianers:',
        '     |     ^^^^^^^^^^',
        '  hint: did you mean `containers`?',
      ].join('\n'),
    );
    // One typo, one error: no echo of "missing required key `containers`".
    expect(r.stderr).not.toContain('missing required key');
    expect(r.stderr).toMatch(/\n1 error\n$/);
    expect(r.stderr).not.toMatch(/\n\s+at .*\.js:\d+/); // no stack trace
  });

  it('--format json prints { valid, diagnostics } on stdout', () => {
    const file = join(dir, 'bad-json.yaml');
    writeFileSync(file, BAD.replace('contianers', 'containers'));
    const r = validate(file, '--format', 'json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.valid).toBe(false);
    expect(out.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'invalid-type',
        file,
        line: 17,
        column: 15,
        path: 'apps[0].containers[0].port',
        message: 'expected a number, got the string "80"',
        hint: 'remove the quotes: write 80, not "80"',
      }),
    ]);
  });

  it('--format json on a valid file: valid true, only warnings, exit 0', () => {
    const r = validate('examples/php-shop/migration.yaml', '--format', 'json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { valid: boolean; diagnostics: { severity: string; code: string }[] };
    expect(out.valid).toBe(true);
    // The compiler's check of today's DNS answers, which plan prints too (__tests__/cli/warnings-parity.test.ts).
    expect(out.diagnostics.map((d) => [d.severity, d.code])).toEqual([
      ['warning', 'cutover/answers-change'],
      ['warning', 'cutover/answers-change'],
      // php-shop's production MySQL runs on db.t4g.medium (issue 19: T classes in production warn).
      ['warning', 'lint/burstable-database'],
    ]);
  });

  it('exits 2 when the file does not exist', () => {
    const r = validate(join(dir, 'missing.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing.yaml: file not found');
  });

  it('exits 2 on a binary or non-UTF-8 file, without echoing its bytes', () => {
    const binary = join(dir, 'binary.yaml');
    writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02, 0x0a]));
    const r = validate(binary);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a text file/);
    expect(r.stderr).not.toContain('ELF');
    const latin1 = join(dir, 'latin1.yaml');
    writeFileSync(latin1, Buffer.from('version: 1\nproject: caf\xe9\n', 'latin1'));
    const l = validate(latin1);
    expect(l.code).toBe(2);
    expect(l.stderr).toMatch(/not a UTF-8 text file/);
  });

  it('loads neither cdktf nor the providers', () => {
    const script = `require(${JSON.stringify(join(REPO_ROOT, 'dist', 'cli', 'commands', 'validate.js'))}).runValidate({ file: 'examples/php-shop/migration.yaml', format: 'json' });
const loaded = Object.keys(require.cache).filter((m) => /node_modules[\\\\/](cdktf|constructs|@cdktf)[\\\\/]/.test(m));
process.stderr.write(JSON.stringify(loaded));`;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stderr)).toEqual([]);
  });
});

describe('dropship schema', () => {
  const schemaCli = (...args: string[]) => runCli(['schema', ...args]);

  it('prints the committed JSON Schema', () => {
    const r = schemaCli();
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(REPO_ROOT, 'schema', 'migration.schema.json'), 'utf8'));
  });

  it('--format markdown --out writes the field reference', () => {
    const out = join(dir, 'spec.md');
    const r = schemaCli('--format', 'markdown', '--out', out);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(REPO_ROOT, 'docs', 'spec.md'), 'utf8'));
  });

  it('exits 2 with one line when --out cannot be written', () => {
    const r = schemaCli('--out', join(dir, 'no-such-dir', 'x.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dropship: cannot write .*x\.json: ENOENT/);
  });
});
