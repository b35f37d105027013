/**
 * An ACM certificate validated by DNS: the certificate, the Route 53 records (one per name, each picked from
 * the certificate's `domain_validation_options` by domain name) and the validation that waits for them.
 * Shared by the ALB's certificates and the CloudFront viewer certificates, whose certificate and validation
 * go through the us-east-1 provider (the records are global).
 */
import type { TerraformStack } from 'cdktf';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import type { Value } from '../compiler/model/refs';
import type { RefRegistry } from './refs';
import { expression, hclString } from './apps/text';

export interface DnsValidatedCertificate {
  domainName: string;
  subjectAlternativeNames: readonly string[];
  /** A replacement is issued, validated and attached before the old one is destroyed. */
  createBeforeDestroy: boolean;
  validations: readonly { hostname: string; zoneId: Value; id: string }[];
  validationTtl: number;
  validationAllowOverwrite: boolean;
}

export function renderDnsValidatedCertificate(
  stack: TerraformStack,
  ids: { certificate: string; validation: string },
  cert: DnsValidatedCertificate,
  refs: RefRegistry,
  provider?: AwsProvider,
): { certificate: AcmCertificate; validation: AcmCertificateValidation } {
  const certificate = new AcmCertificate(stack, ids.certificate, {
    provider,
    domainName: cert.domainName,
    subjectAlternativeNames:
      cert.subjectAlternativeNames.length > 0 ? [...cert.subjectAlternativeNames] : undefined,
    validationMethod: 'DNS',
    lifecycle: { createBeforeDestroy: cert.createBeforeDestroy },
  });
  // The validation record of one name, picked from the certificate's set of options by domain name.
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
        allowOverwrite: cert.validationAllowOverwrite,
      }),
  );
  const validation = new AcmCertificateValidation(stack, ids.validation, {
    provider,
    certificateArn: certificate.arn,
    validationRecordFqdns: records.length > 0 ? records.map((r) => r.fqdn) : undefined,
  });
  return { certificate, validation };
}
