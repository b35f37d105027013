/**
 * Commands of the DMS runbook beyond starting and stopping the task: the account's DMS service roles, the
 * dedicated DMS target user, the lag and validation checks while it runs, and (PostgreSQL sources) the
 * logical replication slot DMS leaves on DigitalOcean.
 */
import type { CompileContext } from '../context';
import type { DatabasePlan, DmsTaskPlan, SecretPlan } from '../model/data';
import type { DoDatabaseSpec } from '../../schema/spec';
import { dq, rawShell, sh, shComment, shVar, word, type ShellText } from '../shell';
import {
  forgetRdsCredentials,
  pgConninfo,
  pgPassfile,
  RDS_HOST,
  rdsConninfo,
  rdsCredentialLines,
  rdsMysql,
} from './clients';
import { mysqlIdent, pgIdent } from './app-user';

/**
 * Account-wide roles DMS looks up by exact name: `dms-vpc-role` (replication subnet groups) and
 * `dms-cloudwatch-logs-role` (task logs). Shared by every DMS user of the account, so each is created only
 * when missing (AWS DMS User Guide, "Creating the IAM roles to use with AWS DMS").
 */
export function dmsRoleCommands(): ShellText[] {
  const trust =
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"dms.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
  return (
    [
      ['dms-vpc-role', 'arn:aws:iam::aws:policy/service-role/AmazonDMSVPCManagementRole'],
      ['dms-cloudwatch-logs-role', 'arn:aws:iam::aws:policy/service-role/AmazonDMSCloudWatchLogsRole'],
    ] as const
  ).map(
    ([role, policy]) =>
      sh`aws iam get-role --role-name ${role} || { aws iam create-role --role-name ${role} --assume-role-policy-document ${trust} && aws iam attach-role-policy --role-name ${role} --policy-arn ${policy}; }`,
  );
}

/** `<database>_dms`: the DMS target user, beside the app's `<database>_app`. */
export const dmsUsername = (db: DatabasePlan): string => db.appUsername.replace(/_app$/, '_dms');

/**
 * SQL, run as the master, that creates the DMS user with what DMS needs on the target (AWS DMS User Guide,
 * "Using a MySQL-compatible database as a target" and "Using a PostgreSQL database as a target"), one
 * statement a line, `password` where the password goes.
 * - MySQL: ALTER, CREATE, DROP, INDEX, INSERT, UPDATE, DELETE, SELECT on each migrated schema (DROP for
 *   TRUNCATE_BEFORE_LOAD, SELECT for row validation) and all on `awsdms_control`, its control schema.
 * - PostgreSQL: rds_superuser, which may set `session_replication_role` (the endpoint's after-connect
 *   script), CREATE on the database for DMS's control tables; the table grants follow from a catalog query
 *   (`pgDmsGrantsQuery`), since the schemas are whatever the source had.
 */
export function dmsUserSql(db: DatabasePlan, schemas: readonly string[], password: string): string[] {
  const user = dmsUsername(db);
  if (db.engine === 'mysql')
    return [
      `CREATE USER '${user}'@'%' IDENTIFIED BY '${password}' REQUIRE SSL;`,
      ...schemas.map(
        (schema) =>
          `GRANT ALTER, CREATE, DROP, INDEX, INSERT, UPDATE, DELETE, SELECT ON ${mysqlIdent(schema)}.* TO '${user}'@'%';`,
      ),
      `GRANT ALL PRIVILEGES ON awsdms_control.* TO '${user}'@'%';`,
    ];
  return [
    `CREATE ROLE ${user} LOGIN PASSWORD '${password}';`,
    `GRANT rds_superuser TO ${user};`,
    `GRANT CONNECT, TEMPORARY, CREATE ON DATABASE ${pgIdent(db.dbName)} TO ${user};`,
  ];
}

/** Prints the grants of every user schema (tables, sequences, the schema itself) to the DMS user. */
export function pgDmsGrantsQuery(db: DatabasePlan): string {
  return (
    "SELECT format('GRANT USAGE, CREATE ON SCHEMA %1$I TO %2$I; GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA %1$I TO %2$I; GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %1$I TO %2$I;', n.nspname, " +
    `'${dmsUsername(db)}') FROM pg_namespace n WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'`
  );
}

/**
 * Step 2 of a DMS move: the DMS user (after step 0 created the schema, so the grants reach every table) and
 * its credentials, with host and port, in the target secret. Not the master: RDS rotates the master password
 * every 7 days, and the running task would then fail to reconnect.
 */
export function dmsUserLines(
  ctx: CompileContext,
  db: DatabasePlan,
  schemas: readonly string[],
  targetSecret: SecretPlan,
): ShellText[] {
  const region = ctx.spec.aws.region;
  const placeholder = '\u0000password\u0000';
  // Alphanumeric: safe inside SQL quotes and JSON. printf is a builtin: the password shows in no process list.
  const statements = dmsUserSql(db, schemas, placeholder).map((line) => {
    const [before, after] = line.split(placeholder);
    return after === undefined ? word(line) : word(before, shVar('DMS_PASSWORD'), after);
  });
  const sql = sh`printf '%s\\n' ${statements}`;
  const admin = shVar('ADMIN_DSN');
  return [
    ...rdsCredentialLines(ctx, db),
    sh`DMS_PASSWORD=$(aws secretsmanager get-random-password --region ${region} --password-length 40 --exclude-punctuation --query RandomPassword --output text)`,
    ...(db.engine === 'mysql'
      ? [sh`${sql} | ${rdsMysql(db)}`]
      : [
          sh`ADMIN_DSN=${rdsConninfo(db, db.dbName)}`,
          sh`${sql} | ${pgPassfile()} psql ${admin} -v ON_ERROR_STOP=1`,
          sh`${pgPassfile()} psql ${admin} --tuples-only --no-align -c ${dq(pgDmsGrantsQuery(db))} | ${pgPassfile()} psql ${admin} -v ON_ERROR_STOP=1`,
        ]),
    sh`printf '{"username":"%s","password":"%s","host":"%s","port":%s}' ${dmsUsername(db)} ${shVar('DMS_PASSWORD')} ${RDS_HOST} ${db.port} | aws secretsmanager put-secret-value --region ${region} --secret-id ${targetSecret.secretName!} --secret-string file:///dev/stdin`,
    forgetRdsCredentials(),
    sh`unset DMS_PASSWORD`,
  ];
}

