/**
 * Moving the data from DigitalOcean to RDS, per database: `dump` prints a dump/restore runbook (downtime:
 * writes stop from the start of the dump until cutover); `dms` plans AWS DMS full load + change data
 * capture (downtime: only the final switch). No command or resource ever carries a password: the source
 * password lives in a declared secret, the target credentials in the RDS-managed secret.
 */
import { MYSQL_84_REHEARSAL, mysql84Upgrade } from './rds/mysql-upgrade';
import { embed } from '../refs';
import { policyJson, trustPolicy } from '../aws/iam';
import type { CompileContext } from '../context';
import type { Decision, ManualStep } from '../model';
import { awsName } from '../../schema/facts/aws-names';
import { groupOf } from '../plan-lookups';
import { type Value } from '../model/refs';
import type { DatabaseTargetSpec, DoDatabaseSpec } from '../../schema/spec';
import { recoveryWindowDays, subnetGroupPlan, type DataUpstream } from './common';
import { findDoDatabase, sourceDatabasesOf } from '../../schema/inventory/databases';
import { dataModeOf } from '../../schema/inventory/data-mode';
import type { MigrationSpec } from '../../schema/spec';
import { dmsTargetSecretKey } from '../../schema/inventory/secrets';
import { DO_DATABASE_PORT } from '../../schema/facts/ports';
import { DMS_ENGINE_VERSION } from '../../schema/facts/dms-versions';
import { dmsCertificates, dmsCertificateStep, RDS_CERTIFICATE, sourceCertificateKey } from './dms-tls';
import {
  dmsLiteral,
  excludeRules,
  keylessCheckLines,
  keylessCopyLines,
  keylessDecision,
  keylessNote,
  VALIDATION_GATE,
} from './keyless-tables';
import {
  dmsRoleCommands,
  dmsUserLines,
  dmsUsername,
  lagCheckLines,
  slotDropLines,
  slotsBeforeLines,
  taskArnLines,
} from './dms-steps';
import { dq, rawShell, sh, shComment, shVar, toCommands, type ShellText } from '../shell';
import {
  dumpCompleted,
  dumpFileName,
  forgetRdsCredentials,
  pgConninfo,
  pgPassfile,
  rdsConninfo,
  rdsCredentialLines,
  rdsMysql,
} from './clients';
import { secretIdentity, secretPath } from './secrets';
import { resumeWritesLines, stopWritesLines } from './write-stops';
import { DB_DROPLET, writeGuard } from './write-guard';
import { ciRedeployCheckLines, ciRedeployLines, switchedServices } from './ci-redeploy';
import type {
  DatabasePlan,
  DmsInstanceSettings,
  DmsPlan,
  DmsTaskPlan,
  RunbookEntry,
  SecretPlan,
} from '../model/data';

/** Storage of each replication instance (GiB): it holds task logs and cached changes, not the data itself. */
const DMS_STORAGE_GB = 50;
/** Every DMS replication instance. */
const DMS_INSTANCE_SETTINGS: DmsInstanceSettings = {
  // Reads DigitalOcean through the NAT gateways' addresses and writes RDS inside the VPC: no public address.
  publiclyAccessible: false,
  // An engine upgrade restarts the instance and its tasks mid-replication: the version is pinned instead.
  autoMinorVersionUpgrade: false,
  // The instance exists only for the move: a change should not wait for a maintenance window.
  applyImmediately: true,
  engineVersion: DMS_ENGINE_VERSION.version,
  engineVersionCreatableUntil: DMS_ENGINE_VERSION.noNewInstancesAfter,
};

export interface MigrationResult {
  runbook: RunbookEntry[];
  dms?: DmsPlan;
  /** Secrets the DMS target endpoints read (created without value). */
  secrets: SecretPlan[];
  manualSteps: Omit<ManualStep, 'order'>[];
  /** Steps that must be done before the data stack is applied. */
  prerequisites: Omit<ManualStep, 'order'>[];
}

export function compileMigration(
  ctx: CompileContext,
  databases: DatabasePlan[],
  decisions: Decision[],
  up: DataUpstream,
  declaredSecrets: readonly SecretPlan[],
): MigrationResult {
  const kms = up.network.kms.arn;
  const result: MigrationResult = { runbook: [], secrets: [], manualSteps: [], prerequisites: [] };
  const tasks: DmsTaskPlan[] = [];
  const dmsSecretArns: Value[] = [];
  const dmsSources: { database: string; source: DoDatabaseSpec }[] = [];
  ctx.spec.databases.forEach((spec, index) => {
    const db = databases[index];
    const source = findDoDatabase(ctx.spec, spec.from);
    result.manualSteps.push(rehearsalStep(spec, db, source));
    if (spec.migration.method === 'dump') {
      result.runbook.push(source ? dumpRunbook(ctx, spec, db, source) : dropletDumpRunbook(ctx, spec, db));
      return;
    }
    // DMS has a source (dms-without-source) with a host, a port (data/source-connection) and a declared
    // password secret (data/dms-source-secret): the rules refused the spec otherwise.
    const task = dmsTask(ctx, spec, db, source!, decisions, kms, declaredSecrets);
    tasks.push(task.plan);
    dmsSources.push({ database: db.name, source: source! });
    result.secrets.push(task.targetSecret);
    dmsSecretArns.push(task.plan.source.secretArn, task.plan.target.secretArn);
    result.runbook.push(dmsRunbook(ctx, spec, db, source!, task.plan, task.targetSecret));
  });
  if (tasks.length > 0) {
    const certificates = dmsCertificates(ctx, dmsSources);
    result.dms = {
      certificates,
      subnetGroup: subnetGroupPlan(ctx, 'dms', up),
      securityGroupId: groupOf(up.security, 'dms').id,
      kmsKeyArn: kms,
      ...dmsAccessRole(ctx, dmsSecretArns, kms),
      tasks,
    };
    result.prerequisites.push({
      title: 'Make sure the account has the DMS service roles dms-vpc-role and dms-cloudwatch-logs-role',
      detail:
        'AWS DMS needs the account-wide role dms-vpc-role (exactly this name) before a replication subnet group can be created, ' +
        'and dms-cloudwatch-logs-role (exactly this name) to write the task logs the replication tasks turn on. ' +
        'They are shared by every DMS user in the account (creating one that exists fails), so dropship does not own them: create each once if missing, before deploying the data stack.',
      commands: toCommands(dmsRoleCommands()),
    });
    result.prerequisites.push(dmsCertificateStep(ctx, certificates, dmsSources));
  }
  return result;
}

