/**
 * What the checks take from migration.yaml: the check waivers (`{ check, resource?, reason }`) and the
 * variables waived as no secret (`{ variable, app?, container?, reason }`), keyed by the task definition
 * family that holds them, so DS017 does not flag again what the plan already lists as waived.
 */
import type { CheckWaiverSpec, MigrationSpec } from '../../../schema/spec';
import { literalSecrets } from '../../../schema/secrets/spec-scan';
import type { Plan } from '../../model';
import { plainEnvironmentKey } from './iam';
import { analyzeReachability, type ReachabilityReport } from '../reachability';

export function checkInputs(
  spec: MigrationSpec,
  plan: Plan,
): {
  production: boolean;
  waivers: CheckWaiverSpec[];
  plainEnvironment: ReadonlySet<string>;
  reachability: ReachabilityReport;
} {
  const families = new Map(plan.apps.apps.map((a) => [a.name, a.taskDefinition.family]));
  const plainEnvironment = new Set<string>();
  for (const w of literalSecrets(spec).waived) {
    const family = families.get(w.app);
    if (family !== undefined) plainEnvironment.add(plainEnvironmentKey(family, w.container, w.variable));
  }
  return {
    production: plan.meta.production,
    waivers: spec.waivers.filter((w): w is CheckWaiverSpec => 'check' in w),
    plainEnvironment,
    reachability: analyzeReachability(spec, plan),
  };
}
