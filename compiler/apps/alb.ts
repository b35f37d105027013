/**
 * The shared ALB of an environment: the certificate for every public hostname (DNS-validated where dropship
 * manages the zone), listener rules per app with stable priorities, and target groups.
 */
import type { AppSpec, MigrationSpec } from '../../schema/spec';
import type { Decision } from '../model';
import type { Value } from '../model/refs';
import { domainOf } from '../../schema/inventory/records';
import { type DnsPlan } from '../model/dns';
import { usesIpv6 } from '../../schema/inventory/network';
import type { AlbIpAddressType, AlbPlan, CertificatePlan, ListenerRulePlan } from '../model/apps';
import { chunk } from '../../schema/lists';

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

/** ALB: at most 5 condition values per listener rule (host-header and path-pattern values together). */
export const MAX_CONDITION_VALUES = 5;

/** ALB: at most 3 values in one condition (a host-header or a path-pattern). */
const MAX_VALUES_PER_CONDITION = 3;

/** ACM's default quota of names per certificate (adjustable). */
export const ACM_NAMES_PER_CERTIFICATE = 10;

/**
 * IPv4 only, unless the spec creates a VPC with `ipv6: true`: then every public subnet (all of the ALB's
 * subnets) has an IPv6 /64 and a ::/0 route, which AWS requires of a dualstack ALB. The decision is returned
 * only for dualstack, so IPv4-only plans explain nothing new.
 */
export function albIpAddressType(spec: MigrationSpec): { type: AlbIpAddressType; decision?: Decision } {
  if (!usesIpv6(spec)) return { type: 'ipv4' };
  return {
    type: 'dualstack',
    decision: {
      subject: 'apps.alb.ipAddressType',
      choice: 'dualstack: IPv4 and IPv6 listeners, A and AAAA alias records',
      rule:
        'aws.network.vpc.ipv6: true — IPv6 clients keep reaching the site after the move (the droplets answer AAAA ' +
        'today)',
    },
  };
}

type PublicExposure = Extract<NonNullable<AppSpec['expose']>, { public: unknown }>['public'];

export function publicExposure(app: AppSpec): PublicExposure | undefined {
  return app.expose && 'public' in app.expose ? app.expose.public : undefined;
}

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

/**
 * Listener rules of one app: host × path conditions split so that no rule exceeds the ALB's five condition
 * values, nor a condition its three, numbered from the app's base priority (`expose.public.priority`, else 100 × its position in
 * `apps`), so adding an app at the end never renumbers the others.
 */
export function listenerRules(exposure: PublicExposure, basePriority: number): ListenerRulePlan[] {
  const pathsPerRule = Math.min(exposure.paths.length, MAX_VALUES_PER_CONDITION);
  const hostsPerRule = Math.min(MAX_VALUES_PER_CONDITION, MAX_CONDITION_VALUES - pathsPerRule);
  const rules: ListenerRulePlan[] = [];
  for (const paths of chunk(exposure.paths, pathsPerRule))
    for (const hosts of chunk(exposure.hostnames, hostsPerRule))
      rules.push({ priority: basePriority + rules.length, hosts, paths });
  return rules;
}

/** The highest listener rule priority the ALB accepts. */
export const MAX_RULE_PRIORITY = 50000;

/** Where catch-all rules (path `/*` only) start: after every rule with a specific path. */
export const CATCH_ALL_PRIORITY_BASE = 30000;

/** An app whose only path pattern is `/*`: it must be evaluated after apps that share its host with a path. */
export const isCatchAll = (app: AppSpec): boolean => {
  const paths = publicExposure(app)?.paths ?? [];
  return paths.length === 1 && paths[0] === '/*';
};

/**
 * Base priority per public app: its `expose.public.priority` when given; else 100 × its position among the
 * public apps of `apps` (1-based), plus 30000 for a catch-all app, so `/api/*` of one app is matched before `/*` of another on
 * the same host whatever the order in the file. A base an explicit priority already holds moves up to
 * the first free block. Stable: adding an app at the end never renumbers the others.
 */
export function assignBasePriorities(apps: readonly AppSpec[]): Map<string, number> {
  const taken = new Set<number>();
  const bases = new Map<string, number>();
  const ruleCount = (app: AppSpec) => listenerRules(publicExposure(app)!, 0).length;
  const free = (base: number, n: number) =>
    Array.from({ length: n }, (_, i) => base + i).every((p) => !taken.has(p));
  const reserve = (app: AppSpec, base: number) => {
    for (let i = 0; i < ruleCount(app); i++) taken.add(base + i);
    bases.set(app.name, base);
  };
  // Numbered among the public apps only: an ALB holds at most 100 target groups, so bases stay far below
  // the 50,000 maximum however many workers and internal apps the spec has.
  const routed = apps
    .filter((app) => publicExposure(app) && !app.schedule)
    .map((app, index) => ({ app, index }));
  for (const { app } of routed) {
    const explicit = publicExposure(app)!.priority;
    if (explicit !== undefined) reserve(app, explicit);
  }
  for (const { app, index } of routed) {
    if (bases.has(app.name)) continue;
    let base = (index + 1) * 100 + (isCatchAll(app) ? CATCH_ALL_PRIORITY_BASE : 0);
    while (!free(base, ruleCount(app))) base++;
    reserve(app, base);
  }
  return bases;
}
