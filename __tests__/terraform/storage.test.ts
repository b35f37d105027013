/**
 * Buckets pass offline `terraform validate` and `terraform plan` with the real provider schema: the data
 * stack of examples/spaces-app (beside its database: two buckets with their secure settings, CORS and lifecycle rules) and its
 * apps stack (the task role's bucket statements and the containers' bucket variables, and the ALB's access-log
 * bucket: SSE-S3, the region's ELB account in its policy, the ALB's access_logs pointing at it).
 */
import { cleanupSynth, synthExample } from '../helpers/synth';
import { describeTerraform, planStack, type StackPlanResult } from '../helpers/terraform';
import { ALL_PUBLIC_ACCESS_BLOCKED } from '../storage/fixture';

afterAll(cleanupSynth);

describeTerraform('storage: terraform validate + plan', () => {
  let data: StackPlanResult;
  let apps: StackPlanResult;
  beforeAll(() => {
    const synth = synthExample('spaces-app');
    data = planStack(synth.outdir, synth.stackByRole('data').name);
    apps = planStack(synth.outdir, synth.stackByRole('apps').name);
  });

  it('plans every bucket with its settings', () => {
    expect(data.validate.errorCount).toBe(0);
    const s3 = Object.fromEntries(
      Object.entries(data.createdByType).filter(([t]) => t.startsWith('aws_s3_')),
    );
    expect(s3).toEqual({
      aws_s3_bucket: 2,
      aws_s3_bucket_cors_configuration: 1,
      aws_s3_bucket_lifecycle_configuration: 1,
      aws_s3_bucket_ownership_controls: 2,
      aws_s3_bucket_policy: 2,
      aws_s3_bucket_public_access_block: 2,
      aws_s3_bucket_server_side_encryption_configuration: 2,
      aws_s3_bucket_versioning: 2,
    });
    const after = (type: string) => data.resourceChanges.filter((c) => c.type === type).map((c) => c.after);
    for (const block of after('aws_s3_bucket_public_access_block'))
      expect(block).toMatchObject(ALL_PUBLIC_ACCESS_BLOCKED);
    for (const sse of after('aws_s3_bucket_server_side_encryption_configuration'))
      expect(sse).toMatchObject({
        rule: [
          {
            bucket_key_enabled: true,
            apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms' }],
          },
        ],
      });
    for (const v of after('aws_s3_bucket_versioning'))
      expect(v).toMatchObject({ versioning_configuration: [{ status: 'Enabled' }] });
    for (const p of after('aws_s3_bucket_policy'))
      expect(JSON.parse(String(p?.policy)).Statement[0].Condition).toEqual({
        Bool: { 'aws:SecureTransport': 'false' },
      });
  });

  it('plans the ALB access-log bucket beside the ALB, with the region’s log writer', () => {
    expect(apps.validate.errorCount).toBe(0);
    const after = (address: string) => apps.resourceChanges.find((c) => c.address === address)?.after;
    expect(after('aws_lb.alb')?.access_logs).toEqual([
      { bucket: 'gallery-production-alb-logs', enabled: true, prefix: 'alb' },
    ]);
    const policy = JSON.parse(String(after('aws_s3_bucket_policy.alb_access-logs-policy')?.policy)) as {
      Statement: { Principal: unknown; Resource: unknown }[];
    };
    // eu-central-1 opened before August 2022: its Elastic Load Balancing account writes the logs.
    expect(policy.Statement[0]).toMatchObject({
      Principal: { AWS: 'arn:aws:iam::054676820928:root' },
      Resource: 'arn:aws:s3:::gallery-production-alb-logs/alb/AWSLogs/*/*',
    });
    expect(
      after('aws_s3_bucket_server_side_encryption_configuration.alb_access-logs-encryption')?.rule,
    ).toEqual([
      expect.objectContaining({
        apply_server_side_encryption_by_default: [expect.objectContaining({ sse_algorithm: 'AES256' })],
      }),
    ]);
    expect(after('aws_s3_bucket_lifecycle_configuration.alb_access-logs-lifecycle')?.rule).toEqual([
      expect.objectContaining({ expiration: [expect.objectContaining({ days: 180 })] }),
    ]);
  });

  it('plans the app with its bucket grants', () => {
    expect(apps.validate.errorCount).toBe(0);
    const policy = apps.resourceChanges.find((c) => c.address.endsWith('web-task-policy'))!;
    const statements = JSON.parse(String(policy.after?.policy)).Statement as {
      Sid: string;
      Resource: unknown;
    }[];
    expect(statements.map((s) => s.Sid)).toEqual([
      'ListBuckets',
      'ReadObjects',
      'ListMultipartUploads',
      'WriteObjects',
      'BucketKey',
    ]);
    // Writes only to the read-write bucket.
    expect(statements.find((s) => s.Sid === 'WriteObjects')!.Resource).toEqual([
      'arn:aws:s3:::gallery-production-uploads/*',
    ]);
  });
});
