/**
 * S3 buckets from `plan.storage`, in the data stack: each bucket and its settings as separate resources
 * (the AWS provider's v4+ shape), every value copied from the plan. The bucket's name, CORS origins and
 * lifecycle prefixes are literal text (escaped with every other literal: stacks/escape-templates.ts).
 */
import type { TerraformStack } from 'cdktf';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketCorsConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-cors-configuration';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { BucketPlan } from '../../compiler/model';
import type { StackContext } from '../context';
import { renderPrivateBucket } from '../private-bucket';

export function renderBuckets(stack: TerraformStack, ctx: StackContext): void {
  for (const plan of ctx.plan.storage.buckets) renderBucket(stack, ctx, plan);
}

function renderBucket(stack: TerraformStack, { refs }: StackContext, plan: BucketPlan): void {
  if (plan.ownKey) {
    // No policy here: AWS's default (IAM policies of the account decide) until the distribution's stack
    // sets the policy that also admits CloudFront (aws_kms_key_policy there).
    const key = new KmsKey(stack, plan.ownKey.address.name, {
      description: plan.ownKey.description,
      enableKeyRotation: plan.ownKey.enableKeyRotation,
      deletionWindowInDays: plan.ownKey.deletionWindowDays,
    });
    refs.provide(plan.ownKey.address, { arn: key.arn, key_id: key.keyId });
  }
  const { id, bucket, renderPolicy } = renderPrivateBucket(stack, plan, refs);
  const versioning = new S3BucketVersioningA(stack, `${id}-versioning`, {
    bucket: bucket.id,
    versioningConfiguration: { status: plan.protections.versioning },
  });
  new S3BucketServerSideEncryptionConfigurationA(stack, `${id}-encryption`, {
    bucket: bucket.id,
    rule: [
      {
        applyServerSideEncryptionByDefault: {
          sseAlgorithm: plan.protections.sseAlgorithm,
          kmsMasterKeyId: refs.resolve(plan.kmsKeyArn),
        },
        bucketKeyEnabled: plan.protections.bucketKeyEnabled,
      },
    ],
  });
  renderPolicy();
  if (plan.cors.length > 0)
    new S3BucketCorsConfiguration(stack, `${id}-cors`, {
      bucket: bucket.id,
      corsRule: plan.cors.map((c) => ({
        allowedOrigins: c.allowedOrigins,
        allowedMethods: c.allowedMethods,
        allowedHeaders: c.allowedHeaders.length > 0 ? c.allowedHeaders : undefined,
        exposeHeaders: c.exposeHeaders.length > 0 ? c.exposeHeaders : undefined,
        maxAgeSeconds: c.maxAgeSeconds,
      })),
    });
  if (plan.lifecycle.length > 0)
    new S3BucketLifecycleConfiguration(stack, `${id}-lifecycle`, {
      bucket: bucket.id,
      rule: plan.lifecycle.map((l) => ({
        id: l.id,
        status: l.enabled ? 'Enabled' : 'Disabled',
        filter: [{ prefix: l.prefix }],
        ...(l.expirationDays !== undefined ? { expiration: [{ days: l.expirationDays }] } : {}),
        ...(l.noncurrentVersionExpirationDays !== undefined
          ? { noncurrentVersionExpiration: [{ noncurrentDays: l.noncurrentVersionExpirationDays }] }
          : {}),
        ...(l.abortIncompleteMultipartUploadDays !== undefined
          ? {
              abortIncompleteMultipartUpload: [{ daysAfterInitiation: l.abortIncompleteMultipartUploadDays }],
            }
          : {}),
      })),
      // Versioning first: a rule on noncurrent versions needs it.
      dependsOn: [versioning],
    });
}
