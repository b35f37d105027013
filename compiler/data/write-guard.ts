/**
 * Writes stopped, enforced and proven at the database the data leaves: the stop-writes step (write-stops.ts)
 * stops every writer the spec knows of, but a writer it does not know (a cron job on a forgotten host, a
 * connection pool that stayed open) would still write after the final dump or the DMS stop, and that row
 * would be lost. So, per database that moves, before the final dump or the final lag check:
 *
 * - PostgreSQL: `ALTER DATABASE … SET default_transaction_read_only = on` (new sessions start read-only; the
 *   database owner may set it, and doadmin owns the databases DigitalOcean creates), then
 *   `pg_terminate_backend` for every other client session, since an open session keeps the setting it started
 *   with. pg_dump reads in a read-only transaction, so the dump is unaffected. Replication connections
 *   (walsenders, DMS's change stream) are not client backends and stay.
 * - MySQL on a DigitalOcean cluster: doadmin has neither SUPER nor SYSTEM_VARIABLES_ADMIN, so
 *   `SET GLOBAL read_only` / `super_read_only` are refused (ERROR 1227): the enforcement is ending every other
 *   session (`KILL`; another user's needs CONNECTION_ADMIN, and seeing it in the processlist PROCESS, so the
 *   runbook checks `SHOW GRANTS` for both first, as DigitalOcean does not document doadmin's), after revoking
 *   the apps' own user's writes (a connected session keeps privileges it had), and the check proves none
 *   came back. On a
 *   droplet, root has SUPER: `SET GLOBAL super_read_only = ON`, which read-only dumps ignore.
 * - The check: the sessions still connected, which must be none but the migration's own (and, on the DMS
 *   path, the task's).
 *
 * The undo (`ALTER DATABASE … RESET`, `super_read_only = OFF`) is printed for abandoning the move or rolling
 * the data back; after a move the source stays read-only. Names are spec data: SQL identifiers are quoted as
 * identifiers, literals as literals, and every command word goes through `sh`.
 */
import { dumpFileName, pgConninfo } from './clients';
import { dq, sh, shComment, shVar, type ShellText } from '../shell';

/** A PostgreSQL identifier, always in double quotes (a database named `order` or `user` stays a name). */
export const pgQuotedIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
/** A MySQL string literal: `'` doubled and `\` escaped (MySQL reads backslash escapes in literals). */
const mysqlString = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** Client sessions on the database other than this one: what may still write. */
const PG_OTHER_SESSIONS =
  "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'";
export const PG_TERMINATE_OTHERS = `SELECT pid, usename, client_addr, pg_terminate_backend(pid) ${PG_OTHER_SESSIONS}`;
export const PG_LIST_OTHERS = `SELECT pid, usename, application_name, client_addr, state, backend_start ${PG_OTHER_SESSIONS}`;
export const pgReadOnly = (db: string): string =>
  `ALTER DATABASE ${pgQuotedIdent(db)} SET default_transaction_read_only = on`;
export const pgWritable = (db: string): string =>
  `ALTER DATABASE ${pgQuotedIdent(db)} RESET default_transaction_read_only`;

/** Sessions other than this one, without the server's own threads and binlog readers (replicas, DMS CDC). */
const mysqlOtherSessions = (databases: readonly string[]) =>
  "FROM information_schema.processlist WHERE id <> CONNECTION_ID() AND command NOT IN ('Binlog Dump', 'Binlog Dump GTID', 'Daemon') " +
  `AND user NOT IN ('event_scheduler', 'system user') AND (db IS NULL OR db IN (${databases.map(mysqlString).join(', ')}))`;
export const mysqlListOthers = (databases: readonly string[]): string =>
  `SELECT id, user, host, db, command, time, state ${mysqlOtherSessions(databases)}`;
const mysqlKillStatements = (databases: readonly string[]): string =>
  `SELECT CONCAT('KILL ', id, ';') ${mysqlOtherSessions(databases)}`;

/**
 * An extended regular expression matching a `SHOW GRANTS` line that grants one of `privileges` (`A|B`) on
 * `*.*`: static privileges are listed `, `-separated, dynamic ones (CONNECTION_ADMIN) `,`-separated, and ALL
 * PRIVILEGES holds both. Only global grants count: PROCESS and CONNECTION_ADMIN exist only at that level.
 */
