/**
 * The shared ALB of an environment: a certificate per domain for its public hostnames (DNS-validated where
 * dropship manages the zone), listener rules per app with stable priorities, and target groups.
 */
import type { AppSpec } from '../../schema/spec';
import type { CompileContext } from '../context';
import type { Decision, ManualStep } from '../model';
import { domainOf } from '../../schema/inventory/records';
import { type DnsPlan } from '../model/dns';
import type { AlbPlan, CertificatePlan } from '../model/apps';
import { publicExposure } from '../../schema/inventory/listener-rules';
import { awsName } from '../../schema/facts/aws-names';
import { STEP_ORDER } from '../steps';
import { sh, toCommands } from '../shell';
import { groupOf, zoneFor } from '../plan-lookups';
import type { AppsDeps, AppsRecord } from './context';
import { platformAddresses } from '../app-addresses';
import { address } from '../refs';
import { albIpAddressType } from '../alb-ip-type';
import { newNameAliases } from './new-name-aliases';
import { accessLogsPlan } from './access-logs';

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
 * Elastic Load Balancing's default quota of certificates per Application Load Balancer, default certificates
 * excluded (adjustable): "Quotas for your Application Load Balancers".
 */
export const ALB_CERTIFICATES_PER_LOAD_BALANCER = 25;

/** Construct-id form of a host name: `www.shop-example.com` → `www-shop-example-com`, `*.x.com` → `wildcard-x-com`. */
const hostSlug = (text: string) => text.replace(/^\*\./, 'wildcard.').replace(/[^a-zA-Z0-9-]+/g, '-');

/**
 * Construct-id form of a name, `.` → `_`: one per name (a host slug maps `shop-example.com` and
 * `shop.example.com` to one id), and never a host slug, which holds no `_`.
 */
/** A domain or hostname as a construct id part that no other name shares (`*.` reads `wildcard.`). */
export const exactSlug = (name: string) => name.replace(/^\*\./, 'wildcard.').replace(/\./g, '_');

/** Plain code-unit order: the same in every locale. */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A domain's hostnames in a fixed order, whatever the order of `apps`: the shortest first (the apex when it is
 * one of them), then by text. The first is the certificate's `domain_name`, which ACM cannot change in place.
 */
const certificateNameOrder = (a: string, b: string): number => a.length - b.length || byText(a, b);

/**
 * One certificate per domain (the zone a hostname's validation record goes to), its names in a fixed order,
 * never the order of `apps`: reordering apps must not replace a certificate nor change the listener's default.
 * The HTTPS listener's default (served to clients that send no SNI or a name no certificate covers) is the
 * certificate of the first domain in the declaration order of `digitalocean.domains` that has a public
 * hostname; it alone keeps the single certificate's ids (`certificate`, `certificate-validation`), every
 * other domain's ids hold its own name only. So no certificate's address depends on which other domains
 * exist: adding a domain after the default's in `digitalocean.domains` (or adding a hostname) moves
 * nothing, whatever the new domain's name sorts as. The default comes first in the list, the others
 * follow in text order.
 */
