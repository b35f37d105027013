/**
 * The ALB listener rules the public apps get (schema/inventory/listener-rules.ts, which the compiler plans
 * with too) take distinct priorities, none past the ALB's maximum: an explicit `expose.public.priority` can
 * run one app's rules into another's, or past 50,000. Located at the later app's priority; over a spec
 * whose names resolve (rules/index.ts).
 */
import { MAX_RULE_PRIORITY, planListenerRules, publicExposure } from '../inventory/listener-rules';
import type { Report } from '../report';
import type { MigrationSpec } from '../spec';

export function checkListenerRules(r: Report, spec: MigrationSpec): void {
  const planned = planListenerRules(spec.apps);
  const owners = new Map<number, string>();
  spec.apps.forEach((app, index) => {
    const exposure = publicExposure(app);
    // A scheduled app serves no traffic (schedule-exposed refuses one with expose).
    if (!exposure || app.schedule) return;
    for (const rule of planned.get(app.name) ?? []) {
      const other = owners.get(rule.priority);
      if (other || rule.priority > MAX_RULE_PRIORITY) {
        r.error(
          ['apps', index, 'expose', 'public', 'priority'],
          'apps/invalid',
          other
            ? `listener rule priority ${rule.priority} of ${app.name} is already used by ${other}`
            : `listener rule priority ${rule.priority} of ${app.name} is above the ALB's maximum ${MAX_RULE_PRIORITY}`,
        );
        return; // one error per app: its later rules follow from the same priority
      }
      owners.set(rule.priority, app.name);
    }
  });
}
