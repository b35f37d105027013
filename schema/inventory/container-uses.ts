/**
 * Which of an app's databases and caches each container receives, and under which variable names: the
 * rules check the names (no clash with the container's own variables), the data tier injects them.
 *
 * A container's `uses` lists them; without it, a container with a first-party image receives every store of
 * the app except a front proxy (the public container of a multi-container app, which only forwards to its
 * sibling), and a container with any other image receives none. First-party means `image.repository`: an
 * ECR repository the spec declares, which dropship creates and the team pushes its own builds to. Every
 * `uri` counts as third-party, an ECR URI included: its origin cannot be told offline (a pull-through cache
 * or a copy of a public image lives in ECR too), and a credential withheld by mistake fails loudly at the
 * first connection, where one handed to an agent by mistake leaks silently.
 */
import type { AppSpec, ContainerSpec, ContainerUseSpec } from '../spec';
import { publicExposure } from './listener-rules';

export type StoreKind = 'database' | 'cache';

/** The settings of each kind of store, in the order they are injected; the secret ones come by ARN. */
export const STORE_SETTINGS = {
  database: ['host', 'port', 'name', 'username', 'password', 'readerHost', 'sslmode'],
  cache: ['host', 'port', 'tls', 'scheme', 'password'],
} as const satisfies Record<StoreKind, readonly string[]>;

export type DatabaseSetting = (typeof STORE_SETTINGS.database)[number];
export type CacheSetting = (typeof STORE_SETTINGS.cache)[number];
export type StoreSetting = DatabaseSetting | CacheSetting;

/**
 * Settings only some stores have: an Aurora cluster's reader endpoint. Its name is reserved for every Aurora
 * database a container receives (a user variable of that name is a clash), and the data tier injects it when
 * the cluster has a reader (a second instance).
 */
export const AURORA_ONLY_SETTINGS: ReadonlySet<StoreSetting> = new Set(['readerHost']);

/** A setting's default variable suffix: `HOST`, `READER_HOST` (worked out once: a 1,000-app spec asks ~10,000 times). */
const SUFFIXES = new Map<StoreSetting, string>(
  [...STORE_SETTINGS.database, ...STORE_SETTINGS.cache].map((s) => [
    s,
    s.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase(),
  ]),
);
const suffixOf = (setting: StoreSetting) => SUFFIXES.get(setting)!;

/** Settings injected as ECS secrets (valueFrom), never as plain environment. */
export const SECRET_SETTINGS: ReadonlySet<StoreSetting> = new Set(['username', 'password']);

/** A path inside one app (`['containers', 1, 'uses', 0]`); the rules put `['apps', i]` in front. */
export type AppPath = readonly (string | number)[];

/** One variable a container receives from a data store. */
export interface InjectedVariable {
  variable: string;
  kind: StoreKind;
  store: string;
  setting: StoreSetting;
  secret: boolean;
  /** Where the variable's name comes from: the `env` entry, the `uses` entry, or the app's `uses` list. */
  origin: AppPath;
}

/** A data store a container receives, with the names its settings take. */
export interface ReceivedStore {
  kind: StoreKind;
  name: string;
  /** The `uses` entry that lists it (`containers[j].uses[k]`), or the app's `uses` entry when by default. */
  origin: AppPath;
  /** The settings it receives and their names (the `env` of `uses`); undefined: all, by default names. */
  env: Partial<Record<StoreSetting, string | false>> | undefined;
  /** True when the container has no `uses` and receives the store by the default rule. */
  byDefault: boolean;
}

/**
 * First-party: the image is built into an ECR repository the spec declares (see the module comment for why).
 * A `copyFrom` image lives in such a repository too, but it is someone else's image copied there: third-party.
 */
export function isFirstPartyImage(image: ContainerSpec['image']): boolean {
  return 'repository' in image && image.copyFrom === undefined;
}

