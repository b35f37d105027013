/**
 * Each app: its references to the inventory and the data tier, its containers and task size, scaling,
 * schedule, exposure and volumes, in that order. What the apps use is collected for rules/unused.ts.
 */
import type { FindingPath, Report } from '../report';
import type { AppSpec, MigrationSpec } from '../spec';
import { checkContainers } from './containers';
import { checkContainerUses } from './container-uses';
import { checkEgress } from './egress';
import { checkExposure, newRouteTable } from './exposure';
import { checkLogRetention } from './log-retention';
import { indexNames, resolve, type Names } from './names';
import { checkTaskSize } from './task-size';
import { nothingUsed, type Used } from './unused';

export function checkApps(r: Report, spec: MigrationSpec, n: Names): Used {
  const used = nothingUsed();
  const routes = newRouteTable(n);
  const aurora = new Set(spec.databases.filter((d) => d.aurora).map((d) => d.name));
  const isAurora = (database: string) => aurora.has(database);
  spec.apps.forEach((app, a) => {
    const at = ['apps', a];
    checkAppReferences(r, app, at, n, used);
    const containers = indexNames(r, app.containers, [...at, 'containers'], 'container');
    checkLogRetention(r, app.logRetentionDays, [...at, 'logRetentionDays']);
    checkContainers(r, app, at, containers, n, used);
    checkContainerUses(r, app, at, isAurora);
    checkTaskSize(r, app, at);
    checkScaling(r, app, at);
    checkExposure(r, app, at, containers, routes, used);
    checkEgress(r, spec, app, at);
    indexNames(r, app.volumes, [...at, 'volumes'], 'volume');
    app.volumes.forEach((v, j) => {
      const vat = [...at, 'volumes', j];
      resolve(r, containers, v.container, () => [...vat, 'container'], `apps[${a}].containers`);
      if (v.from) resolve(r, n.volumes, v.from, () => [...vat, 'from'], 'digitalocean.volumes');
      if (v.from && v.dropletPath)
        r.error(
          [...vat, 'dropletPath'],
          'volume-two-sources',
          `volume \`${v.name}\` has both from and dropletPath`,
          {
            hint: "from: a DigitalOcean volume; dropletPath: a folder on the droplet's own disk. Keep the one its files are on",
          },
        );
    });
  });
  return used;
}

/** The droplets and load balancer it runs on today, the databases and caches it uses. */
function checkAppReferences(r: Report, app: AppSpec, at: FindingPath, n: Names, used: Used): void {
  app.droplets.forEach((name, j) => {
    used.droplets.add(name);
    resolve(r, n.droplets, name, () => [...at, 'droplets', j], 'digitalocean.droplets');
  });
  if (app.loadBalancer) {
    resolve(
      r,
      n.loadBalancers,
      app.loadBalancer,
      () => [...at, 'loadBalancer'],
      'digitalocean.loadBalancers',
    );
  }
  app.uses.databases.forEach((name, j) => {
    used.databases.add(name);
    resolve(r, n.databases, name, () => [...at, 'uses', 'databases', j], 'databases');
  });
  app.uses.caches.forEach((name, j) => {
    used.caches.add(name);
    resolve(r, n.caches, name, () => [...at, 'uses', 'caches', j], 'caches');
  });
}

/** Scaling bounds, the desired count within them, and what a schedule rules out. */
function checkScaling(r: Report, app: AppSpec, at: FindingPath): void {
  if (app.scaling && app.scaling.min > app.scaling.max) {
    r.error(
      [...at, 'scaling', 'min'],
      'scaling-range',
      `scaling.min (${app.scaling.min}) is greater than scaling.max (${app.scaling.max})`,
    );
  }
  if (
    app.scaling &&
    app.desiredCount !== undefined &&
    (app.desiredCount < app.scaling.min || app.desiredCount > app.scaling.max)
  ) {
    r.error(
      [...at, 'desiredCount'],
      'desired-count',
      `desiredCount ${app.desiredCount} is outside scaling ${app.scaling.min}–${app.scaling.max}`,
    );
  }
  if (app.schedule && app.expose) {
    r.error(
      [...at, 'expose'],
      'schedule-exposed',
      `app \`${app.name}\` runs on a schedule and cannot also be exposed`,
      {
        hint: 'a scheduled task starts, works and exits; serve traffic from a separate app without `schedule`',
      },
    );
  }
  if (app.schedule && app.scaling) {
    r.warn(
      [...at, 'scaling'],
      'schedule-scaling',
      'scaling has no effect on a scheduled app (it runs one task per schedule)',
    );
  }
}
