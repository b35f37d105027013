/**
 * The storage part of the plan model: S3 buckets (from DigitalOcean Spaces or new) with their secure
 * settings, and what each app that uses them receives: task-role statements and container variables.
 */
import type { PolicyStatement } from './iam';
import type { Decision, ManualStep } from './record';
import type { Address, Ref, Value } from './refs';
import type { SecretPlan } from './data';
import type { SecretValueFrom } from './wiring';

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
  /**
   * The key of its SSE-KMS encryption (with an S3 bucket key: fewer KMS requests): the environment key, or
   * for a bucket CloudFront serves, a key of its own (`ownKey`) whose policy admits that distribution.
   */
  kmsKeyArn: Value;
  /**
   * A bucket CloudFront serves: its own key, created in the data stack without a policy of its own (AWS's
   * default: IAM policies of the account decide); the distribution's stack sets its policy with
   * `aws_kms_key_policy`, since the grant names the distribution, which exists only there.
   */
  ownKey?: {
    address: Address<'aws_kms_key'>;
    description: string;
    enableKeyRotation: true;
    deletionWindowDays: number;
  };
  /** Settings no spec field turns off. */
  protections: {
    blockPublicAccess: true;
    versioning: 'Enabled';
    objectOwnership: 'BucketOwnerEnforced';
    sseAlgorithm: 'aws:kms';
    bucketKeyEnabled: true;
    forceDestroy: false;
  };
  /**
   * The bucket policy, its only one: requests without TLS are denied; a bucket CloudFront serves also admits
   * CloudFront reads for this account's distributions (the bucket key's policy names the distribution) and
   * refuses objects under any other encryption than its own key.
   */
  policyJson: string;
  cors: BucketCorsRulePlan[];
  lifecycle: BucketLifecycleRulePlan[];
  /** The public reads its files today (a CDN, public-read): CloudFront serves them (`distributions`). */
  publicToday: boolean;
}

/**
 * A CloudFront distribution in front of a bucket the public reads, in the ALB's stack (apps or platform,
 * which already waits for certificate validation through the zone): origin access control (sigv4, always
 * signed), a viewer certificate in us-east-1 when it answers a custom host name, and the bucket's policy and
 * its key's policy, both admitting only `cloudfront.amazonaws.com` acting for this distribution.
 */
export interface DistributionPlan {
  /** The bucket's name in the spec. */
  bucket: string;
  address: Address<'aws_cloudfront_distribution'>;
  arn: Ref<'aws_cloudfront_distribution'>;
  domainName: Ref<'aws_cloudfront_distribution'>;
  /** The output of the distribution's stack that always carries its domain name (the cutover reads it). */
  domainNameOutput: string;
  comment: string;
  originAccessControl: {
    id: string;
    name: string;
    originType: 's3';
    signingBehavior: 'always';
    signingProtocol: 'sigv4';
  };
  origin: { id: string; domainName: Ref<'aws_s3_bucket'> };
  /** Custom host names (`aliases`); empty: the distribution answers only its cloudfront.net name. */
  aliases: string[];
  /** The viewer certificate, in us-east-1 (CloudFront takes none from another region). */
  certificate?: {
    id: string;
    validationId: string;
    domainName: string;
    subjectAlternativeNames: string[];
    createBeforeDestroy: true;
    /** The us-east-1 provider's alias in the stack. */
    providerAlias: 'us-east-1';
    providerRegion: 'us-east-1';
    validations: { hostname: string; zoneId: Value; id: string }[];
    validationTtl: number;
    /** A validation record may already exist from an earlier certificate for the same name: take it over. */
    validationAllowOverwrite: true;
  };
  viewer: {
    protocolPolicy: 'redirect-to-https';
    /** With a custom certificate; the cloudfront.net certificate allows no minimum. */
    minimumProtocolVersion: 'TLSv1.2_2021';
    sslSupportMethod: 'sni-only';
  };
  /** What the cache key holds and how long CloudFront keeps a response (`DistributionCachePolicy`). */
  cachePolicy: DistributionCachePolicy;
  allowedMethods: ['GET', 'HEAD', 'OPTIONS'];
  /** OPTIONS too when the bucket has CORS rules: its preflight answers are cached per CORS request header. */
  cachedMethods: ['GET', 'HEAD'] | ['GET', 'HEAD', 'OPTIONS'];
  priceClass: 'PriceClass_All';
  /** Served to every country, as the Spaces CDN does. */
  geoRestriction: 'none';
  httpVersion: 'http2and3';
  ipv6: true;
  /**
   * The bucket policy an earlier dropship rendered in this stack (`aws_s3_bucket_policy.<id>`): the data
   * stack owns the bucket's one policy now, so this one leaves the state without being deleted (a `removed`
   * block, destroy = false), whichever stack applies first.
   */
  formerBucketPolicy: { id: string; address: string };
  /** The bucket key's policy: the account's IAM policies decide, and kms:Decrypt for this distribution. */
  keyPolicy: { id: string; keyId: Value; json: string };
}

