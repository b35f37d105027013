import { loadSpecText } from '../../schema/load';
import { compileSpec } from '../../compiler';
import { readFileSync } from 'node:fs';
import { exampleFile } from '../helpers/synth';

/** Loads YAML text and compiles it the way the commands do. */
function compileText(text: string) {
  const loaded = loadSpecText(text, 'case.yaml');
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return compileSpec(loaded.spec, { source: loaded.source });
}

describe('compileSpec: compiler-only spec problems are located diagnostics, not exceptions', () => {
  const php = readFileSync(exampleFile('php-shop'), 'utf8');

  it('compiles a valid example to a plan', () => {
    const outcome = compileText(php);
    expect(outcome.ok).toBe(true);
  });

  it('refuses DMS without a source password secret, at the database, with a position', () => {
    const text = php.replace('migration: { method: dump }', 'migration: { method: dms }');
    expect(text).not.toBe(php);
    const outcome = compileText(text);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'data/dms-source-secret',
        file: 'case.yaml',
        path: 'digitalocean.databases[0].passwordSecret',
        line: 50,
        column: 7,
      }),
    ]);
  });

  it('refuses a spec secret named like one of dropship’s own, at its name', () => {
    const text = php.replace('\nsecrets:\n', '\nsecrets:\n  - name: db-main-app\n    keys: [x]\n');
    expect(text).not.toBe(php);
    const outcome = compileText(text);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'data/secret-name-reserved',
        path: 'secrets[0].name',
        line: text.split('\n').indexOf('  - name: db-main-app') + 1,
      }),
    ]);
  });

  it('refuses a database whose RDS instance identifier an Aurora database already numbers, at its name', () => {
    const django = readFileSync(exampleFile('django-app'), 'utf8');
    // Aurora `main` has instances <prefix>-main-1..3; an RDS database `main-1` would be <prefix>-main-1 too.
    const clash =
      '\n  - name: main-1\n    engine: postgres\n    version: "16"\n    instanceClass: db.t4g.medium\n' +
      '    storageGb: 20\n';
    const text = django.replace('\ncaches:\n', `${clash}\ncaches:\n`);
    expect(text).not.toBe(django);
    const outcome = compileText(text);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'data/instance-identifier-clash',
        path: 'databases[1].name',
        line: text.split('\n').indexOf('  - name: main-1') + 1,
      }),
    ]);
    expect(outcome.diagnostics[0].message).toContain('bookclub-production-main-1');
  });
});
