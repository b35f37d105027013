/**
 * Where a hostname's DigitalOcean-side checks point: the path they request and the name they send. A droplet
 * serves its app's health route, not another app's: `cutover.healthCheck.path: /up` (Laravel's) on a Django
 * app's droplets gets a 404, the check fails, and Route 53 stops answering the droplets' records (it answers
 * only healthy records when some are healthy: "How Amazon Route 53 chooses records when health checking is
 * configured"), so from the first split phase the hostname sends everyone to AWS and cannot fail back. So
 * the path is per hostname: the health path of the app that answers there, the global path only an explicit
 * override. The compiler's checks (compiler/cutover/health-checks.ts) and the rules' hints both read it.
 */
import { findByName } from './by-name';
import { hostPatternMatches, isCatchAllPath, isWildcardHost, publicExposure } from './listener-rules';
import type { AppSpec, CutoverSpec, MigrationSpec } from '../spec';

/**
 * A weighted hostname as far as its checks care: the app whose Host header they use (`app`, `appSpec`) and
 * every app behind it with its ALB paths. The compiler's CutoverHostname and a HostnameSide's owner give it.
 */
export interface HealthTarget {
  hostname: string;
  app: string;
  appSpec: AppSpec;
  apps: { app: string; paths: string[] }[];
}

/** A hostname's check path, the app it is read from and why that app. */
export interface HostnamePath {
  path: string;
  app: string;
  /** Why this path: the app it is read from and how, or the override. */
  because: string;
}

/**
 * The explicit `cutover.healthCheck.path`, or undefined. `/` counts as unset: it was the default before the
 * path was per hostname, so a spec that spells it out keeps each app's own path.
 */
export function overridePath(cutover: CutoverSpec): string | undefined {
  const path = cutover.healthCheck.path;
  return path === undefined || path === '/' ? undefined : path;
}

/**
 * The app whose health path a hostname's DigitalOcean side is checked on: the only app; of several sharing
 * the name by path, the one serving the rest of it (a catch-all pattern such as `/*`, which the DigitalOcean
 * side's `/` would reach), else the app the side's checks are named after.
 */
export function healthApp(spec: MigrationSpec, h: HealthTarget): { app: AppSpec; because: string } {
  if (h.apps.length <= 1) return { app: h.appSpec, because: `app ${h.app}, the only one at ${h.hostname}` };
  const others = h.apps.map((a) => a.app).join(', ');
  const catchAll = h.apps.find((a) => a.paths.some(isCatchAllPath));
  const app = catchAll ? findByName(spec.apps, catchAll.app) : undefined;
  if (app)
    return { app, because: `app ${app.name}, which serves ${h.hostname}'s default route (of ${others})` };
  return {
    app: h.appSpec,
    because: `app ${h.app} (of ${others}, none serving a catch-all path; the one whose endpoints answer it today)`,
  };
}

export const ownPath = (app: AppSpec): string | undefined => publicExposure(app)?.healthCheckPath;

export function hostnamePath(spec: MigrationSpec, cutover: CutoverSpec, h: HealthTarget): HostnamePath {
  const { app, because } = healthApp(spec, h);
  const override = overridePath(cutover);
  if (override !== undefined)
    return { path: override, app: app.name, because: `cutover.healthCheck.path (over ${because})` };
  const path = ownPath(app);
  return path === undefined
    ? { path: '/', app: app.name, because: `${because}, which names no healthCheckPath` }
    : { path, app: app.name, because: `${because}: its expose.public.healthCheckPath` };
}

/** The prefix of the made-up name a wildcard's check sends when its app names no host the wildcard covers. */
export const WILDCARD_PROBE_LABEL = 'dropship-health-check';

/**
 * The name a hostname's checks send as Host header and SNI: the hostname itself; for a wildcard
 * (`*.example.com`), which has no name of its own to send, the first (shortest, then by text) concrete
 * hostname of its app that the wildcard covers, else `dropship-health-check.example.com`: any name under the
 * wildcard reaches what DigitalOcean serves for it (the plan states the choice, decision
 * cutover.healthCheck.wildcardHost).
 */
export function probeName(h: HealthTarget): string {
  if (!isWildcardHost(h.hostname)) return h.hostname;
  const covered = (publicExposure(h.appSpec)?.hostnames ?? [])
    .filter((n) => !isWildcardHost(n) && hostPatternMatches(h.hostname, n))
    .sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  return covered[0] ?? h.hostname.replace(/^\*/, WILDCARD_PROBE_LABEL);
}
