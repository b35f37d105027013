/**
 * Reference keys of the data tier: the data stack registers them; the compiler reads them (app wiring) or
 * gives them to a secret as its `refKey`. Spelled here once, like `NETWORK_REFS`.
 */
export const DATA_REFS = {
  dbAddress: (db: string) => `data.db.${db}.address`,
  dbPort: (db: string) => `data.db.${db}.port`,
  /** The RDS-managed master secret (administration only: apps get the app user's). */
  dbMasterSecretArn: (db: string) => `data.db.${db}.secret_arn`,
  dbAppSecretArn: (db: string) => `data.db.${db}.app_secret_arn`,
  cacheAddress: (cache: string) => `data.cache.${cache}.address`,
  cachePort: (cache: string) => `data.cache.${cache}.port`,
  cacheAuthSecretArn: (cache: string) => `data.cache.${cache}.auth_secret_arn`,
  dmsTargetSecretArn: (db: string) => `data.dms.${db}.target_secret_arn`,
} as const;