/**
 * A restore that fails inside the downtime window (a definer, a statement the target version refuses, a
 * missing extension) leaves the site down while it is debugged: the move is rehearsed first, with writes on.
 */
function rehearsalStep(
  spec: DatabaseTargetSpec,
  db: DatabasePlan,
  source: DoDatabaseSpec | undefined,
): Omit<ManualStep, 'order'> {
  const from = source?.name ?? spec.name;
  const upgrade = mysql84Upgrade(source, {
    engine: db.engine,
    version: db.engineVersion,
    aurora: db.aurora !== undefined,
  });
  const engineNotes =
    db.engine === 'mysql'
      ? 'The dump drops DEFINER clauses (objects belong to the restoring user, the RDS master); check that routines, triggers, views and events arrived (SHOW PROCEDURE STATUS, SHOW TRIGGERS, SHOW EVENTS) and run the test suite against it. ' +
        (upgrade ? MYSQL_84_REHEARSAL : '')
      : 'Check that extensions, sequences and owners arrived (\\dx, \\ds, \\dt+ in psql) and run the test suite against it. ';
  return {
    title: `Rehearse moving ${from} into ${db.identifier}`,
    detail:
      `Before the real move, run the data migration runbook for ${spec.name} once with writes still on, and time it: ` +
      `restore into ${db.identifier} while no app uses it, or into a scratch instance restored from its snapshot. ` +
      engineNotes +
      'Then empty the target again (drop and re-create the databases the restore created): a second restore does not replace triggers or restored objects.',
  };
}

/**
 * The role DMS assumes to read the endpoint secrets: trusted by DMS's regional principal (the one that
 * reads Secrets Manager for an endpoint), allowed exactly those secrets and decryption with their key.
 */
function dmsAccessRole(
  ctx: CompileContext,
  secretArns: Value[],
  kms: Value<'aws_kms_key'>,
): Pick<
  DmsPlan,
  | 'accessRoleName'
  | 'accessRoleDescription'
  | 'accessRoleTrustPolicyJson'
  | 'accessPolicyName'
  | 'accessPolicyJson'
> {
  return {
    accessRoleName: awsName('iamRole', ctx.prefix, 'dms-secrets'),
    accessRoleDescription: 'AWS DMS reads the migration endpoint secrets',
    // The regional DMS principal (the one that reads endpoint secrets), only for this account when known.
    accessRoleTrustPolicyJson: trustPolicy(`dms.${ctx.spec.aws.region}.amazonaws.com`, {
      region: ctx.spec.aws.region,
      accountId: ctx.spec.aws.accountId,
    }),
    accessPolicyName: 'read-endpoint-secrets',
    accessPolicyJson: policyJson([
      {
        Sid: 'ReadEndpointSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: secretArns.map(embed),
      },
      { Sid: 'DecryptEndpointSecrets', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [embed(kms)] },
    ]),
  };
}

/**
 * DigitalOcean host/port/user for the dump runbook: where the inventory lacks the host or port (the rules
 * warn, data/source-connection), a shell variable and the default port.
 */
function sourceEndpoint(source: DoDatabaseSpec | undefined) {
  return {
    host: source?.host ?? DO_HOST,
    port: source?.port ?? DO_DATABASE_PORT,
    user: source?.user ?? 'doadmin',
  };
}

/**
 * The DigitalOcean cluster's CA certificate, which the dumps verify the server against: REQUIRED/require only
 * encrypt, so anyone on the path could pose as the cluster and receive the doadmin login and every row.
 */
const DO_CA_FILE = 'do-ca.pem';

/** Where the CA certificate comes from: not fetched by dropship (no network), downloaded by the reader. */
function doCaLines(): ShellText[] {
  return [
    shComment(
      `Verify the DigitalOcean server, not only encrypt: save the cluster's CA certificate as ${DO_CA_FILE} (control panel: the cluster's Connection details, Download CA certificate; or doctl databases get-ca).`,
    ),
  ];
}

/** The DigitalOcean host the dump runbook reads from the shell when the inventory lacks it. */
const DO_HOST = shVar('DO_HOST', 'set DO_HOST to the host of the DigitalOcean cluster');

/**
 * With a cutover the move comes after the application-user step (which runs before the apps start): for
 * PostgreSQL, the tables restored later still belong to the master until that step's ownership command runs
 * again.
 */
function ownershipNote(moment: { note?: string }, db: DatabasePlan): string[] {
  return moment.note && db.engine === 'postgres'
    ? [
        'After the move, run the ownership command of the application-user step again (its psql line with ALTER … OWNER): the restored tables belong to the master until then, and migrations need the app user to own them.',
      ]
    : [];
}

/**
 * When the move happens and what follows it, by cutover.dataMode: at 100 % with the AWS tasks still on
 * DigitalOcean (digitalocean-until-100), at phase 0 before phase 1 (move-first), or, without a cutover, at
 * the switch.
 */
