/**
 * Tables DMS cannot replicate safely, and how they move instead. Without a primary key, AWS DMS ignores
 * UPDATE and DELETE of a PostgreSQL source table during CDC (DMS User Guide, "Limitations on using a
 * PostgreSQL database as a DMS source"); on any source, full load + CDC can duplicate rows of a target table
 * without a key ("Duplicate records occur on a target table without a primary key"), row validation skips
 * the table (state "No primary key") and LOB changes need a key. REPLICA IDENTITY FULL is not the way out
 * here: DMS supports it only with test_decoding, not pglogical, still without validation or full LOB mode,
 * and ALTER TABLE needs the table's owner, which on DigitalOcean is usually the app's user, not doadmin (no
 * superuser there). So such tables are listed in `migration.dumpTables`, excluded from the task's table
 * mappings, and copied by a data-only dump while writes are stopped, before the cutover steps. A check before
 * the full load lists the keyless tables of the source (and unlogged PostgreSQL tables, which write no WAL,
 * so logical decoding never sees their changes) and stops while one is not listed.
 */
import type { CompileContext } from '../context';
import type { DatabasePlan } from '../model/data';
import type { DoDatabaseSpec } from '../../schema/spec';
import { dq, sh, shComment, type ShellText } from '../shell';
import {
  dumpCompleted,
  forgetRdsCredentials,
  pgConninfo,
  pgPassfile,
  rdsConninfo,
  rdsCredentialLines,
  rdsMysql,
} from './clients';

/** `schema.table` (MySQL: `database.table`), as `migration.dumpTables` lists it. */
export interface TableName {
  schema: string;
  table: string;
}

export const parseTableName = (name: string): TableName => {
  const dot = name.indexOf('.');
  return { schema: name.slice(0, dot), table: name.slice(dot + 1) };
};

/**
 * A name as a DMS table-mapping object locator matches it exactly: `_` is a wildcard there (one character),
 * `[_]` a literal underscore (DMS User Guide, "Wildcards in table mapping"). The spec refuses `%`, `[` and `]`.
 */
export const dmsLiteral = (name: string): string => name.replace(/_/g, '[_]');

/** The table-mapping rules that keep `tables` out of the task (after the include rules, which they narrow). */
export function excludeRules(tables: readonly string[], firstId: number): object[] {
  return tables.map(parseTableName).map(({ schema, table }, i) => ({
    'object-locator': { 'schema-name': dmsLiteral(schema), 'table-name': dmsLiteral(table) },
    'rule-action': 'exclude',
    'rule-id': String(firstId + i),
    'rule-name': `exclude-${schema}.${table}`,
    'rule-type': 'selection',
  }));
}

/**
 * `schema.table` of every table in the connected PostgreSQL database whose changes DMS cannot replicate: an
 * ordinary table (partitions included: they hold the rows) with no primary key, or unlogged; outside the
 * system schemas, the tables of extensions (CREATE EXTENSION makes them on RDS) and DMS's own (awsdms_*).
 */
export const PG_KEYLESS_QUERY =
  "SELECT format('%s.%s', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
  "WHERE c.relkind = 'r' AND c.relpersistence <> 't' " +
  "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' AND c.relname NOT LIKE 'awsdms\\_%' " +
  "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e') " +
  "AND (c.relpersistence = 'u' OR NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary)) " +
  'ORDER BY 1';

/** A MySQL string literal: safe with and without NO_BACKSLASH_ESCAPES (`\` doubled, `'` doubled). */
const mysqlString = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** `database.table` of every base table without a primary key in the databases the task maps. */
export function mysqlKeylessQuery(databases: readonly string[]): string {
  return (
    "SELECT CONCAT(t.table_schema, '.', t.table_name) FROM information_schema.tables t " +
    `WHERE t.table_type = 'BASE TABLE' AND t.table_schema IN (${databases.map(mysqlString).join(', ')}) ` +
    'AND NOT EXISTS (SELECT 1 FROM information_schema.table_constraints k WHERE k.table_schema = t.table_schema ' +
    "AND k.table_name = t.table_name AND k.constraint_type = 'PRIMARY KEY') ORDER BY 1"
  );
}

