/**
 * The ALB listener rules the spec's public apps get: host × path conditions within the ALB's limits, and
 * priorities that follow what each rule matches, never the order of `apps`. The ALB evaluates a listener's
 * rules from the lowest priority number up and takes the first that matches, so:
 *
 * - every rule of explicit hostnames comes before every rule of wildcard hostnames (`*.example.com` must not
 *   take `www.example.com` from the app that names it);
 * - within each, a more specific path comes before a less specific one (`/api/v2/*` before `/api/*` before
 *   `/*`): paths are ranked by the length of their literal part before the first wildcard, an exact path
 *   just before a pattern of the same prefix;
 * - within one such band, an app's rules sit at a slot derived from a hash of its name, so the priorities
 *   depend on names only: reordering `apps` changes nothing, and adding or removing an app renumbers another
 *   only when their slots collide (then the one whose name sorts first keeps its slot). Renumbering is what
 *   the ALB makes risky: an in-place priority change fails with PriorityInUse while another rule still
 *   holds the number.
 *
 * The rules check that no two rules share a priority and none passes the ALB's maximum; the compiler plans
 * the same rules.
 */
import { createHash } from 'node:crypto';
import { chunk } from '../lists';
import type { AppSpec } from '../spec';

/** One listener rule: its priority and the hosts and paths it matches. */
export interface ListenerRule {
  priority: number;
  hosts: string[];
  paths: string[];
}

/** ALB: at most 5 condition values per listener rule (host-header and path-pattern values together). */
export const MAX_CONDITION_VALUES = 5;
/** ALB: at most 3 values in one condition (a host-header or a path-pattern). */
const MAX_VALUES_PER_CONDITION = 3;

/** What `expose.public` holds: hostnames, paths, the target container and port, maybe a priority. */
export type PublicExposure = Extract<NonNullable<AppSpec['expose']>, { public: unknown }>['public'];

/** An app's public exposure, if it has one. */
export function publicExposure(app: AppSpec): PublicExposure | undefined {
  return app.expose && 'public' in app.expose ? app.expose.public : undefined;
}

/** The highest listener rule priority the ALB accepts. */
export const MAX_RULE_PRIORITY = 50000;

/** ALB host conditions take `*` (any run of characters) and `?` (one character). */
export const isWildcardHost = (host: string): boolean => /[*?]/.test(host);

/** Whether an ALB host pattern (case-insensitive, `*` and `?` wildcards) matches a concrete hostname. */
export function hostPatternMatches(pattern: string, hostname: string): boolean {
  const re = pattern
    .toLowerCase()
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(hostname.toLowerCase());
}

/**
 * A path pattern's specificity: the length of its literal part before the first `*` or `?`, plus one for an
 * exact path (no wildcard), which matches only itself. `/*` has 1: it matches every path.
 */
export function pathSpecificity(path: string): number {
  const wildcard = path.search(/[*?]/);
  return wildcard === -1 ? path.length + 1 : wildcard;
}

/** A catch-all path: every request path matches it (`/*`, `*`). */
export const isCatchAllPath = (path: string): boolean => pathSpecificity(path) <= 1;

/** An app whose only path pattern is `/*`. */
export const isCatchAll = (app: AppSpec): boolean => {
  const paths = publicExposure(app)?.paths ?? [];
  return paths.length === 1 && paths[0] === '/*';
};

/** Priorities per host class: explicit hostnames in 1–24999, wildcard hostnames in 25000–49999. */
const HOST_CLASS_WIDTH = 25000;
/** Path tiers per host class, most specific first; the last holds the catch-alls. */
const PATH_TIERS = 24;
/** Priorities per path tier; slot 0 of each is left free. */
const TIER_WIDTH = 1000;
/** Where an app's rules of one band may start: every fifth number, so an app of up to five rules fits its slot. */
const SLOT_STRIDE = 5;
const SLOTS = Math.floor((TIER_WIDTH - 1) / SLOT_STRIDE);

/** Path tier: 0 for a literal prefix of 24 characters or more, … 22 for two, 23 for the catch-alls. */
function pathTier(path: string): number {
  const s = pathSpecificity(path);
  return s <= 1 ? PATH_TIERS - 1 : Math.max(0, PATH_TIERS - s);
}

/** A band: the priorities of one host class and path tier. */
const bandBase = (hostClass: number, tier: number): number =>
  hostClass * HOST_CLASS_WIDTH + tier * TIER_WIDTH;

/** One rule before it has a priority: its band and its conditions. */
interface UnnumberedRule {
  band: number;
  hosts: string[];
  paths: string[];
}

/**
 * Rules of one app, in precedence order: hosts split by class (explicit, wildcard), paths by tier, then each
 * (class, tier) pair chunked so that no rule exceeds the ALB's five condition values, nor a condition its
 * three.
 */
