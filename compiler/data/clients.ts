/**
 * How the runbook's commands reach the databases: libpq connection strings, dump file names, and the RDS
 * master credentials, which never pass through a command line or the environment of a process.
 *
 * The master password goes from Secrets Manager through jq into a file that `mktemp` creates (mode 0600, so
 * only its owner reads it) and is removed at the end of the block:
 * - MySQL reads it as an option file, `--defaults-extra-file` (MySQL's "End-User Guidelines for Password
 *   Security" call an option file readable only by its owner one of the two secure ways, and MYSQL_PWD
 *   "extremely insecure"; it is deprecated since 8.0). RDS-generated passwords hold printable ASCII but no
 *   `"`, `/` or `@` (RDS MasterUserPassword constraints), so the value goes in double quotes, written by
 *   jq's `@json`, whose only escape such a value can need, `\\`, is an option-file escape sequence too.
 * - PostgreSQL reads it as a password file, `PGPASSFILE` (libpq's docs advise against PGPASSWORD, which some
 *   systems show to other users through ps, and ignore a password file readable by group or others):
 *   one `*:*:*:*:password` line, with `\` and `:` escaped by a backslash as the format requires.
 */
import type { CompileContext } from '../context';
import { sh, shVar, word, type ShellText } from '../shell';
import type { DatabasePlan } from '../model/data';

/** The shell variable holding the path of the credentials file. */
const CREDENTIALS = 'RDS_CREDENTIALS';
export const RDS_HOST = shVar('RDS_HOST');
const RDS_SECRET_ARN = shVar('RDS_SECRET_ARN');

function describeInstance(ctx: CompileContext, db: DatabasePlan, query: string): ShellText {
  const region = ctx.spec.aws.region;
  return db.aurora
    ? sh`aws rds describe-db-clusters --region ${region} --db-cluster-identifier ${db.aurora.clusterIdentifier} --query ${query.replace('DBInstances[0].Endpoint.Address', 'DBClusters[0].Endpoint').replace('DBInstances[0]', 'DBClusters[0]')} --output text`
    : sh`aws rds describe-db-instances --region ${region} --db-instance-identifier ${db.identifier} --query ${query} --output text`;
}

/**
 * The RDS CA bundle every client verifies the RDS server against (VERIFY_IDENTITY, verify-full: signed by an
 * RDS CA and named as the endpoint), fetched once into the working folder; REQUIRED/require only encrypt.
 */
export const RDS_CA_FILE = 'global-bundle.pem';
const RDS_CA_URL = 'https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem';

/** The RDS CA bundle (unless already here), RDS_HOST and RDS_SECRET_ARN: the endpoint and the master secret. */
export function rdsEndpointLines(ctx: CompileContext, db: DatabasePlan): ShellText[] {
  return [
    sh`test -s ${RDS_CA_FILE} || curl -fsSo ${RDS_CA_FILE} ${RDS_CA_URL}`,
    sh`RDS_HOST=$(${describeInstance(ctx, db, 'DBInstances[0].Endpoint.Address')})`,
    sh`RDS_SECRET_ARN=$(${describeInstance(ctx, db, 'DBInstances[0].MasterUserSecret.SecretArn')})`,
  ];
}

/** jq programs that turn the master secret into a MySQL option file or a libpq password file. */
const CREDENTIALS_FILE = {
  mysql: `"[client]", "password=" + (.password | @json)`,
  postgres: `"*:*:*:*:" + (.password | split("\\\\") | join("\\\\\\\\") | split(":") | join("\\\\:"))`,
} as const;

/** The endpoint lines, then the master password into a credentials file only its owner can read. */
export function rdsCredentialLines(ctx: CompileContext, db: DatabasePlan): ShellText[] {
  return [
    ...rdsEndpointLines(ctx, db),
    sh`RDS_CREDENTIALS=$(mktemp) && aws secretsmanager get-secret-value --region ${ctx.spec.aws.region} --secret-id ${RDS_SECRET_ARN} --query SecretString --output text | jq -r ${CREDENTIALS_FILE[db.engine]} > ${shVar(CREDENTIALS)}`,
  ];
}

