/**
 * CloudFront in front of the buckets the public reads (plan.storage.distributions), in the ALB's stack:
 * origin access control, the viewer certificate in us-east-1 (through a second AWS provider with that
 * alias) validated in the Route 53 zone, the distribution, and the bucket's and key's policies that admit
 * exactly this distribution. The domain name is always exported under a fixed output name: the cutover
 * stack reads it from this stack's state once a phase sends the CDN host name to AWS.
 */
import { TerraformOutput, type TerraformStack } from 'cdktf';
import { CloudfrontCachePolicy } from '@cdktf/provider-aws/lib/cloudfront-cache-policy';
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { KmsKeyPolicy } from '@cdktf/provider-aws/lib/kms-key-policy';
import { RemovedBlock } from './removed-block';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { DistributionPlan } from '../compiler/model';
import type { StackContext } from './context';
import type { RefRegistry } from './refs';
import { addAwsProvider } from './provider';
import { resolveDocument } from './apps/text';
import { renderDnsValidatedCertificate } from './certificate';

export function renderDistributions(stack: TerraformStack, ctx: StackContext): void {
  const { plan, refs, stackPlan } = ctx;
  const mine = plan.storage.distributions.filter((d) => d.address.stack === stackPlan.name);
  let usEast1: AwsProvider | undefined;
  for (const d of mine) {
    if (d.certificate && !usEast1)
      usEast1 = addAwsProvider(stack, plan.meta, {
        alias: d.certificate.providerAlias,
        region: d.certificate.providerRegion,
      });
    renderDistribution(stack, d, refs, usEast1);
  }
}

function renderDistribution(
  stack: TerraformStack,
  d: DistributionPlan,
  refs: RefRegistry,
  usEast1: AwsProvider | undefined,
): void {
  const certificateArn = d.certificate ? renderCertificate(stack, d.certificate, refs, usEast1!) : undefined;
  const oac = new CloudfrontOriginAccessControl(stack, d.originAccessControl.id, {
    name: d.originAccessControl.name,
    originAccessControlOriginType: d.originAccessControl.originType,
    signingBehavior: d.originAccessControl.signingBehavior,
    signingProtocol: d.originAccessControl.signingProtocol,
  });
  const cachePolicyId = renderCachePolicy(stack, d.cachePolicy);
  const distribution = new CloudfrontDistribution(stack, d.address.name, {
    enabled: true,
    comment: d.comment,
    aliases: d.aliases.length > 0 ? d.aliases : undefined,
    isIpv6Enabled: d.ipv6,
    httpVersion: d.httpVersion,
    priceClass: d.priceClass,
    origin: [
      {
        originId: d.origin.id,
        domainName: refs.resolve(d.origin.domainName),
        originAccessControlId: oac.id,
      },
    ],
    defaultCacheBehavior: {
      targetOriginId: d.origin.id,
      viewerProtocolPolicy: d.viewer.protocolPolicy,
      allowedMethods: d.allowedMethods,
      cachedMethods: d.cachedMethods,
      cachePolicyId,
      compress: true,
    },
    restrictions: { geoRestriction: { restrictionType: d.geoRestriction } },
    viewerCertificate: certificateArn
      ? {
          acmCertificateArn: certificateArn,
          minimumProtocolVersion: d.viewer.minimumProtocolVersion,
          sslSupportMethod: d.viewer.sslSupportMethod,
        }
      : { cloudfrontDefaultCertificate: true },
  });
  refs.provide(d.address, { arn: distribution.arn, domain_name: distribution.domainName });
  // The data stack owns the bucket's policy: an earlier one here is forgotten, never deleted.
  new RemovedBlock(stack, d.formerBucketPolicy.id, d.formerBucketPolicy.address);
  new KmsKeyPolicy(stack, d.keyPolicy.id, {
    keyId: refs.resolve(d.keyPolicy.keyId),
    policy: resolveDocument(d.keyPolicy.json, refs),
  });
  new TerraformOutput(stack, d.domainNameOutput, {
    value: distribution.domainName,
    description: `CloudFront domain name of bucket ${d.bucket} (the cutover's CNAME target)`,
  });
}

/** The cache policy's id: a managed one's, or that of the policy rendered here. */
function renderCachePolicy(stack: TerraformStack, policy: DistributionPlan['cachePolicy']): string {
  if (policy.kind === 'managed') return policy.id;
  return new CloudfrontCachePolicy(stack, policy.id, {
    name: policy.name,
    comment: policy.comment,
    minTtl: policy.minTtl,
    defaultTtl: policy.defaultTtl,
    maxTtl: policy.maxTtl,
    parametersInCacheKeyAndForwardedToOrigin: {
      headersConfig: { headerBehavior: 'whitelist', headers: { items: [...policy.headers] } },
      cookiesConfig: { cookieBehavior: policy.cookies },
      queryStringsConfig: { queryStringBehavior: policy.queryStrings },
      enableAcceptEncodingGzip: policy.gzip,
      enableAcceptEncodingBrotli: policy.brotli,
    },
  }).id;
}

/** The viewer certificate in us-east-1, its validation records in the zone and the validation. */
function renderCertificate(
  stack: TerraformStack,
  cert: NonNullable<DistributionPlan['certificate']>,
  refs: RefRegistry,
  provider: AwsProvider,
): string {
  const ids = { certificate: cert.id, validation: cert.validationId };
  return renderDnsValidatedCertificate(stack, ids, cert, refs, provider).validation.certificateArn;
}