function moveMoment(spec: MigrationSpec, source: string): { when: string; after: string; note?: string } {
  const mode = dataModeOf(spec)?.mode;
  if (mode === 'digitalocean-until-100')
    return {
      when: 'Once the cutover is at 100 % (every request on AWS, the tasks still on DigitalOcean)',
      after:
        `keep the writes stopped until every database migrated from DigitalOcean has moved (each one's section of this runbook) ` +
        'and the workers have drained the queues of every DigitalOcean cache (jobs left there are not copied); only then, once for all of them, ' +
        `point the tasks at RDS and ElastiCache: set cutover.dataMoved: true in migration.yaml (one switch for every store), synth, and apply the data, then the apps stack ` +
        `(${switchSentence(spec)}), then the network stack (it closes the egress to DigitalOcean), end the downtime, and keep ${source} read-only (or stopped): ` +
        'from here on rolling the cutover back needs the AWS writes copied back and cutover.dataMoved set to false first (dropship cutover rollback refuses it until then)',
      note: 'cutover.dataMode digitalocean-until-100: the AWS tasks use the DigitalOcean cluster during the phases; the data moves only once all traffic is on AWS, and every phase can be rolled back until then.',
    };
  if (mode === 'move-first')
    return {
      when: 'At phase 0, before `dropship cutover next` (every request still on DigitalOcean)',
      after:
        `make ${source} read-only (or stop it): it is the copy to roll the data back to, and its droplets serve ` +
        'their share of the phases read-only; then end the downtime and move to phase 1 (dropship cutover next)',
      note: 'cutover.dataMode move-first: the data moves before phase 1; DigitalOcean is read-only from then on, so the cutover refuses to roll traffic back past phase 0 without --force.',
    };
  return {
    when: 'At the switch',
    after: `move traffic (cutover) and keep ${source} read-only until you are sure`,
  };
}

/** Who takes the AWS endpoints from the apps apply, per service that uses a store moved from DigitalOcean. */
function switchSentence(spec: MigrationSpec): string {
  const { terraform, outside } = switchedServices(spec);
  const names = (apps: { name: string }[]) => apps.map((a) => a.name).join(', ');
  const parts = [
    ...(terraform.length > 0 ? [`the services ${names(terraform)} redeploy with the AWS endpoints`] : []),
    ...(outside.length > 0
      ? [
          `CI or CodeDeploy deploys ${names(outside)}, not the apply: ${outside.length === 1 ? 'it keeps' : 'they keep'} DigitalOcean until the commands below deploy the new revision, and the network apply waits for them`,
        ]
      : []),
  ];
  return parts.length > 0 ? parts.join('; ') : 'no service uses a store that moves';
}

/**
 * Removes the DEFINER=`user`@`host` clauses mysqldump writes on routines, triggers, views and events: replayed
 * as the RDS master, who lacks SUPER and SET_USER_ID, a definer other than itself stops the restore (ERROR
 * 1227), and doadmin does not exist there. Without the clause each object is owned by the user restoring it.
 * Row data is left alone: mysqldump writes rows on lines that start with INSERT INTO, which the filter skips.
 */
const STRIP_DEFINERS = rawShell("sed -E '/^INSERT INTO /!s/DEFINER=`[^`]*`@`[^`]*`//g'");

/**
 * mysqldump of `databases` from DigitalOcean (prompts for the password), with `options` before the names,
 * through STRIP_DEFINERS into `file`, and the check that it finished. `--no-tablespaces`: since MySQL 8.0.21
 * dumping tablespace information needs PROCESS, which the dumping user may lack (docs/data.md); RDS needs
 * none of it.
 */
function mysqldump(
  src: { host: string | ShellText; port: number; user: string },
  options: ShellText,
  databases: string[],
  file: string,
): ShellText[] {
  // `--` ends the options: a database named like one (`--result-file=…`) stays a name.
  const dump = sh`mysqldump --host=${src.host} --port=${src.port} --user=${src.user} -p --ssl-mode=VERIFY_IDENTITY ${`--ssl-ca=${DO_CA_FILE}`} --no-tablespaces ${options} --databases -- ${databases} | ${STRIP_DEFINERS} > ${file}`;
  return [dump, dumpCompleted(file)];
}

/**
 * Before the first dump: a dump holds every row, so the files the shell writes from here are readable by
 * their owner alone, whatever the host's default umask.
 */
function dumpShellSettings(): ShellText[] {
  return [
    shComment('Dumps hold every row: make the files written from here readable by you alone.'),
    sh`umask 077`,
  ];
}

