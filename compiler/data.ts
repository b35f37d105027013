/**
 * The data tier: `databases:` → RDS / Aurora, `caches:` → ElastiCache, `secrets:` → Secrets Manager, the
 * data move (dump runbook or AWS DMS), and what each app receives from them (`wiring`). Every decision is
 * explained in `decisions`; everything a person must do by hand is in `manualSteps` and `runbook`.
 *
 * Only decisions: what could be wrong with the spec's data section (a version RDS does not offer, a size
 * with no mapping, DMS without a source secret, ...) is refused by the rules before (schema/rules/).
 */
import type { CompileContext } from './context';
import type { Decision, ManualStep } from './model';
import { STEP_ORDER } from './steps';
import { dataModeOf, tasksUseDigitalOcean } from '../schema/inventory/data-mode';
import {
  compileDoStores,
  doStoreClusters,
  doStoreSecretStep,
  endpointDecisions,
  doClusterId,
  type DoStore,
} from './data/do-stores';
import { sh, shComment, toCommands } from './shell';
import { subnetGroupPlan, type DataUpstream } from './data/common';
import { compileDatabases, monitoringRolePlan } from './data/rds';
import { compileCaches } from './data/elasticache';
import { cacheAuthSecret, compileSpecSecrets, putSecretValueStep } from './data/secrets';
import { compileMigration } from './data/migration';
import { compileWiring } from './data/app-wiring';
import { appUserSecret, appUserStep } from './data/app-user';
import type { CachePlan, CacheTier, DatabasePlan, DatabaseTier, DataPlan, SecretPlan } from './model/data';

export function compileData(ctx: CompileContext, up: DataUpstream): DataPlan {
  const decisions: Decision[] = [];
  const kms = up.network.kms.arn;
  const databases = compileDatabases(ctx, decisions, up);
  const caches = compileCaches(ctx, decisions, up);
  const declaredSecrets = compileSpecSecrets(ctx, kms);
  const migration = compileMigration(ctx, databases, decisions, up, declaredSecrets);
  const appSecrets = databases.map((d) => appUserSecret(ctx, d, kms));
  const authSecrets = caches.map((c) => cacheAuthSecret(ctx, c, kms));
  const doStores = compileDoStores(ctx, kms);
  const doClusters = doStoreClusters(doStores);
  decisions.push(...endpointDecisions(ctx, doStores));
  const internal = [...appSecrets, ...authSecrets, ...migration.secrets, ...doClusters.map((d) => d.secret)];
  const secrets: SecretPlan[] = [...declaredSecrets, ...internal];

  const steps: Omit<ManualStep, 'order'>[] = [...migration.manualSteps];
  const dmsSources = new Map(migration.dms?.tasks.map((t) => [t.sourceSecret, t.sourceConnection]));
  for (const secret of secrets.filter((s) => s.declared && !s.existingArn))
    steps.push(putSecretValueStep(ctx, secret, 0, dmsSources.get(secret.key)));
  caches.forEach((cache, i) => steps.push(cacheAuthStep(ctx, cache, authSecrets[i])));
  const tlsStep = databaseTlsStep(ctx, databases, doClusters);
  if (tlsStep) steps.push(tlsStep);
  // The commands live in the runbook (printed once, under the data migration runbook); the step says when,
  // as cutover.dataMode places the move: before phase 1, once traffic is at 100 %, or (no cutover) before
  // traffic moves.
  const moment = dataMoveMoment(ctx);
  const moveSteps: Omit<ManualStep, 'order'>[] = [];
  // Without a cutover the move stays where it was, among the data steps and before the app users.
  const moveAt = moment.order === STEP_ORDER.afterData ? steps : moveSteps;
  for (const entry of migration.runbook)
    moveAt.push({
      title: `${entry.title} (${entry.method === 'dms' ? 'AWS DMS' : 'dump and restore'})`,
      detail: `Follow the data migration runbook for ${entry.database} ${moment.when}. ${entry.downtime}`,
    });
  // Before the apps stack, whatever the mode: the tasks read the app user's secret when they start.
  databases.forEach((db, i) => steps.push(appUserStep(ctx, db, appSecrets[i])));
  for (const cluster of doClusters) steps.push(doStoreSecretStep(ctx, cluster));

  return {
    wiring: compileWiring(
      ctx,
      databases,
      caches,
      secrets,
      tasksUseDigitalOcean(ctx.spec) ? doStores : undefined,
    ),
    ...databaseTier(ctx, databases, up),
    ...cacheTier(ctx, caches, up),
    secrets,
    dms: migration.dms,
    monitoringRole: monitoringRolePlan(databases),
    runbook: migration.runbook,
    decisions,
    // Around the data stack's apply step (compiler/steps.ts): prerequisites before it, the rest after, each
    // group in the order planned here (steps that share an order keep it).
    manualSteps: [
      ...migration.prerequisites.map((s) => ({ ...s, order: STEP_ORDER.dataPrerequisites })),
      ...steps.map((s) => ({ ...s, order: STEP_ORDER.afterData })),
      ...moveSteps.map((s) => ({ ...s, order: moment.order })),
    ],
  };
}