/** The store a short-form name means: a database of the app's uses, else a cache of them. */
export function kindOfName(app: AppSpec, name: string): StoreKind | undefined {
  if (app.uses.databases.includes(name)) return 'database';
  if (app.uses.caches.includes(name)) return 'cache';
  return undefined;
}

/** The kind and name a `uses` entry names, whatever its form (undefined: a short name the app lacks). */
export function storeOfUse(
  app: AppSpec,
  use: ContainerUseSpec,
): { kind: StoreKind; name: string } | undefined {
  if (typeof use === 'string') {
    const kind = kindOfName(app, use);
    return kind ? { kind, name: use } : undefined;
  }
  return 'database' in use ? { kind: 'database', name: use.database } : { kind: 'cache', name: use.cache };
}

/** Whether the default rule gives a container without `uses` its app's stores. */
export function receivesByDefault(app: AppSpec, container: ContainerSpec): boolean {
  if (!isFirstPartyImage(container.image)) return false;
  const front = publicExposure(app)?.container;
  return !(app.containers.length > 1 && front === container.name);
}

/** The stores one container receives, in the order of its `uses` (by default: the app's databases, caches). */
export function receivedStores(app: AppSpec, containerIndex: number): ReceivedStore[] {
  const container = app.containers[containerIndex];
  if (container.uses === undefined) {
    if (!receivesByDefault(app, container)) return [];
    return [
      ...app.uses.databases.map((name, j) => ({
        kind: 'database' as const,
        name,
        origin: ['uses', 'databases', j],
        env: undefined,
        byDefault: true,
      })),
      ...app.uses.caches.map((name, j) => ({
        kind: 'cache' as const,
        name,
        origin: ['uses', 'caches', j],
        env: undefined,
        byDefault: true,
      })),
    ];
  }
  const stores: ReceivedStore[] = [];
  container.uses.forEach((use, k) => {
    const store = storeOfUse(app, use);
    if (!store) return;
    const env = typeof use === 'string' ? undefined : use.env;
    stores.push({ ...store, origin: ['containers', containerIndex, 'uses', k], env, byDefault: false });
  });
  return stores;
}

/** A spec name as a variable prefix: upper-cased, every run of other characters `_` (read-model → READ_MODEL). */
export function envPrefixOf(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/**
 * Every variable a container receives: with an `env` mapping, the settings it names under its names; without,
 * every setting under its default name. Default names: one database → `DB_<SETTING>`, several →
 * `<NAME>_DB_<SETTING>`; one cache → `REDIS_<SETTING>`, several → `<NAME>_REDIS_<SETTING>`, counted over
 * the stores this container receives (without `uses`, the app's).
 */
export function injectedVariables(
  app: AppSpec,
  containerIndex: number,
  isAurora: (database: string) => boolean,
): InjectedVariable[] {
  const stores = receivedStores(app, containerIndex);
  const count = { database: 0, cache: 0 };
  for (const s of stores) count[s.kind]++;
  const variables: InjectedVariable[] = [];
  for (const store of stores) {
    const base = store.kind === 'database' ? 'DB_' : 'REDIS_';
    const prefix = count[store.kind] > 1 ? `${envPrefixOf(store.name)}_${base}` : base;
    for (const setting of STORE_SETTINGS[store.kind]) {
      if (AURORA_ONLY_SETTINGS.has(setting) && !isAurora(store.name)) continue;
      // With an `env` mapping, exactly the settings it names; without, every setting by its default name.
      const named = store.env?.[setting];
      // false: left out on purpose (a TLS setting the image does not read).
      if (store.env && (named === undefined || named === false)) continue;
      const chosen = named === false ? undefined : named;
      variables.push({
        variable: chosen ?? `${prefix}${suffixOf(setting)}`,
        kind: store.kind,
        store: store.name,
        setting,
        secret: SECRET_SETTINGS.has(setting),
        origin: chosen === undefined ? store.origin : [...store.origin, 'env', setting],
      });
    }
  }
  return variables;
}
