/**
 * The storage part of the plan model: S3 buckets (from DigitalOcean Spaces or new) with their secure
 * settings, and what each app that uses them receives: task-role statements and container variables.
 */
import type { PolicyStatement } from './iam';
import type { Decision, ManualStep } from './record';
import type { Address, Ref, Value } from './refs';

export interface BucketCorsRulePlan {
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds?: number;
}

export interface BucketLifecycleRulePlan {
  id: string;
  enabled: boolean;
  prefix: string;
  expirationDays?: number;
  noncurrentVersionExpirationDays?: number;
  abortIncompleteMultipartUploadDays?: number;
}

export interface BucketPlan {
  /** The name in the spec (`uploads`). */
  name: string;
  /** The S3 bucket name, `<project>-<environment>-<name>` within 63 characters. */
  bucketName: string;
  /** The Space it takes over, with its region. */
  from?: { space: string; region: string };
  /** The bucket and its settings are rendered under `<address.name>`, `<address.name>-versioning`, ... */
  address: Address<'aws_s3_bucket'>;
  arn: Ref<'aws_s3_bucket'>;
  /** The environment key: SSE-KMS with an S3 bucket key (fewer KMS requests). */
  kmsKeyArn: Value;
  /** Settings no spec field turns off. */
  protections: {
    blockPublicAccess: true;
    versioning: 'Enabled';
    objectOwnership: 'BucketOwnerEnforced';
    sseAlgorithm: 'aws:kms';
    bucketKeyEnabled: true;
    forceDestroy: false;
  };
  /** The bucket policy: requests without TLS are denied. */
  policyJson: string;
  cors: BucketCorsRulePlan[];
  lifecycle: BucketLifecycleRulePlan[];
  /** The public reads its files today (a CDN, public-read); private on S3 until a CDN is planned for it. */
  publicToday: boolean;
}

/** What one app receives for the buckets it uses. */
export interface AppStoragePlan {
  /** Statements added to the app's task role (exactly its buckets and actions). */
  statements: PolicyStatement[];
  /** Variables every container that receives the app's stores gets, sorted by name. */
  environment: { name: string; value: string }[];
}

export interface StoragePlan {
  buckets: BucketPlan[];
  /** By app name; an app that uses no bucket is absent. */
  apps: Record<string, AppStoragePlan>;
  decisions: Decision[];
  manualSteps: ManualStep[];
}
