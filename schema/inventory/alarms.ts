/** Questions about the spec's alarm settings that parts other than the alarms part ask. */
import type { MigrationSpec } from '../spec';

/** dropship creates the alarm topic (encrypted with the environment key) when alarms mail `notify.emails`. */
export function createsAlarmTopic(spec: MigrationSpec): boolean {
  const { alarms } = spec.aws;
  return alarms.enabled && !!alarms.notify && 'emails' in alarms.notify;
}
