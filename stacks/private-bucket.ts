/**
 * What every bucket dropship creates has in common, rendered from its plan: the bucket, ACLs disabled
 * (ownership controls), public access blocked, and its policy, applied after both (S3 checks a new policy
 * against the public access block). The callers add encryption, versioning and lifecycle as their plans say.
 */
import type { TerraformStack } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import type { Address } from '../compiler/model';
import type { RefRegistry } from './refs';
import { resolveDocument } from './apps/text';

export interface PrivateBucketPlan {
  address: Address<'aws_s3_bucket'>;
  bucketName: string;
  protections: {
    blockPublicAccess: true;
    objectOwnership: 'BucketOwnerEnforced';
    forceDestroy: false;
  };
  /** Absent: the bucket gets no policy here. */
  policyJson?: string;
}

/** The bucket and its access settings; `renderPolicy` writes the policy once the caller's settings exist. */
export function renderPrivateBucket(stack: TerraformStack, plan: PrivateBucketPlan, refs: RefRegistry) {
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
  const renderPolicy = (): S3BucketPolicy | undefined =>
    // After the public access block: S3 checks a new policy against it.
    plan.policyJson === undefined
      ? undefined
      : new S3BucketPolicy(stack, `${id}-policy`, {
          bucket: bucket.id,
          policy: resolveDocument(plan.policyJson, refs),
          dependsOn: [publicAccess, ownership],
        });
  return { id, bucket, renderPolicy };
}
