/**
 * A public ALB whose access logs the spec turns off (`aws.loadBalancer.accessLogs.enabled: false`): in
 * production that is an explicit opt-out of the default, and the lints warn about it.
 */
import { accessLogsOf, hasAlb } from '../../schema/inventory/access-logs';
import type { MigrationSpec } from '../../schema/spec';

export function accessLogsOptedOut(spec: MigrationSpec): boolean {
  const logs = accessLogsOf(spec);
  return !logs.on && logs.optedOut && hasAlb(spec);
}