export function certificatePlans(dns: DnsPlan, publicApps: AppSpec[], stack: string): CertificatePlan[] {
  const byDomain = new Map<string, string[]>();
  for (const app of publicApps)
    for (const h of publicExposure(app)!.hostnames) {
      const domain = domainOf(
        dns.zones.map((z) => ({ name: z.domain })),
        h.replace(/^\*\./, ''),
      )!;
      const names = byDomain.get(domain) ?? [];
      if (!names.includes(h)) names.push(h);
      byDomain.set(domain, names);
    }
  const recordIds = new Set<string>();
  /** The single certificate's record id, unless an earlier name took it (`a-b.com` beside `a.b.com`). */
  const recordId = (hostname: string) => {
    const usual = `certificate-validation-${hostSlug(hostname)}`;
    const id = recordIds.has(usual) ? `certificate-validation-record_${exactSlug(hostname)}` : usual;
    recordIds.add(id);
    return id;
  };
  const domains = [...byDomain]
    .sort(([a], [b]) => byText(a, b))
    .map(([domain, names]) => [domain, [...names].sort(certificateNameOrder)] as const);
  const defaultDomain = dns.zones.map((z) => z.domain).find((d) => byDomain.has(d)) ?? domains[0][0];
  const plans = domains.map(([domain, hostnames]): CertificatePlan => {
    const validations: CertificatePlan['validations'] = [];
    const manualHostnames: string[] = [];
    const seen = new Set<string>();
    for (const h of hostnames) {
      // `*.example.com` and `example.com` are validated by the same record.
      const base = h.replace(/^\*\./, '');
      if (seen.has(base)) continue;
      seen.add(base);
      const zone = zoneFor(dns, h);
      if (zone)
        validations.push({
          hostname: h,
          zoneId: zone.zoneId,
          domain: zone.domain,
          id: recordId(h),
        });
      else manualHostnames.push(h);
    }
    const ids: CertificatePlan['ids'] =
      domain === defaultDomain
        ? { certificate: 'certificate', validation: 'certificate-validation' }
        : {
            certificate: `certificate_${exactSlug(domain)}`,
            validation: `certificate-validation_${exactSlug(domain)}`,
            listenerCertificate: `listener-certificate_${exactSlug(domain)}`,
          };
    return {
      domain,
      ids,
      domainName: hostnames[0],
      subjectAlternativeNames: hostnames.slice(1),
      validations,
      validationTtl: 60,
      validationAllowOverwrite: true,
      validationAddress: address(stack, 'aws_acm_certificate_validation', ids.validation),
      manualHostnames,
      createBeforeDestroy: true,
    };
  });
  return [
    ...plans.filter((c) => c.domain === defaultDomain),
    ...plans.filter((c) => c.domain !== defaultDomain),
  ];
}

/** Why one certificate per domain, and what an apply replaces where the single certificate was applied. */
function certificatesDecision(certificates: CertificatePlan[]): Decision {
  const names = (c: CertificatePlan) => [c.domainName, ...c.subjectAlternativeNames].join(', ');
  const [first, ...others] = certificates;
  const textFirst = [...certificates].sort((a, b) => byText(a.domain, b.domain))[0];
  return {
    subject: 'apps.alb.certificates',
    choice: [
      `${first.domain} (the HTTPS listener's default, the first domain declared in digitalocean.domains with a public hostname: ${names(first)})`,
      ...others.map((c) => `${c.domain} (attached, chosen by SNI: ${names(c)})`),
    ].join('; '),
    rule:
      "one ACM certificate per domain: each waits for its own domain's DNS validation only, and a hostname added to a domain replaces only that domain's certificate, issued, validated and attached before the old one is destroyed (create_before_destroy). " +
      'Each certificate’s names (shortest first: its domain_name) are ordered by text, not by the order of apps, so reordering apps replaces nothing. ' +
      'The default certificate alone is at aws_acm_certificate.certificate (and certificate-validation); every other domain’s addresses name that domain only (certificate_<domain>), so adding a domain at the end of digitalocean.domains, whatever its name sorts as, changes no existing certificate’s address nor the default; reordering digitalocean.domains so another domain with a public hostname comes first moves the default and replaces both domains’ certificates. ' +
      (textFirst.domain === first.domain
        ? ''
        : `Dropship before this rule gave the default to the domain first in text order, ${textFirst.domain}: an estate applied then has ${textFirst.domain}'s certificate at aws_acm_certificate.certificate and ${first.domain}'s at aws_acm_certificate.certificate_${exactSlug(first.domain)}, and this apply would replace both (no moved block can swap two addresses); declare ${textFirst.domain} first in digitalocean.domains to keep them. `) +
      (others.length === 0
        ? 'One domain: the certificate keeps its address and names (no change from the single certificate).'
        : `Where the single certificate of every hostname was applied before, this apply replaces aws_acm_certificate.certificate (its names shrink to ${first.domain}'s; the new one is issued first) and aws_acm_certificate_validation.certificate-validation, replaces every validation record at its own address (its name is read from a new certificate, unknown until that exists), updates aws_lb_listener.listener-https in place to the new default certificate, creates ${others.map((c) => `aws_acm_certificate.${c.ids.certificate}`).join(', ')} with their validations and listener certificates, and destroys the old certificate last; no address changes, so no moved block. From the listener's switch until the other domains' certificates are issued and attached (seconds when their validation records are in Route 53 already, longer for a domain validated by hand), their HTTPS clients get ${first.domain}'s certificate: apply before traffic moves to AWS, or first apply with -target on the other domains' aws_acm_certificate_validation, then the rest.`),
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
  const certificates = certificatePlans(dns, publicApps, platformAddresses(ctx).alb.stack);
  decisions.push(certificatesDecision(certificates));
  manualSteps.push(...certificateSteps(dns, certificates));
  const accessLogs = accessLogsPlan(ctx, network, platformAddresses(ctx).alb.stack, decisions);
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
    ...(accessLogs ? { accessLogs } : {}),
    sslPolicy: ALB_SSL_POLICY,
    certificates,
    httpRedirect: { ...ALB_HTTP_REDIRECT },
    notFound: { ...ALB_NOT_FOUND },
    newNameAliases: newNameAliases(ctx, (h) => zoneFor(dns, h), ipAddress.type, decisions),
  };
}

