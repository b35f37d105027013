/**
 * The DigitalOcean databases and caches the AWS tasks use in cutover.dataMode digitalocean-until-100 until
 * the data moves (`cutover.dataMoved`): per cluster that a migrated store comes `from`, an empty Secrets
 * Manager secret (KMS-encrypted, like every secret dropship creates) that a manual step fills from doctl,
 * and the connection settings the wiring injects in place of the RDS/ElastiCache ones, under the same names.
 * The secret exists for the whole mode, not only until the data moves: a forced rollback needs it again.
 */
import type { CompileContext } from '../context';
import type { Decision, ManualStep } from '../model';
import type { Value } from '../model/refs';
import type { SecretPlan } from '../model/data';
import { recoveryWindowDays } from './common';
import { secretIdentity, secretPath } from './secrets';
import { sh, shComment, shVar, toCommands, type ShellText } from '../shell';
import { findByName } from '../../schema/inventory/by-name';
import { dataModeOf, doStorePort, tasksUseDigitalOcean } from '../../schema/inventory/data-mode';
import { doStoreSecretKey } from '../../schema/inventory/secrets';
import type { DoDatabaseSpec } from '../../schema/spec';

/** A DigitalOcean cluster the tasks use, with its secret and where its settings come from. */
export interface DoStore {
  source: DoDatabaseSpec;
  kind: 'database' | 'cache';
  secret: SecretPlan;
  /** The public host name the tasks reach through NAT; undefined: read from the secret's `host` key. */
  host: string | undefined;
  port: number;
  /** The DigitalOcean user the secret holds the password of. */
  user: string;
}

/**
 * DigitalOcean publishes each cluster's VPC host as `private-<public host>` (the API's
 * `private_connection.host` beside `connection.host`); the tasks leave through NAT, over the internet, so
 * an inventory that names the private host gets the public one.
 */
export function publicDoHost(host: string): string {
  return host.startsWith('private-') ? host.slice('private-'.length) : host;
}

/**
 * The cluster's id: the inventory's (firewallId), else a variable the reader sets (the command stops unset),
 * one per cluster: a single shared variable would point every cluster's commands at the first one set.
 */
export function doClusterId(source: DoDatabaseSpec): string | ShellText {
  if (source.firewallId) return source.firewallId;
  const name = doClusterIdVariable(source.name);
  return shVar(name, `set ${name} to the cluster id from doctl databases list`);
}

