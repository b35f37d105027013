/**
 * Files the public reads go through CloudFront: a public Space's bucket gets a distribution with origin
 * access control, a key of its own whose policy (like the bucket's) admits exactly that distribution, a
 * viewer certificate in us-east-1 (TLSv1.2_2021) validated in the zone; its CDN host name is cut over with
 * weighted CNAME records, refused at a zone apex. Also the lifecycle rules S3 would refuse.
 */
import { compile } from '../../compiler';
import { estimateCost } from '../../compiler/analyses/cost';
import { embed } from '../../compiler/refs';
import type { MigrationSpec } from '../../schema/spec';
import { cleanupSynth, synthSpec } from '../helpers/synth';
import { diagnosticsOf, revalidated } from '../helpers/validate';
import { storageSpec } from './fixture';

afterAll(cleanupSynth);

const assets = [
  { name: 'uploads', from: 'shop-uploads', access: [{ app: 'web', mode: 'read-write' }] },
  { name: 'assets', from: 'shop-assets', access: [{ app: 'web', mode: 'read' }] },
];

/** The storage spec with a public hostname for web, DNS records for the CDN name and a cutover at `phase`. */
function cdnSpec(phase?: number): Record<string, unknown> {
  const spec = storageSpec(assets) as unknown as MigrationSpec;
  spec.digitalocean.domains = [
    {
      name: 'example.com',
      dns: 'digitalocean',
      records: [
        { type: 'CNAME', name: 'cdn', data: 'shop-assets.ams3.cdn.digitaloceanspaces.com.', ttl: 300 },
      ],
    },
  ] as never;
  // move-first: the tasks use the bucket from phase 1 on, so the CDN name follows the phases (with
  // digitalocean-until-100 it stays on the Spaces CDN until dataMoved: spaces-in-use.test.ts).
  if (phase !== undefined)
    (spec as { cutover?: unknown }).cutover = {
      phases: [0, 10, 100],
      current: phase,
      dataMode: 'move-first',
    };
  return spec as unknown as Record<string, unknown>;
}

const errors = (input: Record<string, unknown>) =>
  diagnosticsOf(input)
    .filter((d) => d.severity === 'error')
    .map((d) => ({ code: d.code, path: d.path }));

