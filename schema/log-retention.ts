/**
 * The retention periods CloudWatch Logs accepts (days); any other value fails at apply time.
 * Source: CloudWatch Logs API reference, PutRetentionPolicy / LogGroup `retentionInDays`
 * ("Possible values are: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192,
 * 2557, 2922, 3288, and 3653").
 */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** The smallest accepted value ≥ days (never keep logs shorter than asked), or the largest. */
export function nearestLogRetention(days: number): number {
  return LOG_RETENTION_DAYS.find((d) => d >= days) ?? LOG_RETENTION_DAYS[LOG_RETENTION_DAYS.length - 1];
}
