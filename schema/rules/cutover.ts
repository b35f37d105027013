/**
 * `cutover:`: phases rise strictly, the current phase is one of them, and there is traffic to move; then
 * the health checks of the weighted records get names of their own (checkHealthCheckNames).
 */
import { findByName, indexByName } from '../inventory/by-name';
import { healthCheckKey, hostnameSides, type DoEndpoint } from '../inventory/hostnames';
import { domainOf, recordFqdn } from '../inventory/records';
import type { Report } from '../report';
import type { MigrationSpec } from '../spec';

export function checkCutover(r: Report, spec: MigrationSpec): void {
  const c = spec.cutover;
  if (!c) return;
  c.phases.forEach((phase, i) => {
    if (i > 0 && phase <= c.phases[i - 1]) {
      r.error(
        ['cutover', 'phases', i],
        'cutover-phases',
        `phase ${phase} does not come after ${c.phases[i - 1]}: phases must rise strictly`,
        {
          expected: 'ascending percentages such as [0, 10, 50, 100]',
        },
      );
    }
  });
  if (!c.phases.includes(c.current)) {
    r.error(
      ['cutover', 'current'],
      'cutover-current',
      `current phase ${c.current} is not one of the phases`,
      {
        expected: `one of: ${c.phases.join(', ')}`,
      },
    );
  }
  if (c.phases[c.phases.length - 1] !== 100) {
    r.warn(
      ['cutover', 'phases'],
      'cutover-incomplete',
      'the last phase is below 100: traffic never moves fully to AWS',
    );
  }
  if (!spec.apps.some((a) => a.expose && 'public' in a.expose)) {
    r.warn(
      ['cutover'],
      'cutover-without-public-app',
      'cutover is set but no app is exposed publicly, so there is no traffic to move',
    );
  }
  checkSharedHostnames(r, spec);
  checkTtl(r, spec);
}

/**
 * The TTL Route 53 answers an alias to a load balancer with: fixed, not settable (Route 53 FAQ, "DNS failover":
 * alias records to ELB have a fixed 60-second TTL; developer guide, alias records: an alias to an AWS resource
 * takes the resource's TTL).
 */
export const ALB_ALIAS_TTL = 60;

/**
 * The share of a busy resolver's time spent on AWS at `percent` % weight: Route 53 draws one record per query
 * and the resolver keeps it for that record's TTL, so each side's share of the time is its weight times its
 * TTL (a resolver queried less often than the TTLs draws afresh each time and follows the weights).
 */
export function effectiveAwsShare(percent: number, ttl: number): number {
  const aws = percent * ALB_ALIAS_TTL;
  return (100 * aws) / (aws + (100 - percent) * ttl);
}

/**
 * `cutover.ttl` is the droplets' records' TTL; the `aws` alias always answers with 60 s. Any other value skews
 * every split phase (longer: toward DigitalOcean, shorter: toward AWS), and a longer one also delays each phase
 * move and each droplet's health-check failover by up to the TTL. Warned at any value but 60 because the
 * skew is not small anywhere else (30 s turns 10 % into 18 %, 120 s into 5 %); the schema refuses below 10 s.
 */
function checkTtl(r: Report, spec: MigrationSpec): void {
  const c = spec.cutover!;
  if (c.ttl === ALB_ALIAS_TTL) return;
  const split = c.phases.filter((p) => p > 0 && p < 100);
  const shares = split.map((p) => `${p} % → ${effectiveAwsShare(p, c.ttl).toFixed(1)} %`).join(', ');
  r.warn(
    ['cutover', 'ttl'],
    'cutover-ttl-skews-weights',
    `ttl ${c.ttl} s is not the ${ALB_ALIAS_TTL} s Route 53 answers the alias to the ALB with, so a busy resolver ` +
      `keeps a DigitalOcean answer ${c.ttl} s and an AWS one ${ALB_ALIAS_TTL} s: the share of traffic on AWS is ` +
      `not the phase's weight${shares ? ` (${shares})` : ''}` +
      (c.ttl > ALB_ALIAS_TTL
        ? `, and a phase move or a droplet failing its health check reaches resolvers only after up to ${c.ttl} s`
        : ''),
    {
      expected: `ttl: ${ALB_ALIAS_TTL}`,
      hint: `leave ttl out (${ALB_ALIAS_TTL} s); weights apply per resolver, not per visitor, and only at ${ALB_ALIAS_TTL} s on both sides do they hold (docs/cutover.md, TTL)`,
    },
  );
}

/**
 * A hostname several apps share (by path: `/api/*` beside `/*`) is weighted against what the inventory says
 * it answers today (hostnameSides), each address matched to the droplet or load balancer holding it. An
 * address no droplet or load balancer of the inventory holds (a reserved IP, a host outside the inventory)
 * has no endpoint to name its weighted record and health check after; weighting only the others would change
 * the name's answer at phase 0. Refused at the record (or the hostname when the address comes through a
 * CNAME or wildcard elsewhere), in a zone the cutover writes (external DNS gets a manual step instead).
 */