/** How the runbook reaches the DigitalOcean source: host, port, user and the CA file it verifies against. */
export interface KeylessSource {
  source: DoDatabaseSpec;
  /** The databases the task maps (PostgreSQL: the endpoint's one database first). */
  databases: readonly string[];
  caFile: string;
}

const listedFile = (db: DatabasePlan) => `${db.name}-dump-tables.txt`;
const keylessFile = (db: DatabasePlan) => `${db.name}-keyless.txt`;

/**
 * Before the full load: the keyless tables of the source into `<db>-keyless.txt`, shown, then compared with
 * `migration.dumpTables`; a table not listed prints a STOP line naming it (start nothing until it is listed).
 */
export function keylessCheckLines(
  db: DatabasePlan,
  from: KeylessSource,
  dumpTables: readonly string[],
): ShellText[] {
  const { source } = from;
  const list =
    db.engine === 'postgres'
      ? sh`psql ${doConninfo(from)} --tuples-only --no-align -c ${dq(PG_KEYLESS_QUERY)} > ${keylessFile(db)}`
      : sh`mysql --host=${source.host!} --port=${source.port!} --user=${source.user ?? 'doadmin'} -p --ssl-mode=VERIFY_IDENTITY ${`--ssl-ca=${from.caFile}`} --batch --skip-column-names ${`--execute=${mysqlKeylessQuery(from.databases)}`} > ${keylessFile(db)}`;
  const what =
    db.engine === 'postgres'
      ? 'no primary key, or unlogged: DMS drops their updates and deletes'
      : 'no primary key: DMS can duplicate their rows and does not validate them';
  const stop = `STOP: DMS cannot replicate the tables above (${what}): add them to databases.${db.name}.migration.dumpTables, synth and apply the data stack (with -replace of the task if it exists), then run this check again`;
  return [
    shComment(
      `Before the full load, list the tables DMS cannot replicate (${what}). Each must be in migration.dumpTables, which keeps it out of the task and copies it while writes are stopped (prompts for the password):`,
    ),
    list,
    sh`printf '%s\\n' ${dumpTables.length > 0 ? [...dumpTables] : ['']} > ${listedFile(db)}`,
    sh`grep -vxF -f ${listedFile(db)} ${keylessFile(db)} && printf '%s\\n' ${stop} >&2`,
  ];
}

/**
 * While writes are stopped and the task has stopped: the rows of `dumpTables` from DigitalOcean into the
 * tables step 0 created on RDS (empty: the task skipped them), data only, before step 6 (sequences are set
 * from their maximum; MySQL triggers are created after, so they do not fire on these rows).
 */
