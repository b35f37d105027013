/**
 * The shared ALB of an environment: the certificate for every public hostname (DNS-validated where dropship
 * manages the zone), listener rules per app with stable priorities, and target groups.
 */
import type { AppSpec } from '../../schema/spec';
import type { CompileContext } from '../context';
import type { ManualStep } from '../model';
import type { Value } from '../model/refs';
import { domainOf } from '../../schema/inventory/records';
import { type DnsPlan } from '../model/dns';
import type { AlbPlan, CertificatePlan } from '../model/apps';
import { publicExposure } from '../../schema/inventory/listener-rules';
import { awsName } from '../../schema/facts/aws-names';
import { STEP_ORDER } from '../steps';
import { sh, toCommands } from '../shell';
import { groupOf } from '../plan-lookups';
import type { AppsDeps, AppsRecord } from './context';
import { platformAddresses } from '../app-addresses';
import { albIpAddressType } from '../alb-ip-type';
import { newNameAliases } from './new-name-aliases';

/** TLS 1.3 + 1.2 with forward-secret ciphers only: AWS's recommended policy (no FIPS endpoint needed). */
export const ALB_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

/**
 * Port 80 only redirects, permanently, to HTTPS on 443: nothing is served in clear text, and a 301 lets
 * browsers and caches go straight to HTTPS next time.
 */
export const ALB_HTTP_REDIRECT: AlbPlan['httpRedirect'] = {
  port: '443',
  protocol: 'HTTPS',
  statusCode: 'HTTP_301',
};

/** A request for a host or path no app serves gets a plain 404, never some app's answer. */
export const ALB_NOT_FOUND: AlbPlan['notFound'] = {
  contentType: 'text/plain',
  messageBody: 'Not found',
  statusCode: '404',
};

/** ACM's default quota of names per certificate (adjustable). */
export const ACM_NAMES_PER_CERTIFICATE = 10;

/**
 * The Route 53 zone dropship can write a hostname's validation record to (from the dns part of the plan:
 * a new zone, or the spec's existing route53ZoneId), or undefined when its DNS is hosted elsewhere.
 */
export function zoneFor(dns: DnsPlan, hostname: string): { zoneId: Value; domain: string } | undefined {
  const name = hostname.replace(/^\*\./, '');
  const domain = domainOf(
    dns.zones.map((z) => ({ name: z.domain })),
    name,
  );
  const zone = dns.zones.find((z) => z.domain === domain);
  if (!zone || zone.mode === 'none' || zone.zoneId === undefined) return undefined;
  return { zoneId: zone.zoneId, domain: zone.domain };
}

export function certificatePlan(dns: DnsPlan, publicApps: AppSpec[]): CertificatePlan {
  const hostnames: string[] = [];
  for (const app of publicApps)
    for (const h of publicExposure(app)!.hostnames) if (!hostnames.includes(h)) hostnames.push(h);
  const validations: CertificatePlan['validations'] = [];
  const manualHostnames: string[] = [];
  const seen = new Set<string>();
  for (const h of hostnames) {
    // `*.example.com` and `example.com` are validated by the same record.
    const base = h.replace(/^\*\./, '');
    if (seen.has(base)) continue;
    seen.add(base);
    const zone = zoneFor(dns, h);
    if (zone) validations.push({ hostname: h, zoneId: zone.zoneId, domain: zone.domain });
    else manualHostnames.push(h);
  }
  return {
    domainName: hostnames[0],
    subjectAlternativeNames: hostnames.slice(1),
    validations,
    validationTtl: 60,
    validationAllowOverwrite: true,
    manualHostnames,
  };
}

/** The environment's ALB, in front of its public apps, and the steps its certificate needs by hand. */
export function albPlan(
  ctx: CompileContext,
  { dns, network, security }: AppsDeps,
  publicApps: AppSpec[],
  { decisions, manualSteps }: AppsRecord,
): AlbPlan {
  const ipAddress = albIpAddressType(ctx.spec);
  if (ipAddress.decision) decisions.push(ipAddress.decision);
  const certificate = certificatePlan(dns, publicApps);
  manualSteps.push(...certificateSteps(dns, certificate));
  return {
    name: awsName('alb', ctx.prefix),
    address: platformAddresses(ctx).alb,
    httpsListenerAddress: platformAddresses(ctx).httpsListener,
    internal: false,
    subnets: [...network.publicSubnetIds],
    securityGroups: [groupOf(security, 'alb').id],
    dropInvalidHeaderFields: true,
    deletionProtection: ctx.production,
    idleTimeout: ctx.spec.aws.loadBalancer.idleTimeout,
    ipAddressType: ipAddress.type,
    ...(ctx.spec.aws.loadBalancer.accessLogs
      ? { accessLogs: { ...ctx.spec.aws.loadBalancer.accessLogs } }
      : {}),
    sslPolicy: ALB_SSL_POLICY,
    certificate,
    httpRedirect: { ...ALB_HTTP_REDIRECT },
    notFound: { ...ALB_NOT_FOUND },
    newNameAliases: newNameAliases(ctx, (h) => zoneFor(dns, h), ipAddress.type, decisions),
  };
}

/** What must happen by hand before the certificate can validate: a quota, records elsewhere, nameservers. */
function certificateSteps(dns: DnsPlan, certificate: CertificatePlan): ManualStep[] {
  const manualSteps: ManualStep[] = [];
  const names = 1 + certificate.subjectAlternativeNames.length;
  if (names > ACM_NAMES_PER_CERTIFICATE)
    manualSteps.push({
      order: STEP_ORDER.raiseCertificateNameQuota,
      title: 'Raise the ACM names-per-certificate quota',
      detail: `The certificate covers ${names} names; ACM allows ${ACM_NAMES_PER_CERTIFICATE} by default. Request a quota increase (ACM "Domain names per ACM certificate") before applying.`,
    });
  if (certificate.manualHostnames.length > 0)
    manualSteps.push({
      order: STEP_ORDER.validateCertificateByHand,
      title: 'Create the certificate validation records by hand',
      detail: `DNS for ${certificate.manualHostnames.join(', ')} is not in Route 53, so dropship cannot validate the certificate. While the apps stack applies (it waits at aws_acm_certificate_validation), create the CNAME records listed in the stack output \`certificate_validation_records\` at your DNS provider.`,
      commands: toCommands([sh`terraform output -json certificate_validation_records`]),
    });
  const doHosted = certificate.validations
    .map((v) => dns.zones.find((z) => z.domain === v.domain))
    .filter((z) => z?.mode === 'create')
    .map((z) => z!.domain);
  if (doHosted.length > 0)
    manualSteps.push({
      order: STEP_ORDER.switchNameserversForCertificate,
      title: 'Switch nameservers before the certificate can validate',
      detail: `The validation records for ${[...new Set(doHosted)].join(', ')} go into the new Route 53 zone, which ACM only sees once the domain's nameservers point to Route 53 (dns stack outputs). Switch them before applying the apps stack, or its apply waits at aws_acm_certificate_validation.`,
    });
  return manualSteps;
}
