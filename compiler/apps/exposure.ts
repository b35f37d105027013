/**
 * A public app behind the shared ALB: its target group (HTTP/1.1, HTTP/2 or gRPC to the exposed container,
 * with its health check) and its listener rules, whose priorities come from schema/inventory/listener-rules.ts.
 */
import { awsName, shortHash } from '../../schema/facts/aws-names';
import type { PublicExposure } from '../../schema/inventory/listener-rules';
import { exposedContainer, targetProtocolVersion } from '../../schema/inventory/target-group-identity';
import type { ListenerRulePlan, TargetGroupPlan } from '../model/apps';
import { ref } from '../refs';
import type { AppContext } from './context';

export function targetGroupPlan(
  { ctx, deps, app, keys, platform }: AppContext,
  exposure: PublicExposure,
): TargetGroupPlan {
  const container = exposedContainer(app, exposure);
  const protocolVersion = targetProtocolVersion(app, exposure);
  return {
    // Named after the port and protocol version, which force a new group: the new one is created (under its
    // own name) before the old one goes.
    name: awsName('targetGroup', ctx.prefix, app.name, shortHash(`${exposure.port}/${protocolVersion}`, 4)),
    createBeforeDestroy: true,
    port: exposure.port,
    protocolVersion,
    // The tasks run on Fargate (awsvpc), which registers them by IP only.
    targetType: 'ip',
    vpcId: deps.network.vpcId,
    healthCheck: {
      path: exposure.healthCheckPath ?? '/',
      // gRPC health checks answer gRPC status codes, not HTTP ones: 0 (OK) unless the spec says otherwise.
      matcher:
        container?.appProtocol === 'grpc' && exposure.healthyCodes === '200-399'
          ? '0'
          : exposure.healthyCodes,
      interval: 15,
      timeout: 5,
      healthyThreshold: 2,
      unhealthyThreshold: 3,
    },
    deregistrationDelay: exposure.deregistrationDelay,
    address: keys.addresses.targetGroup,
    listenerArn: ref(platform.httpsListener, 'arn'),
  };
}

export function listenerRulesPlan(
  { app, listenerRules: rules, decisions }: AppContext,
  exposure: PublicExposure,
): ListenerRulePlan[] {
  decisions.push({
    subject: `apps.${app.name}.listenerRules`,
    choice: rules.map((r) => `${r.priority}: ${r.hosts.join(' ')} ${r.paths.join(' ')}`).join('; '),
    rule:
      exposure.priority !== undefined
        ? 'priority from expose.public.priority; at most 5 host/path values per rule'
        : 'by what the rule matches, not the app order: explicit hostnames (1–24999) before wildcard ones (25000–49999), within each the longer literal path prefix first (/* last), in steps of 1000; within that band a slot from a hash of the app name, so reordering or adding apps renumbers nothing unless two slots collide; at most 5 host/path values per rule',
  });
  return rules;
}
