/**
 * What each app receives from the data tier: connection settings as plain environment, credentials as ECS
 * secrets (`valueFrom` = secret ARN + JSON key), and exactly the secret ARNs and KMS keys its execution role
 * may read. Naming (docs/data.md): one database → `DB_*`, several → `<NAME>_DB_*`; one cache → `REDIS_*`,
 * several → `<NAME>_REDIS_*`, where NAME is the spec name upper-cased with `-` → `_`.
 */
import type { CompileContext } from '../context';
import { refId } from '../refs';
import { type Value } from '../model/refs';
import { emptyWiring } from '../wiring';
import { type AppWiring } from '../model/wiring';
import { envName } from './common';
import type { CachePlan, DatabasePlan, SecretPlan } from '../model/data';

export function compileWiring(
  ctx: CompileContext,
  databases: DatabasePlan[],
  caches: CachePlan[],
  secrets: SecretPlan[],
): Record<string, AppWiring> {
  const wiring: Record<string, AppWiring> = {};
  // Looked up per app: maps keep this linear in the number of apps (1,000 apps × 1,000 secrets otherwise).
  const databaseByName = new Map(databases.map((d) => [d.name, d]));
  const cacheByName = new Map(caches.map((c) => [c.name, c]));
  const secretIndex = new Map(secrets.map((s, i) => [s.key, i]));
  const secretByKey = (key: string) => secrets[secretIndex.get(key)!];
  for (const app of ctx.spec.apps) {
    const w = emptyWiring();
    const arns = new Map<string, Value>();
    const kms = new Map<string, Value>();
    const grant = (secretArn: Value, kmsKey: Value | undefined) => {
      arns.set(keyOf(secretArn), secretArn);
      if (kmsKey) kms.set(keyOf(kmsKey), kmsKey);
    };

    const dbs = app.uses.databases.map((n) => databaseByName.get(n)).filter(isDefined);
    for (const db of dbs) {
      const p = dbs.length > 1 ? `${envName(db.name)}_DB_` : 'DB_';
      // The app user's secret, never the RDS-managed master secret (rotated every 7 days, admin only).
      const appSecret = secretByKey(db.appSecret);
      const secretArn = appSecret.arn;
      w.environment.push(
        { name: `${p}HOST`, value: db.endpoint.host },
        { name: `${p}PORT`, value: db.endpoint.port },
        { name: `${p}NAME`, value: db.dbName },
      );
      // Aurora with a reader: where read-only queries go (Laravel's read hosts, a Django replica router).
      if (db.endpoint.readerHost)
        w.environment.push({ name: `${p}READER_HOST`, value: db.endpoint.readerHost });
      w.secrets.push(
        { name: `${p}USERNAME`, valueFrom: { secretArn, jsonKey: 'username' } },
        { name: `${p}PASSWORD`, valueFrom: { secretArn, jsonKey: 'password' } },
      );
      grant(secretArn, appSecret.kmsKeyArn);
    }

    const used = app.uses.caches.map((n) => cacheByName.get(n)).filter(isDefined);
    for (const cache of used) {
      const p = used.length > 1 ? `${envName(cache.name)}_REDIS_` : 'REDIS_';
      const auth = secretByKey(cache.authSecret);
      const secretArn = auth.arn;
      w.environment.push(
        { name: `${p}HOST`, value: cache.endpoint.host },
        { name: `${p}PORT`, value: cache.endpoint.port },
        { name: `${p}TLS`, value: 'true' },
        // Laravel / predis / phpredis read the scheme: the group accepts TLS connections only.
        { name: `${p}SCHEME`, value: 'tls' },
      );
      w.secrets.push({ name: `${p}PASSWORD`, valueFrom: { secretArn } });
      grant(secretArn, auth.kmsKeyArn);
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

    w.environment.sort((a, b) => cmp(a.name, b.name));
    w.secrets.sort((a, b) => cmp(a.name, b.name));
    w.secretArns = [...arns.values()];
    w.kmsKeyArns = [...kms.values()];
    wiring[app.name] = w;
  }
  return wiring;
}

const keyOf = (v: Value): string => (typeof v === 'string' ? v : `ref:${refId(v)}`);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const isDefined = <T>(v: T | undefined): v is T => v !== undefined;
