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

describe("compileSpec (spec problems are the rules' now: __tests__/schema/data-rules.test.ts and beside it)", () => {
  const php = readFileSync(exampleFile('php-shop'), 'utf8');

  it('compiles a valid example to a plan', () => {
    const outcome = compileText(php);
    expect(outcome.ok).toBe(true);
  });
});
