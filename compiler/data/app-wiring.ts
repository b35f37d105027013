/**
 * What each app receives from the data tier: per container, the connection settings of the databases and
 * caches it receives as plain environment, their credentials as ECS secrets (`valueFrom` = secret ARN + JSON
 * key), and exactly the secret ARNs and KMS keys its execution role may read. Which container receives which
 * store, under which names, is `injectedVariables` (schema/inventory/container-uses.ts, docs/data.md).
 */
import type { CompileContext } from '../context';
import { refId } from '../refs';
import { type Value } from '../model/refs';
import { emptyWiring } from '../wiring';
import type { AppWiring, ContainerWiring, SecretValueFrom } from '../model/wiring';
import type { CachePlan, DatabasePlan, SecretPlan } from '../model/data';
import { injectedVariables, type InjectedVariable } from '../../schema/inventory/container-uses';
import type { DoStore } from './do-stores';

/** One setting's value: plain, or a secret by ARN (with the Secrets Manager key it grants). */
type SettingValue = { value: Value } | { valueFrom: SecretValueFrom; kmsKeyArn: Value | undefined };

export function compileWiring(
  ctx: CompileContext,
  databases: DatabasePlan[],
  caches: CachePlan[],
  secrets: SecretPlan[],
  /**
   * While the tasks use DigitalOcean (cutover.dataMode digitalocean-until-100, data not moved): the cluster
   * of each migrated store, keyed `database:<name>` / `cache:<name>`; its settings replace the AWS ones under
   * the same variable names, so the app needs no change when it switches. Empty: every store is on AWS.
   */
  onDigitalOcean: ReadonlyMap<string, DoStore> = new Map(),
): Record<string, AppWiring> {
  const wiring: Record<string, AppWiring> = {};
  // Looked up per app: maps keep this linear in the number of apps (1,000 apps × 1,000 secrets otherwise).
  const databaseByName = new Map(databases.map((d) => [d.name, d]));
  const cacheByName = new Map(caches.map((c) => [c.name, c]));
  const secretIndex = new Map(secrets.map((s, i) => [s.key, i]));
  const secretByKey = (key: string) => secrets[secretIndex.get(key)!];

  const fromDoSecret = (store: DoStore, jsonKey: string): SettingValue => ({
    valueFrom: { secretArn: store.secret.arn, jsonKey },
    kmsKeyArn: store.secret.kmsKeyArn,
  });
  // The public host (the tasks leave through NAT); without one in the inventory, the host the secret's
  // step read from doctl.
  const doHost = (store: DoStore): SettingValue =>
    store.host === undefined ? fromDoSecret(store, 'host') : { value: store.host };
  const doDatabaseSetting = (
    db: DatabasePlan,
    store: DoStore,
    v: InjectedVariable,
  ): SettingValue | undefined => {
    switch (v.setting) {
      case 'readerHost':
        // Reads go to the DigitalOcean primary until the move: its read-only nodes are not in the inventory.
        return db.endpoint.readerHost && doHost(store);
      case 'host':
        return doHost(store);
      case 'port':
        return { value: String(store.port) };
      case 'name':
        return { value: db.dbName };
      case 'sslmode':
        return { value: sslModeOf(db) };
      default:
        return fromDoSecret(store, v.setting);
    }
  };
  const doCacheSetting = (store: DoStore, v: InjectedVariable): SettingValue => {
    switch (v.setting) {
      case 'host':
        return doHost(store);
      case 'port':
        return { value: String(store.port) };
      case 'tls':
        // DigitalOcean's Redis and Valkey accept TLS connections only, like the replication group.
        return { value: 'true' };
      case 'scheme':
        return { value: 'tls' };
      default:
        return fromDoSecret(store, 'password');
    }
  };

  const databaseSetting = (db: DatabasePlan, v: InjectedVariable): SettingValue | undefined => {
    // The app user's secret, never the RDS-managed master secret (rotated every 7 days, admin only).
    const appSecret = secretByKey(db.appSecret);
    switch (v.setting) {
      case 'readerHost':
        // Aurora with a reader: where read-only queries go (Laravel's read hosts, a Django replica router).
        return db.endpoint.readerHost && { value: db.endpoint.readerHost };
      case 'host':
        return { value: db.endpoint.host };
      case 'port':
        return { value: db.endpoint.port };
      case 'name':
        return { value: db.dbName };
      case 'sslmode':
        return { value: sslModeOf(db) };
      default:
        return {
          valueFrom: { secretArn: appSecret.arn, jsonKey: v.setting },
          kmsKeyArn: appSecret.kmsKeyArn,
        };
    }
  };
  const cacheSetting = (cache: CachePlan, v: InjectedVariable): SettingValue => {
    const auth = secretByKey(cache.authSecret);
    switch (v.setting) {
      case 'host':
        return { value: cache.endpoint.host };
      case 'port':
        return { value: cache.endpoint.port };
      case 'tls':
        return { value: 'true' };
      case 'scheme':
        // Laravel / predis / phpredis read the scheme: the group accepts TLS connections only.
        return { value: 'tls' };
      default:
        return { valueFrom: { secretArn: auth.arn }, kmsKeyArn: auth.kmsKeyArn };
    }
  };
  const settingOf = (v: InjectedVariable): SettingValue | undefined => {
    const onDo = onDigitalOcean.get(`${v.kind}:${v.store}`);
    if (v.kind === 'database') {
      const db = databaseByName.get(v.store);
      return db && (onDo ? doDatabaseSetting(db, onDo, v) : databaseSetting(db, v));
    }
    const cache = cacheByName.get(v.store);
    return cache && (onDo ? doCacheSetting(onDo, v) : cacheSetting(cache, v));
  };

  for (const app of ctx.spec.apps) {
    const w = emptyWiring();
    // The stores' secrets some container receives, keyed by store, granted in the order of the app's uses.
    const received = new Map<string, { arn: Value; kmsKeyArn: Value | undefined }>();
    app.containers.forEach((container, j) => {
      const c: ContainerWiring = { environment: [], secrets: [] };
      for (const v of injectedVariables(app, j, (name) => databaseByName.get(name)?.aurora !== undefined)) {
        const setting = settingOf(v);
        if (!setting) continue;
        if ('value' in setting) c.environment.push({ name: v.variable, value: setting.value });
        else {
          c.secrets.push({ name: v.variable, valueFrom: setting.valueFrom });
          received.set(`${v.kind}:${v.store}`, {
            arn: setting.valueFrom.secretArn,
            kmsKeyArn: setting.kmsKeyArn,
          });
        }
      }
      if (c.environment.length + c.secrets.length === 0) return;
      c.environment.sort((a, b) => cmp(a.name, b.name));
      c.secrets.sort((a, b) => cmp(a.name, b.name));
      w.containers[container.name] = c;
    });

    const arns = new Map<string, Value>();
    const kms = new Map<string, Value>();
    const grant = (secretArn: Value, kmsKey: Value | undefined) => {
      arns.set(keyOf(secretArn), secretArn);
      if (kmsKey) kms.set(keyOf(kmsKey), kmsKey);
    };
    const stores = [
      ...app.uses.databases.map((n) => `database:${n}`),
      ...app.uses.caches.map((n) => `cache:${n}`),
    ];
    for (const key of stores) {
      const secret = received.get(key);
      if (secret) grant(secret.arn, secret.kmsKeyArn);
    }

    // The app's own secrets (containers[].secrets): the execution role reads them too. Their environment
    // variables are the app's to name, so the apps compiler renders them; only the grants come from here.
    const referenced = new Set(
      app.containers.flatMap((c) => Object.values(c.secrets).map((r) => r.split(':')[0])),
    );
    const own = [...referenced]
      .map((key) => secretIndex.get(key))
      .filter(isDefined)
      .sort((a, b) => a - b) // the order of `secrets`, as before
      .map((i) => secrets[i])
      .filter((s) => s.declared);
    for (const secret of own) grant(secret.arn, secret.existingArn ? undefined : secret.kmsKeyArn);

    w.secretArns = [...arns.values()];
    w.kmsKeyArns = [...kms.values()];
    wiring[app.name] = w;
  }
  return wiring;
}

/**
 * The client's TLS mode: verify the server's certificate and its name, whichever side it is on. RDS refuses
 * unencrypted connections (require_secure_transport / rds.force_ssl in dropship's parameter groups) and so
 * does DigitalOcean; verifying, not only encrypting, keeps a host on the path from posing as the database
 * (the DigitalOcean connection crosses the internet). libpq's sslmode and MySQL's --ssl-mode spell it so.
 */
export function sslModeOf(db: Pick<DatabasePlan, 'engine'>): string {
  return db.engine === 'mysql' ? 'VERIFY_IDENTITY' : 'verify-full';
}

const keyOf = (v: Value): string => (typeof v === 'string' ? v : `ref:${refId(v)}`);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const isDefined = <T>(v: T | undefined): v is T => v !== undefined;