function dumpRunbook(
  ctx: CompileContext,
  spec: DatabaseTargetSpec,
  db: DatabasePlan,
  source: DoDatabaseSpec | undefined,
): RunbookEntry {
  const src = sourceEndpoint(source);
  const databases = source ? sourceDatabasesOf(ctx.spec, spec, source) : [db.dbName];
  const sizeNote = `${db.allocatedStorageGb} GiB allocated`;
  const moment = moveMoment(ctx.spec, source?.name ?? 'the source');
  const stopWrites = (what: string) =>
    shComment(
      `1. ${moment.when}: stop writes to ${source?.name ?? 'the source'} (maintenance mode), then dump ${what} (prompts for the DigitalOcean password):`,
    );
  const restoreHeading = shComment('2. From a host inside the VPC (RDS is private), restore into RDS:');
  const checkHeading = shComment(`3. Check row counts on both sides, then ${moment.after}.`);
  const guard = writeGuard({
    engine: db.engine,
    name: source?.name ?? spec.name,
    source: { kind: 'cluster', ...src, caFile: DO_CA_FILE },
    databases,
    dms: false,
  });
  const commands: ShellText[] =
    db.engine === 'mysql'
      ? [
          ...(src.host === DO_HOST
            ? [shComment('Set DO_HOST to the host of the DigitalOcean cluster first.')]
            : []),
          stopWrites('it'),
          ...stopWritesLines(ctx),
          ...doCaLines(),
          ...guard.enforce,
          ...guard.verify,
          ...dumpShellSettings(),
          ...mysqldump(
            src,
            rawShell('--single-transaction --routines --triggers --events --set-gtid-purged=OFF'),
            databases,
            `${db.name}.sql`,
          ),
          restoreHeading,
          ...rdsCredentialLines(ctx, db),
          sh`${rdsMysql(db)} < ${`${db.name}.sql`}`,
          forgetRdsCredentials(),
          checkHeading,
          ...ciRedeployLines(ctx),
          ...resumeWritesLines(ctx),
          ...ciRedeployCheckLines(ctx),
          ...guard.undo,
        ]
      : [
          ...(src.host === DO_HOST
            ? [shComment('Set DO_HOST to the host of the DigitalOcean cluster first.')]
            : []),
          stopWrites('each database'),
          ...stopWritesLines(ctx),
          ...doCaLines(),
          ...guard.enforce,
          ...guard.verify,
          ...dumpShellSettings(),
          ...databases.map(
            (name) =>
              sh`pg_dump ${pgConninfo({ ...src, dbname: name, rootCert: DO_CA_FILE })} --format=custom --no-owner --no-acl ${`--file=${dumpFileName(name, 'dump')}`}`,
          ),
          restoreHeading,
          ...rdsCredentialLines(ctx, db),
          ...databases.flatMap((name) => [
            ...(name === db.dbName
              ? []
              : [
                  // --maintenance-db is where createdb connects; the operand after `--` is the new database.
                  sh`${pgPassfile()} createdb ${rawShell('--maintenance-db=')}${rdsConninfo(db, 'postgres')} -- ${name}`,
                ]),
            sh`${pgPassfile()} pg_restore ${rawShell('--dbname=')}${rdsConninfo(db, name)} --no-owner --no-acl --exit-on-error --jobs=4 ${dumpFileName(name, 'dump')}`,
          ]),
          forgetRdsCredentials(),
          checkHeading,
          ...ciRedeployLines(ctx),
          ...resumeWritesLines(ctx),
          ...ciRedeployCheckLines(ctx),
          ...guard.undo,
        ];
  return {
    database: spec.name,
    method: 'dump',
    title: `Dump ${source?.name ?? spec.name} and restore into ${db.identifier}`,
    commands: toCommands(commands),
    downtime:
      `Writes must stay stopped from the start of the dump until cutover (dump + transfer + restore + checks; ${sizeNote}). ` +
      'Rehearse on a copy to measure it; choose dms for a near-zero write outage.',
    notes: [
      ...(moment.note ? [moment.note] : []),
      ...ownershipNote(moment, db),
      restoreHostNote(ctx.spec, spec.name),
      `That host's public IP (a NAT gateway IP) must be a trusted source of the DigitalOcean cluster for the dump.`,
      'Passwords are prompted for or read from Secrets Manager at run time; none is stored in the plan.',
      ...(db.engine === 'mysql'
        ? ['RDS enforces TLS (require_secure_transport=ON): the restore and the apps must connect with TLS.']
        : [
            'RDS enforces TLS (rds.force_ssl=1): the restore and the apps connect with sslmode=verify-full against the RDS CA bundle (require would accept any certificate).',
          ]),
    ],
  };
}

/**
 * Where the restore runs. ECS Exec is off unless an app sets deployment.exec (schema default false), and an
 * app image rarely carries the database clients, so an instance in a private subnet is the host that works by
 * default; an exec session is named only with the setting it needs.
 */
function restoreHostNote(spec: MigrationSpec, database: string): string {
  const exec = spec.apps
    .filter((a) => a.deployment.exec && a.uses.databases.includes(database))
    .map((a) => a.name);
  const execText =
    exec.length > 0
      ? `or an ECS Exec session (aws ecs execute-command) into a task of ${exec.join(', ')}, which set${exec.length === 1 ? 's' : ''} apps[].deployment.exec: true, if its image has the database client tools`
      : 'or an ECS Exec session into a task once its app sets apps[].deployment.exec: true (off by default) and its image has the database client tools';
  return `Run the restore where RDS is reachable: an instance in a private subnet of the VPC, ${execText}.`;
}

/**
 * A database with no `from` runs on a droplet (MySQL on 3306, PostgreSQL on 5432, usually listening on
 * localhost only), not in a DigitalOcean managed cluster: there is no managed CA and no doadmin. The dump runs
 * on the droplet over SSH, as the database's local superuser (`sudo mysqldump`, which Ubuntu's MySQL lets root
 * do through its socket; `sudo -u postgres pg_dump`, peer authentication), and streams back through the SSH
 * channel, which encrypts it and checks the droplet's host key: no port is opened and no password typed. The
 * remote command is shell text quoted once for the droplet's shell and once more as one word for the local
 * one, so a database name stays one argument on both sides.
 */
