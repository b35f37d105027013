/**
 * Object storage: Spaces and buckets have unique names, CDN endpoints serve an inventoried Space, a bucket
 * takes over at most one Space and no Space feeds two buckets, an app is granted a bucket once, and the
 * variables an app's containers receive for its buckets do not collide.
 */
import type { Report } from '../report';
import type { MigrationSpec } from '../spec';
import {
  bucketsOfApp,
  bucketVariables,
  receivesSpaceKeys,
  SPACE_SETTINGS,
  spaceInUse,
} from '../inventory/buckets';
import { publicHostnames } from '../inventory/hostnames';
import { domainOf } from '../inventory/records';
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
  checkSpaceVariables(r, spec);
  const moved = new Set(spec.storage.buckets.flatMap((b) => (b.from === undefined ? [] : [b.from])));
  spec.digitalocean.spaces.forEach((space, i) =>
    checkLifecycle(r, space, ['digitalocean', 'spaces', i], moved.has(space.name)),
  );
  checkCdnHostnames(r, spec);
}

/**
 * S3 refuses a lifecycle configuration whose rule has no action ("At least one action needs to be specified
 * in a rule") or whose ids repeat; the default id `rule-<n>` counts.
 */
function checkLifecycle(
  r: Report,
  space: MigrationSpec['digitalocean']['spaces'][number],
  at: (string | number)[],
  becomesBucket: boolean,
) {
  const ids = new Map<string, number>();
  space.lifecycle.forEach((rule, j) => {
    const path = [...at, 'lifecycle', j];
    if (
      rule.expirationDays === undefined &&
      rule.noncurrentVersionExpirationDays === undefined &&
      rule.abortIncompleteMultipartUploadDays === undefined
    )
      r.error(
        path,
        'lifecycle-rule-no-action',
        'this lifecycle rule has no action: S3 refuses the whole configuration',
        {
          expected: 'expirationDays, noncurrentVersionExpirationDays or abortIncompleteMultipartUploadDays',
          hint: 'copy the rule’s action from get-bucket-lifecycle-configuration, or leave the rule out',
        },
      );
    // The bucket is versioned: an expired object becomes a noncurrent version, billed until it expires too.
    if (
      becomesBucket &&
      rule.expirationDays !== undefined &&
      rule.noncurrentVersionExpirationDays === undefined
    )
      r.warn(
        [...path, 'expirationDays'],
        'lifecycle-expiration-keeps-versions',
        'on the versioned S3 bucket an expired object stays as a noncurrent version, stored and billed for good',
        {
          hint: 'add noncurrentVersionExpirationDays to this rule to delete those versions as the Space deleted the objects',
        },
      );
    const id = rule.id ?? `rule-${j + 1}`;
    const first = ids.get(id);
    if (first !== undefined)
      r.error(
        rule.id === undefined ? path : [...path, 'id'],
        'lifecycle-rule-id-duplicate',
        `two lifecycle rules have the id \`${id}\``,
        {
          hint: `lifecycle[${first}] has it already (a rule without id is rule-<position>); S3 needs distinct ids`,
        },
      );
    else ids.set(id, j);
  });
}

/**
 * A CDN host name whose Space becomes a bucket moves to CloudFront: a weighted CNAME in a Route 53 zone dropship
 * owns (its certificate validates there), never at a zone apex (no CNAME may sit there, and the Spaces side is
 * one), never a name an app serves too.
 */
function checkCdnHostnames(r: Report, spec: MigrationSpec): void {
  const moved = new Set(spec.storage.buckets.flatMap((b) => (b.from === undefined ? [] : [b.from])));
  const appNames = new Map(publicHostnames(spec).map((h) => [h.hostname, h.app]));
  spec.digitalocean.cdnEndpoints.forEach((endpoint, i) => {
    const host = endpoint.customDomain;
    if (host === undefined || !moved.has(endpoint.space)) return;
    const path = ['digitalocean', 'cdnEndpoints', i, 'customDomain'];
    const domain = domainOf(spec.digitalocean.domains, host);
    const zone = spec.digitalocean.domains.find((d) => d.name === domain);
    if (zone === undefined || zone.dns === 'external') {
      r.error(path, 'cdn-domain', `\`${host}\` is not in a domain whose DNS dropship moves to Route 53`, {
        expected: 'a host name under a digitalocean.domains entry with dns: digitalocean or route53',
        hint: 'declare its domain in digitalocean.domains: the CloudFront certificate validates and the host name is cut over there',
      });
      return;
    }
    if (host === zone.name) {
      r.error(
        path,
        'cdn-apex',
        `\`${host}\` is a zone apex: the CDN host name is cut over with weighted CNAME records, and no CNAME may sit at an apex`,
        {
          hint: `serve the files from a subdomain such as cdn.${zone.name} (a CNAME to the Spaces CDN endpoint today, then to CloudFront)`,
        },
      );
      return;
    }
    const app = appNames.get(host);
    if (app !== undefined)
      r.error(path, 'cdn-hostname-taken', `\`${host}\` is also a public hostname of app \`${app}\``, {
        hint: 'a name answers either the CDN (a CNAME) or the ALB: remove it from one of them',
      });
  });
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
            hint: 'choose another name with env: { bucket, region, endpoint, accessKeyId, secretAccessKey }',
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
            hint: 'remove it from the container or choose another name with env: { bucket, region, endpoint, accessKeyId, secretAccessKey }',
          },
        );
    }
  }
}

/**
 * While the tasks use the Space a bucket takes over (digitalocean-until-100 until dataMoved), they need its
 * endpoint and keys: an env mapping that leaves one out would point the app at S3 with the task role, where
 * the files the droplets write never arrive. Without env they come under their default names.
 */
function checkSpaceVariables(r: Report, spec: MigrationSpec): void {
  for (const app of spec.apps)
    for (const { bucket, bucketIndex, access, accessIndex } of bucketsOfApp(spec, app.name)) {
      const space = spaceInUse(spec, bucket);
      if (space === undefined) continue;
      if (!app.containers.some((c) => receivesSpaceKeys(app, c)))
        r.error(
          ['storage', 'buckets', bucketIndex, 'access', accessIndex, 'app'],
          'bucket-space-keys-unreceived',
          `until cutover.dataMoved the tasks of \`${app.name}\` use the Space \`${space.name}\`, but no container of it takes credentials: the Spaces keys go only to a container of the app's own images (an ECR repository of the spec) that is not a front proxy, as database credentials do`,
          {
            expected: 'a container with an image from ecr.repositories (not copyFrom), or one with `uses`',
            hint: 'build the app’s image into a declared ECR repository, or set cutover.dataMode: move-first (the tasks then use S3 with the task role from the start)',
          },
        );
      if (access.env === undefined) continue;
      const missing = SPACE_SETTINGS.filter((setting) => access.env![setting] === undefined);
      if (missing.length === 0) continue;
      r.error(
        ['storage', 'buckets', bucketIndex, 'access', accessIndex, 'env'],
        'bucket-space-variables-missing',
        `until cutover.dataMoved the tasks of \`${app.name}\` use the Space \`${space.name}\` (the droplets still write there), but env names no variable for its ${missing.join(', ')}`,
        {
          expected: 'env: { endpoint, accessKeyId, secretAccessKey } beside bucket and region',
          hint: 'name the variables the app reads its S3 endpoint and keys from (not AWS_ACCESS_KEY_ID, which would replace the task role), or remove env for the defaults S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY',
        },
      );
    }
}
