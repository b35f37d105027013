/**
 * Uploads with a public ACL: on a bucket whose ACLs are disabled (Object Ownership BucketOwnerEnforced, as
 * dropship creates every bucket), a PUT that names any ACL but bucket-owner-full-control fails with
 * AccessControlListNotSupported
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html). An app that
 * writes a bucket and configures its client for public-read uploads (django-storages' AWS_DEFAULT_ACL, any
 * variable with ACL in its name) or takes over a Space the public reads breaks there: a Space behind a CDN,
 * with a public-read ACL or with public-read objects is one its writers very likely upload to with
 * `x-amz-acl: public-read` (that is how its files became readable), whatever the environment says.
 */
import { bucketsOfApp, servesPublicFiles, sourceSpace } from '../../schema/inventory/buckets';
import type { AppSpec, MigrationSpec } from '../../schema/spec';

const PUBLIC_ACLS = new Set(['public-read', 'public-read-write', 'authenticated-read']);

export interface PublicAclFinding {
  path: (string | number)[];
  message: string;
  hint: string;
}

const HINT =
  'drop the ACL from the uploads (ACLs are disabled on the bucket) and serve public files through a CDN (docs/storage.md)';

export function publicAclUploads(spec: MigrationSpec, app: AppSpec): PublicAclFinding[] {
  const writes = bucketsOfApp(spec, app.name).filter((b) => b.access.mode === 'read-write');
  if (writes.length === 0) return [];
  const out: PublicAclFinding[] = [];
  app.containers.forEach((c, j) => {
    for (const [name, value] of Object.entries(c.environment)) {
      if (!/ACL/i.test(name) || !PUBLIC_ACLS.has(value.trim().toLowerCase())) continue;
      out.push({
        path: ['apps', spec.apps.indexOf(app), 'containers', j, 'environment', name],
        message: `${name}=${value.trim().toLowerCase()} in ${app.name}/${c.name}: uploads with a public ACL fail on the S3 buckets it writes (ACLs disabled: AccessControlListNotSupported)`,
        hint: HINT,
      });
    }
  });
  for (const { bucket, bucketIndex } of writes) {
    const space = sourceSpace(spec, bucket);
    if (space !== undefined && servesPublicFiles(spec, space))
      out.push({
        path: ['storage', 'buckets', bucketIndex, 'from'],
        message: `${app.name} writes bucket ${bucket.name}, whose Space ${space.name} the public reads (${publicBy(spec, space)}): its uploads very likely name x-amz-acl: public-read, which fails on S3 (ACLs disabled: AccessControlListNotSupported)`,
        hint: HINT,
      });
  }
  return out;
}

/** How the public reads the Space today, for the message. */
function publicBy(spec: MigrationSpec, space: NonNullable<ReturnType<typeof sourceSpace>>): string {
  const ways: string[] = [];
  if (space.publicFiles) ways.push('public-read uploads');
  if (space.acl === 'public-read') ways.push('public-read ACL');
  if (spec.digitalocean.cdnEndpoints.some((e) => e.space === space.name)) ways.push('CDN endpoint');
  return ways.join(', ');
}
