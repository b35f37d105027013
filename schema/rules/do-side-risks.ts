/**
 * Warnings about the DigitalOcean side while it still serves a share of a cutover (`cutover.current` below
 * 100): a health check that only guesses what answers there (do-health-check-default), and DigitalOcean
 * certificates that stop renewing once the domain's nameservers move to Route 53
 * (do-managed-certificate-renewal). Neither is certain from the inventory, so both warn; neither fails a
 * command.
 */
import { firewallDroplets } from '../inventory/firewalls';
import { hostnameSides, type DoEndpoint } from '../inventory/hostnames';
import { indexByName } from '../inventory/by-name';
import { TLS_ENTRY } from '../inventory/do-probe';
import { domainOf } from '../inventory/records';
import type { Report } from '../report';
import type { MigrationSpec } from '../spec';

export function checkDoSideRisks(r: Report, spec: MigrationSpec): void {
  if (!spec.cutover || spec.cutover.current >= 100) return;
  checkDefaultHealthChecks(r, spec);
  checkManagedCertificates(r, spec);
}

/** The domain's `dns` setting, when the name is under a declared domain. */
function dnsOf(spec: MigrationSpec, hostname: string): string | undefined {
  const domain = domainOf(spec.digitalocean.domains, hostname);
  return spec.digitalocean.domains.find((d) => d.name === domain)?.dns;
}

/**
 * Whether the inventory says nothing about what the endpoint answers: a load balancer without forwarding
 * rules, a droplet no firewall covers. Its check is then probed exactly as cutover.healthCheck says
 * (schema/inventory/do-probe.ts).
 */
function unknownAnswer(spec: MigrationSpec, e: DoEndpoint): boolean {
  if (e.kind === 'load-balancer') {
    const lb = spec.digitalocean.loadBalancers[indexByName(spec.digitalocean.loadBalancers, e.name)];
    return (lb?.forwardingRules ?? []).length === 0;
  }
  return !spec.digitalocean.firewalls.some((fw) => firewallDroplets(spec, fw).has(e.name));
}

/**
 * A hostname whose DigitalOcean-side check is the default (HTTPS:443 on the AWS app's health path, with
 * `cutover.healthCheck` not written: no port, protocol HTTPS, path /) on an endpoint the inventory says
 * nothing about. The droplets often lack that path (it is the AWS container's), and an always-failing check
 * takes the DigitalOcean side out of DNS, so every visitor goes to AWS from the first split phase.
 */
function checkDefaultHealthChecks(r: Report, spec: MigrationSpec): void {
  const hc = (spec.cutover as NonNullable<MigrationSpec['cutover']>).healthCheck;
  if (hc.port !== undefined || hc.protocol !== 'HTTPS' || hc.path !== '/') return;
  for (const side of hostnameSides(spec)) {
    const dns = dnsOf(spec, side.hostname);
    if (dns === undefined || dns === 'external') continue;
    const guessed = side.endpoints.filter((e) => unknownAnswer(spec, e));
    if (guessed.length === 0) continue;
    const app = side.owner.appSpec;
    const expose = app.expose;
    const path = (expose && 'public' in expose ? expose.public.healthCheckPath : undefined) ?? '/';
    const names = guessed.map((e) => `${e.kind} ${e.name}`).join(', ');
    r.warn(
      side.owner.path,
      'do-health-check-default',
      `${side.hostname}: the Route 53 health check of its DigitalOcean side (${names}) falls back to the default, ` +
        `HTTPS:443 on ${path} (app ${app.name}'s AWS health path), because neither a load balancer's forwarding ` +
        'rules nor a droplet firewall in the inventory says what answers there: droplets often lack that path, and ' +
        'a DigitalOcean-side check that always fails sends all traffic to AWS from the first split phase',
      {
        hint:
          'list the load balancer (its forwardingRules) or the droplet firewall in the inventory, or set ' +
          'cutover.healthCheck (protocol, port, path) to what the droplets answer; verify with ' +
          `curl -sS -o /dev/null -w '%{http_code}' --resolve ${side.hostname}:443:<droplet ip> https://${side.hostname}${path} ` +
          'before phase 1',
      },
    );
  }
}

const CERT_CONSEQUENCE =
  "if it is a DigitalOcean-managed Let's Encrypt certificate, DigitalOcean renews it through DigitalOcean DNS, " +
  "which stops answering for the domain at the runbook's nameserver switch (before phase 1): it then expires " +
  'up to 90 days after its last renewal, mid-cutover, while the DigitalOcean side still serves its share';

const CERT_HINT =
  'upload a custom certificate to DigitalOcean before the nameserver switch, or finish the cutover within the ' +
  "certificate's remaining validity";

/**
 * Each load balancer forwarding rule that terminates TLS (an https, http2 or http3 entry without passthrough:
 * it holds a certificate) and each Spaces CDN endpoint with a custom domain, in a domain whose nameservers
 * dropship moves (`dns: digitalocean`).
 */
function checkManagedCertificates(r: Report, spec: MigrationSpec): void {
  const domainsOfLb = new Map<string, Set<string>>();
  for (const side of hostnameSides(spec)) {
    if (dnsOf(spec, side.hostname) !== 'digitalocean') continue;
    for (const e of side.endpoints.filter((x) => x.kind === 'load-balancer')) {
      const hosts = domainsOfLb.get(e.name) ?? new Set<string>();
      hosts.add(side.hostname);
      domainsOfLb.set(e.name, hosts);
    }
  }
  spec.digitalocean.loadBalancers.forEach((lb, i) => {
    const hosts = domainsOfLb.get(lb.name);
    if (!hosts) return;
    lb.forwardingRules.forEach((rule, j) => {
      if (!TLS_ENTRY.has(rule.entryProtocol) || rule.tlsPassthrough) return;
      r.warn(
        ['digitalocean', 'loadBalancers', i, 'forwardingRules', j],
        'do-managed-certificate-renewal',
        `load balancer ${lb.name} terminates TLS on ${rule.entryProtocol}:${rule.entryPort} for ${[...hosts].join(', ')} ` +
          `with a DigitalOcean certificate: ${CERT_CONSEQUENCE}`,
        { hint: CERT_HINT },
      );
    });
  });
  spec.digitalocean.cdnEndpoints.forEach((cdn, i) => {
    if (cdn.customDomain === undefined || dnsOf(spec, cdn.customDomain) !== 'digitalocean') return;
    r.warn(
      ['digitalocean', 'cdnEndpoints', i, 'customDomain'],
      'do-managed-certificate-renewal',
      `the Spaces CDN endpoint of ${cdn.space} serves ${cdn.customDomain} with a DigitalOcean certificate: ${CERT_CONSEQUENCE}`,
      { hint: CERT_HINT },
    );
  });
}
