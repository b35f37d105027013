/**
 * Warnings about the DigitalOcean side while it still serves a share of a cutover (`cutover.current` below
 * 100), each only where the spec shows the risk:
 *
 * - do-health-check-default: the Route 53 check of a DigitalOcean endpoint probes a port nobody stated: the
 *   inventory does not say what answers there (a load balancer without forwarding rules, a droplet no
 *   firewall covers) and `cutover.healthCheck.port` is not written, so the default (443, or 80 for HTTP) is a
 *   guess. Where the inventory shows what answers, the check follows it (schema/inventory/do-probe.ts).
 * - do-managed-certificate-renewal: a load balancer terminates TLS, for a hostname of a domain whose
 *   nameservers move to Route 53 (`dns: digitalocean`), with a certificate the inventory lists as
 *   DigitalOcean-managed (`type: lets_encrypt`), which DigitalOcean renews through its own DNS.
 */
import { firewallDroplets } from '../inventory/firewalls';
import { hostnameSides, type DoEndpoint, type HostnameSide } from '../inventory/hostnames';
import { indexByName } from '../inventory/by-name';
import { TLS_ENTRY, wantedProbe } from '../inventory/do-probe';
import { hostnamePath, probeName } from '../inventory/health-target';
import { domainOf } from '../inventory/records';
import type { Report } from '../report';
import type { MigrationSpec } from '../spec';
import { singleQuoted } from '../shell-word';

export function checkDoSideRisks(r: Report, spec: MigrationSpec): void {
  if (!spec.cutover || spec.cutover.current >= 100) return;
  const sides = hostnameSides(spec);
  checkGuessedHealthChecks(r, spec, sides);
  checkManagedCertificates(r, spec, sides);
}

/** The domain's `dns` setting, when the name is under a declared domain. */
function dnsOf(spec: MigrationSpec, hostname: string): string | undefined {
  const domain = domainOf(spec.digitalocean.domains, hostname);
  return spec.digitalocean.domains.find((d) => d.name === domain)?.dns;
}

/**
 * Whether the inventory says nothing about what the endpoint answers: a load balancer without forwarding
 * rules, a droplet no firewall covers. Its check is then probed exactly as cutover.healthCheck says
 * (schema/inventory/do-probe.ts), defaults included.
 */
function unknownAnswer(spec: MigrationSpec, e: DoEndpoint): boolean {
  if (e.kind === 'load-balancer') {
    const lb = spec.digitalocean.loadBalancers[indexByName(spec.digitalocean.loadBalancers, e.name)];
    return (lb?.forwardingRules ?? []).length === 0;
  }
  return !spec.digitalocean.firewalls.some((fw) => firewallDroplets(spec, fw).has(e.name));
}

/**
 * A hostname in a zone dropship weights whose DigitalOcean endpoints include one the inventory says nothing
 * about, probed on a port nobody wrote. Writing `cutover.healthCheck.port` states what the droplets answer
 * (and silences it); so does listing the load balancer's forwarding rules or the droplet's firewall.
 */
function checkGuessedHealthChecks(r: Report, spec: MigrationSpec, sides: HostnameSide[]): void {
  const hc = (spec.cutover as NonNullable<MigrationSpec['cutover']>).healthCheck;
  if (hc.port !== undefined) return;
  const probe = wantedProbe(spec);
  for (const side of sides) {
    const dns = dnsOf(spec, side.hostname);
    if (dns === undefined || dns === 'external') continue;
    const guessed = side.endpoints.filter((e) => unknownAnswer(spec, e));
    if (guessed.length === 0) continue;
    // The path and name the check itself uses (schema/inventory/health-target.ts): the owner app's health
    // path unless cutover.healthCheck.path overrides it, and for a wildcard a concrete name under it.
    const target = {
      hostname: side.hostname,
      app: side.owner.app,
      appSpec: side.owner.appSpec,
      apps: side.apps,
    };
    const path = hostnamePath(spec, spec.cutover as NonNullable<MigrationSpec['cutover']>, target).path;
    const name = probeName(target);
    const names = guessed.map((e) => `${e.kind} ${e.name}`).join(', ');
    const scheme = probe.type.toLowerCase();
    r.warn(
      side.owner.path,
      'do-health-check-default',
      `${side.hostname}: the Route 53 health check of its DigitalOcean side (${names}) probes ${probe.type}:${probe.port} on ${path}, ` +
        'a default, not what the inventory shows: no forwarding rules of a load balancer nor a droplet firewall say what ' +
        'answers there, and cutover.healthCheck.port is not written. If the droplets do not answer it, the check always ' +
        'fails and sends all traffic to AWS from the first split phase',
      {
        hint:
          'list the load balancer’s forwardingRules or the droplet’s firewall in the inventory, or write ' +
          'cutover.healthCheck.port (and protocol, path) as the droplets answer; verify with ' +
          guessed
            .map(
              (e) =>
                `curl -sS -o /dev/null -w '%{http_code}' --resolve ${singleQuoted(`${name}:${probe.port}:${e.ipv4}`)} ` +
                singleQuoted(`${scheme}://${name}:${probe.port}${path}`),
            )
            .join(' and ') +
          ' before phase 1',
      },
    );
  }
}

