/**
 * How an app receives traffic: the container and port it names, public hostnames inside declared domains,
 * and no hostname + path or listener priority claimed by two apps.
 */
import { formatPath } from '../diagnostics';
import type { FindingPath, Report } from '../report';
import type { AppSpec } from '../spec';
import { resolve, type Names } from './names';
import type { Used } from './unused';

/** The routes and explicit priorities the apps claimed so far, and the declared domains. */
export interface RouteTable {
  domains: ReadonlySet<string>;
  routes: Map<string, FindingPath>;
  priorities: Map<number, FindingPath>;
}

export const newRouteTable = (n: Names): RouteTable => ({
  domains: new Set(n.domains.keys()),
  routes: new Map(),
  priorities: new Map(),
});

export function checkExposure(
  r: Report,
  app: AppSpec,
  at: FindingPath,
  containers: Map<string, { port?: number }>,
  table: RouteTable,
  used: Used,
): void {
  const expose = app.expose;
  if (expose && 'public' in expose) {
    used.publicApps++;
    const p = expose.public;
    const pat = [...at, 'expose', 'public'];
    checkTarget(r, containers, p.container, p.port, pat);
    p.hostnames.forEach((host, h) => checkHostname(r, host, p.paths, [...pat, 'hostnames', h], at, table));
    if (p.priority !== undefined) {
      const other = table.priorities.get(p.priority);
      if (other) {
        r.error(
          [...pat, 'priority'],
          'duplicate-priority',
          `listener rule priority ${p.priority} is already used by ${formatPath(other)}`,
        );
      } else table.priorities.set(p.priority, at);
    }
  } else if (expose && 'internal' in expose) {
    checkTarget(r, containers, expose.internal.container, expose.internal.port, [
      ...at,
      'expose',
      'internal',
    ]);
  }
}

/** A public hostname: inside a declared domain, and no path of it routed to another app already. */
function checkHostname(
  r: Report,
  host: string,
  paths: readonly string[],
  path: FindingPath,
  app: FindingPath,
  { domains, routes }: RouteTable,
): void {
  if (!belongsToDomain(host, domains)) {
    r.error(
      path,
      'hostname-domain',
      `hostname \`${host}\` is not in any domain declared under digitalocean.domains`,
      {
        expected: domains.size ? `a name in ${[...domains].join(', ')}` : undefined,
        hint: 'declare its domain under digitalocean.domains (with `dns:` saying where it is hosted today)',
      },
    );
  }
  for (const pattern of paths) {
    const key = `${host} ${pattern}`;
    const other = routes.get(key);
    if (other) {
      r.error(path, 'duplicate-route', `${host}${pattern} is already routed to ${formatPath(other)}`, {
        hint: 'give each app its own hostname or path pattern',
      });
    } else routes.set(key, app);
  }
}

/** The container that receives the traffic: one of the app's, listening on the port the exposure names. */
function checkTarget(
  r: Report,
  containers: Map<string, { port?: number }>,
  name: string,
  port: number,
  at: FindingPath,
): void {
  if (!resolve(r, containers, name, () => [...at, 'container'], 'the app’s containers')) return;
  const target = containers.get(name);
  if (target?.port === undefined) {
    r.error(
      [...at, 'container'],
      'target-without-port',
      `container \`${name}\` has no port to receive traffic`,
      {
        hint: `add \`port: ${port}\` to container ${name}`,
      },
    );
  } else if (target.port !== port) {
    r.error([...at, 'port'], 'target-port', `container \`${name}\` listens on ${target.port}, not ${port}`, {
      expected: String(target.port),
    });
  }
}

/** `host` is a declared domain or a name under one (a wildcard `*.` stands for a name under it). */
function belongsToDomain(host: string, domains: ReadonlySet<string>): boolean {
  const labels = host.replace(/^\*\./, '').split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    if (domains.has(labels.slice(i).join('.'))) return true;
  }
  return false;
}
