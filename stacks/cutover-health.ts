/**
 * The AWS side's health in the cutover stack (plan.cutover.awsHealth): the CALCULATED checks (a blue/green
 * app's "either target group", a shared hostname's "all apps"). Each app's alarm and CLOUDWATCH_METRIC check
 * live in the stack of its target group (stacks/apps/route53-health.ts); their ids are read from its state.
 * Returns every check's id by key, for the `aws` records.
 */
import type { TerraformStack } from 'cdktf';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import type { AwsHealthPlan } from '../compiler/model/health-signal';
import type { Value } from '../compiler/model/refs';
import { ref } from '../compiler/refs';

export function renderAwsHealth(
  stack: TerraformStack,
  health: AwsHealthPlan,
  resolve: (value: Value) => string,
): Map<string, string> {
  const ids = new Map<string, string>();
  for (const { check } of health.apps) ids.set(check.key, resolve(ref(check.address, 'id')));
  const calculated = [...(health.either ?? []), ...health.hostnames.flatMap((h) => h.calculated ?? [])];
  for (const c of calculated)
    ids.set(
      c.key,
      new Route53HealthCheck(stack, `health-${c.key}`, {
        type: 'CALCULATED',
        childHealthchecks: c.children.map((key) => ids.get(key) as string),
        childHealthThreshold: c.threshold,
        tags: { Name: c.name },
        lifecycle: { createBeforeDestroy: c.createBeforeDestroy },
      }).id,
    );
  return ids;
}
