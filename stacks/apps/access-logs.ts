/**
 * The ALB's access-log bucket (plan.apps.alb.accessLogs.createdBucket), in the ALB's stack: the bucket and its
 * settings as separate resources, every value copied from the plan. Returns what the ALB must wait for: the
 * policy (Elastic Load Balancing checks that it may write) and the encryption.
 */
import type { ITerraformDependable, TerraformStack } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import type { AccessLogBucketPlan } from '../../compiler/model';
import type { RefRegistry } from '../refs';
import { resolveDocument } from './text';

export function renderAccessLogBucket(
  stack: TerraformStack,
  plan: AccessLogBucketPlan,
  refs: RefRegistry,
): ITerraformDependable[] {
  const id = plan.address.name;
  const bucket = new S3Bucket(stack, id, {
    bucket: plan.bucketName,
    forceDestroy: plan.protections.forceDestroy,
  });
  refs.provide(plan.address, {
    arn: bucket.arn,
    bucket_regional_domain_name: bucket.bucketRegionalDomainName,
  });
  const ownership = new S3BucketOwnershipControls(stack, `${id}-ownership`, {
    bucket: bucket.id,
    rule: { objectOwnership: plan.protections.objectOwnership },
  });
  const blocked = plan.protections.blockPublicAccess;
  const publicAccess = new S3BucketPublicAccessBlock(stack, `${id}-public-access`, {
    bucket: bucket.id,
    blockPublicAcls: blocked,
    blockPublicPolicy: blocked,
    ignorePublicAcls: blocked,
    restrictPublicBuckets: blocked,
  });
  const encryption = new S3BucketServerSideEncryptionConfigurationA(stack, `${id}-encryption`, {
    bucket: bucket.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: plan.protections.sseAlgorithm } }],
  });
  // After the public access block: S3 checks a new policy against it.
  const policy = new S3BucketPolicy(stack, `${id}-policy`, {
    bucket: bucket.id,
    policy: resolveDocument(plan.policyJson, refs),
    dependsOn: [publicAccess, ownership],
  });
  new S3BucketLifecycleConfiguration(stack, `${id}-lifecycle`, {
    bucket: bucket.id,
    rule: [
      {
        id: 'expire-access-logs',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        expiration: [{ days: plan.expirationDays }],
      },
    ],
  });
  return [policy, encryption];
}