describe('CloudFront for public files', () => {
  const plan = compile(revalidated(cdnSpec()));
  const [d] = plan.storage.distributions;
  const bucket = plan.storage.buckets.find((b) => b.name === 'assets')!;

  it('serves the public Space’s bucket through CloudFront with OAC and a us-east-1 certificate', () => {
    expect(plan.storage.distributions.map((x) => x.bucket)).toEqual(['assets']);
    expect(d.originAccessControl).toMatchObject({
      originType: 's3',
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
    });
    expect(d.aliases).toEqual(['cdn.example.com']);
    expect(d.certificate).toMatchObject({ providerRegion: 'us-east-1', domainName: 'cdn.example.com' });
    expect(d.certificate!.validations.map((v) => v.hostname)).toEqual(['cdn.example.com']);
    expect(d.viewer).toEqual({
      protocolPolicy: 'redirect-to-https',
      minimumProtocolVersion: 'TLSv1.2_2021',
      sslSupportMethod: 'sni-only',
    });
    // No CORS rules: nothing varies by origin, AWS's managed CachingOptimized and no preflight caching.
    expect(d.cachePolicy).toEqual({
      kind: 'managed',
      name: 'CachingOptimized',
      id: '658327ea-f89d-4fab-a63d-7e88639e58f6',
    });
    expect(d.cachedMethods).toEqual(['GET', 'HEAD']);
  });

  it('admits exactly this distribution in the key policy, and CloudFront of the account in the bucket’s one policy', () => {
    const condition = { StringEquals: { 'AWS:SourceArn': embed(d.arn) } };
    // The data stack's policy, from its first apply: TLS only, CloudFront of this account (no distribution
    // ARN there: the distribution's stack reads the data stack), and no object under another encryption.
    const bucketPolicy = JSON.parse(bucket.policyJson).Statement;
    expect(bucketPolicy[0]).toMatchObject({
      Effect: 'Deny',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    const account = embed({ to: plan.network.accountIdLocal!.address, attribute: 'value' });
    expect(bucketPolicy[1]).toEqual({
      Sid: 'AllowCloudFrontRead',
      Effect: 'Allow',
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::demo-staging-assets/*',
      Condition: {
        StringEquals: { 'AWS:SourceAccount': account },
        ArnLike: { 'AWS:SourceArn': `arn:aws:cloudfront::${account}:distribution/*` },
      },
    });
    expect(
      bucketPolicy.slice(2).map((x: { Effect: string; Action: string }) => [x.Effect, x.Action]),
    ).toEqual([
      ['Deny', 's3:PutObject'],
      ['Deny', 's3:PutObject'],
    ]);
    expect(
      bucketPolicy[3].Condition.StringNotEqualsIfExists['s3:x-amz-server-side-encryption-aws-kms-key-id'],
    ).toBe(embed(bucket.ownKey ? { to: bucket.ownKey.address, attribute: 'arn' } : plan.network.kms.arn));
    const keyPolicy = JSON.parse(d.keyPolicy.json).Statement;
    expect(keyPolicy[1]).toMatchObject({
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 'kms:Decrypt',
      Condition: condition,
    });
    // The bucket is encrypted with that key.
    expect(bucket.ownKey).toBeDefined();
    expect(bucket.kmsKeyArn).toEqual({ to: bucket.ownKey!.address, attribute: 'arn' });
    // The app reading it may use that key too (through S3).
    const key = plan.storage.apps.web.statements.find((s) => s.Sid === 'BucketKey')!;
    expect(key.Resource).toContain(embed(bucket.kmsKeyArn));
    expect(key.Resource).toContain(embed(plan.network.kms.arn));
  });

  it('renders the distribution in the ALB’s stack with the certificate through the us-east-1 provider', () => {
    const synth = synthSpec(revalidated(cdnSpec()));
    const apps = synth.stackJson(synth.stackByRole('apps').name) as unknown as {
      provider: { aws: { alias?: string; region: string }[] };
      resource: Record<string, Record<string, Record<string, unknown>>>;
      output: Record<string, unknown>;
    };
    expect(apps.provider.aws.map((p) => [p.alias, p.region])).toEqual([
      [undefined, 'eu-west-1'],
      ['us-east-1', 'us-east-1'],
    ]);
    const distribution = apps.resource.aws_cloudfront_distribution['cdn-assets'];
    expect(distribution.viewer_certificate).toMatchObject({
      minimum_protocol_version: 'TLSv1.2_2021',
      ssl_support_method: 'sni-only',
    });
    expect(apps.resource.aws_acm_certificate['cdn-assets-certificate'].provider).toBe('aws.us-east-1');
    expect(apps.resource.aws_acm_certificate_validation['cdn-assets-certificate-validation'].provider).toBe(
      'aws.us-east-1',
    );
    expect(Object.keys(apps.resource.aws_kms_key_policy)).toEqual(['bucket-assets-key-policy']);
    expect(Object.keys(apps.output)).toContain('cdn_assets_domain_name');
    // One bucket, one policy resource: the data stack's. The one an earlier dropship put here is forgotten,
    // not deleted (a removed block without destroy), so neither apply order leaves the bucket without one.
    expect(apps.resource.aws_s3_bucket_policy).toBeUndefined();
    expect((apps as unknown as { removed: unknown[] }).removed).toEqual([
      { from: 'aws_s3_bucket_policy.bucket-assets-policy', lifecycle: { destroy: false } },
    ]);
    const data = synth.stackJson(synth.stackByRole('data').name) as unknown as {
      resource: Record<string, Record<string, { bucket?: string }>>;
    };
    expect(Object.keys(data.resource.aws_s3_bucket_policy)).toContain('bucket-assets-policy');
  });
});

/** cdnSpec with CORS rules for two origins on the public Space, as a web font host has. */
function corsSpec(): Record<string, unknown> {
  const spec = structuredClone(cdnSpec()) as unknown as MigrationSpec;
  const space = spec.digitalocean.spaces.find((s) => s.name === 'shop-assets')!;
  space.cors = [
    {
      allowedOrigins: ['https://shop.example.com', 'https://admin.example.com'],
      allowedMethods: ['GET', 'HEAD'],
    },
  ] as never;
  return spec as unknown as Record<string, unknown>;
}

describe('CloudFront in front of a bucket with CORS rules', () => {
  it('keys its cache on the CORS request headers and caches preflights, in a policy of its own', () => {
    const plan = compile(revalidated(corsSpec()));
    const [d] = plan.storage.distributions;
    expect(d.cachePolicy).toEqual({
      kind: 'own',
      id: 'cdn-assets-cache',
      name: 'demo-staging-assets-cors',
      comment: expect.stringContaining('demo-staging-assets'),
      // CachingOptimized's TTLs and compression
      minTtl: 1,
      defaultTtl: 86_400,
      maxTtl: 31_536_000,
      headers: ['Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers'],
      cookies: 'none',
      queryStrings: 'none',
      gzip: true,
      brotli: true,
    });
    expect(d.allowedMethods).toEqual(['GET', 'HEAD', 'OPTIONS']);
    expect(d.cachedMethods).toEqual(['GET', 'HEAD', 'OPTIONS']);
    const decision = plan.storage.decisions.find((x) => x.subject === 'storage.buckets.assets.cdn')!;
    expect(decision.choice).toContain('cache policy demo-staging-assets-cors');
    expect(decision.rule).toContain('Vary: Origin');
  });

  it('renders the policy beside the distribution, which uses it and no origin request policy', () => {
    const synth = synthSpec(revalidated(corsSpec()));
    const apps = synth.stackJson(synth.stackByRole('apps').name) as unknown as {
      resource: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(apps.resource.aws_cloudfront_cache_policy['cdn-assets-cache']).toMatchObject({
      name: 'demo-staging-assets-cors',
      min_ttl: 1,
      default_ttl: 86_400,
      max_ttl: 31_536_000,
      parameters_in_cache_key_and_forwarded_to_origin: {
        headers_config: {
          header_behavior: 'whitelist',
          headers: { items: ['Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers'] },
        },
        cookies_config: { cookie_behavior: 'none' },
        query_strings_config: { query_string_behavior: 'none' },
        enable_accept_encoding_gzip: true,
        enable_accept_encoding_brotli: true,
      },
    });
    const behavior = apps.resource.aws_cloudfront_distribution['cdn-assets'].default_cache_behavior as Record<
      string,
      unknown
    >;
    expect(behavior.cache_policy_id).toBe('${aws_cloudfront_cache_policy.cdn-assets-cache.id}');
    expect(behavior.origin_request_policy_id).toBeUndefined();
    expect(behavior.cached_methods).toEqual(['GET', 'HEAD', 'OPTIONS']);
  });
});

describe('CloudFront in the cost estimate', () => {
  it('prices data out and requests as a range from the free tier up, from the price table', () => {
    const spec = revalidated(cdnSpec());
    const cloudfront = {
      name: 'x-apps',
      json: { resource: { aws_cloudfront_distribution: { 'cdn-assets': {} } } },
    };
    const lines = estimateCost(spec, [cloudfront]).aws.filter((l) => l.item.startsWith('CloudFront'));
    expect(lines.map((l) => [l.item, l.monthlyUsd, l.maxMonthlyUsd])).toEqual([
      ['CloudFront data out', 0, 87.04],
      ['CloudFront HTTPS requests', 0, 10],
    ]);
    expect(estimateCost(spec, []).aws.some((l) => l.item.startsWith('CloudFront'))).toBe(false);
  });
});

describe('the CDN host name in the cutover', () => {
  it('weights a CNAME to the Spaces CDN against a CNAME to CloudFront', () => {
    const plan = compile(revalidated(cdnSpec(10)));
    const cdn = plan.cutover!.records.filter((r) => r.name === 'cdn.example.com');
    const [d] = plan.storage.distributions;
    expect(cdn.map((r) => [r.type, r.setIdentifier, r.weight, r.records])).toEqual([
      ['CNAME', 'digitalocean-spaces-cdn', 90, ['shop-assets.ams3.cdn.digitaloceanspaces.com']],
      ['CNAME', 'aws', 10, [embed(d.domainName)]],
    ]);
    // The cutover reads the distribution's name from the ALB's stack's state, and the dns copy leaves the
    // simple CNAME out (a weighted record may not sit beside it).
    expect(plan.cutover!.albState!.outputs.map((o) => o.output)).toContain('cdn_assets_domain_name');
    const zone = plan.dns.zones.find((z) => z.domain === 'example.com')!;
    expect(zone.copiedRecords.some((r) => r.type === 'CNAME')).toBe(false);
    expect(zone.notCopied.map((n) => n.reason).join(' ')).toContain('weighted CNAME');
    // Phase 0: only the DigitalOcean side.
    const phase0 = compile(revalidated(cdnSpec(0))).cutover!.records.filter((r) => r.type === 'CNAME');
    expect(phase0.map((r) => [r.setIdentifier, r.weight])).toEqual([['digitalocean-spaces-cdn', 100]]);
  });

  it('renders the AWS side from the ALB stack’s output', () => {
    const synth = synthSpec(revalidated(cdnSpec(10)));
    const cutover = JSON.stringify(synth.stackJson(synth.stackByRole('cutover').name));
    expect(cutover).toContain('outputs.cdn_assets_domain_name');
  });
});

describe('CDN and lifecycle rules', () => {
  it('refuses a CDN host name at a zone apex, outside the domains, or shared with an app', () => {
    const apex = storageSpec(assets);
    apex.digitalocean.cdnEndpoints[0].customDomain = 'example.com';
    expect(errors(apex)).toEqual([{ code: 'cdn-apex', path: 'digitalocean.cdnEndpoints[0].customDomain' }]);
    const outside = storageSpec(assets);
    outside.digitalocean.cdnEndpoints[0].customDomain = 'cdn.example.net';
    expect(errors(outside)).toEqual([
      { code: 'cdn-domain', path: 'digitalocean.cdnEndpoints[0].customDomain' },
    ]);
  });

  it('warns of an expiring rule that leaves the expired objects as noncurrent versions', () => {
    const spec = storageSpec(assets) as unknown as MigrationSpec;
    spec.digitalocean.spaces[0].lifecycle = [
      { id: 'tmp', prefix: 'tmp/', expirationDays: 7 },
      { id: 'old', prefix: 'old/', expirationDays: 7, noncurrentVersionExpirationDays: 1 },
    ] as never;
    const warnings = diagnosticsOf(spec as unknown as Record<string, unknown>).filter(
      (d) => d.code === 'lifecycle-expiration-keeps-versions',
    );
    expect(warnings.map((w) => [w.severity, w.path])).toEqual([
      ['warning', 'digitalocean.spaces[0].lifecycle[0].expirationDays'],
    ]);
  });

  it('refuses lifecycle rules without an action or with a repeated id', () => {
    const spec = storageSpec(assets) as unknown as MigrationSpec;
    spec.digitalocean.spaces[0].lifecycle = [
      { id: 'rule-2', prefix: 'a/', expirationDays: 3 },
      { prefix: 'b/', expirationDays: 3 },
      { id: 'keep', prefix: 'c/' },
    ] as never;
    expect(errors(spec as unknown as Record<string, unknown>)).toEqual([
      { code: 'lifecycle-rule-id-duplicate', path: 'digitalocean.spaces[0].lifecycle[1]' },
      { code: 'lifecycle-rule-no-action', path: 'digitalocean.spaces[0].lifecycle[2]' },
    ]);
  });
});
