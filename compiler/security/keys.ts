/**
 * The security groups' keys: the shared groups, one per app, database and cache, and the groups an app's
 * tasks carry.
 */
import type { MigrationSpec } from '../../schema/spec';
import type { ExternalEndpoint } from '../model';

/** The one `ExternalEndpoint`: the end of an edge that is not a security group. */
export const INTERNET: ExternalEndpoint = 'internet';

/** The ALB's group. */
export const ALB_SG_KEY = 'alb';

/** The DMS replication instance's group. */
export const DMS_SG_KEY = 'dms';

/** Attached to every app task: the caller side of internal calls and the HTTPS egress. */
export const APPS_SG_KEY = 'apps';

/** Attached to every public app's task: the destination the ALB egresses to on the public ports. */
export const PUBLIC_SG_KEY = 'public';

/** Attached to every internal app's task: the destination `apps` egresses to on the internal ports. */
export const INTERNAL_SG_KEY = 'internal';

export const appKey = (app: string) => `app-${app}`;

/** The groups an app's tasks carry (services and scheduled tasks alike): at most 3 of the 5 an ENI takes. */
export function taskSecurityGroupKeys(app: MigrationSpec['apps'][number]): string[] {
  const exposure = app.expose && 'public' in app.expose ? [PUBLIC_SG_KEY] : [];
  if (app.expose && 'internal' in app.expose) exposure.push(INTERNAL_SG_KEY);
  return [appKey(app.name), APPS_SG_KEY, ...exposure];
}

export const dbKey = (db: string) => `db-${db}`;

export const cacheKey = (cache: string) => `cache-${cache}`;
