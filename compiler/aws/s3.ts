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
