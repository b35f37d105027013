/**
 * Buckets pass offline `terraform validate` and `terraform plan` with the real provider schema: the data
 * stack of examples/spaces-app (beside its database: two buckets with their secure settings, CORS and lifecycle rules) and its
 * apps stack (the task role's bucket statements and the containers' bucket variables, the ALB's access-log
 * bucket: SSE-S3, the region's ELB account in its policy, the ALB's access_logs pointing at it, and the
 * CloudFront distribution of the public assets with its us-east-1 certificate and, the Space having CORS
 * rules, a cache policy keyed on the CORS request headers; the former bucket policy forgotten by a removed
 * block), and the cutover stack at 10 % in move-first (weighted CNAMEs).
 */
import { atCutoverPhase, cleanupSynth, loadExample, synthExample, synthSpec } from '../helpers/synth';
import { describeTerraform, planStack, type StackPlanResult } from '../helpers/terraform';
import { ALL_PUBLIC_ACCESS_BLOCKED } from '../storage/fixture';
import { revalidated } from '../helpers/validate';

afterAll(cleanupSynth);

describeTerraform('storage: terraform validate + plan', () => {
  let data: StackPlanResult;
  let apps: StackPlanResult;
  let cutover: StackPlanResult;
  let untilMoved: StackPlanResult;
  beforeAll(() => {
    const synth = synthExample('spaces-app');
    data = planStack(synth.outdir, synth.stackByRole('data').name);
    apps = planStack(synth.outdir, synth.stackByRole('apps').name);
    // move-first: the tasks use the buckets from phase 1, so the CDN name follows the weights (in the
    // example's digitalocean-until-100 it stays on the Spaces CDN until dataMoved: spaces-in-use.test.ts).
    const example = atCutoverPhase(loadExample('spaces-app'), 10);
    const moveFirst = revalidated({ ...example, cutover: { ...example.cutover!, dataMode: 'move-first' } });
    const at10 = synthSpec(moveFirst);
    cutover = planStack(at10.outdir, at10.stackByRole('cutover').name);
    const untilMoved10 = synthSpec(revalidated(example));
    untilMoved = planStack(untilMoved10.outdir, untilMoved10.stackByRole('cutover').name);
  });

  it('plans every bucket with its settings', () => {
    expect(data.validate.errorCount).toBe(0);
    const s3 = Object.fromEntries(
      Object.entries(data.createdByType).filter(([t]) => t.startsWith('aws_s3_')),
    );
    expect(s3).toEqual({
      aws_s3_bucket: 2,
      // the uploads' rules, and the public assets' (two origins: the CDN keys its cache on Origin)
      aws_s3_bucket_cors_configuration: 2,
      aws_s3_bucket_lifecycle_configuration: 1,
      aws_s3_bucket_ownership_controls: 2,
      // One each, the public assets' too: TLS only from this stack's first apply.
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
    // The public assets' policy names its own key and the account (known after apply): its statements are
    // checked in __tests__/storage/cdn.test.ts; the uploads' is known now.
    const known = after('aws_s3_bucket_policy').filter((p) => typeof p?.policy === 'string');
    expect(known.length).toBeGreaterThanOrEqual(1);
    for (const p of known)
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
      // the account's own prefix (the network stack's account id, faked), never AWSLogs/*: the regional ELB
      // account writes for every customer
      Resource: expect.stringMatching(/^arn:aws:s3:::gallery-production-alb-logs\/alb\/AWSLogs\/[^*/]+\/\*$/),
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

  it('plans CloudFront for the public assets, its certificate through the us-east-1 provider', () => {
    expect(data.createdByType.aws_kms_key).toBe(1);
    // The removed block for the former bucket policy plans (no such resource in a new state) and deletes nothing.
    expect(apps.validate.errorCount).toBe(0);
    expect(
      apps.resourceChanges.filter((c) => c.type === 'aws_s3_bucket_policy').map((c) => c.address),
    ).toEqual(['aws_s3_bucket_policy.alb_access-logs-policy']);
    const cloudfront = Object.fromEntries(
      Object.entries(apps.createdByType).filter(([t]) =>
        [
          'aws_cloudfront_cache_policy',
          'aws_cloudfront_distribution',
          'aws_cloudfront_origin_access_control',
          'aws_kms_key_policy',
          'aws_s3_bucket_policy',
        ].includes(t),
      ),
    );
    expect(cloudfront).toEqual({
      aws_cloudfront_cache_policy: 1,
      aws_cloudfront_distribution: 1,
      aws_cloudfront_origin_access_control: 1,
      aws_kms_key_policy: 1,
      // only the ALB access-log bucket's (the test above): the public assets' is the data stack's
      aws_s3_bucket_policy: 1,
    });
    const change = (address: string) => apps.resourceChanges.find((c) => c.address === address)!;
    expect(change('aws_cloudfront_distribution.cdn-assets').after).toMatchObject({
      aliases: ['cdn.gallery-example.org'],
      viewer_certificate: [{ minimum_protocol_version: 'TLSv1.2_2021', ssl_support_method: 'sni-only' }],
      default_cache_behavior: [
        {
          viewer_protocol_policy: 'redirect-to-https',
          cached_methods: ['GET', 'HEAD', 'OPTIONS'],
          origin_request_policy_id: null,
        },
      ],
    });
    // The assets' Space has CORS rules for two origins: the cache key holds the CORS request headers.
    expect(change('aws_cloudfront_cache_policy.cdn-assets-cache').after).toMatchObject({
      name: 'gallery-production-assets-cors',
      default_ttl: 86_400,
      parameters_in_cache_key_and_forwarded_to_origin: [
        {
          headers_config: [
            {
              header_behavior: 'whitelist',
              headers: [
                {
                  items: expect.arrayContaining([
                    'Origin',
                    'Access-Control-Request-Method',
                    'Access-Control-Request-Headers',
                  ]),
                },
              ],
            },
          ],
          cookies_config: [{ cookie_behavior: 'none' }],
          query_strings_config: [{ query_string_behavior: 'none' }],
        },
      ],
    });
    expect(change('aws_cloudfront_origin_access_control.cdn-assets-oac').after).toMatchObject({
      origin_access_control_origin_type: 's3',
      signing_behavior: 'always',
      signing_protocol: 'sigv4',
    });
  });

  it('plans the CDN host name as weighted CNAME records at 10 %', () => {
    expect(cutover.validate.errorCount).toBe(0);
    const cnames = cutover.resourceChanges
      .filter((c) => c.type === 'aws_route53_record' && c.after?.type === 'CNAME')
      .map((c) => [c.after?.set_identifier, c.after?.weighted_routing_policy]);
    expect(cnames).toEqual(
      expect.arrayContaining([
        ['aws', [{ weight: 10 }]],
        ['digitalocean-spaces-cdn', [{ weight: 90 }]],
      ]),
    );
  });

  it('plans the CloudFront CNAME at weight 0 beside the Spaces CDN until dataMoved', () => {
    expect(untilMoved.validate.errorCount).toBe(0);
    const cnames = untilMoved.resourceChanges
      .filter((c) => c.type === 'aws_route53_record' && c.after?.type === 'CNAME')
      .map((c) => [c.after?.set_identifier, c.after?.weighted_routing_policy]);
    expect(cnames).toEqual(
      expect.arrayContaining([
        ['aws', [{ weight: 0 }]],
        ['digitalocean-spaces-cdn', [{ weight: 100 }]],
      ]),
    );
  });
});
