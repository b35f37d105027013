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
    const [error] = outcome.diagnostics;
    expect(error.severity).toBe('error');
    expect(error.file).toBe('case.yaml');
    expect(error.line).toBeGreaterThan(1);
    expect(error.path).toMatch(/^(databases|digitalocean\.databases)\[0\]/);
  });

  it('turns an app the compiler cannot build into a located error (backstop behind validation)', () => {
    const loaded = loadSpecText(php, 'case.yaml');
    if (!loaded.ok) throw new Error('php-shop must validate');
    // Validation refuses this spec; the compiler must still answer with a diagnostic, not a stack trace.
    loaded.spec.apps[0].size = { cpu: 256, memory: 512 };
    loaded.spec.apps[0].containers[1].memory = 1024;
    const outcome = compileSpec(loaded.spec, { source: loaded.source });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.diagnostics[0]).toMatchObject({
      severity: 'error',
      file: 'case.yaml',
      code: 'apps/invalid',
    });
    expect(outcome.diagnostics[0].path).toMatch(/^apps\[0\]/);
    expect(outcome.diagnostics[0].line).toBeGreaterThan(1);
  });
});
