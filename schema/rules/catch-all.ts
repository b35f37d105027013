/**
 * A hostname that answers something today and whose apps on the ALB have no catch-all path (`/*`): on
 * DigitalOcean its droplets (or load balancer) took every path, on AWS a path no rule matches gets the
 * listener's default answer, a 404. A warning, not an error: a name may serve only an API on purpose. The
 * wildcard apps that can serve the name count (schema/inventory/listener-rules.ts). Located at the hostname
 * in each of its apps' `hostnames`: the first one's.
 */
import { hostnameSides } from '../inventory/hostnames';
import { isCatchAllPath, wildcardApps, wildcardAppsServing } from '../inventory/listener-rules';
import type { Report } from '../report';
import type { MigrationSpec } from '../spec';

export function checkCatchAll(r: Report, spec: MigrationSpec): void {
  const wildcards = wildcardApps(spec.apps);
  for (const side of hostnameSides(spec)) {
    if (side.newName) continue;
    const names = side.apps.map((a) => a.app);
    const ownPaths = side.apps.flatMap((a) => a.paths);
    const serving = [
      ...ownPaths,
      ...wildcardAppsServing(wildcards, side.hostname, names, ownPaths).flatMap((w) => w.paths),
    ];
    if (serving.some(isCatchAllPath)) continue;
    r.warn(
      side.apps[0].path,
      'alb-no-catch-all',
      `${side.hostname} answers today, and on AWS only the paths ${[...new Set(serving)].join(', ')} reach an app: the ALB answers any other path with 404, where DigitalOcean served it`,
      {
        expected: `a /* path for ${side.hostname}`,
        hint: `add "/*" to the paths of the app that should answer the rest of ${side.hostname} (${names.join(' or ')}), or keep the 404s if nothing else was served there`,
      },
    );
  }
}