/** The task's ARN into TASK_ARN, and its resource id (the ARN's last field) into TASK_RESOURCE. */
export function taskArnLines(ctx: CompileContext, task: DmsTaskPlan): ShellText[] {
  return [
    sh`TASK_ARN=$(aws dms describe-replication-tasks --region ${ctx.spec.aws.region} --filters ${`Name=replication-task-id,Values=${task.taskId}`} --query 'ReplicationTasks[0].ReplicationTaskArn' --output text)`,
    rawShell('TASK_RESOURCE=${TASK_ARN##*:}'),
  ];
}

/**
 * While the task runs: the highest CDC latency of the last 15 minutes, source side (DMS reading DigitalOcean)
 * and target side (applying to RDS), in seconds (CloudWatch AWS/DMS CDCLatencySource/CDCLatencyTarget per
 * instance and task); and per table the rows loaded and the validation state (`describe-table-statistics`).
 */
export function lagCheckLines(ctx: CompileContext, task: DmsTaskPlan): ShellText[] {
  const region = ctx.spec.aws.region;
  const latency = (metric: string) =>
    sh`aws cloudwatch get-metric-statistics --region ${region} --namespace AWS/DMS --metric-name ${metric} --dimensions ${`Name=ReplicationInstanceIdentifier,Value=${task.replicationInstanceId}`} ${word('Name=ReplicationTaskIdentifier,Value=', shVar('TASK_RESOURCE'))} ${rawShell('--start-time "$(($(date +%s) - 900))" --end-time "$(date +%s)"')} --period 60 --statistics Maximum --query 'max(Datapoints[].Maximum)' --output text`;
  return [
    latency('CDCLatencySource'),
    latency('CDCLatencyTarget'),
    sh`aws dms describe-table-statistics --region ${region} --replication-task-arn ${shVar('TASK_ARN')} --query 'TableStatistics[].[SchemaName,TableName,FullLoadRows,ValidationState,ValidationFailedRecords]' --output table`,
  ];
}

/**
 * The DigitalOcean database DMS reads CDC from (`dbname`, the source endpoint's: replication slots belong to
 * one database), as doadmin over verified TLS.
 */
function doConninfo(source: DoDatabaseSpec, dbname: string, caFile: string): ShellText {
  return pgConninfo({
    host: source.host!,
    port: source.port!,
    user: source.user ?? 'doadmin',
    dbname,
    rootCert: caFile,
  });
}

const LOGICAL_SLOTS = "SELECT slot_name FROM pg_replication_slots WHERE slot_type = 'logical'";
const slotsBeforeFile = (db: DatabasePlan) => `${db.name}-slots-before.txt`;
const dmsSlotsFile = (db: DatabasePlan) => `${db.name}-slots-dms.txt`;

/** Before DMS starts: the logical slots that already exist, so the final step drops only the one DMS made. */
export function slotsBeforeLines(
  db: DatabasePlan,
  source: DoDatabaseSpec,
  dbname: string,
  caFile: string,
): ShellText[] {
  return [
    shComment(
      'Note the logical replication slots DigitalOcean has before DMS creates its own (the last step drops only the new one; prompts for the password):',
    ),
    sh`psql ${doConninfo(source, dbname, caFile)} --tuples-only --no-align -c ${dq(LOGICAL_SLOTS)} > ${slotsBeforeFile(db)}`,
  ];
}

/**
 * After the final stop: the slot DMS made stays on DigitalOcean, and a slot nobody reads keeps every WAL
 * segment from then on, until the cluster's disk fills (PostgreSQL documentation, "Replication Slots"). It is
 * found among the inactive logical slots of the database that were not there before the start, shown, then
 * dropped (slot names are lowercase letters, digits and `_`, so they need no quoting in the statement).
 */
export function slotDropLines(
  db: DatabasePlan,
  source: DoDatabaseSpec,
  dbname: string,
  caFile: string,
): ShellText[] {
  const dsn = doConninfo(source, dbname, caFile);
  return [
    shComment(
      `7. Drop the logical replication slot DMS left on ${source.name} (it would keep WAL until the disk fills), in a session that may write although the database is read-only now. Check the list it prints first:`,
    ),
    sh`psql ${dsn} --tuples-only --no-align -c ${dq(`${LOGICAL_SLOTS} AND NOT active AND database = current_database()`)} | grep -vxF -f ${slotsBeforeFile(db)} > ${dmsSlotsFile(db)}`,
    sh`cat ${dmsSlotsFile(db)}`,
    sh`sed -n ${"s/^[a-z0-9_][a-z0-9_]*$/SELECT pg_drop_replication_slot('&');/p"} ${dmsSlotsFile(db)} | PGOPTIONS='-c default_transaction_read_only=off' psql ${dsn} -v ON_ERROR_STOP=1`,
  ];
}
