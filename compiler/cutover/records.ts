/** The weighted records and health checks the cutover stack holds at a phase, and their logical-id keys. */
import { uniqueKeys } from '../../schema/facts/aws-names';
import type { CutoverHostname, HealthCheckPlan, PhaseState, Ref, Value, WeightedRecordPlan } from '../model';
import { type ResolvedHealthCheck, healthCheckFor, perAppHostHeaders, plannedChecks } from './health-checks';
import { weightsFor } from './weights';

export const AWS_SET_ID = 'aws';

export const DO_SET_ID_PREFIX = 'digitalocean';

/** The weighted records and health checks the cutover stack holds at phase `phase`. */
export function cutoverStateAt(
  hostnames: CutoverHostname[],
  phase: number,
  ttl: number,
  hc: ResolvedHealthCheck,
  alias: { name: Value; zoneId: Ref<'aws_lb'>; healthCheckOf: (hostname: string) => string },
): PhaseState {
  const records: WeightedRecordPlan[] = [];
  // One check per key: the rules refused keys that two (hostname, endpoint, family) would share
  // (schema/rules/cutover.ts).
  const checks = new Map<string, HealthCheckPlan>();
  const movedFrom = perAppMoves(hostnames);
  const recordKey = weightedRecordKeys(hostnames);
  for (const planned of plannedChecks(hostnames)) {
    const { hostname: h, type, endpoint: e } = planned;
    const weights = weightsFor(phase, h.endpoints.length);
    if (weights.each > 0) {
      if (!checks.has(planned.key)) {
        const check = healthCheckFor(planned, hc);
        const from = movedFrom.get(planned.key);
        checks.set(planned.key, from === undefined ? check : { ...check, movedFrom: from });
      }
      const setIdentifier = `${DO_SET_ID_PREFIX}-${e.name}`;
      records.push({
        key: recordKey(h.hostname, type, setIdentifier),
        zoneId: h.zoneId,
        name: h.hostname,
        type,
        setIdentifier,
        weight: weights.each,
        ttl,
        records: [type === 'A' ? e.ipv4 : (e.ipv6 as string)],
        healthCheck: planned.key,
      });
    }
    // The AWS record follows the type's last DigitalOcean record (every cutover hostname has an endpoint).
    if (weights.aws > 0 && e === h.endpoints[h.endpoints.length - 1]) {
      records.push({
        key: recordKey(h.hostname, type, AWS_SET_ID),
        zoneId: h.zoneId,
        name: h.hostname,
        type,
        setIdentifier: AWS_SET_ID,
        weight: weights.aws,
        // The hostname's own health (its apps' alarms: health-signal.ts), not the shared ALB's.
        healthCheck: alias.healthCheckOf(h.hostname),
        alias: { name: alias.name, zoneId: alias.zoneId, evaluateTargetHealth: false },
      });
    }
  }
  return { records, healthChecks: [...checks.values()] };
}

/**
 * Where each per-hostname check's state comes from when the checks were per app (`health-<app>-<endpoint>`,
 * one check for all of an app's hostnames, sending the app's first concrete hostname): each per-app key
 * moves to the check of that hostname, else of the first hostname that used it; the other hostnames' checks
 * are new. Keyed by the new key; none where the key did not change.
 */
function perAppMoves(hostnames: CutoverHostname[]): Map<string, string> {
  const hostHeaders = perAppHostHeaders(hostnames);
  const target = new Map<string, { key: string; preferred: boolean }>();
  for (const planned of plannedChecks(hostnames)) {
    const preferred = hostHeaders.get(planned.hostname.app) === planned.hostname.hostname;
    const current = target.get(planned.perAppKey);
    if (!current || (preferred && !current.preferred))
      target.set(planned.perAppKey, { key: planned.key, preferred });
  }
  const out = new Map<string, string>();
  for (const [from, { key }] of target) if (from !== key) out.set(key, from);
  return out;
}

/**
 * The logical-id key of each weighted record any phase can hold (`*` reads `wildcard`), from every hostname,
 * type and set identifier at once, so a key never depends on the phase; uniqueKeys adds a hash where two
 * records would meet (`*.x` and `wildcard.x`).
 */
function weightedRecordKeys(
  hostnames: CutoverHostname[],
): (hostname: string, type: string, setId: string) => string {
  const name = (hostname: string, type: string, setId: string) =>
    `${hostname}-${type}-${setId}`.toLowerCase();
  const names = hostnames.flatMap((h) =>
    h.types.flatMap((type) =>
      [...h.endpoints.map((e) => `${DO_SET_ID_PREFIX}-${e.name}`), AWS_SET_ID].map((id) =>
        name(h.hostname, type, id),
      ),
    ),
  );
  const keys = uniqueKeys(names, (n) => n.replace(/\*/g, 'wildcard').replace(/[^a-z0-9-]+/g, '-'));
  return (hostname, type, setId) => keys.get(name(hostname, type, setId))!;
}