/** `DO_CLUSTER_ID_<NAME>`: the cluster's name in capitals, every other character an underscore. */
export function doClusterIdVariable(cluster: string): string {
  return `DO_CLUSTER_ID_${cluster.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** The DigitalOcean user whose password the secret holds: the inventory's, else the cluster's default user. */
function doUserOf(source: DoDatabaseSpec, kind: DoStore['kind']): string {
  return source.user ?? (kind === 'cache' ? 'default' : 'doadmin');
}

/**
 * Per DigitalOcean cluster a store some app uses migrates `from`, keyed `database:<store>` / `cache:<store>`
 * by the spec's store names (several stores may share a cluster, one secret each cluster). Empty outside
 * digitalocean-until-100.
 */
export function compileDoStores(ctx: CompileContext, kms: Value<'aws_kms_key'>): Map<string, DoStore> {
  const out = new Map<string, DoStore>();
  if (dataModeOf(ctx.spec)?.mode !== 'digitalocean-until-100') return out;
  const byCluster = new Map<string, DoStore>();
  const used = {
    database: new Set(ctx.spec.apps.flatMap((a) => a.uses.databases)),
    cache: new Set(ctx.spec.apps.flatMap((a) => a.uses.caches)),
  };
  const add = (kind: DoStore['kind'], store: string, from: string | undefined) => {
    if (!used[kind].has(store) || from === undefined) return;
    const source = findByName(ctx.spec.digitalocean.databases, from);
    if (!source) return;
    let entry = byCluster.get(source.name);
    if (!entry) {
      const key = doStoreSecretKey(source.name);
      const user = doUserOf(source, kind);
      entry = {
        source,
        kind,
        user,
        host: source.host === undefined ? undefined : publicDoHost(source.host),
        port: doStorePort(source),
        secret: {
          key,
          declared: false,
          ...secretIdentity(ctx, key),
          secretName: secretPath(ctx, 'do', source.name, 'credentials'),
          description: `Credentials {host, username, password} of the DigitalOcean ${source.engine} cluster ${source.name} (user ${user}), which the AWS tasks use until the data moves (cutover.dataMode digitalocean-until-100; set out of band)`,
          kmsKeyArn: kms,
          recoveryWindowDays: recoveryWindowDays(ctx),
          keys: ['host', 'username', 'password'],
        },
      };
      byCluster.set(source.name, entry);
    }
    out.set(`${kind}:${store}`, entry);
  };
  for (const db of ctx.spec.databases) add('database', db.name, db.from);
  for (const cache of ctx.spec.caches) add('cache', cache.name, cache.from);
  return out;
}

/** The clusters, once each, in the order their first store appears. */
export function doStoreClusters(stores: Map<string, DoStore>): DoStore[] {
  return [...new Set(stores.values())];
}

/**
 * Fills the cluster's secret from doctl: the public host and the user's password, joined into JSON by jq
 * with the password on jq's standard input (from the printf builtin), never on a command line, and handed
 * to Secrets Manager on its standard input. Before the apps stack: the tasks read it when they start.
 */
export function doStoreSecretStep(ctx: CompileContext, store: DoStore): Omit<ManualStep, 'order'> {
  const region = ctx.spec.aws.region;
  const { source, user, secret } = store;
  const id = doClusterId(source);
  return {
    title: `Set the DigitalOcean credentials of ${source.name} for the AWS tasks`,
    detail:
      `cutover.dataMode digitalocean-until-100: until the data moves (cutover.dataMoved), the AWS tasks use the DigitalOcean cluster ${source.name} ` +
      `and read its host and the password of ${user} (the user the droplets connect as: change it in the commands if they use another) from ${secret.secretName}. ` +
      'Run this after deploying the data stack and before the apps stack; again after rotating the password on DigitalOcean, then redeploy the services.',
    commands: toCommands([
      shComment(`The cluster ${source.name}:`),
      sh`DO_HOST=$(doctl databases connection --format Host --no-header -- ${id})`,
      sh`DO_PASSWORD=$(doctl databases user get --format Password --no-header -- ${id} ${user})`,
      // The user name reaches jq through its environment: a value is never an option's argument there.
      sh`printf '%s' ${shVar('DO_PASSWORD')} | DO_USER=${user} jq -cRn --arg host ${shVar('DO_HOST')} ${'{host: $host, username: $ENV.DO_USER, password: input}'} | aws secretsmanager put-secret-value --region ${region} --secret-id ${secret.secretName!} --secret-string file:///dev/stdin`,
      sh`unset DO_PASSWORD DO_HOST`,
    ]),
  };
}

/** Which endpoints the tasks use, and why: one decision per store that migrates from DigitalOcean. */
export function endpointDecisions(ctx: CompileContext, stores: Map<string, DoStore>): Decision[] {
  const spec = ctx.spec;
  const mode = dataModeOf(spec)?.mode;
  const onDo = tasksUseDigitalOcean(spec);
  const decisions: Decision[] = [];
  const migrated = [
    ...spec.databases.filter((d) => d.from !== undefined).map((d) => ['database', d.name, d.from!] as const),
    ...spec.caches.filter((c) => c.from !== undefined).map((c) => ['cache', c.name, c.from!] as const),
  ];
  for (const [kind, name, from] of migrated) {
    const store = stores.get(`${kind}:${name}`);
    const aws = kind === 'database' ? 'RDS' : 'ElastiCache';
    const subject = `${kind === 'database' ? 'databases' : 'caches'}.${name}.tasksConnectTo`;
    if (onDo && store)
      decisions.push({
        subject,
        choice: `DigitalOcean ${from} (${store.host ?? `the host in ${store.secret.secretName}`}:${store.port}, credentials from ${store.secret.secretName})`,
        rule: `cutover.dataMode digitalocean-until-100 and cutover.dataMoved is false: DigitalOcean stays the writer until the data moves at 100 %, so the AWS tasks write there through NAT; set cutover.dataMoved: true once the data runbook is done to switch them to ${aws}`,
        from,
      });
    else if (mode === 'digitalocean-until-100' && store)
      decisions.push({
        subject,
        choice: aws,
        rule: 'cutover.dataMoved: true: the data has moved, the tasks use AWS (rolling the cutover back from 100 % needs --force)',
        from,
      });
    else if (mode === 'move-first')
      decisions.push({
        subject,
        choice: aws,
        rule: 'cutover.dataMode move-first: the data moves before phase 1, so the tasks use AWS from the start',
        from,
      });
  }
  return decisions;
}
