/**
 * The names of secrets: the keys dropship gives its own secrets in the data plan (in the same namespace as
 * the spec's `secrets:`, so a spec secret may not take one), and the Secrets Manager name of each.
 */

/** A database's app-user credentials. */
export const appSecretKey = (db: string): string => `db-${db}-app`;
/** A cache's AUTH token. */
export const cacheAuthSecretKey = (cache: string): string => `cache-${cache}-auth`;
/** The DMS target endpoint's credentials of a database. */
export const dmsTargetSecretKey = (db: string): string => `dms-${db}-target`;

/**
 * The credentials (and host) of a DigitalOcean cluster the AWS tasks use in cutover.dataMode
 * digitalocean-until-100 until the data moves; filled from doctl by a manual step.
 */
export const doStoreSecretKey = (cluster: string): string => `do-${cluster}-app`;

/**
 * The Spaces keys {accessKeyId, secretAccessKey} the AWS tasks use the Space with in cutover.dataMode
 * digitalocean-until-100 until the data moves; filled by a manual step.
 */
export const spacesKeysSecretKey = (space: string): string => `spaces-${space}-keys`;

/** `<prefix>/<path>`: secrets group under the environment, e.g. `shop-production/cache/sessions/auth-token`. */
export const secretPath = (prefix: string, ...parts: string[]): string => [prefix, ...parts].join('/');