function dropletDumpRunbook(ctx: CompileContext, spec: DatabaseTargetSpec, db: DatabasePlan): RunbookEntry {
  const databases = [db.dbName];
  const remote = (command: ShellText) => sh`ssh ${DB_DROPLET} ${String(command)}`;
  const file = db.engine === 'mysql' ? `${db.name}.sql` : dumpFileName(db.dbName, 'dump');
  const guard = writeGuard({
    engine: db.engine,
    name: `the database ${spec.name} on the droplet`,
    source: { kind: 'droplet', destination: DB_DROPLET },
    databases,
    dms: false,
  });
  const commands: ShellText[] =
    db.engine === 'mysql'
      ? [
          shComment(
            `1. Stop writes to the database on the droplet (maintenance mode), then dump it there over SSH (port ${db.port} stays closed):`,
          ),
          ...stopWritesLines(ctx),
          ...guard.enforce,
          ...guard.verify,
          ...dumpShellSettings(),
          sh`${remote(sh`sudo mysqldump --no-tablespaces --single-transaction --routines --triggers --events --set-gtid-purged=OFF --databases -- ${databases}`)} | ${STRIP_DEFINERS} > ${file}`,
          dumpCompleted(file),
          shComment('2. From a host inside the VPC (RDS is private), restore into RDS:'),
          ...rdsCredentialLines(ctx, db),
          sh`${rdsMysql(db)} < ${file}`,
          forgetRdsCredentials(),
        ]
      : [
          shComment(
            `1. Stop writes to the database on the droplet (maintenance mode), then dump it there over SSH (port ${db.port} stays closed):`,
          ),
          ...stopWritesLines(ctx),
          ...guard.enforce,
          ...guard.verify,
          ...dumpShellSettings(),
          sh`${remote(sh`sudo -u postgres pg_dump --format=custom --no-owner --no-acl -- ${db.dbName}`)} > ${file}`,
          shComment('2. From a host inside the VPC (RDS is private), restore into RDS:'),
          ...rdsCredentialLines(ctx, db),
          sh`${pgPassfile()} pg_restore ${rawShell('--dbname=')}${rdsConninfo(db, db.dbName)} --no-owner --no-acl --exit-on-error --jobs=4 ${file}`,
          forgetRdsCredentials(),
        ];
  return {
    database: spec.name,
    method: 'dump',
    title: `Dump ${spec.name} from its droplet and restore into ${db.identifier}`,
    commands: toCommands([
      shComment(
        'This database is not a DigitalOcean managed cluster (no from): set DB_DROPLET to user@address of the droplet that runs it (a user with sudo).',
      ),
      ...commands,
      shComment(
        '3. Check row counts on both sides, then move traffic (cutover); the droplet database stays read-only (step 1) until you are sure.',
      ),
      ...resumeWritesLines(ctx),
      ...guard.undo,
    ]),
    downtime:
      `Writes must stay stopped from the start of the dump until cutover (dump + transfer + restore + checks; ${db.allocatedStorageGb} GiB allocated). ` +
      'Rehearse on a copy to measure it.',
    notes: [
      'The dump reaches you through SSH: encrypted, and the droplet is checked by its host key (verify it on the first connection), so no database port opens to the internet and no TLS certificate is needed.',
      `The restore host needs both SSH to the droplet and RDS: run it where RDS is reachable (an instance in a private subnet), or dump on a workstation and copy the file there (umask 077 keeps it private). Alternatively allow the NAT gateway IPs to the droplet's port ${db.port} in its firewall and connect with TLS, if the server has a certificate.`,
      db.engine === 'mysql'
        ? 'sudo mysqldump uses the root account through the local socket (auth_socket, Ubuntu default); where root has a password, add -p (it prompts on the droplet).'
        : 'sudo -u postgres pg_dump connects as the postgres superuser by peer authentication over the local socket.',
      'Passwords are prompted for or read from Secrets Manager at run time; none is stored in the plan.',
    ],
  };
}

function dmsTask(
  ctx: CompileContext,
  spec: DatabaseTargetSpec,
  db: DatabasePlan,
  source: DoDatabaseSpec,
  decisions: Decision[],
  kms: Value<'aws_kms_key'>,
  declaredSecrets: readonly SecretPlan[],
): { plan: DmsTaskPlan; targetSecret: SecretPlan } {
  const declared = declaredSecrets.find((s) => s.key === source.passwordSecret)!;
  const engineName = db.aurora ? (db.engine === 'mysql' ? 'aurora' : 'aurora-postgresql') : db.engine;
  const doDatabases = sourceDatabasesOf(ctx.spec, spec, source);
  const targetSecret: SecretPlan = {
    key: dmsTargetSecretKey(db.name),
    declared: false,
    ...secretIdentity(ctx, dmsTargetSecretKey(db.name)),
    secretName: secretPath(ctx, 'dms', db.name, 'target'),
    description: `DMS target credentials for ${db.identifier}: {username, password, host, port} of the DMS user ${dmsUsername(db)} (set out of band)`,
    kmsKeyArn: kms,
    recoveryWindowDays: recoveryWindowDays(ctx),
    keys: ['username', 'password', 'host', 'port'],
  };
  const plan: DmsTaskPlan = {
    database: db.name,
    replicationInstanceId: awsName('dmsIdentifier', ctx.prefix, db.name, 'dms'),
    instanceClass: spec.migration.dmsInstanceClass,
    allocatedStorageGb: DMS_STORAGE_GB,
    multiAz: false,
    instanceSettings: DMS_INSTANCE_SETTINGS,
    source: {
      endpointId: awsName('dmsIdentifier', ctx.prefix, db.name, 'source'),
      engineName: db.engine,
      databaseName: db.engine === 'postgres' ? doDatabases[0] : undefined,
      // verify-full: signed by the cluster's CA and named as the host (DMS supports no `require` on MySQL).
      sslMode: 'verify-full',
      certificate: sourceCertificateKey(source.name),
      secretArn: declared.arn,
      ...(db.engine === 'postgres' ? { cdc: PG_SOURCE_CDC } : {}),
    },
    target: {
      endpointId: awsName('dmsIdentifier', ctx.prefix, db.name, 'target'),
      engineName,
      databaseName: db.engine === 'postgres' ? db.dbName : undefined,
      sslMode: 'verify-full',
      certificate: RDS_CERTIFICATE,
      secretArn: targetSecret.arn,
      // The schema (with its foreign keys and triggers) exists before the rows: without these, the full load
      // fails on FK order (tables load in parallel) and triggers fire a second time on replicated rows.
      ...(db.engine === 'postgres'
        ? { afterConnectScript: PG_TARGET_AFTER_CONNECT }
        : { extraConnectionAttributes: MYSQL_TARGET_ATTRIBUTES }),
    },
    sourceSecret: declared.key,
    sourceConnection: { username: source.user ?? 'doadmin', host: source.host!, port: source.port! },
    taskId: awsName('dmsIdentifier', ctx.prefix, db.name, 'full-load-cdc'),
    migrationType: 'full-load-and-cdc',
    startOnDeploy: false,
    tableMappings: tableMappings(db.engine, doDatabases, spec.migration.dumpTables),
    taskSettings: dmsTaskSettings(db.engine),
    ignoreChanges: ['table_mappings', 'replication_task_settings'],
  };
  decisions.push({
    subject: `databases.${db.name}.migration`,
    choice: `AWS DMS full load + CDC on ${plan.instanceClass} (single-AZ, ${DMS_STORAGE_GB} GiB)`,
    rule: 'migration.method dms: a temporary replication instance, so single-AZ; deleted after cutover',
  });
  decisions.push({
    subject: `databases.${db.name}.migration.engine`,
    choice: `DMS replication engine ${DMS_ENGINE_VERSION.version}, automatic upgrades off; AWS creates new instances with it until ${DMS_ENGINE_VERSION.noNewInstancesAfter} (end of life ${DMS_ENGINE_VERSION.endOfLife})`,
    rule: `a pinned version (3.6.1 or later reads PostgreSQL 17) that no upgrade restarts mid-move; after ${DMS_ENGINE_VERSION.noNewInstancesAfter} the replication instance can no longer be created with it (${DMS_ENGINE_VERSION.source})`,
  });
  decisions.push({
    subject: `databases.${db.name}.migration.tls`,
    choice:
      'verify-full on both endpoints: DigitalOcean against its cluster CA, RDS against the regional RDS CA bundle (aws_dms_certificate each)',
    rule: 'require only encrypts (and DMS refuses it on MySQL endpoints): the doadmin login and every row cross the internet, so the server must prove who it is',
  });
  decisions.push(keylessDecision(db, spec.migration.dumpTables));
  if (db.engine === 'postgres')
    decisions.push({
      subject: `databases.${db.name}.migration.cdc`,
      choice:
        'source endpoint: capture_ddls false, heartbeat on; schema frozen during the move; the leftover replication slot dropped after the final stop',
      rule: 'DDL capture needs event triggers doadmin cannot create; the heartbeat lets the slot advance on a quiet database; a slot nobody reads keeps WAL until the DigitalOcean disk fills',
    });
  decisions.push({
    subject: `databases.${db.name}.migration.lobs`,
    choice: `full LOB mode (LOBs up to ${INLINE_LOB_KB} KB inline, larger ones in ${LOB_CHUNK_KB} KB chunks)`,
    rule: 'limited LOB mode silently truncates every value above LobMaxSize (text, blob, json, PostgreSQL jsonb/bytea count as LOBs); full LOB mode is slower but never loses data',
  });
  decisions.push({
    subject: `databases.${db.name}.migration.constraints`,
    choice:
      db.engine === 'postgres'
        ? `target sessions run ${PG_TARGET_AFTER_CONNECT}`
        : `target sessions run SET FOREIGN_KEY_CHECKS=0; triggers are created after the task stops`,
    rule:
      db.engine === 'postgres'
        ? 'the schema exists before the rows: foreign keys and user triggers must not fire while DMS loads tables in parallel and replays changes'
        : 'the schema exists before the rows: foreign keys must not be checked while DMS loads tables in parallel, and MySQL cannot switch triggers off per session, so they are created at cutover',
  });
  return { plan, targetSecret };
}

