/**
 * Tables DMS cannot replicate (no primary key; unlogged PostgreSQL tables): the check before the full load,
 * migration.dumpTables kept out of the task's table mappings and copied during the write stop, the
 * validation gate that names "No primary key", the rules on dumpTables; and where the dump runbook says to
 * restore (ECS Exec only with the setting that enables it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { runParts } from '../../compiler/parts';
import { createContext } from '../../compiler/context';
import type { DataPlan } from '../../compiler/model/data';
import type { MigrationSpecInput } from '../../schema/spec';
import { baseSpecInput, specFrom } from '../helpers/synth';
import { diagnosticsOf } from '../helpers/validate';

const source = (engine: 'mysql' | 'pg') => ({
  name: 'legacy',
  engine,
  version: engine === 'pg' ? '16' : '8',
  size: 'db-s-2vcpu-4gb',
  nodes: 1,
  storageMib: 30000,
  host: 'legacy-do-user-1-0.db.ondigitalocean.com',
  port: 25060,
  user: 'doadmin',
  databases: ['app_main'],
  passwordSecret: 'do-src',
});

function input(
  engine: 'mysql' | 'pg',
  migration: Record<string, unknown> = { method: 'dms' },
  extra: Partial<MigrationSpecInput> = {},
): MigrationSpecInput {
  return {
    ...baseSpecInput(),
    secrets: [{ name: 'do-src', keys: ['username', 'password', 'host', 'port'] }],
    digitalocean: { databases: [source(engine)] },
    databases: [{ name: 'main', from: 'legacy', migration }],
    ...extra,
  } as MigrationSpecInput;
}

const data = (spec: MigrationSpecInput): DataPlan => runParts(createContext(specFrom(spec)), ['data']).data!;
const commandsOf = (spec: MigrationSpecInput) => data(spec).runbook[0].commands;
const indexOf = (commands: readonly string[], pred: (c: string) => boolean) => commands.findIndex(pred);

describe('tables without a primary key under DMS', () => {
  it('lists the keyless tables of the PostgreSQL source before the full load and stops on any not in dumpTables', () => {
    const commands = commandsOf(input('pg'));
    const list = indexOf(commands, (c) => c.includes('> main-keyless.txt'));
    const compare = indexOf(commands, (c) =>
      c.startsWith('grep -vxF -f main-dump-tables.txt main-keyless.txt'),
    );
    const start = indexOf(commands, (c) => c.includes('start-replication-task'));
    expect(list).toBeGreaterThan(0);
    expect(list).toBeLessThan(compare);
    expect(compare).toBeLessThan(start);
    // The catalog query runs against the database the source endpoint reads, over verified TLS.
    expect(commands[list]).toContain('dbname=app_main sslmode=verify-full sslrootcert=do-ca.pem');
    expect(commands[list]).toContain(
      'NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary)',
    );
    expect(commands[compare]).toContain('STOP: DMS cannot replicate the tables above');
    expect(commands[compare]).toContain('databases.main.migration.dumpTables');
  });

  it('names the validation state No primary key in the gate of the final switch', () => {
    for (const engine of ['pg', 'mysql'] as const) {
      const gate = commandsOf(input(engine)).find((c) => c.includes('until both lags are 0'))!;
      expect(gate).toContain('every table is Validated');
      expect(gate).toContain('No primary key');
    }
  });

  it('checks MySQL sources too, in the databases the task maps, quoted as SQL strings', () => {
    const commands = commandsOf(input('mysql'));
    const list = commands.find((c) => c.includes('> main-keyless.txt'))!;
    expect(list).toMatch(
      /^mysql --host=legacy-do-user-1-0\.db\.ondigitalocean\.com --port=25060 --user=doadmin -p --ssl-mode=VERIFY_IDENTITY --ssl-ca=do-ca\.pem --batch --skip-column-names /,
    );
    expect(list).toContain("t.table_schema IN ('\\''app_main'\\'')");
    expect(list).toContain("k.constraint_type = '\\''PRIMARY KEY'\\''");
  });

  it('keeps dumpTables out of the task, names matched literally (_ is a DMS wildcard)', () => {
    for (const engine of ['pg', 'mysql'] as const) {
      const table = engine === 'pg' ? 'public.audit_log' : 'app_main.audit_log';
      const task = data(input(engine, { method: 'dms', dumpTables: [table] })).dms!.tasks[0];
      const rules = JSON.parse(task.tableMappings).rules;
      expect(rules.at(-1)).toEqual({
        'object-locator': {
          'schema-name': engine === 'pg' ? 'public' : 'app[_]main',
          'table-name': 'audit[_]log',
        },
        'rule-action': 'exclude',
        'rule-id': String(rules.length),
        'rule-name': `exclude-${table}`,
        'rule-type': 'selection',
      });
      expect(rules[0]['rule-action']).toBe('include');
      if (engine === 'mysql') expect(rules[0]['object-locator']['schema-name']).toBe('app[_]main');
    }
  });

  it('copies dumpTables after the task stops and before step 6, data only, PostgreSQL names literal', () => {
    const commands = commandsOf(
      input('pg', { method: 'dms', dumpTables: ['public.audit_log', 'Odd.Mixed "Name"'] }),
    );
    const stop = indexOf(commands, (c) => c.includes('stop-replication-task'));
    const dump = indexOf(commands, (c) => c.startsWith('pg_dump') && c.includes('--data-only'));
    const load = indexOf(commands, (c) => c.includes('--file=main-dump-tables.sql') && c.includes('psql'));
    const step6 = indexOf(commands, (c) => c.startsWith('# 6.'));
    expect([stop < dump, dump < load, load < step6]).toEqual([true, true, true]);
    expect(commands[dump]).toContain(
      `--strict-names '--table="public"."audit_log"' '--table="Odd"."Mixed ""Name"""'`,
    );
    expect(commands[load]).toContain("PGOPTIONS='-c session_replication_role=replica' psql");
    expect(commands[load]).toContain('--single-transaction');
  });

  it('copies MySQL dumpTables with one data-only mysqldump per database, restored into that database', () => {
    const spec = input('mysql', { method: 'dms', dumpTables: ['app_main.audit_log', 'app_main.jobs'] });
    const commands = commandsOf(spec);
    const dump = commands.find(
      (c) => c.startsWith('mysqldump') && c.includes('--no-create-info --skip-triggers'),
    )!;
    expect(dump).toContain('-- app_main audit_log jobs > main-dump-tables-0.sql');
    expect(commands).toContain(
      "tail -n 1 main-dump-tables-0.sql | grep -q '^-- Dump completed' || echo 'main-dump-tables-0.sql is incomplete: the dump failed; do not restore it' >&2",
    );
    const load = indexOf(commands, (c) => c.endsWith('--database=app_main < main-dump-tables-0.sql'));
    // Before the triggers of step 6, so they do not fire on the copied rows.
    expect(load).toBeLessThan(indexOf(commands, (c) => c.startsWith('# 6.')));
    expect(load).toBeGreaterThan(indexOf(commands, (c) => c.includes('stop-replication-task')));
  });

  it('writes dumpTables into the list the check compares with, one name a line, whatever the name', () => {
    const part = fc.stringMatching(/^[^.%[\]\u0000-\u001f\u007f]{1,12}$/);
    const dir = mkdtempSync(join(tmpdir(), 'keyless-'));
    try {
      fc.assert(
        fc.property(
          fc.uniqueArray(
            fc.tuple(part, part).map(([s, t]) => `${s}.${t}`),
            { minLength: 1, maxLength: 3 },
          ),
          (tables) => {
            const line = commandsOf(input('pg', { method: 'dms', dumpTables: tables })).find((c) =>
              c.endsWith('> main-dump-tables.txt'),
            )!;
            const run = spawnSync('sh', ['-c', line], { cwd: dir });
            expect(run.status).toBe(0);
            expect(readFileSync(join(dir, 'main-dump-tables.txt'), 'utf8')).toBe(
              tables.map((t) => `${t}\n`).join(''),
            );
          },
        ),
        { numRuns: 15, endOnFailure: true },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('records the decision and says why REPLICA IDENTITY FULL is not the fix', () => {
    const plan = data(input('pg', { method: 'dms', dumpTables: ['public.audit_log'] }));
    const note = plan.runbook[0].notes.find((n) => n.startsWith('Tables without a primary key'))!;
    expect(note).toContain('REPLICA IDENTITY FULL');
    expect(note).toContain('public.audit_log');
  });
});

describe('migration.dumpTables rules', () => {
  const codes = (spec: MigrationSpecInput) => diagnosticsOf(spec).map((d) => d.code);

  it('refuses dumpTables with the dump method', () => {
    const found = diagnosticsOf(input('pg', { method: 'dump', dumpTables: ['public.audit_log'] })).find(
      (d) => d.code === 'data/dump-tables-without-dms',
    );
    expect(found?.severity).toBe('error');
  });

  it('refuses a MySQL table in a database the task does not move', () => {
    expect(codes(input('mysql', { method: 'dms', dumpTables: ['other.audit_log'] }))).toContain(
      'data/dump-table-database',
    );
    expect(codes(input('mysql', { method: 'dms', dumpTables: ['app_main.audit_log'] }))).not.toContain(
      'data/dump-table-database',
    );
  });

  it('refuses names that are not schema.table or hold DMS wildcards', () => {
    for (const bad of ['audit_log', 'public.audit%', 'public.a[b]', 'a.b.c', 'public.a\nb']) {
      expect(
        diagnosticsOf(input('pg', { method: 'dms', dumpTables: [bad] })).some((d) => d.severity === 'error'),
      ).toBe(true);
    }
  });
});

describe('where the dump runbook restores', () => {
  const app = (exec: boolean) => ({
    ecr: { repositories: [{ name: 'shop/api' }] },
    apps: [
      {
        name: 'api',
        containers: [{ name: 'api', image: { repository: 'shop/api', tag: '1.0.0' } }],
        uses: { databases: ['main'] },
        ...(exec ? { deployment: { exec: true } } : {}),
      },
    ],
  });
  const hostNote = (spec: MigrationSpecInput) =>
    data(spec).runbook[0].notes.find((n) => n.startsWith('Run the restore where RDS is reachable'))!;

  it('suggests ECS Exec only with the setting that enables it, off by default', () => {
    const note = hostNote(input('pg', { method: 'dump' }, app(false) as Partial<MigrationSpecInput>));
    expect(note).toContain('an instance in a private subnet');
    expect(note).toContain('apps[].deployment.exec: true (off by default)');
  });

  it('names the apps that enable exec and use the database', () => {
    const note = hostNote(input('pg', { method: 'dump' }, app(true) as Partial<MigrationSpecInput>));
    expect(note).toContain('into a task of api, which sets apps[].deployment.exec: true');
  });
});
