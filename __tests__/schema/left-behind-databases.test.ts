/**
 * A DMS task from a PostgreSQL cluster reads one database (its source endpoint's database_name): the cluster's
 * other logical databases used to stay on DigitalOcean without a word. Generated specs with every engine,
 * method and list of logical databases: the warning names exactly the ones left behind.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { loadSpecText } from '../../schema/load';
import { specArbitrary, specOf } from '../helpers/spec-arbitrary';

const generated = fc
  .tuple(
    specArbitrary.filter((s) => s.database !== 'none' && s.network !== 'none'),
    fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/), { minLength: 0, maxLength: 4 }),
  )
  .map(([shape, names]) => {
    const input = specOf(shape) as { digitalocean: { databases: { name: string; databases: string[] }[] } };
    input.digitalocean.databases.find((d) => d.name === 'gen-db')!.databases = names;
    return { shape, names, result: loadSpecText(stringify(input), 'generated.yaml') };
  })
  .filter(({ result }) => result.ok);

describe('databases left behind on DigitalOcean', () => {
  it('warns, naming each database a PostgreSQL DMS task does not read', () => {
    fc.assert(
      fc.property(generated, ({ shape, names, result }) => {
        if (!result.ok) return;
        const warnings = result.warnings.filter((w) => w.code === 'data/left-behind-databases');
        const left = shape.database.startsWith('pg') && shape.dms ? names.slice(1) : [];
        expect(warnings).toHaveLength(left.length > 0 ? 1 : 0);
        for (const w of warnings) {
          for (const name of left) expect(w.message).toContain(`\`${name}\``);
          expect(w.message).not.toContain(`\`${names[0]}\` stays`);
        }
      }),
      { numRuns: 60, seed: 20261207 },
    );
  });
});