/** PostgreSQL source CDC (DMS User Guide, PostgreSQL source endpoint settings; slot_name stays unset, which
 * would make DMS expect an existing slot and a CDC start position). */
export const PG_SOURCE_CDC = { captureDdls: false, heartbeatEnable: true } as const;

/** KB. LOBs up to this size travel inline during the full load (fast path); larger ones are looked up. */
const INLINE_LOB_KB = 64;
const LOB_CHUNK_KB = 64;
/** Replica sessions skip foreign-key checks and user triggers (DMS User Guide, PostgreSQL target settings). */
export const PG_TARGET_AFTER_CONNECT = "SET session_replication_role = 'replica'";
/** DMS User Guide, MySQL target endpoint settings. */
export const MYSQL_TARGET_ATTRIBUTES = 'Initstmt=SET FOREIGN_KEY_CHECKS=0';

/**
 * Only what differs from DMS's defaults. The schema (indexes, constraints, routines) is created first from a
 * schema-only dump, so tables are kept, not recreated (DROP_AND_CREATE would leave bare tables). Full LOB
 * mode: limited LOB mode (the default, 32 KB) truncates larger values without failing the task.
 */
export function dmsTaskSettings(engine: 'mysql' | 'postgres'): string {
  return JSON.stringify({
    // PostgreSQL refuses to TRUNCATE a table other tables reference, even in a replica session (DMS User
    // Guide, PostgreSQL target): the tables step 0 creates are empty, so DMS leaves them as they are.
    FullLoadSettings: { TargetTablePrepMode: engine === 'postgres' ? 'DO_NOTHING' : 'TRUNCATE_BEFORE_LOAD' },
    // Task logs in CloudWatch (through the account's dms-cloudwatch-logs-role): without them a failed task
    // shows only its last error.
    Logging: { EnableLogging: true },
    TargetMetadata: {
      FullLobMode: true,
      InlineLobMaxSize: INLINE_LOB_KB,
      LimitedSizeLobMode: false,
      LobChunkSize: LOB_CHUNK_KB,
      SupportLobs: true,
    },
    // Row validation compares every migrated row with its source (tables need a primary or unique key).
    ValidationSettings: { EnableValidation: true },
  });
}

/**
 * Every table of every schema of the database (MySQL: each DigitalOcean logical database is a schema, named
 * literally: `_` would match any character), except the tables the runbook copies by dump (`dumpTables`).
 */
