/**
 * The ALB's access logs as the spec asks for them, defaults applied: the rules and the apps part read one
 * answer. On by default in production, in a bucket dropship creates; off by default elsewhere.
 */
import type { MigrationSpec } from '../spec';
import { publicExposure } from './listener-rules';
import { isProductionSpec } from './production';

/** The spec name of the bucket dropship creates: its S3 name is `<project>-<environment>-alb-logs`. */
export const ACCESS_LOG_BUCKET_NAME = 'alb-logs';
/** The key prefix in the bucket dropship creates (Elastic Load Balancing adds `AWSLogs/...` after it). */
export const DEFAULT_ACCESS_LOG_PREFIX = 'alb';
/** Days a log object is kept by default: a quarter covers the post-migration review and an incident's look back. */
export const DEFAULT_ACCESS_LOG_EXPIRATION_DAYS = 90;

export type AccessLogs =
  | {
      on: false;
      /** `enabled: false` written in the spec (not merely the non-production default). */
      optedOut: boolean;
    }
  | { on: true; bucket: { existing: string }; prefix?: string }
  | { on: true; bucket: 'created'; prefix: string; expirationDays: number };

type Spec = Pick<MigrationSpec, 'aws' | 'production' | 'environment'>;

export function accessLogsOf(spec: Spec): AccessLogs {
  const asked = spec.aws.loadBalancer.accessLogs;
  const on = asked?.enabled ?? (asked?.bucket !== undefined || isProductionSpec(spec));
  if (!on) return { on: false, optedOut: asked?.enabled === false };
  if (asked?.bucket !== undefined)
    return {
      on: true,
      bucket: { existing: asked.bucket },
      ...(asked.prefix ? { prefix: asked.prefix } : {}),
    };
  return {
    on: true,
    bucket: 'created',
    prefix: asked?.prefix ?? DEFAULT_ACCESS_LOG_PREFIX,
    expirationDays: asked?.expirationDays ?? DEFAULT_ACCESS_LOG_EXPIRATION_DAYS,
  };
}

/** Whether the environment has the shared ALB: some long-running app is public. */
export function hasAlb(spec: Pick<MigrationSpec, 'apps'>): boolean {
  return spec.apps.some((a) => publicExposure(a) !== undefined && !a.schedule);
}