const grantPattern = (privileges: string): string =>
  `^GRANT (.*, ?)?(ALL PRIVILEGES|${privileges})(,.*)? ON \\*\\.\\* `;

/** SQL as one shell word: in double quotes when it holds string literals (readable), else in single quotes. Inside a remote command (already in single quotes) always in double quotes. */
const sqlWord = (sql: string): ShellText | string => (sql.includes("'") ? dq(sql) : sql);

/**
 * A libpq session that may write although the database defaults to read-only: ALTER DATABASE is refused in a
 * read-only transaction, so a second run of the guard, or the undo, would fail without it.
 */
const PG_WRITABLE_SESSION = sh`PGOPTIONS='-c default_transaction_read_only=off'`;

/** How the guard reaches the source: a DigitalOcean cluster over verified TLS, or a droplet over SSH. */
export type GuardSource =
  | { kind: 'cluster'; host: string | ShellText; port: number; user: string; caFile: string }
  | { kind: 'droplet'; destination: ShellText };

export interface WriteGuard {
  /** Enforce: no session may write any more. */
  enforce: ShellText[];
  /** Prove: nobody but the migration is connected. */
  verify: ShellText[];
  /** Only to write to the source again: abandoning the move, or rolling the data back. */
  undo: ShellText[];
}

interface GuardInput {
  engine: 'mysql' | 'postgres';
  /** The source's name, for the comments. */
  name: string;
  source: GuardSource;
  /** The logical databases that move. */
  databases: readonly string[];
  /** DMS path: the task's own sessions stay connected and are expected in the check. */
  dms: boolean;
}

export function writeGuard(input: GuardInput): WriteGuard {
  return input.engine === 'postgres' ? pgGuard(input) : mysqlGuard(input);
}

function pgGuard({ name, source, databases, dms }: GuardInput): WriteGuard {
  const psql = (db: string, sql: string, writable: boolean) => {
    if (source.kind === 'cluster') {
      const conninfo = pgConninfo({ ...source, dbname: db, rootCert: source.caFile });
      return writable
        ? sh`${PG_WRITABLE_SESSION} psql ${conninfo} -v ON_ERROR_STOP=1 -c ${sqlWord(sql)}`
        : sh`psql ${conninfo} -c ${sqlWord(sql)}`;
    }
    const remote = writable
      ? sh`sudo -u postgres env ${PG_WRITABLE_SESSION} psql ${`--dbname=${db}`} -v ON_ERROR_STOP=1 -c ${dq(sql)}`
      : sh`sudo -u postgres psql ${`--dbname=${db}`} -c ${dq(sql)}`;
    return sh`ssh ${source.destination} ${String(remote)}`;
  };
  const dmsNote = dms
    ? ' The DMS task’s query sessions are ended too and reconnect (read-only, which is all it needs now); its change stream is a replication connection and stays.'
    : '';
  return {
    enforce: [
      shComment(
        `Enforce it at ${name}: new sessions start read-only (ALTER DATABASE … SET default_transaction_read_only, which the database owner may set), then every other client session ends (pg_terminate_backend: an open session keeps the setting it started with). pg_dump reads in a read-only transaction, so the dump is unaffected.${dmsNote}`,
      ),
      ...databases.flatMap((db) => [psql(db, pgReadOnly(db), true), psql(db, PG_TERMINATE_OTHERS, true)]),
    ],
    verify: [
      shComment(
        `Prove it: the client sessions still on ${name} (none but this check may be listed${dms ? ', and the DMS task’s own, from the NAT gateway addresses' : ''}; a row is a writer still running: stop it, then run the enforcement again):`,
      ),
      ...databases.map((db) => psql(db, PG_LIST_OTHERS, false)),
    ],
    undo: [
      shComment(
        `Only to write to ${name} again (abandoning the move before the switch, or rolling the data back after copying the AWS writes to it): end its read-only default, then start the writers stopped above:`,
      ),
      ...databases.map((db) => psql(db, pgWritable(db), true)),
    ],
  };
}

