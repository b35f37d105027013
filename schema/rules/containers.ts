/**
 * The containers of one task: their images' repositories and secrets resolve (a secret's JSON key among the
 * keys it declares), each port is used once, dependsOn names other containers without a cycle, and one
 * container is essential.
 */
import type { FindingPath, Report } from '../report';
import type { AppSpec, ContainerSpec } from '../spec';
import { didYouMean } from '../suggest';
import { resolve, type Names } from './names';
import type { Used } from './unused';

export function checkContainers(
  r: Report,
  app: AppSpec,
  at: FindingPath,
  containers: Map<string, ContainerSpec>,
  n: Names,
  used: Used,
): void {
  const ports = new Map<number, string>();
  let essential = 0;
  app.containers.forEach((c, i) => {
    const cat = [...at, 'containers', i];
    if (c.essential) essential++;
    if ('repository' in c.image) {
      used.repositories.add(c.image.repository);
      resolve(
        r,
        n.repositories,
        c.image.repository,
        () => [...cat, 'image', 'repository'],
        'ecr.repositories',
      );
    }
    if (c.port !== undefined) {
      const other = ports.get(c.port);
      if (other !== undefined) {
        r.error(
          [...cat, 'port'],
          'duplicate-port',
          `port ${c.port} is already used by container \`${other}\``,
          {
            hint: 'containers in one task share the network namespace: each needs its own port',
          },
        );
      } else ports.set(c.port, c.name);
    }
    for (const [variable, ref] of Object.entries(c.secrets)) {
      const [secretName, jsonKey] = ref.split(':');
      used.secrets.add(secretName);
      const path = [...cat, 'secrets', variable];
      if (!resolve(r, n.secrets, secretName, path, 'secrets')) continue;
      const secret = n.secrets.get(secretName);
      if (jsonKey !== undefined && secret && secret.keys.length > 0 && !secret.keys.includes(jsonKey)) {
        r.error(path, 'unknown-secret-key', `secret \`${secretName}\` has no JSON key \`${jsonKey}\``, {
          expected: `one of: ${secret.keys.join(', ')}`,
          hint: didYouMean(jsonKey, secret.keys),
        });
      }
      if (Object.prototype.hasOwnProperty.call(c.environment, variable)) {
        r.error(
          [...cat, 'environment', variable],
          'env-secret-conflict',
          `${variable} is set both in environment and in secrets`,
          {
            hint: 'keep it only under secrets',
          },
        );
      }
    }
    // An empty name reaches ECS as an environment entry it refuses (and a shell as `=value`).
    for (const field of ['environment', 'secrets'] as const)
      for (const variable of Object.keys(c[field]))
        if (variable.trim() === '')
          r.error([...cat, field, variable], 'env-name-empty', 'an environment variable needs a name', {
            anchor: 'key',
            hint: "write the variable's name before the colon (NAME: value), or remove the entry",
          });
    c.dependsOn.forEach((dep, j) => {
      const path = [...cat, 'dependsOn', j, 'container'];
      if (dep.container === c.name) {
        r.error(path, 'self-dependency', `container \`${c.name}\` depends on itself`);
      } else {
        resolve(r, containers, dep.container, path, `apps[${at[1] as number}].containers`);
      }
    });
  });
  if (essential === 0) {
    r.error(
      [...at, 'containers'],
      'no-essential-container',
      `app \`${app.name}\` has no essential container`,
      {
        hint: 'ECS needs at least one container with essential: true (the default)',
      },
    );
  }
  checkDependencyCycle(r, app, at, containers);
}
function checkDependencyCycle(
  r: Report,
  app: AppSpec,
  at: FindingPath,
  containers: Map<string, ContainerSpec>,
): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): string[] | undefined => {
    const s = state.get(name);
    if (s === 'done') return undefined;
    if (s === 'visiting') return [...trail.slice(trail.indexOf(name)), name];
    state.set(name, 'visiting');
    for (const dep of containers.get(name)?.dependsOn ?? []) {
      if (dep.container === name || !containers.has(dep.container)) continue;
      const cycle = visit(dep.container, [...trail, name]);
      if (cycle) return cycle;
    }
    state.set(name, 'done');
    return undefined;
  };
  for (const c of app.containers) {
    const cycle = visit(c.name, []);
    if (cycle) {
      const index = app.containers.findIndex((x) => x.name === cycle[0]);
      r.error(
        [...at, 'containers', index, 'dependsOn'],
        'dependency-cycle',
        `containers depend on each other in a cycle: ${cycle.join(' → ')}`,
        {
          hint: 'ECS starts containers in dependency order; remove one of the dependsOn entries',
        },
      );
      return;
    }
  }
}