export function tableMappings(
  engine: 'mysql' | 'postgres',
  databases: string[],
  dumpTables: readonly string[] = [],
): string {
  const schemas = engine === 'mysql' ? databases : ['%'];
  const rules = [
    ...schemas.map((schema, i) => ({
      'object-locator': { 'schema-name': schema === '%' ? schema : dmsLiteral(schema), 'table-name': '%' },
      'rule-action': 'include',
      'rule-id': String(i + 1),
      'rule-name': `include-${schema === '%' ? 'all-schemas' : schema}`,
      'rule-type': 'selection',
    })),
    ...excludeRules(dumpTables, schemas.length + 1),
  ];
  return JSON.stringify({ rules });
}

function dmsRunbook(
  ctx: CompileContext,
  spec: DatabaseTargetSpec,
  db: DatabasePlan,
  source: DoDatabaseSpec,
  task: DmsTaskPlan,
  targetSecret: SecretPlan,
): RunbookEntry {
  const region = ctx.spec.aws.region;
  const taskArn = shVar('TASK_ARN');
  const connection = `{"username":${JSON.stringify(source.user ?? 'doadmin')},"password":"<from DigitalOcean>","host":${JSON.stringify(source.host)},"port":${source.port}}`;
  const schemas = sourceDatabasesOf(ctx.spec, spec, source);
  const pg = db.engine === 'postgres';
  const moment = moveMoment(ctx.spec, source.name);
  const guard = writeGuard({
    engine: db.engine,
    name: source.name,
    source: {
      kind: 'cluster',
      host: source.host!,
      port: source.port!,
      user: source.user ?? 'doadmin',
      caFile: DO_CA_FILE,
    },
    // A PostgreSQL endpoint reads one database (the others stay: data/left-behind-databases).
    databases: pg ? schemas.slice(0, 1) : schemas,
    dms: true,
  });
  const keyless = { source, databases: schemas, caFile: DO_CA_FILE };
  return {
    database: spec.name,
    method: 'dms',
    title: `Replicate ${source.name} into ${db.identifier} with AWS DMS (full load + CDC)`,
    commands: toCommands([
      ...schemaOnlyLines(ctx, db, source, schemas),
      shComment(
        `1. Put the DigitalOcean connection into secret ${source.passwordSecret}: ${connection} (see the manual step for the command).`,
      ),
      shComment(
        `2. Create the DMS user ${dmsUsername(db)} on RDS and put its credentials, with host and port, into the DMS target secret (not the master user: RDS rotates its password every 7 days, which would break the running task):`,
      ),
      ...dmsUserLines(ctx, db, schemas, targetSecret),
      shComment('3. Test both endpoints from the replication instance:'),
      ...[task.source.endpointId, task.target.endpointId].map(
        (id) =>
          sh`aws dms test-connection --region ${region} --replication-instance-arn "$(aws dms describe-replication-instances --region ${region} --filters ${`Name=replication-instance-id,Values=${task.replicationInstanceId}`} --query 'ReplicationInstances[0].ReplicationInstanceArn' --output text)" --endpoint-arn "$(aws dms describe-endpoints --region ${region} --filters ${`Name=endpoint-id,Values=${id}`} --query 'Endpoints[0].EndpointArn' --output text)"`,
      ),
      ...keylessCheckLines(db, keyless, spec.migration.dumpTables),
      shComment(
        `4. Freeze the schema from here until cutover: deploy no migration that changes tables (DMS ${pg ? 'does not capture DDL: capture_ddls is off, since DDL capture needs event triggers doadmin cannot create' : 'replicates only some DDL (added columns, for one), and step 0 created the target schema, so a changed table can stop the task'}). Then start the full load; CDC follows automatically:`,
      ),
      ...(pg ? slotsBeforeLines(db, source, schemas[0], DO_CA_FILE) : []),
      ...taskArnLines(ctx, task),
      sh`aws dms start-replication-task --region ${region} --replication-task-arn ${taskArn} --start-replication-task-type start-replication`,
      shComment(
        '5. While it runs (and again before cutover): CDC lag in seconds over the last 15 minutes (source side, target side; None until changes flow), then per table the rows loaded and the validation state:',
      ),
      ...lagCheckLines(ctx, task),
      shComment(
        `${moment.when}: stop writes (below), enforce and prove it at ${source.name}, run the checks above until both lags are 0 and ${VALIDATION_GATE}, then stop the task${spec.migration.dumpTables.length > 0 ? ', copy the tables DMS skipped' : ''}; after step 6 and the application-user step, ${moment.after}:`,
      ),
      ...stopWritesLines(ctx),
      ...guard.enforce,
      ...guard.verify,
      shComment(`Then the lag and validation checks, until both lags are 0 and ${VALIDATION_GATE}:`),
      ...lagCheckLines(ctx, task),
      sh`aws dms stop-replication-task --region ${region} --replication-task-arn ${taskArn}`,
      ...keylessCopyLines(ctx, db, keyless, spec.migration.dumpTables),
      ...cutoverLines(ctx, db),
      ...(pg ? slotDropLines(db, source, schemas[0], DO_CA_FILE) : []),
      ...ciRedeployLines(ctx),
      ...resumeWritesLines(ctx),
      ...ciRedeployCheckLines(ctx),
      ...guard.undo,
    ]),
    downtime: 'Writes stop only for the final switch (seconds to minutes, until CDC latency reaches 0).',
    notes: [
      ...(moment.note ? [moment.note] : []),
      ...ownershipNote(moment, db),
      db.engine === 'mysql'
        ? 'CDC reads the binlog: DigitalOcean MySQL must keep binlog_format=ROW and retain binlogs long enough (24 h or more) for the full load.'
        : 'CDC uses logical replication: the DigitalOcean user needs the REPLICATION attribute and wal_level=logical. DMS creates its replication slot and a heartbeat table (awsdms_heartbeat) on DigitalOcean; step 7 drops the slot after the final stop.',
      'Both endpoints verify the server (ssl_mode verify-full) against the CA certificates of the DMS certificate step: test-connection (step 3) fails if the var file holds the wrong cluster CA.',
      'The DigitalOcean database firewall must trust the NAT gateway IPs (the DigitalOcean stack adds them).',
      `DMS writes as ${dmsUsername(db)}, whose password RDS does not rotate; drop the user (${db.engine === 'mysql' ? 'DROP USER' : 'DROP ROLE'}) with the DMS resources after cutover.`,
      'DMS copies rows, not secondary objects (indexes, views, routines, triggers): step 0 creates the schema first and the task keeps those tables (MySQL: truncates them first; PostgreSQL: loads them as they are, since it cannot truncate referenced tables — to reload, empty them with TRUNCATE … CASCADE first).',
      'Full LOB mode: no text/blob/json value is truncated (limited LOB mode would cut them silently). Row validation compares every row of the tables the task moves, all with a primary key once the keyless check passes; the task logs go to CloudWatch Logs.',
      keylessNote(db, spec.migration.dumpTables),
      pg
        ? `The target endpoint runs ${PG_TARGET_AFTER_CONNECT}: foreign keys and user triggers do not fire for DMS's rows. Sequences are not replicated: step 6 moves them past the highest ids.`
        : 'The target endpoint disables foreign-key checks for DMS; triggers and events are created only at cutover (step 6), so they do not fire a second time on replicated rows. AUTO_INCREMENT counters follow the inserted ids (step 6 checks them).',
      `Terraform does not change the task once it exists (table mappings, task settings): modifying it would stop the running replication. To change them on purpose: stop the task, apply with -replace=aws_dms_replication_task.dms-${db.name}-task in the data stack, and start it again (a new full load).`,
      `The replication engine is pinned to ${task.instanceSettings.engineVersion}: AWS creates new instances with it until ${task.instanceSettings.engineVersionCreatableUntil}; after that date, move the pin before applying.`,
      'After cutover, delete the DMS resources (set migration.method to dump, or remove it) to stop paying for the replication instance.',
    ],
  };
}

