/**
 * What all apps of an environment share: the ECS cluster and its capacity providers (with the ECS Exec
 * audit log group when an app enables exec), the Cloud Map namespace, and the ALB with its listeners and a
 * certificate per domain. Each resource other ones read is named by its plan's address and provides its attributes.
 */
import { Fn, TerraformOutput, type ITerraformDependable, type TerraformStack } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsClusterCapacityProviders } from '@cdktf/provider-aws/lib/ecs-cluster-capacity-providers';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerCertificate } from '@cdktf/provider-aws/lib/lb-listener-certificate';
import { ServiceDiscoveryPrivateDnsNamespace } from '@cdktf/provider-aws/lib/service-discovery-private-dns-namespace';
import { ALB_OUTPUT_NAMES, HEALTH_OUTPUT_NAMES } from '../../compiler/cutover';
import type { RefRegistry } from '../refs';
import { renderNewNameAliases } from './new-name-aliases';
import { renderAccessLogBucket } from './access-logs';
import { renderDnsValidatedCertificate } from '../certificate';
import type { AlbPlan, AppsPlan, CertificatePlan } from '../../compiler/model';

/**
 * Renders the cluster, its capacity providers, the namespace and the ALB. Returns the capacity-provider
 * association, which services in the same stack must wait for: their strategies name its providers.
 */
export function renderPlatform(
  stack: TerraformStack,
  apps: AppsPlan,
  refs: RefRegistry,
): ITerraformDependable | undefined {
  if (!apps.cluster) return undefined;
  const audit = apps.cluster.execAudit;
  const auditLogs = audit
    ? new CloudwatchLogGroup(stack, audit.logGroup.address.name, {
        name: audit.logGroup.name,
        retentionInDays: audit.logGroup.retentionDays,
        kmsKeyId: refs.resolve(audit.logGroup.kmsKeyArn),
      })
    : undefined;
  if (audit && auditLogs) refs.provide(audit.logGroup.address, { arn: auditLogs.arn });
  const cluster = new EcsCluster(stack, apps.cluster.address.name, {
    name: apps.cluster.name,
    setting: [{ name: 'containerInsights', value: apps.cluster.containerInsights }],
    configuration:
      audit && auditLogs
        ? {
            executeCommandConfiguration: {
              kmsKeyId: refs.resolve(audit.sessionKmsKeyArn),
              logging: audit.logging,
              logConfiguration: {
                cloudWatchLogGroupName: auditLogs.name,
                cloudWatchEncryptionEnabled: audit.logEncryption,
              },
            },
          }
        : undefined,
  });
  const capacity = new EcsClusterCapacityProviders(stack, apps.cluster.capacityProvidersAddress.name, {
    clusterName: cluster.name,
    capacityProviders: [...apps.cluster.capacityProviders],
    defaultCapacityProviderStrategy: apps.cluster.defaultCapacityProviderStrategy.map((c) => ({
      capacityProvider: c.capacityProvider,
      weight: c.weight,
      base: c.base,
    })),
  });
  refs.provide(apps.cluster.address, { arn: cluster.arn });
  // Through the capacity-provider association, so services (and Spot strategies) wait for it.
  refs.provide(apps.cluster.capacityProvidersAddress, { cluster_name: capacity.clusterName });

  if (apps.namespace) {
    const namespace = new ServiceDiscoveryPrivateDnsNamespace(stack, apps.namespace.address.name, {
      name: apps.namespace.name,
      vpc: refs.resolve(apps.namespace.vpcId),
      description: `Internal apps of ${apps.cluster.name}`,
    });
    refs.provide(apps.namespace.address, { id: namespace.id });
  }
  if (apps.alb) renderAlb(stack, apps.alb, refs);
  return capacity;
}

