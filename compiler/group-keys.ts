/**
 * The security groups' keys: the shared groups and one per app, database and cache. The security part makes
 * the groups, the network part places the VPC endpoints in theirs, and the plan report draws them.
 */
import type { ExternalEndpoint } from './model';

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

export const dbKey = (db: string) => `db-${db}`;

export const cacheKey = (cache: string) => `cache-${cache}`;

/** The security-group key of the interface endpoints (only with `nat: none`). */
export const ENDPOINTS_SG_KEY = 'vpce';
