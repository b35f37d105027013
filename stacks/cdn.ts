/**
 * CloudFront in front of the buckets the public reads (plan.storage.distributions), in the ALB's stack:
 * origin access control, the viewer certificate in us-east-1 (through a second AWS provider with that
 * alias) validated in the Route 53 zone, the distribution, and the bucket's and key's policies that admit
 * exactly this distribution. The domain name is always exported under a fixed output name: the cutover
 * stack reads it from this stack's state once a phase sends the CDN host name to AWS.
 */
import { TerraformOutput, type TerraformStack } from 'cdktf';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { KmsKeyPolicy } from '@cdktf/provider-aws/lib/kms-key-policy';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { DistributionPlan } from '../compiler/model';
import type { StackContext } from './context';
import type { RefRegistry } from './refs';
import { addAwsProvider } from './provider';
import { expression, hclString, resolveDocument } from './apps/text';

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
      cachePolicyId: d.cachePolicyId,
      originRequestPolicyId: d.originRequestPolicyId,
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
  new S3BucketPolicy(stack, d.bucketPolicy.id, {
    bucket: d.bucketPolicy.bucketName,
    policy: resolveDocument(d.bucketPolicy.json, refs),
  });
  new KmsKeyPolicy(stack, d.keyPolicy.id, {
    keyId: refs.resolve(d.keyPolicy.keyId),
    policy: resolveDocument(d.keyPolicy.json, refs),
  });
  new TerraformOutput(stack, d.domainNameOutput, {
    value: distribution.domainName,
    description: `CloudFront domain name of bucket ${d.bucket} (the cutover's CNAME target)`,
  });
}

/** The viewer certificate in us-east-1, its validation records in the zone and the validation. */
function renderCertificate(
  stack: TerraformStack,
  cert: NonNullable<DistributionPlan['certificate']>,
  refs: RefRegistry,
  provider: AwsProvider,
): string {
  const names = cert.validations.map((v) => v.hostname);
  const certificate = new AcmCertificate(stack, cert.id, {
    provider,
    domainName: cert.domainName,
    subjectAlternativeNames: names.length > 1 ? names.filter((n) => n !== cert.domainName) : undefined,
    validationMethod: 'DNS',
    lifecycle: { createBeforeDestroy: true },
  });
  const option = (hostname: string, field: string) =>
    expression(
      `one([for o in ${certificate.terraformResourceType}.${certificate.friendlyUniqueId}.domain_validation_options : o.${field} if o.domain_name == ${hclString(hostname)}])`,
    );
  const records = cert.validations.map(
    (v) =>
      new Route53Record(stack, v.id, {
        zoneId: refs.resolve(v.zoneId),
        name: option(v.hostname, 'resource_record_name'),
        type: option(v.hostname, 'resource_record_type'),
        records: [option(v.hostname, 'resource_record_value')],
        ttl: cert.validationTtl,
        allowOverwrite: true,
      }),
  );
  const validation = new AcmCertificateValidation(stack, cert.validationId, {
    provider,
    certificateArn: certificate.arn,
    validationRecordFqdns: records.map((r) => r.fqdn),
  });
  return validation.certificateArn;
}
