/**
 * The ALB listener rules the spec's public apps get: host × path conditions within the ALB's limits, and
 * base priorities that stay stable as apps are added. The rules check that no two rules share a priority
 * and none passes the ALB's maximum; the compiler plans the same rules.
 */
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

/**
 * Listener rules of one app: host × path conditions split so that no rule exceeds the ALB's five condition
 * values, nor a condition its three, numbered from the app's base priority (`expose.public.priority`, else 100 × its position in
 * `apps`), so adding an app at the end never renumbers the others.
 */
export function listenerRules(exposure: PublicExposure, basePriority: number): ListenerRule[] {
  const pathsPerRule = Math.min(exposure.paths.length, MAX_VALUES_PER_CONDITION);
  const hostsPerRule = Math.min(MAX_VALUES_PER_CONDITION, MAX_CONDITION_VALUES - pathsPerRule);
  const rules: ListenerRule[] = [];
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
