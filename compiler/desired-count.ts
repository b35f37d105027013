/** How many tasks a long-running app starts with, and the rule that says so (one place for apps and lints). */
import type { AppSpec } from '../schema/spec';

export function desiredCountOf(app: AppSpec): { count: number; rule: string } {
  if (app.desiredCount !== undefined)
    return { count: app.desiredCount, rule: 'apps[].desiredCount in migration.yaml' };
  if (app.scaling)
    return {
      count: app.scaling.min,
      rule: 'apps[].scaling.min in migration.yaml (autoscaling takes it from there)',
    };
  return {
    count: Math.max(app.droplets.length, 1),
    rule: 'default: as many tasks as the app has droplets today (at least one)',
  };
}
