/**
 * YAML that dropship cannot read truly is a located error with a hint, never silently read: a key that is a
 * list or a mapping (the JS object would get its text, `[a, b]` → "a,b"), a tag outside the core schema
 * (`!!binary`, `!!set`, CloudFormation's `!Ref`), and an environment variable with an empty name.
 */
import fc from 'fast-check';
import { loadSpecText } from '../../schema/load';
import { BASE } from './base-spec';

const ENV_LINE = '        environment: { APP_ENV: production }';
const LINE = BASE.split('\n').indexOf(ENV_LINE) + 1;

function diagnosticsAt(entry: string, block: boolean) {
  const text = block
    ? BASE.replace(ENV_LINE, `        environment:\n          APP_ENV: production\n          ${entry}`)
    : BASE.replace(ENV_LINE, `        environment: { APP_ENV: production, ${entry} }`);
  expect(text).not.toBe(BASE);
  const result = loadSpecText(text, 'case.yaml');
  return { diagnostics: result.ok ? [] : result.diagnostics, line: block ? LINE + 2 : LINE };
}

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);
const complexKey = fc.oneof(
  fc.array(word, { minLength: 1, maxLength: 3 }).map((ws) => `[${ws.join(', ')}]`),
  fc.tuple(word, word).map(([k, v]) => `{ ${k}: ${v} }`),
);
const otherTag = fc.oneof(
  fc.constantFrom('!!binary', '!!set', '!!omap', '!!timestamp', '!!pairs'),
  fc.constantFrom('!Ref', '!Sub', '!GetAtt', '!Join', '!ImportValue'),
  word.map((w) => `!${w}`),
);

describe('YAML a spec cannot hold', () => {
  it('a list or mapping as a key: yaml/complex-key at the key, with a hint', () => {
    fc.assert(
      fc.property(complexKey, word, (key, value) => {
        const { diagnostics, line } = diagnosticsAt(`${key}: ${value}`, false);
        const found = diagnostics.find((d) => d.code === 'yaml/complex-key');
        expect(found).toMatchObject({ severity: 'error', line });
        expect(found?.hint).toContain('write the key as text');
      }),
      { numRuns: 60 },
    );
  });

  it('a tag outside the core schema: yaml/tag at the value, with a hint; core tags are read', () => {
    fc.assert(
      fc.property(otherTag, word, fc.boolean(), (tag, value, block) => {
        const { diagnostics, line } = diagnosticsAt(`TAGGED: ${tag} ${value}`, block);
        const found = diagnostics.find((d) => d.code === 'yaml/tag');
        expect(found).toMatchObject({ severity: 'error', line });
        expect(found?.message).toContain(`the tag ${tag} cannot be read`);
        expect(found?.hint).toBeTruthy();
      }),
      { numRuns: 80 },
    );
    const core = diagnosticsAt('MODE: !!str 0755', false).diagnostics;
    expect(core.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('an empty environment variable name: env-name-empty at the key, in environment and secrets', () => {
    fc.assert(
      fc.property(fc.constantFrom('""', "''", '" "', '"  "'), word, fc.boolean(), (name, value, block) => {
        const { diagnostics, line } = diagnosticsAt(`${name}: ${value}`, block);
        const found = diagnostics.find((d) => d.code === 'env-name-empty');
        expect(found).toMatchObject({ severity: 'error', line });
        expect(found?.hint).toContain('NAME: value');
      }),
      { numRuns: 20 },
    );
  });
});
