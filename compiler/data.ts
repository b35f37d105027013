/**
 * The data tier: `databases:` → RDS / Aurora, `caches:` → ElastiCache, `secrets:` → Secrets Manager, the
 * data move (dump runbook or AWS DMS), and what each app receives from them (`wiring`). Every decision is
 * explained in `decisions`; everything a person must do by hand is in `manualSteps` and `runbook`.
 *
 * Spec problems the data tier finds (a version RDS does not offer, an unknown source, DMS without a source
 * secret, ...) come from `checkDataSpec`, which validation calls so they stop `validate` and `synth` with
 * file:line:column. `compileData` refuses (throws) on the same errors should it ever be handed such a spec.
 */
import type { MigrationSpec } from '../schema/spec';
import { locateFinding, type Diagnostic } from '../schema/diagnostics';
import type { SourceMap } from '../schema/source';
import { createContext, type CompileContext } from './context';
import type { ManualStep } from './model';
import { STEP_ORDER } from './steps';
import { sh, shComment, toCommands } from './shell';
import { newFindings, subnetGroupPlan, type Findings } from './data/common';
import { indexByName } from './inventory/by-name';
import { compileDatabases, monitoringRolePlan } from './data/rds';
import { compileCaches } from './data/elasticache';
import { cacheAuthSecret, compileSpecSecrets, putSecretValueStep } from './data/secrets';
import { compileMigration } from './data/migration';
import { compileWiring } from './data/app-wiring';
import { appUserSecret, appUserStep } from './data/app-user';
import type { CachePlan, CacheTier, DatabasePlan, DatabaseTier, DataPlan, SecretPlan } from './model/data';

export function compileData(ctx: CompileContext): DataPlan {
  const { plan, findings } = buildDataPlan(ctx);
  for (const issue of findings.issues) ctx.report.add(issue);
  return plan;
}

/**
 * Data-tier checks beyond schema/rules.ts (DMS without a source secret, a size with no mapping, versions
 * near the end of support, ...), located in the spec file when `source` is given. Given a spec that loaded,
 * none repeats a rule's error: any rule error would have stopped the load.
 */
export function checkDataSpec(spec: MigrationSpec, source?: SourceMap): Diagnostic[] {
  const { findings } = buildDataPlan(createContext(spec));
  return findings.issues.map((issue) => locateFinding(issue, source));
}

function buildDataPlan(ctx: CompileContext): { plan: DataPlan; findings: Findings } {
  const findings = newFindings();
  const databases = compileDatabases(ctx, findings);
  checkInstanceIdentifiers(ctx, databases, findings);
  const caches = compileCaches(ctx, findings);
  const migration = compileMigration(ctx, databases, findings);
  const appSecrets = databases.map((d) => appUserSecret(ctx, d));
  const authSecrets = caches.map((c) => cacheAuthSecret(ctx, c));
  const internal = [...appSecrets, ...authSecrets, ...migration.secrets];
  const specSecrets = compileSpecSecrets(ctx, findings);
  checkReservedSecretNames(specSecrets, internal, findings);
  const secrets: SecretPlan[] = [...specSecrets, ...internal];

  const steps: Omit<ManualStep, 'order'>[] = [...migration.manualSteps];
  const dmsSources = new Map(migration.dms?.tasks.map((t) => [t.sourceSecret, t.sourceConnection]));
  for (const secret of secrets.filter((s) => s.refKey.startsWith('secrets.') && !s.existingArn))
    steps.push(putSecretValueStep(ctx, secret, 0, dmsSources.get(secret.key)));
  caches.forEach((cache, i) => steps.push(cacheAuthStep(ctx, cache, authSecrets[i])));
  const tlsStep = databaseTlsStep(ctx, databases);
  if (tlsStep) steps.push(tlsStep);
  // The commands live in the runbook (printed once, under the data migration runbook); the step says when.
  for (const entry of migration.runbook)
    steps.push({
      title: `${entry.title} (${entry.method === 'dms' ? 'AWS DMS' : 'dump and restore'})`,
      detail: `Follow the data migration runbook for ${entry.database} before moving traffic. ${entry.downtime}`,
    });
  // After the data is in: PostgreSQL hands the restored objects to the app user.
  databases.forEach((db, i) => steps.push(appUserStep(ctx, db, appSecrets[i])));

  return {
    plan: {
      wiring: compileWiring(ctx, databases, caches, secrets),
      ...databaseTier(ctx, databases),
      ...cacheTier(ctx, caches),
      secrets,
      dms: migration.dms,
      monitoringRole: monitoringRolePlan(databases),
      runbook: migration.runbook,
      decisions: findings.decisions,
      // Around the data stack's apply step (compiler/steps.ts): prerequisites before it, the rest after, each
      // group in the order planned here (steps that share an order keep it).
      manualSteps: [
        ...migration.prerequisites.map((s) => ({ ...s, order: STEP_ORDER.dataPrerequisites })),
        ...steps.map((s) => ({ ...s, order: STEP_ORDER.afterData })),
      ],
    },
    findings,
  };
}

/** The databases with their subnet group (one per environment, shared by all); none for no databases. */
function databaseTier(ctx: CompileContext, databases: DatabasePlan[]): DatabaseTier {
  return databases.length > 0 ? { databases, dbSubnetGroup: subnetGroupPlan(ctx, 'db') } : { databases: [] };
}

/** The caches with their subnet group (one per environment, shared by all); none for no caches. */
function cacheTier(ctx: CompileContext, caches: CachePlan[]): CacheTier {
  return caches.length > 0 ? { caches, cacheSubnetGroup: subnetGroupPlan(ctx, 'cache') } : { caches: [] };
}