export function keylessCopyLines(
  ctx: CompileContext,
  db: DatabasePlan,
  from: KeylessSource,
  dumpTables: readonly string[],
): ShellText[] {
  if (dumpTables.length === 0) return [];
  const heading = shComment(
    `Copy the tables DMS skipped (migration.dumpTables: ${dumpTables.join(', ')}) now that writes are stopped (prompts for the DigitalOcean password):`,
  );
  const tables = dumpTables.map(parseTableName);
  if (db.engine === 'postgres') {
    const file = `${db.name}-dump-tables.sql`;
    // In a pg_dump pattern, double quotes make a name literal (no case folding, `*`, `?` and `.` plain).
    const patterns = tables.map(
      ({ schema, table }) => `--table=${pgPatternPart(schema)}.${pgPatternPart(table)}`,
    );
    return [
      heading,
      sh`pg_dump ${doConninfo(from)} --data-only --no-owner --no-acl --strict-names ${patterns} ${`--file=${file}`}`,
      ...rdsCredentialLines(ctx, db),
      // Replica sessions fire no user trigger and check no foreign key, as for DMS's own rows.
      sh`${pgPassfile()} PGOPTIONS=${'-c session_replication_role=replica'} psql ${rdsConninfo(db, db.dbName)} -v ON_ERROR_STOP=1 --single-transaction ${`--file=${file}`}`,
      forgetRdsCredentials(),
    ];
  }
  const { source } = from;
  const bySchema = new Map<string, string[]>();
  for (const { schema, table } of tables) bySchema.set(schema, [...(bySchema.get(schema) ?? []), table]);
  const schemas = [...bySchema.keys()];
  const fileOf = (schema: string) => `${db.name}-dump-tables-${schemas.indexOf(schema)}.sql`;
  return [
    heading,
    ...schemas.flatMap((schema) => [
      // `--` ends the options: the database and tables after it are names, whatever they look like.
      sh`mysqldump --host=${source.host!} --port=${source.port!} --user=${source.user ?? 'doadmin'} -p --ssl-mode=VERIFY_IDENTITY ${`--ssl-ca=${from.caFile}`} --no-tablespaces --single-transaction --no-create-info --skip-triggers --set-gtid-purged=OFF -- ${schema} ${bySchema.get(schema)!} > ${fileOf(schema)}`,
      dumpCompleted(fileOf(schema)),
    ]),
    ...rdsCredentialLines(ctx, db),
    ...schemas.map((schema) => sh`${rdsMysql(db)} ${`--database=${schema}`} < ${fileOf(schema)}`),
    forgetRdsCredentials(),
  ];
}

/** One part of a pg_dump pattern, literal: in double quotes, a `"` inside doubled. */
const pgPatternPart = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The DigitalOcean database the task reads, as doadmin over verified TLS. */
function doConninfo(from: KeylessSource) {
  return pgConninfo({
    host: from.source.host!,
    port: from.source.port!,
    user: from.source.user ?? 'doadmin',
    dbname: from.databases[0],
    rootCert: from.caFile,
  });
}

/** The gate of the final switch names the validation states (DMS User Guide, "AWS DMS data validation"). */
export const VALIDATION_GATE =
  'every table is Validated (a table in state No primary key was missed by the keyless check: its updates and deletes were not copied, so do not cut over)';

/** The runbook note: what happens to keyless tables, and why not REPLICA IDENTITY FULL. */
export function keylessNote(db: DatabasePlan, dumpTables: readonly string[]): string {
  const listed =
    dumpTables.length > 0
      ? `migration.dumpTables (${dumpTables.join(', ')}) stay out of the task and are copied by a data-only dump while writes are stopped, before step 6.`
      : 'migration.dumpTables is empty: the check before the full load stops if the source has such a table.';
  const why =
    db.engine === 'postgres'
      ? 'DMS ignores UPDATE and DELETE of a PostgreSQL table without a primary key, and an unlogged table writes no WAL at all. REPLICA IDENTITY FULL does not fix it here: DMS supports it only with test_decoding (not pglogical) and still neither validates the table nor uses full LOB mode for it, and ALTER TABLE needs the table owner (usually the app user on DigitalOcean, where doadmin is no superuser).'
      : 'A table without a primary key can get duplicate rows on the target during full load + CDC, is not validated (state No primary key) and loses LOB changes.';
  return `Tables without a primary key: ${why} ${listed}`;
}

/** The decision recorded for a DMS move. */
export function keylessDecision(db: DatabasePlan, dumpTables: readonly string[]) {
  return {
    subject: `databases.${db.name}.migration.dumpTables`,
    choice:
      dumpTables.length > 0
        ? `${dumpTables.join(', ')} excluded from the DMS task and copied by a data-only dump during the write stop; the runbook checks before the full load that no other table lacks a primary key`
        : 'every table by DMS; the runbook checks before the full load that every table has a primary key',
    rule: 'DMS drops UPDATE/DELETE of PostgreSQL tables without a primary key, can duplicate rows of keyless target tables and validates only keyed tables (DMS User Guide: PostgreSQL source limitations, troubleshooting, data validation)',
  };
}