function unnumberedRules(exposure: PublicExposure): UnnumberedRule[] {
  const rules: UnnumberedRule[] = [];
  const hostsByClass = [0, 1].map((c) => exposure.hostnames.filter((h) => Number(isWildcardHost(h)) === c));
  const tiers = [...new Set(exposure.paths.map(pathTier))].sort((a, b) => a - b);
  hostsByClass.forEach((hosts, hostClass) => {
    if (hosts.length === 0) return;
    for (const tier of tiers) {
      const paths = exposure.paths.filter((p) => pathTier(p) === tier);
      const pathsPerRule = Math.min(paths.length, MAX_VALUES_PER_CONDITION);
      const hostsPerRule = Math.min(MAX_VALUES_PER_CONDITION, MAX_CONDITION_VALUES - pathsPerRule);
      for (const pathChunk of chunk(paths, pathsPerRule))
        for (const hostChunk of chunk(hosts, hostsPerRule))
          rules.push({ band: bandBase(hostClass, tier), hosts: hostChunk, paths: pathChunk });
    }
  });
  return rules;
}

/** The slot an app's rules start at in every band: from its name alone. */
function homeSlot(appName: string): number {
  const n = createHash('sha256').update(appName).digest().readUInt32BE(0);
  return 1 + (n % SLOTS) * SLOT_STRIDE;
}

/**
 * Every public app's listener rules with their priorities, by app name. An app with `expose.public.priority`
 * numbers its rules from it, in precedence order (the spec's choice, reserved first). The others are
 * placed band by band in the order of their names: each band's rules of an app take consecutive numbers
 * from its home slot, or the next free run after it within the band.
 */
export function planListenerRules(apps: readonly AppSpec[]): Map<string, ListenerRule[]> {
  const taken = new Set<number>();
  const out = new Map<string, ListenerRule[]>();
  const routed = apps.filter((app) => publicExposure(app) && !app.schedule);
  for (const app of routed) {
    const exposure = publicExposure(app)!;
    if (exposure.priority === undefined) continue;
    const base = exposure.priority;
    const rules = unnumberedRules(exposure).map((r, i) => ({
      priority: base + i,
      hosts: r.hosts,
      paths: r.paths,
    }));
    rules.forEach((r) => taken.add(r.priority));
    out.set(app.name, rules);
  }
  const automatic = routed
    .filter((app) => publicExposure(app)!.priority === undefined)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const app of automatic) {
    const unnumbered = unnumberedRules(publicExposure(app)!);
    const home = homeSlot(app.name);
    const rules: ListenerRule[] = [];
    for (const band of [...new Set(unnumbered.map((r) => r.band))]) {
      const inBand = unnumbered.filter((r) => r.band === band);
      const start = freeRun(taken, band, home, inBand.length);
      inBand.forEach((r, i) => {
        taken.add(start + i);
        rules.push({ priority: start + i, hosts: r.hosts, paths: r.paths });
      });
    }
    out.set(app.name, rules);
  }
  return out;
}

/**
 * The first number from `band + home` on (wrapping within the band) that starts `n` free consecutive numbers
 * inside the band. A band holds 999 numbers and an ALB at most 100 target groups, so one always exists unless
 * an app has hundreds of rules in one band; then it runs past the band, and the rules' check refuses a
 * number already taken or above the maximum.
 */
function freeRun(taken: ReadonlySet<number>, band: number, home: number, n: number): number {
  const free = (start: number) => Array.from({ length: n }, (_, i) => start + i).every((p) => !taken.has(p));
  for (let k = 0; k < TIER_WIDTH - 1; k++) {
    const offset = 1 + ((home - 1 + k) % (TIER_WIDTH - 1));
    if (offset + n - 1 <= TIER_WIDTH - 1 && free(band + offset)) return band + offset;
  }
  return band + home;
}

/** A public app whose hostnames hold a pattern (`*.example.com`): its name, its patterns and its paths. */
export interface WildcardApp {
  app: string;
  patterns: string[];
  paths: string[];
}

/** The public apps with a wildcard hostname, in spec order. */
export function wildcardApps(apps: readonly AppSpec[]): WildcardApp[] {
  return apps.flatMap((app) => {
    const exposure = publicExposure(app);
    if (!exposure || app.schedule) return [];
    const patterns = exposure.hostnames.filter(isWildcardHost);
    return patterns.length > 0 ? [{ app: app.name, patterns, paths: [...exposure.paths] }] : [];
  });
}

/**
 * The wildcard apps whose rules can serve a concrete hostname: a pattern of theirs matches it and the
 * hostname's own apps (`ownPaths`, all their paths) have no catch-all, so a request for a path none of
 * them matches falls through to the wildcard rules (ranked after every explicit host). None for a pattern.
 */
export function wildcardAppsServing(
  wildcards: readonly WildcardApp[],
  hostname: string,
  ownApps: readonly string[],
  ownPaths: readonly string[],
): WildcardApp[] {
  if (isWildcardHost(hostname) || ownPaths.some(isCatchAllPath)) return [];
  return wildcards.filter(
    (w) => !ownApps.includes(w.app) && w.patterns.some((p) => hostPatternMatches(p, hostname)),
  );
}