function renderAlb(stack: TerraformStack, alb: AlbPlan, refs: RefRegistry): void {
  const logBucket = alb.accessLogs?.createdBucket;
  const logsReady = logBucket ? renderAccessLogBucket(stack, logBucket, refs) : [];
  const lb = new Lb(stack, alb.address.name, {
    name: alb.name,
    internal: alb.internal,
    loadBalancerType: 'application',
    subnets: alb.subnets.map((s) => refs.resolve(s)),
    securityGroups: alb.securityGroups.map((s) => refs.resolve(s)),
    dropInvalidHeaderFields: alb.dropInvalidHeaderFields,
    enableDeletionProtection: alb.deletionProtection,
    idleTimeout: alb.idleTimeout,
    // Always written: the attribute is Optional+Computed, so leaving it out after `dualstack` keeps the ALB
    // dualstack (no diff) and turning IPv6 off would then fail removing the subnets' IPv6 blocks.
    ipAddressType: alb.ipAddressType,
    ...(alb.accessLogs
      ? {
          accessLogs: {
            enabled: alb.accessLogs.enabled,
            bucket: alb.accessLogs.bucket,
            prefix: alb.accessLogs.prefix,
          },
        }
      : {}),
    ...(logsReady.length > 0 ? { dependsOn: logsReady } : {}),
  });
  refs.provide(alb.address, {
    arn: lb.arn,
    arn_suffix: lb.arnSuffix,
    dns_name: lb.dnsName,
    zone_id: lb.zoneId,
  });

  const certificates = alb.certificates.map((cert) => renderCertificate(stack, cert, refs));
  const manual = certificates.filter((c) => c.plan.manualHostnames.length > 0);
  if (manual.length > 0)
    new TerraformOutput(stack, 'certificate_validation_records', {
      description: `Create these CNAME records at the DNS provider of ${manual.flatMap((c) => c.plan.manualHostnames).join(', ')}`,
      value:
        manual.length === 1
          ? manual[0].certificate.domainValidationOptions
          : Fn.flatten(manual.map((c) => c.certificate.domainValidationOptions)),
    });

  new LbListener(stack, 'listener-http', {
    loadBalancerArn: lb.arn,
    port: 80,
    protocol: 'HTTP',
    defaultAction: [{ type: 'redirect', redirect: { ...alb.httpRedirect } }],
  });
  const https = new LbListener(stack, alb.httpsListenerAddress.name, {
    loadBalancerArn: lb.arn,
    port: 443,
    protocol: 'HTTPS',
    sslPolicy: alb.sslPolicy,
    // The validated ARN: the listener waits until the first domain's certificate is issued.
    certificateArn: certificates[0].validation.certificateArn,
    defaultAction: [{ type: 'fixed-response', fixedResponse: { ...alb.notFound } }],
  });
  refs.provide(alb.httpsListenerAddress, { arn: https.arn });
  // The other domains' certificates, each attached once issued; the listener picks one by SNI.
  for (const { plan, validation } of certificates.slice(1))
    new LbListenerCertificate(stack, plan.ids.listenerCertificate!, {
      listenerArn: https.arn,
      certificateArn: validation.certificateArn,
      // A replaced certificate is attached before the old one is detached.
      lifecycle: { createBeforeDestroy: plan.createBeforeDestroy },
    });
  renderNewNameAliases(stack, alb, lb, refs);
  // Always exported, under fixed names: the cutover stack reads them from this stack's state from 10 % on,
  // so a phase change never changes this stack (docs/cutover.md).
  new TerraformOutput(stack, ALB_OUTPUT_NAMES.dnsName, {
    value: lb.dnsName,
    description: 'Public DNS name of the ALB',
  });
  new TerraformOutput(stack, ALB_OUTPUT_NAMES.zoneId, {
    value: lb.zoneId,
    description: 'Route 53 hosted zone id of the ALB (alias records point at it)',
  });
  new TerraformOutput(stack, HEALTH_OUTPUT_NAMES.albArnSuffix, {
    value: lb.arnSuffix,
    description: 'CloudWatch dimension of the ALB (the cutover health alarms read it)',
  });
}

/** One domain's certificate, its Route 53 validation records and the validation that waits for them. */
function renderCertificate(stack: TerraformStack, cert: CertificatePlan, refs: RefRegistry) {
  // A new certificate is issued and attached before the old one is deleted (listeners keep serving).
  const { certificate, validation } = renderDnsValidatedCertificate(stack, cert.ids, cert, refs);
  refs.provide(cert.validationAddress, { certificate_arn: validation.certificateArn });
  return { plan: cert, certificate, validation };
}