/** What must happen by hand before the certificates can validate: quotas, records elsewhere, nameservers. */
function certificateSteps(dns: DnsPlan, certificates: CertificatePlan[]): ManualStep[] {
  const manualSteps: ManualStep[] = [];
  const large = certificates
    .map((c) => ({ domain: c.domain, names: 1 + c.subjectAlternativeNames.length }))
    .filter((c) => c.names > ACM_NAMES_PER_CERTIFICATE);
  if (large.length > 0)
    manualSteps.push({
      order: STEP_ORDER.raiseCertificateNameQuota,
      title: 'Raise the ACM names-per-certificate quota',
      detail: `The certificate of ${large.map((c) => `${c.domain} covers ${c.names} names`).join(', of ')}; ACM allows ${ACM_NAMES_PER_CERTIFICATE} by default. Request a quota increase (ACM "Domain names per ACM certificate") before applying.`,
    });
  // The listener's certificates besides its default, plus one while a replacement is attached before the
  // old one goes (create_before_destroy).
  const attached = certificates.length - 1;
  if (attached + 1 > ALB_CERTIFICATES_PER_LOAD_BALANCER)
    manualSteps.push({
      order: STEP_ORDER.raiseCertificateNameQuota,
      title: 'Raise the ALB certificates-per-load-balancer quota',
      detail: `The HTTPS listener holds ${attached} certificates besides its default (one per further domain), and one more while a replaced certificate is attached before the old one is removed; Elastic Load Balancing allows ${ALB_CERTIFICATES_PER_LOAD_BALANCER} per Application Load Balancer, default certificates excluded (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html). Request an increase of "Certificates per Application Load Balancer" before applying.`,
    });
  const manualHostnames = certificates.flatMap((c) => c.manualHostnames);
  if (manualHostnames.length > 0)
    manualSteps.push({
      order: STEP_ORDER.validateCertificateByHand,
      title: 'Create the certificate validation records by hand',
      detail: `DNS for ${manualHostnames.join(', ')} is not in Route 53, so dropship cannot validate their certificates. While the apps stack applies (it waits at aws_acm_certificate_validation), create the CNAME records listed in the stack output \`certificate_validation_records\` at your DNS provider.`,
      commands: toCommands([sh`terraform output -json certificate_validation_records`]),
    });
  const doHosted = certificates
    .flatMap((c) => c.validations)
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
