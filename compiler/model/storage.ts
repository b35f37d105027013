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

/** One entry (app, volume) of a shared file system: its access point and its NFS path. */
export interface SharedEfsUserPlan {
  app: string;
  volume: string;
  appSecurityGroup: Value;
  /** NFS from the app's group (key `from`) to the file system's group, as `EfsPlan.nfs`. */
  nfs: { from: string; port: number; ingressDescription: string; egressDescription: string; reason: string };
  accessPoint: { path: string; uid: number; gid: number; permissions: string };
  /** `aws_efs_access_point.efs-<source>-<app>-<volume>` in the data stack. */
  accessPointAddress: Address<'aws_efs_access_point'>;
  /** Terraform output of the access point id. */
  accessPointOutput: string;
}

/**
 * One EFS file system for a DigitalOcean volume that several `apps[].volumes[]` entries take over, in the data
 * stack (every app's stack can read it), with one access point per entry on one root directory: a file
 * written through one entry is there for every other. Settings as `EfsPlan`.
 */
export interface SharedEfsPlan {
  /** The DigitalOcean volume. */
  source: string;
  name: string;
  creationToken: string;
  encrypted: true;
  kmsKeyArn: Value;
  performanceMode: 'generalPurpose';
  throughputMode: 'elastic';
  vpcId: Value;
  subnets: Value[];
  securityGroup: { key: string; name: string; description: string };
  users: SharedEfsUserPlan[];
  /** Deny-only file system policy (compiler/apps/iam.ts sharedEfsFileSystemPolicy). */
  policyJson: string;
  backup: boolean;
  preventDestroy: boolean;
  fileSystemOutput: string;
  /** `aws_efs_file_system.efs-<source>` in the data stack. */
  fileSystemAddress: Address<'aws_efs_file_system'>;
}

export interface StoragePlan {
  buckets: BucketPlan[];
  /** DigitalOcean volumes shared by several app volume entries: one file system each. */
  fileSystems: SharedEfsPlan[];
  /** By app name; an app that uses no bucket is absent. */
  apps: Record<string, AppStoragePlan>;
  decisions: Decision[];
  manualSteps: ManualStep[];
}
