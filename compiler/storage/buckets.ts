/**
 * One S3 bucket per `storage.buckets` entry, in the data stack (its files outlive any deploy, like the
 * databases'): named `<project>-<environment>-<name>`, public access blocked, ACLs disabled, versioned,
 * SSE-KMS with the environment key and an S3 bucket key, a policy that refuses requests without TLS (for a
 * bucket CloudFront serves, also its read grant and the refusal of any other encryption), and the CORS and
 * lifecycle rules of the Space it takes over.
 */
import { awsName } from '../../schema/facts/aws-names';
import { servesPublicFiles, sourceSpace } from '../../schema/inventory/buckets';
import type { BucketSpec } from '../../schema/spec';
import type { CompileContext } from '../context';
import type { Decision } from '../model/record';
import type { NetworkPlan } from '../model/network';
import type { BucketLifecycleRulePlan, BucketPlan } from '../model/storage';
import { allowCloudFrontRead, denyInsecureTransport, denyOtherEncryption } from '../aws/s3';
import { accountOf } from './cdn';
import { policyJson } from '../aws/iam';
import { address, embed, ref } from '../refs';
import { dataStackName } from '../stack-names';

export function bucketPlan(
  ctx: CompileContext,
  network: NetworkPlan,
  bucket: BucketSpec,
  decisions: Decision[],
): BucketPlan {
  const space = sourceSpace(ctx.spec, bucket);
  const bucketName = awsName('s3Bucket', ctx.prefix, bucket.name);
  const at = address(dataStackName(ctx.prefix), 'aws_s3_bucket', `bucket-${bucket.name}`);
  const publicToday = space !== undefined && servesPublicFiles(ctx.spec, space);
  const ownKey = publicToday ? ownKeyOf(ctx, at, bucketName) : undefined;
  decisions.push({
    subject: `storage.buckets.${bucket.name}`,
    choice: `S3 bucket ${bucketName}: public access blocked, ACLs disabled, versioned, SSE-KMS (${publicToday ? 'a key of its own, which CloudFront may use' : 'environment key'}, bucket key), TLS only`,
    rule: 'secure defaults no spec field turns off; CORS and lifecycle rules as the Space has them',
    ...(space ? { from: `Space ${space.name} (${space.region})` } : {}),
  });
  return {
    name: bucket.name,
    bucketName,
    ...(space ? { from: { space: space.name, region: space.region } } : {}),
    address: at,
    arn: ref(at, 'arn'),
    kmsKeyArn: ownKey ? ref(ownKey.address, 'arn') : network.kms.arn,
    ...(ownKey ? { ownKey } : {}),
    protections: {
      blockPublicAccess: true,
      versioning: 'Enabled',
      objectOwnership: 'BucketOwnerEnforced',
      sseAlgorithm: 'aws:kms',
      bucketKeyEnabled: true,
      forceDestroy: false,
    },
    // One policy per bucket, here from the first apply, so no apply order leaves it without the TLS deny. A
    // bucket CloudFront serves also admits CloudFront of this account; the key admits the distribution.
    policyJson: policyJson([
      denyInsecureTransport(bucketName),
      ...(ownKey
        ? [
            allowCloudFrontRead(bucketName, accountOf(ctx.spec, network)),
            ...denyOtherEncryption(bucketName, embed(ref(ownKey.address, 'arn'))),
          ]
        : []),
    ]),
    cors: (space?.cors ?? []).map((c) => ({
      allowedOrigins: [...c.allowedOrigins],
      allowedMethods: [...c.allowedMethods],
      allowedHeaders: [...c.allowedHeaders],
      exposeHeaders: [...c.exposeHeaders],
      ...(c.maxAgeSeconds !== undefined ? { maxAgeSeconds: c.maxAgeSeconds } : {}),
    })),
    lifecycle: (space?.lifecycle ?? []).map((l, i): BucketLifecycleRulePlan => ({
      id: l.id ?? `rule-${i + 1}`,
      enabled: l.enabled,
      prefix: l.prefix,
      ...(l.expirationDays !== undefined ? { expirationDays: l.expirationDays } : {}),
      ...(l.noncurrentVersionExpirationDays !== undefined
        ? { noncurrentVersionExpirationDays: l.noncurrentVersionExpirationDays }
        : {}),
      ...(l.abortIncompleteMultipartUploadDays !== undefined
        ? { abortIncompleteMultipartUploadDays: l.abortIncompleteMultipartUploadDays }
        : {}),
    })),
    publicToday,
  };
}

/** The key a bucket CloudFront serves is encrypted with: its own, in the data stack. */
export function ownKeyOf(
  ctx: CompileContext,
  bucketAddress: BucketPlan['address'],
  bucketName: string,
): NonNullable<BucketPlan['ownKey']> {
  return {
    address: address(bucketAddress.stack, 'aws_kms_key', `${bucketAddress.name}-key`),
    description: `dropship ${ctx.prefix}: ${bucketName} (read by CloudFront)`,
    enableKeyRotation: true,
    deletionWindowDays: ctx.production ? 30 : 7,
  };
}
