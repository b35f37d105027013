/**
 * Object storage: Spaces and buckets have unique names, CDN endpoints serve an inventoried Space, a bucket
 * takes over at most one Space and no Space feeds two buckets, an app is granted a bucket once, and the
 * variables an app's containers receive for its buckets do not collide.
 */
import type { Report } from '../report';
import type { MigrationSpec } from '../spec';
import { bucketVariables } from '../inventory/buckets';
import { indexNames, resolve, type Names } from './names';

export function checkStorage(r: Report, spec: MigrationSpec, n: Names): void {
  const spaces = indexNames(r, spec.digitalocean.spaces, ['digitalocean', 'spaces'], 'Space');
  spec.digitalocean.cdnEndpoints.forEach((endpoint, i) => {
    resolve(r, spaces, endpoint.space, ['digitalocean', 'cdnEndpoints', i, 'space'], 'digitalocean.spaces');
  });
  indexNames(r, spec.storage.buckets, ['storage', 'buckets'], 'bucket');
  const takenBy = new Map<string, number>();
  spec.storage.buckets.forEach((bucket, i) => {
    const at = ['storage', 'buckets', i];
    if (
      bucket.from !== undefined &&
      resolve(r, spaces, bucket.from, [...at, 'from'], 'digitalocean.spaces')
    ) {
      const first = takenBy.get(bucket.from);
      if (first !== undefined)
        r.error(
          [...at, 'from'],
          'space-taken-twice',
          `the Space \`${bucket.from}\` already becomes a bucket`,
          {
            hint: `storage.buckets[${first}] takes it over; a Space's files go to one bucket`,
          },
        );
      else takenBy.set(bucket.from, i);
    }
    const granted = new Set<string>();
    bucket.access.forEach((access, j) => {
      if (!resolve(r, n.apps, access.app, [...at, 'access', j, 'app'], 'apps')) return;
      if (granted.has(access.app))
        r.error(
          [...at, 'access', j, 'app'],
          'bucket-access-duplicate',
          `\`${access.app}\` is granted this bucket twice`,
          {
            hint: 'give each app one entry, with read or read-write',
          },
        );
      granted.add(access.app);
    });
  });
  checkBucketVariables(r, spec, n);
}

/** Two buckets of one app may not inject the same variable, nor one the app's containers set themselves. */
function checkBucketVariables(r: Report, spec: MigrationSpec, n: Names): void {
  for (const app of spec.apps) {
    const seen = new Map<string, string>();
    for (const v of bucketVariables(spec, app.name)) {
      const other = seen.get(v.name);
      if (other !== undefined) {
        r.error(
          v.path,
          'bucket-variable-clash',
          `the variable \`${v.name}\` would receive both ${other} and ${v.what}`,
          {
            hint: 'choose another name with env: { bucket, region }',
          },
        );
        continue;
      }
      seen.set(v.name, v.what);
      const own = app.containers.find((c) => v.name in c.environment || v.name in c.secrets);
      if (own !== undefined && n.apps.has(app.name))
        r.error(
          v.path,
          'bucket-variable-conflict',
          `container \`${own.name}\` of \`${app.name}\` already sets \`${v.name}\``,
          {
            hint: 'remove it from the container or choose another name with env: { bucket, region }',
          },
        );
    }
  }
}