/** Removes the credentials file (the end of every block that wrote one). */
export const forgetRdsCredentials = (): ShellText => sh`rm -f ${shVar(CREDENTIALS)}`;

/** `mysql` connected to the RDS instance as its master user, over verified TLS. */
export const rdsMysql = (db: DatabasePlan): ShellText =>
  sh`mysql --defaults-extra-file=${shVar(CREDENTIALS)} --host=${RDS_HOST} --port=${db.port} --user=${db.username} --ssl-mode=VERIFY_IDENTITY ${`--ssl-ca=${RDS_CA_FILE}`}`;

/** The environment assignment before a libpq client that makes it read the credentials file. */
export const pgPassfile = (): ShellText => sh`PGPASSFILE=${shVar(CREDENTIALS)}`;

/** A value of a libpq connection string: bare when it can be, else in single quotes with `\` and `'` escaped. */
function libpqValue(value: string | number): string {
  const text = String(value);
  return /^[A-Za-z0-9_.:/@%+,-]+$/.test(text) ? text : `'${text.replace(/[\\']/g, '\\$&')}'`;
}

/**
 * A libpq connection string as one shell word: `"host=… port=… user=… dbname=… sslmode=require"`. Each value
 * is quoted for libpq, then the whole for the shell, so a database name can add no keyword (`sslmode=disable`)
 * and no shell syntax. `host` may be a shell variable, expanded by the shell. With `rootCert`, the server is
 * verified (`sslmode=verify-full`: signed by that CA and named `host`), not only encrypted.
 */
export function pgConninfo(params: {
  host: string | ShellText;
  port: number;
  user: string;
  dbname: string;
  rootCert?: string;
}): ShellText {
  const tls = params.rootCert
    ? `sslmode=verify-full sslrootcert=${libpqValue(params.rootCert)}`
    : 'sslmode=require';
  const rest = ` port=${libpqValue(params.port)} user=${libpqValue(params.user)} dbname=${libpqValue(params.dbname)} ${tls}`;
  return typeof params.host === 'string'
    ? word(`host=${libpqValue(params.host)}${rest}`)
    : word('host=', params.host, rest);
}

/** The connection string of a database on the RDS instance, as its master user. */
export const rdsConninfo = (db: DatabasePlan, dbname: string): ShellText =>
  pgConninfo({ host: RDS_HOST, port: db.port, user: db.username, dbname, rootCert: RDS_CA_FILE });

/**
 * A file name for a DigitalOcean database's dump: the name itself when it is a plain file name (letters,
 * digits, `_`, `.`, `-`, not starting with `.` or `-`), else each other character as `%XX` (UTF-8), so no name
 * reaches another folder (`/`, `..`), reads as an option (`-`), hides (`.`) or clashes with another name's file.
 */
export function dumpFileName(name: string, extension: string): string {
  // An empty name is `%`, which no other name encodes to.
  const stem = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name)
    ? name
    : name === ''
      ? '%'
      : [...Buffer.from(name, 'utf8')]
          .map((byte, i) => {
            const char = String.fromCharCode(byte);
            return /[A-Za-z0-9_]/.test(char) || (i > 0 && /[.-]/.test(char))
              ? char
              : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
          })
          .join('');
  return `${stem}.${extension}`;
}

/**
 * A dump that fails inside the pipe leaves a short file the restore would take for whole (POSIX sh has no
 * pipefail): mysqldump ends a finished dump with a `-- Dump completed` line, so the file is checked for it.
 */
export function dumpCompleted(file: string): ShellText {
  return sh`tail -n 1 ${file} | grep -q '^-- Dump completed' || echo ${`${file} is incomplete: the dump failed; do not restore it`} >&2`;
}