/**
 * The distribution's cache policy. Without CORS rules AWS's managed CachingOptimized, by id (AWS CloudFront
 * Developer Guide, "Use managed cache policies"). With them a policy of the distribution's own: the same TTLs
 * and compression, and the CORS request headers in the cache key (CloudFront caches one response per cache key
 * and ignores `Vary: Origin`, so a key without `Origin` serves one origin's `Access-Control-Allow-Origin`, or
 * none, to every origin). Headers in a cache policy's key also go to the origin, so no origin request policy.
 */
export type DistributionCachePolicy =
  | { kind: 'managed'; name: 'CachingOptimized'; id: string }
  | {
      kind: 'own';
      /** Construct id of `aws_cloudfront_cache_policy`, in the distribution's stack. */
      id: string;
      /** Unique in the account: from the bucket's (globally unique) name. */
      name: string;
      comment: string;
      minTtl: number;
      defaultTtl: number;
      maxTtl: number;
      headers: ['Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers'];
      cookies: 'none';
      queryStrings: 'none';
      gzip: true;
      brotli: true;
    };

/** A CDN host name the cutover weights: a CNAME to the Spaces CDN against a CNAME to CloudFront. */
export interface CdnHostnamePlan {
  hostname: string;
  domain: string;
  /** The bucket whose distribution answers it on AWS. */
  bucket: string;
  /** What the name is a CNAME to today (the Spaces CDN endpoint), without the final dot. */
  digitalocean: string;
  /** The distribution's domain name. */
  aws: Ref<'aws_cloudfront_distribution'>;
  awsOutput: string;
}

/** What one app receives for the buckets it uses. */
export interface AppStoragePlan {
  /** Statements added to the app's task role (exactly its buckets and actions). */
  statements: PolicyStatement[];
  /** Variables every container that receives the app's stores gets, sorted by name. */
  environment: { name: string; value: string }[];
  /** The Spaces keys while the tasks use a Space (by ARN, from Secrets Manager), sorted by name. */
  secrets: { name: string; valueFrom: SecretValueFrom }[];
  /** The secrets the execution role reads for them, and their keys. */
  secretArns: Value[];
  kmsKeyArns: Value[];
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
  distributions: DistributionPlan[];
  /** The CDN host names of the distributions, for the cutover. */
  cdnHostnames: CdnHostnamePlan[];
  /**
   * The Spaces keys secrets (data stack) of the Spaces the tasks use until cutover.dataMoved
   * (compiler/storage/spaces-in-use.ts).
   */
  secrets: SecretPlan[];
  /** By app name; an app that uses no bucket is absent. */
  apps: Record<string, AppStoragePlan>;
  decisions: Decision[];
  manualSteps: ManualStep[];
}