function checkSharedHostnames(r: Report, spec: MigrationSpec): void {
  const domains = spec.digitalocean.domains;
  for (const side of hostnameSides(spec)) {
    if (side.source !== 'dns' || side.unmatched.length === 0) continue;
    const domain = domainOf(domains, side.hostname);
    if (!domain || findByName(domains, domain)?.dns === 'external') continue;
    for (const ip of side.unmatched)
      r.error(
        recordPathOf(spec, domain, side.hostname, ip) ?? side.apps[1].path,
        'cutover-shared-hostname-address',
        `${side.hostname} is served by apps ${side.apps.map((a) => a.app).join(', ')} and answers ${ip} today, ` +
          'which no droplet (ipv4.public) or load balancer (ip) of the inventory holds: the cutover weights a ' +
          'shared hostname against what it answers today, one weighted record and health check per droplet or ' +
          'load balancer',
        {
          expected: `a droplet or load balancer in digitalocean with the address ${ip}`,
          hint:
            'add the droplet or load balancer that holds this address to the inventory (a reserved IP: list ' +
            'it as the droplet’s ipv4.public), or correct the record',
        },
      );
  }
}

/** The inventory A record at the hostname with this value, when it sits there. */
function recordPathOf(
  spec: MigrationSpec,
  domain: string,
  hostname: string,
  ip: string,
): (string | number)[] | undefined {
  const i = indexByName(spec.digitalocean.domains, domain);
  const d = spec.digitalocean.domains[i];
  const j = d.records.findIndex(
    (rec) => rec.type === 'A' && rec.data.trim() === ip && recordFqdn(d.name, rec.name) === hostname,
  );
  return j >= 0 ? ['digitalocean', 'domains', i, 'records', j] : undefined;
}

/**
 * The cutover checks each DigitalOcean endpoint of each hostname it weights (a domain whose zone dropship can
 * write, an endpoint with an address) and names the check `health-<host>__<endpoint>` (healthCheckKey). Only
 * a droplet and a load balancer of one name behind one hostname give one id (or two spellings of one
 * hostname). Located at the later endpoint, over a spec whose names resolve (rules/index.ts). (The IPv6
 * check's name adds `_ipv6` to the same key, so it clashes exactly when the IPv4 one does.)
 */
export function checkHealthCheckNames(r: Report, spec: MigrationSpec): void {
  if (!spec.cutover) return;
  const domains = spec.digitalocean.domains;
  const owners = new Map<string, { app: string; endpoint: DoEndpoint }>();
  for (const { hostname, owner, endpoints } of hostnameSides(spec)) {
    const domain = domainOf(domains, hostname);
    // An external domain gets no Route 53 zone, so its hostnames get no weighted records nor checks.
    if (!domain || findByName(domains, domain)?.dns === 'external') continue;
    const app = owner.app;
    for (const endpoint of endpoints) {
      const key = healthCheckKey(hostname, endpoint, 'ipv4');
      const first = owners.get(key);
      if (!first) owners.set(key, { app, endpoint });
      else if (first.endpoint.kind !== endpoint.kind || first.endpoint.name !== endpoint.name)
        reportKeyClash(r, spec, key, first, app, endpoint);
    }
  }
}

function reportKeyClash(
  r: Report,
  spec: MigrationSpec,
  key: string,
  first: { app: string; endpoint: DoEndpoint },
  app: string,
  endpoint: DoEndpoint,
): void {
  const appIndex = indexByName(spec.apps, app);
  const appSpec = spec.apps[appIndex];
  const dropletIndex = appSpec.droplets.indexOf(endpoint.name);
  // A shared hostname's endpoint need not be its owner app's own: then at the inventory's entry.
  const path: (string | number)[] =
    endpoint.kind === 'load-balancer'
      ? appSpec.loadBalancer === endpoint.name
        ? ['apps', appIndex, 'loadBalancer']
        : ['digitalocean', 'loadBalancers', indexByName(spec.digitalocean.loadBalancers, endpoint.name)]
      : dropletIndex >= 0
        ? ['apps', appIndex, 'droplets', dropletIndex]
        : ['digitalocean', 'droplets', indexByName(spec.digitalocean.droplets, endpoint.name)];
  r.error(
    path,
    'cutover/health-check-key-clash',
    `the cutover health checks of app ${first.app}'s ${first.endpoint.kind} ${first.endpoint.name} and ` +
      `app ${app}'s ${endpoint.kind} ${endpoint.name} would both be named health-${key} (one check per ` +
      'hostname and endpoint name)',
    {
      hint: `rename the ${endpoint.kind} so that no droplet and load balancer behind one hostname share a name`,
    },
  );
}
