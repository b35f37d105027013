/** The groups an app's tasks carry. */
import type { MigrationSpec } from '../../schema/spec';
import { PUBLIC_SG_KEY, INTERNAL_SG_KEY, appKey, APPS_SG_KEY } from '../group-keys';

/** The groups an app's tasks carry (services and scheduled tasks alike): at most 3 of the 5 an ENI takes. */
export function taskSecurityGroupKeys(app: MigrationSpec['apps'][number]): string[] {
  const exposure = app.expose && 'public' in app.expose ? [PUBLIC_SG_KEY] : [];
  if (app.expose && 'internal' in app.expose) exposure.push(INTERNAL_SG_KEY);
  return [appKey(app.name), APPS_SG_KEY, ...exposure];
}
