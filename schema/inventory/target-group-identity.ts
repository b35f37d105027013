/**
 * What makes a public app's target group the one it is: the port and protocol version the ALB speaks to the
 * exposed container. The AWS provider cannot change either in place (`port` and `protocol_version` force a
 * new `aws_lb_target_group`), so the compiler names the group after them (a change creates the new group
 * before the old goes), and a blue/green app, whose target groups CodeDeploy's service and listener rules
 * keep using, may not change them on a live app (schema/rules/blue-green-edit.ts).
 */
import type { AppSpec } from '../spec';
import { publicExposure, type PublicExposure } from './listener-rules';

/** The ALB target group's `protocol_version`, from the exposed container's `appProtocol`. */
export type TargetProtocolVersion = 'HTTP1' | 'HTTP2' | 'GRPC';

export function targetProtocolVersion(app: AppSpec, exposure: PublicExposure): TargetProtocolVersion {
  const protocol = exposedContainer(app, exposure)?.appProtocol;
  return protocol === 'grpc' ? 'GRPC' : protocol === 'http2' ? 'HTTP2' : 'HTTP1';
}

/** The container `expose.public.container` names. */
export function exposedContainer(app: AppSpec, exposure: PublicExposure) {
  return app.containers.find((c) => c.name === exposure.container);
}

export interface TargetGroupIdentity {
  port: number;
  protocolVersion: TargetProtocolVersion;
}

/** A public app's target group identity; undefined for an app the ALB does not reach. */
export function targetGroupIdentity(app: AppSpec): TargetGroupIdentity | undefined {
  const exposure = publicExposure(app);
  if (!exposure || app.schedule) return undefined;
  return { port: exposure.port, protocolVersion: targetProtocolVersion(app, exposure) };
}
