/**
 * CloudFront in front of the buckets the public reads today (a Space behind its Spaces CDN, a public-read
 * Space or public-read files): S3 serves nothing anonymously (public access blocked), and anonymous reads of
 * SSE-KMS objects always fail, so CloudFront reads the bucket with origin access control and decrypts with a
 * key whose policy admits exactly this distribution (AWS "Restricting access to an Amazon S3 origin").
 * The distribution lives in the ALB's stack: it applies after the data stack (the bucket and its key) and
 * after the nameserver switch its certificate validation waits for, like the ALB's certificate.
 */
import { cdnEndpointsOf } from '../../schema/inventory/buckets';
import { absoluteHost, domainOf, recordFqdn } from '../../schema/inventory/records';
import type { MigrationSpec } from '../../schema/spec';
import type { CompileContext } from '../context';
import type { DnsPlan } from '../model/dns';
import type { NetworkPlan } from '../model/network';
import type { Decision } from '../model/record';
import type { BucketPlan, CdnHostnamePlan, DistributionPlan } from '../model/storage';
import { policyJson } from '../aws/iam';
import { PARTITION } from '../aws/partition';
import { zoneFor } from '../plan-lookups';
import { address, embed, ref } from '../refs';
import { albStackName } from '../stack-names';

/**
 * Managed policies (AWS CloudFront Developer Guide, "Use managed cache policies" and "Use managed origin
 * request policies"): CachingOptimized caches by path (TTL 1 s – 1 year, default 1 day, the origin's
 * Cache-Control decides within them) with gzip and Brotli; CORS-S3Origin forwards the CORS request headers.
 */
export const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
export const CORS_S3_ORIGIN = '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf';

/** The account id in a key policy: the spec's, else the network stack's `local.account_id`. */
export function accountOf(spec: MigrationSpec, network: NetworkPlan): string {
  if (spec.aws.accountId) return spec.aws.accountId;
  return embed(ref(network.accountIdLocal!.address, 'value'));
}

/** The custom host names CloudFront answers for a bucket: its Space's CDN endpoints', sorted. */
function customDomains(spec: MigrationSpec, bucket: BucketPlan): string[] {
  if (!bucket.from) return [];
  const names = cdnEndpointsOf(spec, bucket.from.space).flatMap((e) =>
    e.customDomain === undefined ? [] : [e.customDomain],
  );
  return [...new Set(names)].sort();
}

const slug = (hostname: string) => hostname.replace(/[^a-z0-9-]+/g, '-');

