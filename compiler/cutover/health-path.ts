/**
 * The path each hostname's DigitalOcean-side checks request. A droplet serves its app's health route, not
 * another app's: `cutover.healthCheck.path: /up` (Laravel's) on a Django app's droplets gets a 404, the check
 * fails, and Route 53 stops answering the droplets' records (it answers only healthy records when some are
 * healthy: "How Amazon Route 53 chooses records when health checking is configured"), so from the first
 * split phase the hostname sends everyone to AWS and cannot fail back. So the path is per hostname: the
 * health path of the app that answers there, the global path only an explicit override.
 */
import { findByName } from '../../schema/inventory/by-name';
import { healthApp, hostnamePath, overridePath, ownPath } from '../../schema/inventory/health-target';
import type { CutoverSpec, MigrationSpec } from '../../schema/spec';
import type { Decision } from '../model';
import type { CutoverHostname } from '../model/cutover';
import type { Finding } from '../findings';

export { hostnamePath, overridePath };

/** The decision listing each weighted hostname's check path and where it comes from. */
export function hostnamePathDecision(
  spec: MigrationSpec,
  cutover: CutoverSpec,
  hostnames: CutoverHostname[],
): Decision {
  return {
    subject: 'cutover.healthCheck.path',
    choice: hostnames
      .map((h) => {
        const p = hostnamePath(spec, cutover, h);
        return `${h.hostname}: ${p.path} (${p.because})`;
      })
      .join('; '),
    rule:
      'each hostname’s DigitalOcean-side checks request the health path of the app answering there (of apps ' +
      'sharing it by path, the one serving its default route, as a request for / reaches it), since a path ' +
      'the droplets do not serve fails the check and Route 53 then answers only the aws record: no traffic ' +
      'left on DigitalOcean and no failback. cutover.healthCheck.path, when set (not /), overrides every ' +
      'hostname’s',
  };
}

/**
 * A warning where an explicit `cutover.healthCheck.path` differs from the health path an app behind a
 * weighted hostname names: that app's droplets may not serve it, and a check that always fails takes the
 * DigitalOcean side out of DNS. One warning, at the path, listing them.
 */
export function overrideWarning(
  spec: MigrationSpec,
  cutover: CutoverSpec,
  hostnames: CutoverHostname[],
): Finding[] {
  const override = overridePath(cutover);
  if (override === undefined) return [];
  const differing = new Map<string, string[]>();
  for (const h of hostnames) {
    const { app } = healthApp(spec, h);
    const own = ownPath(app);
    if (own === undefined || own === override) continue;
    differing.set(app.name, [...(differing.get(app.name) ?? []), h.hostname]);
  }
  if (differing.size === 0) return [];
  const list = [...differing].map(
    ([app, names]) => `app ${app} (${names.join(', ')}) names ${ownPath(findByName(spec.apps, app)!)}`,
  );
  return [
    {
      severity: 'warning',
      code: 'cutover/health-path-override',
      path: ['cutover', 'healthCheck', 'path'],
      message:
        `cutover.healthCheck.path ${override} is requested from every hostname's DigitalOcean side, but ` +
        `${list.join('; ')} as its health path: where its droplets do not serve ${override}, the check ` +
        'always fails and Route 53 answers only the aws record from the first split phase (no failback)',
      hint:
        'leave cutover.healthCheck.path out so each hostname is checked on its app’s own healthCheckPath, ' +
        `or make sure every droplet serves ${override}`,
    },
  ];
}