function mysqlGuard({ name, source, databases, dms }: GuardInput): WriteGuard {
  const kills = dumpFileName(`${name}-sessions`, 'sql');
  const dmsNote = dms
    ? ' DMS reads the binlog through a Binlog Dump thread, which stays; its query sessions reconnect.'
    : '';
  if (source.kind === 'droplet') {
    const mysql = (sql: string) =>
      sh`ssh ${source.destination} ${String(sh`sudo mysql --execute=${dq(sql)}`)}`;
    return {
      enforce: [
        shComment(
          `Enforce it at ${name}: root has SUPER on the droplet, so the server refuses every write from here on, open sessions included (super_read_only; the dump only reads).`,
        ),
        mysql('SET GLOBAL super_read_only = ON'),
      ],
      verify: [
        shComment(
          `Prove it: the sessions still on ${name} (none but this check may be listed; a row is a writer still running: stop it):`,
        ),
        mysql(mysqlListOthers(databases)),
      ],
      undo: [
        shComment(
          `Only to write to ${name} again (abandoning the move, or rolling the data back): end read-only mode, then start the writers stopped above:`,
        ),
        mysql('SET GLOBAL super_read_only = OFF'),
        mysql('SET GLOBAL read_only = OFF'),
      ],
    };
  }
  const mysql = sh`mysql --host=${source.host} --port=${source.port} --user=${source.user} -p --ssl-mode=VERIFY_IDENTITY ${`--ssl-ca=${source.caFile}`}`;
  const grants = dumpFileName(`${name}-grants`, 'txt');
  const lacking = (privilege: string, consequence: string) =>
    `STOP: ${source.user} lacks ${privilege} on ${name} (SHOW GRANTS, in ${grants}): ${consequence}`;
  const noProcess = sh`grep -Eq ${grantPattern('PROCESS')} ${grants} || echo ${lacking('PROCESS', 'the session list shows only its own sessions, so the KILL and the proof miss every other user’s; grant it PROCESS first')} >&2`;
  return {
    enforce: [
      shComment(
        `Enforce it at ${name}: DigitalOcean's doadmin has neither SUPER nor SYSTEM_VARIABLES_ADMIN, so the cluster cannot be made read-only (SET GLOBAL read_only is refused); instead every other session ends (KILL). Seeing other users' sessions needs PROCESS and ending them CONNECTION_ADMIN (MySQL: information_schema.PROCESSLIST, KILL); DigitalOcean does not list doadmin's privileges, so check them first (prompts for the password; a STOP line means the steps below cannot work as ${source.user}).`,
      ),
      sh`${mysql} --skip-column-names --execute=${'SHOW GRANTS'} > ${grants}`,
      noProcess,
      sh`grep -Eq ${grantPattern('CONNECTION_ADMIN|SUPER')} ${grants} || echo ${lacking('CONNECTION_ADMIN', 'KILL ends only its own sessions')} >&2`,
      shComment(
        `First, if the apps connect as a user of their own, revoke its writes (SHOW GRANTS FOR it, then REVOKE those; GRANT them back to undo). Before the KILL, not after: a connected session keeps its global privileges until it reconnects and its database privileges until its next USE (MySQL "When Privilege Changes Take Effect"), so only sessions opened after the REVOKE lose them. Then end every other session (prompts twice for the password).${dmsNote}`,
      ),
      sh`${mysql} --skip-column-names --execute=${dq(mysqlKillStatements(databases))} > ${kills}`,
      sh`${mysql} --force < ${kills}`,
    ],
    verify: [
      shComment(
        `Prove it: the sessions still on ${name} (none but this check may be listed${dms ? ', and the DMS task’s own, from the NAT gateway addresses' : ''}, besides DigitalOcean's own monitoring user; any other row is a writer still running: stop it, then end the sessions again). The list is only whole with PROCESS, checked again here:`,
      ),
      noProcess,
      sh`${mysql} --execute=${dq(mysqlListOthers(databases))}`,
    ],
    undo: [
      shComment(
        `Only to write to ${name} again (abandoning the move before the switch, or rolling the data back): nothing was made read-only on the cluster; start the writers stopped above (and GRANT back what you revoked).`,
      ),
    ],
  };
}

/** The droplet that runs a database with no `from`, as `user@address` for ssh. */
export const DB_DROPLET = shVar(
  'DB_DROPLET',
  'set DB_DROPLET to the ssh destination of the droplet that runs the database',
);
