/**
 * The application's own database user, per database. Apps never connect as the RDS master user: RDS rotates
 * the master password every 7 days and ECS reads secrets only when a task starts, so new connections would
 * fail after each rotation until a redeploy; and the master user can do far more than an app needs.
 * dropship creates the secret `<prefix>/<db>/app` (KMS, no value) that the apps read; a manual step creates
 * the user with the privileges an app needs on its database and puts its generated password into the secret,
 * so the password exists in neither Terraform JSON nor state.
 */
import type { CompileContext } from '../context';
import type { ManualStep } from '../model';
import { recoveryWindowDays } from './common';
import type { Value } from '../model/refs';
import { dq, sh, shVar, toCommands, word } from '../shell';
import { forgetRdsCredentials, pgPassfile, rdsConninfo, rdsCredentialLines, rdsMysql } from './clients';
import { secretIdentity, secretPath } from './secrets';
import type { DatabasePlan, SecretPlan } from '../model/data';

/**
 * What an app (and its schema migrations) may do on its own database, MySQL. EXECUTE: the restored stored
 * procedures and functions now belong to the RDS master (the dump's definers are stripped), and an app
 * calling them needs the right to (PostgreSQL grants EXECUTE on functions to PUBLIC by default).
 */
export const MYSQL_APP_PRIVILEGES =
  'SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES, EXECUTE';

export function appUserSecret(ctx: CompileContext, db: DatabasePlan, kms: Value<'aws_kms_key'>): SecretPlan {
  return {
    key: db.appSecret,
    declared: false,
    ...secretIdentity(ctx, db.appSecret),
    secretName: secretPath(ctx, db.name, 'app'),
    description: `Credentials {username, password} of the application user ${db.appUsername} on ${db.identifier} (set out of band)`,
    kmsKeyArn: kms,
    recoveryWindowDays: recoveryWindowDays(ctx),
    keys: ['username', 'password'],
  };
}

/**
 * SQL, run as the master user, that creates the app user and gives it its database (one statement a line),
 * with `password` where the user's password goes.
 */
export function appUserSql(db: DatabasePlan, password: string): string[] {
  const user = db.appUsername;
  if (db.engine === 'mysql')
    return [
      `CREATE USER '${user}'@'%' IDENTIFIED BY '${password}' REQUIRE SSL;`,
      `GRANT ${MYSQL_APP_PRIVILEGES} ON ${mysqlIdent(db.dbName)}.* TO '${user}'@'%';`,
    ];
  const dbName = pgIdent(db.dbName);
  const master = pgIdent(db.username);
  return [
    `CREATE ROLE ${user} LOGIN PASSWORD '${password}';`,
    // The master must be a member to hand restored objects to the role (it is rds_superuser, not superuser).
    `GRANT ${user} TO ${master};`,
    `GRANT CONNECT, TEMPORARY ON DATABASE ${dbName} TO ${user};`,
    `GRANT USAGE, CREATE ON SCHEMA public TO ${user};`,
    `GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public TO ${user};`,
    `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${user};`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${master} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLES TO ${user};`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${master} IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${user};`,
  ];
}

/**
 * PostgreSQL lets only a table's owner ALTER or DROP it (schema migrations do both): this query prints an
 * `ALTER … OWNER TO` for every restored table, view and free-standing sequence of `public` (sequences owned
 * by a column follow their table).
 */
export function pgOwnershipQuery(db: DatabasePlan): string {
  return (
    "SELECT format('ALTER %s %s OWNER TO %I;', CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, c.oid::regclass, " +
    `'${db.appUsername}') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND (c.relkind IN ('r', 'p', 'v', 'm') OR (c.relkind = 'S' AND NOT EXISTS ` +
    "(SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))))"
  );
}

/** Creates the user as the master (password read from the master secret) and fills the app secret. */
export function appUserStep(
  ctx: CompileContext,
  db: DatabasePlan,
  secret: SecretPlan,
): Omit<ManualStep, 'order'> {
  const region = ctx.spec.aws.region;
  // Alphanumeric: safe inside SQL quotes and JSON without escaping.
  const generate = sh`APP_PASSWORD=$(aws secretsmanager get-random-password --region ${region} --password-length 40 --exclude-punctuation --query RandomPassword --output text)`;
  // printf is a shell builtin: the password never appears in a process list. Each statement is one word in
  // double quotes, where the shell puts the password in.
  const placeholder = '\u0000password\u0000';
  const statements = appUserSql(db, placeholder).map((line) => {
    const [before, after] = line.split(placeholder);
    return after === undefined ? word(line) : word(before, shVar('APP_PASSWORD'), after);
  });
  const sql = sh`printf '%s\\n' ${statements}`;
  const admin = shVar('ADMIN_DSN');
  const engineLines =
    db.engine === 'mysql'
      ? [sh`${sql} | ${rdsMysql(db)}`]
      : [
          sh`ADMIN_DSN=${rdsConninfo(db, db.dbName)}`,
          sh`${sql} | ${pgPassfile()} psql ${admin} -v ON_ERROR_STOP=1`,
          sh`${pgPassfile()} psql ${admin} --tuples-only --no-align -c ${dq(pgOwnershipQuery(db))} | ${pgPassfile()} psql ${admin} -v ON_ERROR_STOP=1`,
        ];
  return {
    title: `Create the application user ${db.appUsername} for the database ${db.name}`,
    detail:
      `The apps connect as ${db.appUsername}, never as the master user ${db.username} (RDS rotates the master password every 7 days and ECS reads secrets only at task start; ` +
      `the master secret is for administration). After the data is in ${db.identifier} and before the apps start, from a host inside the VPC: read the master password from the RDS-managed secret, ` +
      `create the user with ${db.engine === 'mysql' ? `${MYSQL_APP_PRIVILEGES} on ${db.dbName}.* and TLS required` : `the use of ${db.dbName} (DML on every table and sequence of public, CREATE on public, ownership of the restored objects so migrations may ALTER and DROP them)`}, ` +
      `then store {username, password} in ${secret.secretName}. To rotate: ${db.engine === 'mysql' ? 'ALTER USER' : 'ALTER ROLE'} with a new password, put it into the secret, then redeploy the services.`,
    commands: toCommands([
      ...rdsCredentialLines(ctx, db),
      generate,
      ...engineLines,
      // Through a pipe: the password touches no file and no command line.
      sh`printf '{"username":"%s","password":"%s"}' ${db.appUsername} ${shVar('APP_PASSWORD')} | aws secretsmanager put-secret-value --region ${region} --secret-id ${secret.secretName!} --secret-string file:///dev/stdin`,
      forgetRdsCredentials(),
      sh`unset APP_PASSWORD`,
    ]),
  };
}

/** A MySQL identifier in backquotes; a backquote inside is doubled. */
export const mysqlIdent = (name: string) => `\`${name.replace(/`/g, '``')}\``;
/** A PostgreSQL identifier: bare when it is a plain lowercase name, else in double quotes. */
export const pgIdent = (name: string) =>
  /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