/**
 * Aurora instances are named `<prefix>-<database>-<n>`, so an Aurora database `main` and a database `main-1`
 * would ask RDS for one instance identifier twice (unique per account and region) and give the data stack
 * two resources of one id. Located at the later database's name.
 */
function checkInstanceIdentifiers(ctx: CompileContext, databases: DatabasePlan[], { issues }: Findings) {
  const owners = new Map<string, string>();
  for (const db of databases) {
    // An Aurora cluster's instances include its readers (`replicas` names them again).
    const identifiers = db.aurora ? db.aurora.instances.map((i) => i.identifier) : [db.identifier];
    for (const id of new Set([...identifiers, ...db.replicas.map((r) => r.identifier)])) {
      const owner = owners.get(id);
      if (owner === undefined) {
        owners.set(id, db.name);
        continue;
      }
      issues.push({
        severity: 'error',
        code: 'data/instance-identifier-clash',
        path: ['databases', indexByName(ctx.spec.databases, db.name), 'name'],
        message: `database \`${db.name}\` needs the RDS instance identifier ${id}, which database \`${owner}\` already uses (Aurora numbers its instances <database>-1, -2, …)`,
        hint: `rename \`${db.name}\` or \`${owner}\` so that neither name is the other followed by -<number>`,
      });
    }
  }
}

/**
 * dropship keys its own secrets (`db-<database>-app`, `cache-<cache>-auth`, `dms-<database>-target`) in
 * the same namespace as the spec's: a spec secret with one of those names would be taken for dropship's.
 */
function checkReservedSecretNames(specSecrets: SecretPlan[], internal: SecretPlan[], { issues }: Findings) {
  const reserved = new Set(internal.map((s) => s.key));
  specSecrets.forEach((secret, index) => {
    if (!reserved.has(secret.key)) return;
    issues.push({
      severity: 'error',
      code: 'data/secret-name-reserved',
      path: ['secrets', index, 'name'],
      message: `secret name \`${secret.key}\` is the name dropship gives one of its own secrets (a database's app user, a cache's AUTH token or a DMS target)`,
      hint: 'rename the secret',
    });
  });
}

/**
 * The AUTH token is generated by Secrets Manager and handed to ElastiCache by the operator, so it exists in
 * neither Terraform JSON nor state (the AWS provider has no write-only auth token). ROTATE adds the token
 * to the running group; SET then makes it the only accepted one.
 */
function cacheAuthStep(ctx: CompileContext, cache: CachePlan, secret: SecretPlan): Omit<ManualStep, 'order'> {
  const region = ctx.spec.aws.region;
  // The token reaches each AWS CLI call on its standard input (file:///dev/stdin, from the printf builtin):
  // never on a command line, where ps shows it, nor in a file.
  const token = sh`printf '%s' "$TOKEN" |`;
  const modify = (strategy: string) =>
    sh`${token} aws elasticache modify-replication-group --region ${region} --replication-group-id ${cache.replicationGroupId} --auth-token file:///dev/stdin --auth-token-update-strategy ${strategy} --apply-immediately`;
  return {
    title: `Turn on AUTH for the cache ${cache.name}`,
    detail:
      `After deploying the data stack and before the apps start, generate the AUTH token into ${secret.secretName} and apply it to ${cache.replicationGroupId}. ` +
      'Until then only the security group (apps that use the cache) and TLS protect it. Repeat to rotate, then restart the apps.',
    commands: toCommands([
      sh`TOKEN=$(aws secretsmanager get-random-password --region ${region} --password-length 64 --exclude-punctuation --query RandomPassword --output text)`,
      sh`${token} aws secretsmanager put-secret-value --region ${region} --secret-id ${secret.secretName!} --secret-string file:///dev/stdin`,
      modify('ROTATE'),
      sh`aws elasticache wait replication-group-available --region ${region} --replication-group-id ${cache.replicationGroupId}`,
      modify('SET'),
      sh`unset TOKEN`,
    ]),
  };
}

/**
 * RDS refuses unencrypted connections (require_secure_transport / rds.force_ssl). PostgreSQL clients try
 * TLS by default; MySQL clients (PHP's PDO among them) do not until given a CA, so say so where it is acted on.
 */
function databaseTlsStep(
  ctx: CompileContext,
  databases: DatabasePlan[],
): Omit<ManualStep, 'order'> | undefined {
  const used = new Set(ctx.spec.apps.flatMap((a) => a.uses.databases));
  const mysql = databases.filter((d) => d.engine === 'mysql' && used.has(d.name));
  if (mysql.length === 0) return undefined;
  return {
    title: `Make the apps connect to MySQL over TLS (${mysql.map((d) => d.name).join(', ')})`,
    detail:
      'RDS accepts only TLS connections (require_secure_transport=ON). Bake the RDS CA bundle into the images and point the ' +
      'MySQL client at it before deploying the apps — Laravel: MYSQL_ATTR_SSL_CA=/etc/ssl/rds/global-bundle.pem; PDO: ' +
      'PDO::MYSQL_ATTR_SSL_CA; mysql CLI: --ssl-mode=VERIFY_IDENTITY --ssl-ca=global-bundle.pem.',
    commands: toCommands([
      sh`curl -fsSo global-bundle.pem https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem`,
      shComment('Dockerfile: COPY global-bundle.pem /etc/ssl/rds/global-bundle.pem'),
    ]),
  };
}
