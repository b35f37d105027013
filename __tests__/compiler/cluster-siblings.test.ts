/**
 * Two targets from one DigitalOcean cluster (`from` the same PostgreSQL or MySQL cluster, one database each):
 * each moves its own database only. Before, every DMS source endpoint and runbook read the cluster's first
 * database (the second target received the first one's schema and rows), every dump restored the whole
 * cluster into each target, and validation warned that the second database stayed on DigitalOcean.
 */
import { compile } from '../../compiler';
import type { MigrationSpec } from '../../schema/spec';
import { loadExample } from '../helpers/synth';
import { revalidated } from '../helpers/validate';
import { loadSpecText } from '../../schema/load';
import { stringify } from 'yaml';

function siblings(method: 'dms' | 'dump', engine: 'pg' | 'mysql'): MigrationSpec {
  const spec = structuredClone(loadExample('rails-datadog')) as MigrationSpec;
  const cluster = spec.digitalocean.databases.find((d) => d.name === 'quill-pg')!;
  cluster.databases = ['quill', 'ledger'];
  cluster.engine = engine;
  cluster.version = engine === 'pg' ? '16' : '8';
  const main = spec.databases.find((d) => d.name === 'main')!;
  main.migration = { ...main.migration, method };
  main.engine = undefined;
  spec.databases.push({ ...structuredClone(main), name: 'ledger', databaseName: 'ledger' });
  return spec;
}

describe('targets that share a DigitalOcean cluster', () => {
  it('DMS: each source endpoint, schema dump and slot step reads its own database; no left-behind warning', () => {
    const spec = siblings('dms', 'pg');
    const result = loadSpecText(stringify(spec), 'siblings.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings.filter((w) => w.code === 'data/left-behind-databases')).toEqual([]);
    const plan = compile(revalidated(spec));
    const tasks = plan.data.dms!.tasks;
    expect(tasks.map((t) => [t.database, t.source.databaseName, t.target.databaseName])).toEqual([
      ['main', 'quill', 'quill'],
      ['ledger', 'ledger', 'ledger'],
    ]);
    const ledger = plan.data.runbook.find((r) => r.database === 'ledger')!;
    const doLines = ledger.commands.filter((c) => c.includes('ondigitalocean.com') && c.includes('dbname='));
    expect(doLines.length).toBeGreaterThan(2);
    for (const line of doLines) {
      expect(line).toContain('dbname=ledger');
      expect(line).not.toContain('dbname=quill');
    }
  });

  it('dump: each target dumps its own database, not the whole cluster', () => {
    for (const engine of ['pg', 'mysql'] as const) {
      const plan = compile(revalidated(siblings('dump', engine)));
      const dumps = (name: string) =>
        plan.data.runbook
          .find((r) => r.database === name)!
          .commands.filter((c) => /pg_dump|mysqldump/.test(c))
          .join('\n');
      expect(dumps('ledger')).toMatch(/ledger/);
      expect(dumps('ledger')).not.toMatch(/\bquill\b(?!-pg)/);
      expect(dumps('main')).not.toMatch(/\bledger\b/);
      // The notes ask for a verified server, as the commands do: `require` accepts any certificate.
      for (const entry of plan.data.runbook) expect(entry.notes.join('\n')).not.toMatch(/sslmode=require/);
    }
  });
});
