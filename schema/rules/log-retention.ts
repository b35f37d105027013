/** Log retention periods, for the apps' logs and the VPC flow logs. */
import { LOG_RETENTION_DAYS, nearestLogRetention } from '../log-retention';
import type { FindingPath, Report } from '../report';

/** CloudWatch accepts only a fixed list of retention periods. */
export function checkLogRetention(r: Report, days: number, path: FindingPath): void {
  if (LOG_RETENTION_DAYS.includes(days)) return;
  r.error(path, 'log-retention', `CloudWatch Logs cannot keep logs for ${days} days`, {
    expected: `one of: ${LOG_RETENTION_DAYS.join(', ')}`,
    hint: `use ${nearestLogRetention(days)}`,
  });
}