/** The databases with their subnet group (one per environment, shared by all); none for no databases. */
function databaseTier(ctx: CompileContext, databases: DatabasePlan[], up: DataUpstream): DatabaseTier {
  return databases.length > 0
    ? { databases, dbSubnetGroup: subnetGroupPlan(ctx, 'db', up) }
    : { databases: [] };
}

/** The caches with their subnet group (one per environment, shared by all); none for no caches. */
function cacheTier(ctx: CompileContext, caches: CachePlan[], up: DataUpstream): CacheTier {
  return caches.length > 0 ? { caches, cacheSubnetGroup: subnetGroupPlan(ctx, 'cache', up) } : { caches: [] };
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
 * RDS refuses unencrypted connections (require_secure_transport / rds.force_ssl), DigitalOcean too, and the
 * apps receive the strictest TLS mode (DB_SSLMODE: VERIFY_IDENTITY / verify-full, docs/data.md), which
 * fails without the CA that signed the server: the RDS bundle, and in digitalocean-until-100 also each
 * DigitalOcean cluster's own CA, which the tasks see first. Say so where it is acted on: before the images.
 */
function databaseTlsStep(
  ctx: CompileContext,
  databases: DatabasePlan[],
  doClusters: DoStore[],
): Omit<ManualStep, 'order'> | undefined {
  const used = new Set(ctx.spec.apps.flatMap((a) => a.uses.databases));
  const receiving = databases.filter((d) => used.has(d.name));
  if (receiving.length === 0) return undefined;
  const doDatabases = doClusters.filter((c) => c.kind === 'database');
  const doCas = doDatabases.flatMap((c) => [
    shComment(`The CA of the DigitalOcean cluster ${c.source.name}:`),
    sh`doctl databases get-ca --output json -- ${doClusterId(c.source)} | jq -r '.certificate | @base64d' >> ca-bundle.pem`,
  ]);
  return {
    title: `Give the apps the CA certificates their database connections verify (${receiving.map((d) => d.name).join(', ')})`,
    detail:
      'RDS accepts only TLS connections (require_secure_transport / rds.force_ssl), and the apps receive DB_SSLMODE (VERIFY_IDENTITY for MySQL, verify-full for PostgreSQL): ' +
      'the client verifies the server against a CA file, which the images must contain before the apps are deployed. ' +
      (doDatabases.length > 0
        ? `Until the data moves (cutover.dataMode digitalocean-until-100) the tasks connect to DigitalOcean (${doDatabases.map((c) => c.source.name).join(', ')}), whose clusters have their own CA: bake one bundle with both. `
        : '') +
      'Laravel: MYSQL_ATTR_SSL_CA=/etc/ssl/db/ca-bundle.pem (MySQL), DB_SSLROOTCERT or PGSSLROOTCERT for PostgreSQL; Django: OPTIONS sslrootcert; PDO: PDO::MYSQL_ATTR_SSL_CA.',
    commands: toCommands([
      sh`curl -fsSo ca-bundle.pem https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem`,
      ...doCas,
      shComment('Dockerfile: COPY ca-bundle.pem /etc/ssl/db/ca-bundle.pem'),
    ]),
  };
}

/** When the data moves (cutover.dataMode), for the runbook's manual step and its place among the steps. */
function dataMoveMoment(ctx: CompileContext): { when: string; order: number } {
  switch (dataModeOf(ctx.spec)?.mode) {
    case 'digitalocean-until-100':
      return {
        when: 'once the cutover is at 100 % (cutover.dataMode digitalocean-until-100: the AWS tasks use the DigitalOcean databases until then)',
        order: STEP_ORDER.moveDataAt100,
      };
    case 'move-first':
      return {
        when: 'at phase 0, before moving to phase 1 (cutover.dataMode move-first: DigitalOcean is read-only from then on)',
        order: STEP_ORDER.moveDataBeforePhase1,
      };
    default:
      return { when: 'before moving traffic', order: STEP_ORDER.afterData };
  }
}
