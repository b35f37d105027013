/**
 * Writes stopped, enforced and proven (compiler/data/write-guard.ts, write-stops.ts; issue 19): before the
 * final dump or the DMS stop the source database refuses writes (PostgreSQL: read-only default and the other
 * sessions ended; DigitalOcean MySQL: the other sessions ended, since doadmin cannot set read_only), a query
 * shows who is still connected, the scheduled tasks already running are waited for, the AWS services that
 * write through to DigitalOcean are scaled to 0, and the undo is printed for rolling back.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile } from '../../compiler';
import { compileExample, loadExample, specFrom } from '../helpers/synth';

const commandsOf = (plan: ReturnType<typeof compile>, i = 0) => plan.data.runbook[i].commands.map(String);
const indexOf = (lines: string[], pattern: RegExp) => lines.findIndex((l) => pattern.test(l));

describe('PostgreSQL source: read-only at the database, sessions ended and listed before the dump', () => {
  const lines = commandsOf(compileExample('multi-domain'));

  it('sets the read-only default, ends the other client sessions, lists who is left, then dumps', () => {
    const readOnly = indexOf(
      lines,
      /psql .* -c 'ALTER DATABASE "estate" SET default_transaction_read_only = on'$/,
    );
    const terminate = indexOf(lines, /pg_terminate_backend\(pid\) FROM pg_stat_activity/);
    const list = indexOf(lines, /^psql .*SELECT pid, usename, application_name, client_addr/);
    const dump = indexOf(lines, /^pg_dump /);
    expect(Math.min(readOnly, terminate, list, dump)).toBeGreaterThanOrEqual(0);
    expect(readOnly).toBeLessThan(terminate);
    expect(terminate).toBeLessThan(list);
    expect(list).toBeLessThan(dump);
    // Our own sessions may write (ALTER DATABASE is refused in a read-only transaction on a second run).
    expect(lines[readOnly]).toMatch(/^PGOPTIONS='-c default_transaction_read_only=off' psql /);
    expect(lines[terminate]).toContain("backend_type = 'client backend'");
    expect(lines[terminate]).toContain('pid <> pg_backend_pid()');
    // The undo comes last, for a rollback or an abandoned move.
    const undo = indexOf(lines, /ALTER DATABASE "estate" RESET default_transaction_read_only/);
    expect(undo).toBeGreaterThan(dump);
  });

  it('quotes a hostile database name as an SQL identifier inside one shell word', () => {
    const spec = loadExample('multi-domain');
    const hostile = `we"ird'; DROP`;
    const edited = specFrom({
      ...spec,
      digitalocean: {
        ...spec.digitalocean,
        databases: spec.digitalocean.databases.map((d) =>
          d.engine === 'pg' ? { ...d, databases: [hostile] } : d,
        ),
      },
    });
    const lines = commandsOf(compile(edited));
    const alter = lines.find((l) => l.includes('SET default_transaction_read_only = on'))!;
    // The shell hands psql the statement as one argument, the name as one identifier ("" for its quote).
    const args = execFileSync('sh', ['-c', alter.replace(/^PGOPTIONS='[^']*' psql /, "printf '%s\\n' ")], {
      encoding: 'utf8',
    }).split('\n');
    expect(args).toContain(`ALTER DATABASE "we""ird'; DROP" SET default_transaction_read_only = on`);
  });
});

describe('PostgreSQL on a droplet: the same statements as the postgres superuser, over SSH', () => {
  it('keeps a name that is a keyword and mixed case one quoted identifier through both shells', () => {
    const spec = loadExample('multi-domain');
    // databaseName allows letters, digits and _ only: a keyword in mixed case is what needs the quotes.
    const name = 'Order';
    const edited = specFrom({
      ...spec,
      databases: spec.databases.map((d) => ({
        ...d,
        from: undefined,
        engine: 'postgres',
        databaseName: name,
      })),
      cutover: undefined,
    });
    const lines = commandsOf(compile(edited));
    const alter = lines.find((l) => l.includes('SET default_transaction_read_only = on'))!;
    expect(alter).toMatch(/^ssh "\$\{DB_DROPLET:\?[^}]*\}" 'sudo -u postgres env PGOPTIONS=/);
    // The local shell hands ssh one word: the remote command; the droplet's shell hands psql the statement.
    const sh = (script: string) => execFileSync('sh', ['-c', script], { encoding: 'utf8' });
    const remote = sh(alter.replace(/^ssh "[^"]*" /, "printf '%s' "));
    const args = sh(remote.replace(/^sudo -u postgres env PGOPTIONS='[^']*' psql /, "printf '%s\\n' ")).split(
      '\n',
    );
    expect(args).toContain(`ALTER DATABASE "Order" SET default_transaction_read_only = on`);
  });
});

describe('MySQL source on DigitalOcean: the other sessions ended and listed (no SET GLOBAL read_only)', () => {
  const lines = commandsOf(compileExample('laravel-app'));

  it('kills the other sessions and lists who is left before mysqldump, and never tries read_only', () => {
    const kills = indexOf(
      lines,
      /--execute="SELECT CONCAT\('KILL ', id, ';'\) FROM information_schema\.processlist/,
    );
    const run = indexOf(lines, /--force < ledgerly-mysql-sessions\.sql$/);
    const list = indexOf(
      lines,
      /--execute="SELECT id, user, host, db, command, time, state FROM information_schema\.processlist/,
    );
    const dump = indexOf(lines, /^mysqldump /);
    expect(Math.min(kills, run, list, dump)).toBeGreaterThanOrEqual(0);
    expect(kills).toBeLessThan(run);
    expect(run).toBeLessThan(list);
    expect(list).toBeLessThan(dump);
    expect(lines[kills]).toContain("db IN ('ledgerly')");
    expect(lines[kills]).toContain("command NOT IN ('Binlog Dump', 'Binlog Dump GTID', 'Daemon')");
    expect(lines.some((l) => /^[^#].*SET GLOBAL (super_)?read_only/.test(l))).toBe(false);
    expect(
      lines.some((l) => /^# Enforce it at ledgerly-mysql: DigitalOcean's doadmin has neither SUPER/.test(l)),
    ).toBe(true);
  });

  it('checks PROCESS and CONNECTION_ADMIN, and says to revoke before the KILL, not after', () => {
    const grants = indexOf(lines, /--execute='SHOW GRANTS' > ledgerly-mysql-grants\.txt$/);
    const revoke = indexOf(lines, /^# First, if the apps connect as a user of their own, revoke/);
    const kills = indexOf(lines, /--force < ledgerly-mysql-sessions\.sql$/);
    const list = indexOf(lines, /--execute="SELECT id, user, host, db, command, time, state/);
    const processChecks = lines.flatMap((l, i) => (/^grep -Eq .*PROCESS/.test(l) ? [i] : []));
    expect(Math.min(grants, revoke, kills, list)).toBeGreaterThanOrEqual(0);
    expect(grants).toBeLessThan(revoke);
    expect(revoke).toBeLessThan(kills);
    expect(processChecks).toHaveLength(2);
    expect(processChecks[0]).toBeLessThan(kills);
    expect(processChecks[1]).toBe(list - 1);
    expect(lines.some((l) => /also revoke/.test(l))).toBe(false);
    // The printed checks, run by sh against SHOW GRANTS output: silent with the privileges, STOP without.
    const checks = lines.filter((l) => /^grep -Eq /.test(l)).slice(0, 2);
    const run = (grantLines: string) =>
      execFileSync(
        'sh',
        [
          '-c',
          `cd "$1" && printf '%s\\n' "$2" > ledgerly-mysql-grants.txt && { ${checks.join('; ')}; } 2>&1`,
          'sh',
          mkdtempSync(join(tmpdir(), 'grants-')),
          grantLines,
        ],
        { encoding: 'utf8' },
      );
    expect(
      run(
        'GRANT SELECT, INSERT, PROCESS, RELOAD ON *.* TO `doadmin`@`%` WITH GRANT OPTION\n' +
          'GRANT BACKUP_ADMIN,CONNECTION_ADMIN ON *.* TO `doadmin`@`%`',
      ),
    ).toBe('');
    const missing = run(
      'GRANT SELECT, INSERT ON *.* TO `doadmin`@`%`\nGRANT ALL PRIVILEGES ON `ledgerly`.* TO `doadmin`@`%`',
    );
    expect(missing).toContain('STOP: doadmin lacks PROCESS');
    expect(missing).toContain('STOP: doadmin lacks CONNECTION_ADMIN');
  });

  it('passes --no-tablespaces to every mysqldump (8.0.21+ wants PROCESS for tablespaces)', () => {
    const dumps = lines.filter((l) => /(^|[ '])mysqldump /.test(l) && !l.startsWith('#'));
    expect(dumps.length).toBeGreaterThan(0);
    for (const d of dumps) expect(d).toContain(' --no-tablespaces ');
  });

  it('on a droplet, root sets super_read_only over SSH, and the undo turns it off', () => {
    const spec = loadExample('php-shop');
    const edited = specFrom({
      ...spec,
      databases: spec.databases.map((d) => ({ ...d, from: undefined, engine: 'mysql' })),
      cutover: undefined,
    });
    const lines = commandsOf(compile(edited));
    const on = indexOf(lines, /^ssh .* 'sudo mysql --execute="SET GLOBAL super_read_only = ON"'$/);
    const dump = indexOf(lines, /sudo mysqldump/);
    const off = indexOf(lines, /'sudo mysql --execute="SET GLOBAL super_read_only = OFF"'$/);
    expect(Math.min(on, dump, off)).toBeGreaterThanOrEqual(0);
    expect(on).toBeLessThan(dump);
    expect(off).toBeGreaterThan(dump);
  });
});

describe('DMS: the stop is enforced and proven before the final lag check and the task stop', () => {
  const lines = commandsOf(compileExample('django-app'));

  it('read-only, sessions ended and listed, then the lag checks, then stop-replication-task', () => {
    const readOnly = indexOf(lines, /SET default_transaction_read_only = on/);
    const list = indexOf(lines, /SELECT pid, usename, application_name/);
    const stop = indexOf(lines, /^aws dms stop-replication-task/);
    const lagAfter = lines.slice(list).findIndex((l) => /CDCLatencySource/.test(l)) + list;
    expect(Math.min(readOnly, list, stop)).toBeGreaterThanOrEqual(0);
    expect(readOnly).toBeLessThan(list);
    expect(list).toBeLessThan(lagAfter);
    expect(lagAfter).toBeLessThan(stop);
  });
});

describe('AWS writers: running scheduled tasks waited for, split-phase services scaled to 0', () => {
  it('waits for the scheduled task runs after disabling the rule', () => {
    const lines = commandsOf(compileExample('laravel-app'));
    const disable = indexOf(lines, /^aws events disable-rule .* --name ledgerly-production-scheduler$/);
    const list = indexOf(
      lines,
      /^TASKS=\$\(aws ecs list-tasks --region eu-central-1 --cluster ledgerly-production --family ledgerly-production-scheduler --desired-status RUNNING/,
    );
    const wait = indexOf(
      lines,
      /aws ecs wait tasks-stopped --region eu-central-1 --cluster ledgerly-production --tasks \$TASKS$/,
    );
    expect(Math.min(disable, list, wait)).toBeGreaterThanOrEqual(0);
    expect(disable).toBeLessThan(list);
    expect(list).toBeLessThan(wait);
  });

  it('digitalocean-until-100: the serving service goes to 0 before the dump and back in the resume', () => {
    const lines = commandsOf(compileExample('laravel-app'));
    const down = indexOf(lines, /--service web --desired-count 0$/);
    const dump = indexOf(lines, /^mysqldump /);
    const up = indexOf(lines, /--service web --desired-count [1-9]/);
    expect(Math.min(down, dump, up)).toBeGreaterThanOrEqual(0);
    expect(down).toBeLessThan(dump);
    expect(up).toBeGreaterThan(dump);
  });

  it('move-first: the AWS services write to RDS, so none answering requests is scaled to 0', () => {
    const plan = compileExample('isolated-api');
    const serving = loadExample('isolated-api')
      .apps.filter((a) => a.expose !== undefined)
      .map((a) => a.name);
    const lines = commandsOf(plan);
    for (const name of serving)
      expect(lines.some((l) => l.includes(`--service ${name} --desired-count 0`))).toBe(false);
  });
});

describe('caches: what does not move is said', () => {
  it('a moving cache read as sessions: users signed out, queues drained, decision recorded', () => {
    const plan = compileExample('laravel-app');
    const lines = commandsOf(plan);
    expect(lines).toContain(
      '# The sessions the cache redis holds do not move either: every signed-in user is signed out at the switch.',
    );
    const decision = plan.data.decisions.find((d) => d.subject === 'caches.redis.contents')!;
    expect(decision.choice).toBe('not copied: the replication group starts empty');
    expect(decision.rule).toContain('signed out at the switch');
  });
});