/**
 * Step 6 of a DMS move, after the task stops: what DMS does not carry over. PostgreSQL sequences stay at
 * their start value (the next insert would collide), so every sequence a column owns is set past that
 * column's maximum; MySQL gets its triggers and events and a look at the AUTO_INCREMENT counters (InnoDB moves them past
 * inserted ids by itself).
 */
function cutoverLines(ctx: CompileContext, db: DatabasePlan): ShellText[] {
  if (db.engine === 'mysql')
    return [
      shComment(
        '6. Create the triggers and events kept aside in step 0, and check that AUTO_INCREMENT is past every id (InnoDB advances it on explicit inserts):',
      ),
      ...rdsCredentialLines(ctx, db),
      sh`${rdsMysql(db)} < ${`${db.name}-triggers.sql`}`,
      sh`${rdsMysql(db)} --execute="SELECT table_schema, table_name, auto_increment FROM information_schema.tables WHERE auto_increment IS NOT NULL AND table_schema NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')"`,
      forgetRdsCredentials(),
    ];
  const dsn = rdsConninfo(db, db.dbName);
  return [
    shComment(
      '6. Sync sequences (DMS does not replicate them): generate one setval per column-owned sequence from the column maximum, then run them:',
    ),
    ...rdsCredentialLines(ctx, db),
    sh`${pgPassfile()} psql ${dsn} --tuples-only --no-align -c ${dq(PG_SEQUENCE_SYNC_QUERY)} | ${pgPassfile()} psql ${dsn} -v ON_ERROR_STOP=1`,
    forgetRdsCredentials(),
  ];
}

/**
 * Prints `SELECT setval(<sequence>, max(<column>) + 1, false) FROM <table>;` for every sequence owned by a
 * column (serial and identity) of every user schema; an empty table starts at 1.
 */
export const PG_SEQUENCE_SYNC_QUERY =
  "SELECT format('SELECT setval(%L, COALESCE(max(%I), 0) + 1, false) FROM %I.%I;', pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname), a.attname, n.nspname, c.relname) " +
  'FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ' +
  "WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' " +
  "AND pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) IS NOT NULL";

/** Step 0 of a DMS move: the schema (no rows) from a schema-only dump, so indexes and routines exist. */
function schemaOnlyLines(
  ctx: CompileContext,
  db: DatabasePlan,
  source: DoDatabaseSpec,
  databases: string[],
): ShellText[] {
  const src = { host: source.host!, port: source.port!, user: source.user ?? 'doadmin' };
  const dump =
    db.engine === 'mysql'
      ? [
          ...mysqldump(
            src,
            rawShell('--no-data --routines --skip-triggers --skip-events --set-gtid-purged=OFF'),
            databases,
            `${db.name}-schema.sql`,
          ),
          shComment(
            'Triggers and events are kept aside and created at cutover (step 6): MySQL cannot disable triggers for the DMS sessions, and events (event_scheduler is ON on RDS) would change rows DMS is still replicating.',
          ),
          ...mysqldump(
            src,
            rawShell(
              '--no-data --no-create-info --no-create-db --skip-routines --events --triggers --set-gtid-purged=OFF',
            ),
            databases,
            `${db.name}-triggers.sql`,
          ),
          ...rdsCredentialLines(ctx, db),
          sh`${rdsMysql(db)} < ${`${db.name}-schema.sql`}`,
          forgetRdsCredentials(),
        ]
      : [
          sh`pg_dump ${pgConninfo({ ...src, dbname: databases[0], rootCert: DO_CA_FILE })} --schema-only --no-owner --no-acl ${`--file=${db.name}-schema.sql`}`,
          ...rdsCredentialLines(ctx, db),
          sh`${pgPassfile()} psql ${rdsConninfo(db, db.dbName)} --single-transaction ${`--file=${db.name}-schema.sql`}`,
          forgetRdsCredentials(),
        ];
  return [
    shComment('0. Create the schema on RDS (no rows) from a schema-only dump, from a host inside the VPC:'),
    ...dumpShellSettings(),
    ...doCaLines(),
    ...dump,
  ];
}