export function distributionPlan(
  ctx: CompileContext,
  deps: { network: NetworkPlan; dns: DnsPlan },
  bucket: BucketPlan & { ownKey: NonNullable<BucketPlan['ownKey']> },
  decisions: Decision[],
): DistributionPlan {
  const { spec } = ctx;
  const stack = albStackName(ctx.prefix, ctx.layout);
  const id = `cdn-${bucket.name}`;
  const at = address(stack, 'aws_cloudfront_distribution', id);
  const arn = ref(at, 'arn');
  const aliases = customDomains(spec, bucket);
  const cors = bucket.cors.length > 0;
  const account = accountOf(spec, deps.network);
  const fromDistribution = { StringEquals: { 'AWS:SourceArn': embed(arn) } };
  const certificate =
    aliases.length === 0
      ? undefined
      : {
          id: `${id}-certificate`,
          validationId: `${id}-certificate-validation`,
          domainName: aliases[0],
          subjectAlternativeNames: aliases.slice(1),
          createBeforeDestroy: true as const,
          providerAlias: 'us-east-1' as const,
          providerRegion: 'us-east-1' as const,
          // The rules (cdn-domain) keep every custom domain in a zone dropship owns.
          validations: aliases.map((hostname) => ({
            hostname,
            zoneId: zoneFor(deps.dns, hostname)!.zoneId,
            id: `${id}-certificate-validation-${slug(hostname)}`,
          })),
          validationTtl: 60,
          validationAllowOverwrite: true as const,
        };
  decisions.push({
    subject: `storage.buckets.${bucket.name}.cdn`,
    choice:
      `CloudFront ${aliases.length > 0 ? `for ${aliases.join(', ')} (certificate in us-east-1, TLSv1.2_2021)` : 'on its cloudfront.net name'}: ` +
      `origin access control (sigv4), managed cache policy CachingOptimized${cors ? ' and origin request policy CORS-S3Origin' : ''}, HTTP redirected to HTTPS; ` +
      `the bucket key ${bucket.ownKey.address.name} admits this distribution only; the bucket's one policy is the data stack's (TLS only from its first apply, CloudFront reads for this account, any other encryption refused)`,
    rule:
      'the public reads these files today; S3 blocks public access and anonymous reads of SSE-KMS objects always fail, so CloudFront reads the bucket with OAC and decrypts with a key of the bucket’s own, whose policy names the distribution (docs/storage.md). ' +
      'The bucket policy cannot name the distribution (its stack reads the data stack), so the key policy narrows the read to it; a bucket policy an earlier dropship put in the distribution’s stack leaves that state through a removed block (destroy = false), so neither apply order deletes the data stack’s. ' +
      'Listing the bucket is not carried over (a public-read Space lists to anyone); the Spaces CDN TTL is replaced by the cache policy, which honours the objects’ Cache-Control' +
      (aliases.length === 0
        ? '. No custom host name: links to the Space’s own URLs must change to the distribution’s name'
        : ''),
  });
  return {
    bucket: bucket.name,
    address: at,
    arn,
    domainName: ref(at, 'domain_name'),
    domainNameOutput: `cdn_${bucket.name.replace(/-/g, '_')}_domain_name`,
    comment: `dropship ${ctx.prefix}: ${bucket.bucketName}`,
    originAccessControl: {
      id: `${id}-oac`,
      name: bucket.bucketName,
      originType: 's3',
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
    },
    origin: { id: 's3', domainName: ref(bucket.address, 'bucket_regional_domain_name') },
    aliases,
    ...(certificate ? { certificate } : {}),
    viewer: {
      protocolPolicy: 'redirect-to-https',
      minimumProtocolVersion: 'TLSv1.2_2021',
      sslSupportMethod: 'sni-only',
    },
    cachePolicyId: CACHING_OPTIMIZED,
    ...(cors ? { originRequestPolicyId: CORS_S3_ORIGIN } : {}),
    allowedMethods: ['GET', 'HEAD', 'OPTIONS'],
    cachedMethods: ['GET', 'HEAD'],
    priceClass: 'PriceClass_All',
    geoRestriction: 'none',
    httpVersion: 'http2and3',
    ipv6: true,
    formerBucketPolicy: {
      id: `${bucket.address.name}-policy-removed`,
      address: `aws_s3_bucket_policy.${bucket.address.name}-policy`,
    },
    keyPolicy: {
      id: `${bucket.ownKey.address.name}-policy`,
      keyId: ref(bucket.ownKey.address, 'key_id'),
      json: policyJson([
        {
          // AWS's default key policy statement: IAM policies of the account decide (the apps' task roles).
          Sid: 'EnableIamPolicies',
          Effect: 'Allow',
          Principal: { AWS: `arn:${PARTITION}:iam::${account}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          Sid: 'AllowCloudFrontDecrypt',
          Effect: 'Allow',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: fromDistribution,
        },
      ]),
    },
  };
}

/**
 * The CDN host names the cutover weights: each custom domain of a distribution, against what the name is
 * a CNAME to today (its inventory record, else the Spaces CDN endpoint's name).
 */
export function cdnHostnames(
  spec: MigrationSpec,
  distributions: DistributionPlan[],
  buckets: BucketPlan[],
): CdnHostnamePlan[] {
  return distributions.flatMap((d) => {
    const bucket = buckets.find((b) => b.name === d.bucket)!;
    const from = bucket.from!;
    return d.aliases.map((hostname) => ({
      hostname,
      domain: domainOf(spec.digitalocean.domains, hostname)!,
      bucket: d.bucket,
      digitalocean: cnameToday(spec, hostname) ?? `${from.space}.${from.region}.cdn.digitaloceanspaces.com`,
      aws: d.domainName,
      awsOutput: d.domainNameOutput,
    }));
  });
}

function cnameToday(spec: MigrationSpec, hostname: string): string | undefined {
  for (const domain of spec.digitalocean.domains)
    for (const r of domain.records)
      if (r.type === 'CNAME' && recordFqdn(domain.name, r.name) === hostname)
        return absoluteHost(domain.name, r.data).replace(/\.$/, '');
  return undefined;
}
