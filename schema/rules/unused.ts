/**
 * What nothing uses: secrets, repositories, DigitalOcean databases without a target, databases and caches no
 * app uses. Warnings only: the spec is valid, but something in it is probably forgotten.
 */
import type { Report } from '../report';
import type { MigrationSpec } from '../spec';

/** What the apps use, collected while their references are checked (rules/apps.ts). */
export interface Used {
  secrets: Set<string>;
  repositories: Set<string>;
  droplets: Set<string>;
  databases: Set<string>;
  caches: Set<string>;
  publicApps: number;
}

export const nothingUsed = (): Used => ({
  secrets: new Set(),
  repositories: new Set(),
  droplets: new Set(),
  databases: new Set(),
  caches: new Set(),
  publicApps: 0,
});

export function checkUnused(r: Report, spec: MigrationSpec, used: Used): void {
  const dmsSecrets = new Set(spec.digitalocean.databases.map((d) => d.passwordSecret));
  spec.secrets.forEach((s, i) => {
    const referenced = used.secrets.has(s.name) || dmsSecrets.has(s.name);
    if (!referenced)
      r.warn(
        ['secrets', i, 'name'],
        'unused-secret',
        `secret \`${s.name}\` is not referenced by any container`,
      );
  });
  spec.ecr.repositories.forEach((repo, i) => {
    if (!used.repositories.has(repo.name)) {
      r.warn(
        ['ecr', 'repositories', i, 'name'],
        'unused-repository',
        `ECR repository \`${repo.name}\` is not used by any container`,
      );
    }
  });
  const migrated = new Set(
    [...spec.databases, ...spec.caches].map((t) => t.from).filter((f): f is string => !!f),
  );
  spec.digitalocean.databases.forEach((db, i) => {
    if (!migrated.has(db.name)) {
      r.warn(
        ['digitalocean', 'databases', i, 'name'],
        'unmigrated-database',
        `DigitalOcean database \`${db.name}\` has no target under ${db.engine === 'redis' || db.engine === 'valkey' ? 'caches' : 'databases'} (it stays on DigitalOcean)`,
      );
    }
  });
  spec.databases.forEach((db, i) => {
    if (!used.databases.has(db.name))
      r.warn(['databases', i, 'name'], 'unused-database', `no app uses database \`${db.name}\``);
  });
  spec.caches.forEach((cache, i) => {
    if (!used.caches.has(cache.name))
      r.warn(['caches', i, 'name'], 'unused-cache', `no app uses cache \`${cache.name}\``);
  });
}
