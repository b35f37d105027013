/**
 * One S3 bucket per `storage.buckets` entry, in the data stack (its files outlive any deploy, like the
 * databases'): named `<project>-<environment>-<name>`, public access blocked, ACLs disabled, versioned,
 * SSE-KMS with the environment key and an S3 bucket key, a policy that refuses requests without TLS, and the
 * CORS and lifecycle rules of the Space it takes over.
 */
import { awsName } from '../../schema/facts/aws-names';
import { servesPublicFiles, sourceSpace } from '../../schema/inventory/buckets';
import type { BucketSpec } from '../../schema/spec';
import type { CompileContext } from '../context';
import type { Decision } from '../model/record';
import type { NetworkPlan } from '../model/network';
import type { BucketLifecycleRulePlan, BucketPlan } from '../model/storage';
import { denyInsecureTransport } from '../aws/s3';
import { policyJson } from '../aws/iam';
import { address, ref } from '../refs';
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
  decisions.push({
    subject: `storage.buckets.${bucket.name}`,
    choice: `S3 bucket ${bucketName}: public access blocked, ACLs disabled, versioned, SSE-KMS (environment key, bucket key), TLS only`,
    rule: 'secure defaults no spec field turns off; CORS and lifecycle rules as the Space has them',
    ...(space ? { from: `Space ${space.name} (${space.region})` } : {}),
  });
  const publicToday = space !== undefined && servesPublicFiles(ctx.spec, space);
  if (publicToday)
    decisions.push({
      subject: `storage.buckets.${bucket.name}.public`,
      choice:
        'private on S3: the public keeps reading the Space (its CDN host name stays a CNAME to the Spaces CDN)',
      rule: 'the public reads the Space today (its CDN, a public-read ACL or public-read files); dropship plans no CloudFront distribution for it yet, so S3 serves nothing anonymously and the Space stays until one does (docs/storage.md)',
      from: `Space ${space.name}`,
    });
  return {
    name: bucket.name,
    bucketName,
    ...(space ? { from: { space: space.name, region: space.region } } : {}),
    address: at,
    arn: ref(at, 'arn'),
    kmsKeyArn: network.kms.arn,
    protections: {
      blockPublicAccess: true,
      versioning: 'Enabled',
      objectOwnership: 'BucketOwnerEnforced',
      sseAlgorithm: 'aws:kms',
      bucketKeyEnabled: true,
      forceDestroy: false,
    },
    policyJson: policyJson([denyInsecureTransport(bucketName)]),
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
