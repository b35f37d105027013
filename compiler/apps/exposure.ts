/**
 * A public app behind the shared ALB: its target group (HTTP/1.1, HTTP/2 or gRPC to the exposed container,
 * with its health check) and its listener rules, whose priorities come from schema/inventory/listener-rules.ts.
 */
import { awsName, shortHash } from '../../schema/facts/aws-names';
import { listenerRules, type PublicExposure } from '../../schema/inventory/listener-rules';
import type { ListenerRulePlan, TargetGroupPlan } from '../model/apps';
import { ref } from '../refs';
import type { AppContext } from './context';

export function targetGroupPlan(
  { ctx, deps, app, keys, platform }: AppContext,
  exposure: PublicExposure,
): TargetGroupPlan {
  const container = app.containers.find((c) => c.name === exposure.container);
  const protocolVersion =
    container?.appProtocol === 'grpc' ? 'GRPC' : container?.appProtocol === 'http2' ? 'HTTP2' : 'HTTP1';
  return {
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
  { app, basePriority, decisions }: AppContext,
  exposure: PublicExposure,
): ListenerRulePlan[] {
  const rules = listenerRules(exposure, basePriority);
  decisions.push({
    subject: `apps.${app.name}.listenerRules`,
    choice: rules.map((r) => `${r.priority}: ${r.hosts.join(' ')} ${r.paths.join(' ')}`).join('; '),
    rule:
      exposure.priority !== undefined
        ? 'priority from expose.public.priority; at most 5 host/path values per rule'
        : '100 × position among the public apps (+30000 when the only path is /*, so specific paths match first); at most 5 host/path values per rule',
  });
  return rules;
}
