/** A public app's target group on the shared ALB, and its listener rules on the HTTPS listener. */
import { TerraformOutput, type ITerraformDependable } from 'cdktf';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { appId, type AppScope } from './scope';
import type { TargetGroupPlan } from '../../compiler/model';
import { HEALTH_OUTPUT_NAMES } from '../../compiler/cutover';

/** Returns the listener rules: ECS refuses a target group that no listener forwards to, so the service waits for them. */
export function renderTargetGroup(scope: AppScope, tg: TargetGroupPlan): ITerraformDependable[] {
  const { stack, app, refs } = scope;
  const targetGroup = renderTargetGroupResource(scope, tg);
  // Always exported, under a fixed name: the cutover stack's health alarm reads it from 10 % on, so a phase
  // change never changes this stack, and a replaced target group reaches the alarm (docs/cutover.md).
  new TerraformOutput(stack, HEALTH_OUTPUT_NAMES.targetGroupArnSuffix(app.name), {
    value: targetGroup.arnSuffix,
    description: `CloudWatch dimension of the target group of ${app.name} (the cutover health alarm reads it)`,
  });
  // A blue/green app's rules forward to whichever target group CodeDeploy made live: Terraform leaves them.
  const ignoreChanges = app.blueGreen?.listenerRuleIgnoreChanges;
  return app.listenerRules.map(
    (r, i) =>
      new LbListenerRule(stack, appId(scope, `rule-${i}`), {
        listenerArn: refs.resolve(tg.listenerArn),
        priority: r.priority,
        action: [{ type: 'forward', targetGroupArn: targetGroup.arn }],
        condition: [{ hostHeader: { values: r.hosts } }, { pathPattern: { values: r.paths } }],
        ...(ignoreChanges ? { lifecycle: { ignoreChanges: [...ignoreChanges] } } : {}),
        tags: app.tags,
      }),
  );
}

/** The target group itself (a blue/green app has two), providing its ARN, ARN suffix and name. */
export function renderTargetGroupResource(
  { stack, app, refs }: AppScope,
  tg: TargetGroupPlan,
): LbTargetGroup {
  const targetGroup = new LbTargetGroup(stack, tg.address.name, {
    name: tg.name,
    port: tg.port,
    protocol: 'HTTP',
    protocolVersion: tg.protocolVersion,
    targetType: tg.targetType,
    vpcId: refs.resolve(tg.vpcId),
    deregistrationDelay: String(tg.deregistrationDelay),
    healthCheck: {
      enabled: true,
      protocol: 'HTTP',
      port: 'traffic-port',
      path: tg.healthCheck.path,
      matcher: tg.healthCheck.matcher,
      interval: tg.healthCheck.interval,
      timeout: tg.healthCheck.timeout,
      healthyThreshold: tg.healthCheck.healthyThreshold,
      unhealthyThreshold: tg.healthCheck.unhealthyThreshold,
    },
    lifecycle: { createBeforeDestroy: tg.createBeforeDestroy },
    tags: app.tags,
  });
  refs.provide(tg.address, {
    arn: targetGroup.arn,
    arn_suffix: targetGroup.arnSuffix,
    name: targetGroup.name,
  });
  return targetGroup;
}
