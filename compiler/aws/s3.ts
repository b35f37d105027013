/** S3's grammar shared by every bucket dropship creates: its ARN, and the statement that makes it TLS only. */
import type { PolicyStatement } from '../model';
import { PARTITION } from './partition';

/** `arn:aws:s3:::<bucket>`: a bucket's ARN holds only its name, known at compile time. */
export const bucketArn = (bucketName: string): string => `arn:${PARTITION}:s3:::${bucketName}`;

/**
 * Deny every request to the bucket and its objects made without TLS (`aws:SecureTransport` false): S3
 * security best practices (https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html).
 */
export function denyInsecureTransport(bucketName: string): PolicyStatement {
  const arn = bucketArn(bucketName);
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: 's3:*',
    Resource: [arn, `${arn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/**
 * CloudFront's read of a bucket it serves, in the bucket's own policy (data stack): the service acting for a
 * distribution of this account. The distribution's ARN exists only in the ALB's stack, which reads the data
 * stack, so the bucket policy cannot name it without a cycle; the bucket key's policy (that stack) names it,
 * and anonymous or foreign reads of SSE-KMS objects fail without kms:Decrypt. A fixed service principal and a
 * fixed aws:SourceAccount keep the policy non-public for Block Public Access.
 */
export function allowCloudFrontRead(bucketName: string, account: string): PolicyStatement {
  return {
    Sid: 'AllowCloudFrontRead',
    Effect: 'Allow',
    Principal: { Service: 'cloudfront.amazonaws.com' },
    Action: 's3:GetObject',
    Resource: `${bucketArn(bucketName)}/*`,
    Condition: {
      StringEquals: { 'AWS:SourceAccount': account },
      ArnLike: { 'AWS:SourceArn': `arn:${PARTITION}:cloudfront::${account}:distribution/*` },
    },
  };
}

/**
 * Every object of a bucket CloudFront serves stays behind its own key, whose policy admits only that
 * distribution: a PUT naming another encryption (SSE-S3, or another KMS key) is refused; without the
 * headers the bucket's default (its own key) applies.
 */
export function denyOtherEncryption(bucketName: string, keyArn: string): PolicyStatement[] {
  const objects = `${bucketArn(bucketName)}/*`;
  return [
    {
      Sid: 'DenyOtherEncryption',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:PutObject',
      Resource: objects,
      Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
    },
    {
      Sid: 'DenyOtherKey',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:PutObject',
      Resource: objects,
      Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption-aws-kms-key-id': keyArn } },
    },
  ];
}
