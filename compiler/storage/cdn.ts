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
import type {
  BucketPlan,
  CdnHostnamePlan,
  DistributionCachePolicy,
  DistributionPlan,
} from '../model/storage';
import { policyJson } from '../aws/iam';
import { PARTITION } from '../aws/partition';
import { zoneFor } from '../plan-lookups';
import { address, embed, ref } from '../refs';
import { albStackName } from '../stack-names';

/**
 * AWS's managed cache policy CachingOptimized (CloudFront Developer Guide, "Use managed cache policies"):
 * caches by path (TTL 1 s – 1 year, default 1 day, the origin's Cache-Control decides within them) with gzip
 * and Brotli, nothing else in the cache key.
 */
export const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const CACHING_OPTIMIZED_TTL = { minTtl: 1, defaultTtl: 86_400, maxTtl: 31_536_000 };

/**
 * The request headers S3 answers CORS from (S3 User Guide, "CORS configuration"; CloudFront Developer Guide,
 * "Configure CloudFront to respect CORS settings"): in the cache key, each origin and each preflight gets its
 * own cached answer.
 */
export const CORS_REQUEST_HEADERS = [
  'Origin',
  'Access-Control-Request-Method',
  'Access-Control-Request-Headers',
] as const;

/**
 * The cache policy for a bucket. No managed cache policy keys on the CORS request headers (the one with
 * `Origin`, UseOriginCacheControlHeaders, also keys on `Host`, which an S3 origin must not receive, and on
 * every cookie, and caches nothing without Cache-Control), so a bucket with CORS rules gets CachingOptimized's
 * settings with those headers added.
 */
function cachePolicyFor(bucket: BucketPlan, id: string): DistributionCachePolicy {
  if (bucket.cors.length === 0) return { kind: 'managed', name: 'CachingOptimized', id: CACHING_OPTIMIZED };
  return {
    kind: 'own',
    id: `${id}-cache`,
    // Letters, digits and `-` (awsName): a policy name's characters; unique, as the bucket's name is.
    name: `${bucket.bucketName}-cors`,
    comment: `dropship: CachingOptimized keyed on the CORS request headers, for ${bucket.bucketName}`,
    ...CACHING_OPTIMIZED_TTL,
    headers: [...CORS_REQUEST_HEADERS],
    cookies: 'none',
    queryStrings: 'none',
    gzip: true,
    brotli: true,
  };
}

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
  const cachePolicy = cachePolicyFor(bucket, id);
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
      `origin access control (sigv4), ${cachePolicy.kind === 'own' ? `cache policy ${cachePolicy.name} (CachingOptimized’s TTLs and compression, ${CORS_REQUEST_HEADERS.join(', ')} in the cache key; OPTIONS cached)` : 'managed cache policy CachingOptimized'}, HTTP redirected to HTTPS; ` +
      `the bucket key ${bucket.ownKey.address.name} admits this distribution only; the bucket's one policy is the data stack's (TLS only from its first apply, CloudFront reads for this account, any other encryption refused)`,
    rule:
      'the public reads these files today; S3 blocks public access and anonymous reads of SSE-KMS objects always fail, so CloudFront reads the bucket with OAC and decrypts with a key of the bucket’s own, whose policy names the distribution (docs/storage.md). ' +
      'The bucket policy cannot name the distribution (its stack reads the data stack), so the key policy narrows the read to it; a bucket policy an earlier dropship put in the distribution’s stack leaves that state through a removed block (destroy = false), so neither apply order deletes the data stack’s. ' +
      'Listing the bucket is not carried over (a public-read Space lists to anyone); the Spaces CDN TTL is replaced by the cache policy, which honours the objects’ Cache-Control' +
      (cors
        ? '. The bucket has CORS rules: CloudFront caches one response per cache key and does not vary on `Vary: Origin`, so with CachingOptimized the first response cached (another origin’s Access-Control-Allow-Origin, or none) would be served to every origin; no managed cache policy keys on the CORS request headers alone, so the distribution has its own, and preflight (OPTIONS) answers are cached per origin and requested method and headers'
        : '') +
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
    cachePolicy,
    allowedMethods: ['GET', 'HEAD', 'OPTIONS'],
    cachedMethods: cors ? ['GET', 'HEAD', 'OPTIONS'] : ['GET', 'HEAD'],
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
