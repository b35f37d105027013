/**
 * DigitalOcean MySQL 8 (8.0) → RDS MySQL 8.4 is a major upgrade inside the move: the plan lists what changes
 * for the app (with MySQL's and AWS's pages), prices the alternative (8.0 on Extended Support), and the
 * rehearsal checks 8.4's differences. Over generated specs, for every source version and target choice.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { compile } from '../../compiler';
import { loadSpecText } from '../../schema/load';
import { specArbitrary, specOf } from '../helpers/spec-arbitrary';

const generated = fc
  .tuple(
    specArbitrary.filter((s) => s.database === 'mysql' || s.database === 'mysql-aurora'),
    fc.constantFrom('8', '8.0', '8.0.35'),
    fc.constantFrom(undefined, '8.0', '8.4'),
  )
  .map(([shape, sourceVersion, targetVersion]) => {
    const input = specOf(shape) as {
      databases: Record<string, unknown>[];
      digitalocean: { databases: { name: string; version: string }[] };
    };
    input.digitalocean.databases.find((d) => d.name === 'gen-db')!.version = sourceVersion;
    if (targetVersion !== undefined) input.databases[0].version = targetVersion;
    return { shape, targetVersion, result: loadSpecText(stringify(input), 'generated.yaml') };
  })
  .filter(({ result }) => result.ok);

describe('MySQL 8.0 → 8.4 upgrade notes', () => {
  it('lists what changes, prices 8.0 on Extended Support, and rehearses against 8.4 exactly when RDS gets 8.4', () => {
    fc.assert(
      fc.property(generated, ({ shape, targetVersion, result }) => {
        if (!result.ok) return;
        const plan = compile(result.spec);
        const name = result.spec.databases[0].name;
        const upgrade = shape.database === 'mysql' && targetVersion !== '8.0';
        const decision = plan.data.decisions.find((d) => d.subject === `databases.${name}.upgrade`);
        expect(decision !== undefined).toBe(upgrade);
        if (decision) {
          expect(decision.rule).toContain('caching_sha2_password');
          expect(decision.rule).toContain('https://dev.mysql.com/doc/refman/8.4/en/mysql-nutshell.html');
          expect(decision.rule).toMatch(/MySQL\.Concepts\.FeatureSupport/);
          expect(decision.rule).toMatch(
            /version: "8\.0" keeps 8\.0 instead, billed RDS Extended Support .* about \$\d+\.\d\d per month/,
          );
        }
        const rehearsal = plan.data.manualSteps.find((s) => s.title.startsWith('Rehearse moving'))!;
        expect(rehearsal.detail.includes('MySQL 8.4')).toBe(upgrade);
      }),
      { numRuns: 40, seed: 20261207 },
    );
  });
});
