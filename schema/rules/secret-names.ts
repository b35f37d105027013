/**
 * The Secrets Manager names of the spec's secrets: not taken for an ARN's random suffix, and not one of the
 * keys dropship gives its own secrets (a database's app user, a cache's AUTH token, a DMS target), which
 * share their namespace. Over a spec whose names resolve (rules/index.ts).
 */
import { namePrefix } from '../inventory/prefix';
import {
  appSecretKey,
  cacheAuthSecretKey,
  dmsTargetSecretKey,
  doStoreSecretKey,
  secretPath,
  spacesKeysSecretKey,
} from '../inventory/secrets';
import type { Report } from '../report';
import type { MigrationSpec } from '../spec';

export function checkSecretNames(r: Report, spec: MigrationSpec): void {
  const prefix = namePrefix(spec);
  spec.secrets.forEach((secret, index) => {
    const secretName = secret.arn ? undefined : secretPath(prefix, secret.name);
    if (secretName && /-[A-Za-z0-9]{6}$/.test(secretName))
      r.warn(
        ['secrets', index, 'name'],
        'data/secret-name-suffix',
        `secret name ${secretName} ends with a hyphen and six characters, which Secrets Manager confuses with an ARN suffix`,
        { hint: 'rename the secret (e.g. add a word after the last hyphen)' },
      );
  });
  const reserved = new Set([
    ...spec.databases.map((db) => appSecretKey(db.name)),
    ...spec.caches.map((cache) => cacheAuthSecretKey(cache.name)),
    ...spec.databases.filter((db) => db.migration.method === 'dms').map((db) => dmsTargetSecretKey(db.name)),
    ...spec.digitalocean.databases.map((db) => doStoreSecretKey(db.name)),
    ...spec.digitalocean.spaces.map((space) => spacesKeysSecretKey(space.name)),
  ]);
  spec.secrets.forEach((secret, index) => {
    if (!reserved.has(secret.name)) return;
    r.error(
      ['secrets', index, 'name'],
      'data/secret-name-reserved',
      `secret name \`${secret.name}\` is the name dropship gives one of its own secrets (a database's app user, a cache's AUTH token, a DMS target, a DigitalOcean cluster's credentials or a Space's keys)`,
      { hint: 'rename the secret' },
    );
  });
}
