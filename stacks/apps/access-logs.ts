/**
 * The ALB's access-log bucket (plan.apps.alb.accessLogs.createdBucket), in the ALB's stack: the bucket and its
 * settings as separate resources, every value copied from the plan. Returns what the ALB must wait for: the
 * policy (Elastic Load Balancing checks that it may write) and the encryption.
 */
import type { ITerraformDependable, TerraformStack } from 'cdktf';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import type { AccessLogBucketPlan } from '../../compiler/model';
import type { RefRegistry } from '../refs';
import { renderPrivateBucket } from '../private-bucket';

export function renderAccessLogBucket(
  stack: TerraformStack,
  plan: AccessLogBucketPlan,
  refs: RefRegistry,
): ITerraformDependable[] {
  const { id, bucket, renderPolicy } = renderPrivateBucket(stack, plan, refs);
  const encryption = new S3BucketServerSideEncryptionConfigurationA(stack, `${id}-encryption`, {
    bucket: bucket.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: plan.protections.sseAlgorithm } }],
  });
  const policy = renderPolicy();
  new S3BucketLifecycleConfiguration(stack, `${id}-lifecycle`, {
    bucket: bucket.id,
    rule: [
      {
        id: plan.expiration.ruleId,
        status: 'Enabled',
        filter: [{ prefix: '' }],
        expiration: [{ days: plan.expiration.days }],
      },
    ],
  });
  return policy ? [policy, encryption] : [encryption];
}