/** One shell word, whatever the text (the path comes from the spec): single quotes, each ' as '\''. */

/**
 * Let's Encrypt's lifetime and renewal point: certificates last 90 days, and Let's Encrypt recommends renewing
 * every 60, i.e. 30 days before expiry ("Why ninety-day lifetimes for certificates?",
 * https://letsencrypt.org/2015/11/09/why-90-days.html); DigitalOcean does not document its own renewal point,
 * so this one is assumed. At the nameserver switch the last renewal is then at most 60 days old, and the
 * certificate has at least 30 days left, at most 90.
 */
export const LETS_ENCRYPT_LIFETIME_DAYS = 90;
export const LETS_ENCRYPT_RENEW_BEFORE_DAYS = 30;

/**
 * Each TLS-terminating forwarding rule (an https, http2 or http3 entry without passthrough) of a load
 * balancer that serves a hostname of a `dns: digitalocean` domain, whose certificate the inventory lists as
 * `lets_encrypt`.
 */
function checkManagedCertificates(r: Report, spec: MigrationSpec, sides: HostnameSide[]): void {
  const d = spec.digitalocean;
  const managed = new Set(d.certificates.filter((c) => c.type === 'lets_encrypt').map((c) => c.name));
  if (managed.size === 0) return;
  const hostsOfLb = new Map<string, string[]>();
  for (const side of sides) {
    if (dnsOf(spec, side.hostname) !== 'digitalocean') continue;
    for (const e of side.endpoints)
      if (e.kind === 'load-balancer')
        hostsOfLb.set(e.name, [...(hostsOfLb.get(e.name) ?? []), side.hostname]);
  }
  d.loadBalancers.forEach((lb, i) => {
    const hosts = hostsOfLb.get(lb.name);
    if (!hosts) return;
    lb.forwardingRules.forEach((rule, j) => {
      if (!TLS_ENTRY.has(rule.entryProtocol) || rule.tlsPassthrough) return;
      if (rule.certificate === undefined || !managed.has(rule.certificate)) return;
      const left = LETS_ENCRYPT_LIFETIME_DAYS - LETS_ENCRYPT_RENEW_BEFORE_DAYS;
      r.warn(
        ['digitalocean', 'loadBalancers', i, 'forwardingRules', j, 'certificate'],
        'do-managed-certificate-renewal',
        `load balancer ${lb.name} terminates TLS on ${rule.entryProtocol}:${rule.entryPort} for ${hosts.join(', ')} ` +
          `with certificate ${rule.certificate}, a DigitalOcean-managed Let's Encrypt certificate: DigitalOcean renews it ` +
          "through DigitalOcean DNS, which stops answering for the domain at the runbook's nameserver switch (before " +
          `phase 1). Let's Encrypt certificates last ${LETS_ENCRYPT_LIFETIME_DAYS} days and are renewed ` +
          `${LETS_ENCRYPT_RENEW_BEFORE_DAYS} days before they expire, so at the switch it has between ` +
          `${LETS_ENCRYPT_RENEW_BEFORE_DAYS} and ${LETS_ENCRYPT_LIFETIME_DAYS} days left (its last renewal at most ` +
          `${left} days old), and then expires while the DigitalOcean side still serves its share`,
        {
          hint:
            `reach cutover phase 100 within ${LETS_ENCRYPT_RENEW_BEFORE_DAYS} days of the nameserver switch (or before ` +
            'the not_after `doctl compute certificate list` shows), or upload a custom certificate to DigitalOcean, ' +
            'set it on this forwarding rule, and list it with type: custom',
        },
      );
    });
  });
}
