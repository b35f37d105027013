/**
 * Cross-field rules: what zod cannot see field by field. They run on a spec that already passed zod, each
 * with its own code and message, located at the offending node. Every rule is linear in the size of the
 * spec (names are looked up in maps), so a 1,000-app file validates in milliseconds.
 */
import type { MigrationSpec } from './spec';
import { formatPath, type Finding } from './diagnostics';
import { Report, type FindingPath } from './report';
import { didYouMean } from './suggest';
import { containsCidr, normalized, overlaps, parseCidr, type Cidr } from './cidr';
import { literalSecrets } from './secrets/spec-scan';
import { LOG_RETENTION_DAYS, nearestLogRetention } from './log-retention';
import {
  FARGATE_CPU_OPTIONS,
  describeFargateMemory,
  isValidFargatePair,
  smallestFargatePairAtLeast,
  FARGATE_MAX,
} from './facts/fargate';
import {
  CACHE_ENGINE_VERSIONS,
  DO_TO_CACHE_DEFAULT,
  DO_TO_RDS_DEFAULT,
  RDS_ENGINE_VERSIONS,
  findCacheVersion,
  findRdsVersion,
  majorOf,
} from './facts/engine-versions';

type Path = FindingPath;

/** name → index of its first occurrence; reports later duplicates at their `name`. */
function indexNames<T extends { name: string }>(
  r: Report,
  items: readonly T[],
  at: Path,
  what: string,
): Map<string, T> {
  const byName = new Map<string, T>();
  const firstIndex = new Map<string, number>();
  items.forEach((item, i) => {
    const first = firstIndex.get(item.name);
    if (first !== undefined) {
      r.error([...at, i, 'name'], 'duplicate-name', `duplicate ${what} name \`${item.name}\``, {
        hint: `it is already used by ${formatPath([...at, first])}; names must be unique`,
      });
    } else {
      firstIndex.set(item.name, i);
      byName.set(item.name, item);
    }
  });
  return byName;
}

/** Reports `name` at `path` unless `known` has it, with a did-you-mean among the known names. */
function resolve(
  r: Report,
  known: ReadonlyMap<string, unknown>,
  name: string,
  at: Path | (() => Path),
  where: string,
): boolean {
  if (known.has(name)) return true;
  // The path is built only for a failure: most references resolve, and 1,000-app files have thousands.
  const path = typeof at === 'function' ? at() : at;
  const suggestion = didYouMean(name, known.keys());
  const declared = [...known.keys()];
  r.error(path, 'unresolved-reference', `\`${name}\` is not declared under ${where}`, {
    expected: declared.length
      ? `one of: ${declared.slice(0, 12).join(', ')}${declared.length > 12 ? ', ...' : ''}`
      : undefined,
    hint: suggestion ?? (declared.length ? undefined : `declare it under ${where} first`),
  });
  return false;
}

export function checkRules(spec: MigrationSpec): Finding[] {
  const r = new Report();
  const names = checkNames(r, spec);
  checkAws(r, spec);
  checkInventory(r, spec, names);
  const used = checkApps(r, spec, names);
  checkDatabases(r, spec, names);
  checkCaches(r, spec, names);
  checkCutover(r, spec);
  checkUnused(r, spec, used);
  // Literal secrets anywhere in the spec (environment, commands, image URIs, free text), and secret waivers.
  r.findings.push(...literalSecrets(spec).findings);
  return r.findings;
}

type Names = ReturnType<typeof checkNames>;

/**
 * A local state directory made only of `.`, `..` and `/` is the folder that holds the synth output, one
 * above it, or `/`: whatever --out is, the state would sit around the folder synth replaces. (A directory
 * that clashes only with one --out is refused by synth, which knows the output folder.)
 */
function checkStateDirectory(r: Report, backend: MigrationSpec['aws']['backend']): void {
  if (backend.type !== 'local') return;
  if (!backend.directory.split(/[\\/]/).every((part) => part === '' || part === '.' || part === '..')) return;
  r.error(
    ['aws', 'backend', 'directory'],
    'backend/state-around-output',
    `the state folder ${JSON.stringify(backend.directory)} holds the synth output folder, which synth replaces whole`,
    {
      expected: 'a folder beside the synth output (a relative path is read from the folder that holds it)',
      hint: 'use terraform-state (the default) or another folder name',
    },
  );
}

function checkNames(r: Report, spec: MigrationSpec) {
  const d = spec.digitalocean;
  return {
    droplets: indexNames(r, d.droplets, ['digitalocean', 'droplets'], 'droplet'),
    volumes: indexNames(r, d.volumes, ['digitalocean', 'volumes'], 'volume'),
    doDatabases: indexNames(r, d.databases, ['digitalocean', 'databases'], 'database'),
    domains: indexNames(r, d.domains, ['digitalocean', 'domains'], 'domain'),
    firewalls: indexNames(r, d.firewalls, ['digitalocean', 'firewalls'], 'firewall'),
    loadBalancers: indexNames(r, d.loadBalancers, ['digitalocean', 'loadBalancers'], 'load balancer'),
    repositories: indexNames(r, spec.ecr.repositories, ['ecr', 'repositories'], 'ECR repository'),
    secrets: indexNames(r, spec.secrets, ['secrets'], 'secret'),
    apps: indexNames(r, spec.apps, ['apps'], 'app'),
    databases: indexNames(r, spec.databases, ['databases'], 'database'),
    caches: indexNames(r, spec.caches, ['caches'], 'cache'),
  };
}

// ------------------------------------------------------------------------------------------------------
// aws: zones and network
// ------------------------------------------------------------------------------------------------------

function checkAws(r: Report, spec: MigrationSpec): void {
  const { region, availabilityZones: zones, network } = spec.aws;
  checkStateDirectory(r, spec.aws.backend);
  const seen = new Set<string>();
  zones.forEach((zone, i) => {
    const path = ['aws', 'availabilityZones', i];
    if (!(zone.startsWith(region) && zone.length === region.length + 1)) {
      r.error(path, 'zone-region', `availability zone \`${zone}\` is not in region ${region}`, {
        expected: `${region}a, ${region}b, ...`,
      });
    }
    if (seen.has(zone)) r.error(path, 'duplicate-zone', `availability zone \`${zone}\` is listed twice`);
    seen.add(zone);
  });
  checkAlarmTopic(r, spec);

  if ('existing' in network) {
    const e = network.existing;
    for (const key of ['publicSubnetIds', 'privateSubnetIds'] as const) {
      if (e[key].length !== zones.length) {
        r.error(
          ['aws', 'network', 'existing', key],
          'subnet-count',
          subnetCountMessage(key, e[key].length, zones.length),
        );
      }
    }
    return;
  }
  const v = network.vpc;
  const base = ['aws', 'network', 'vpc'];
  checkLogRetention(r, v.flowLogs.retentionDays, [...base, 'flowLogs', 'retentionDays']);
  const vpc = checkCidr(r, v.cidr, [...base, 'cidr'], 16, 28);
  const all: { cidr: Cidr; path: Path }[] = [];
  for (const key of ['publicSubnets', 'privateSubnets'] as const) {
    if (v[key].length !== zones.length) {
      r.error([...base, key], 'subnet-count', subnetCountMessage(key, v[key].length, zones.length));
    }
    v[key].forEach((text, i) => {
      const path = [...base, key, i];
      const cidr = checkCidr(r, text, path, 16, 28);
      if (!cidr) return;
      if (vpc && !containsCidr(vpc, cidr)) {
        r.error(path, 'subnet-outside-vpc', `subnet ${text} is not inside the VPC CIDR ${v.cidr}`);
        return;
      }
      const clash = all.find((other) => overlaps(other.cidr, cidr));
      if (clash) {
        r.error(
          path,
          'subnet-overlap',
          `subnet ${text} overlaps ${clash.cidr.text} (${formatPath(clash.path)})`,
          {
            hint: 'give every subnet its own address range',
          },
        );
        return;
      }
      all.push({ cidr, path });
    });
  }
  if (v.nat === 'none') {
    r.warn(
      [...base, 'nat'],
      'nat-none',
      'with nat: none, tasks in private subnets have no route to the internet',
      {
        hint: 'they can pull images, write logs and read secrets only through VPC endpoints; choose single or per-az otherwise',
      },
    );
  }
}

/** A CloudWatch alarm notifies only SNS topics of its own region (PutMetricAlarm refuses any other). */
function checkAlarmTopic(r: Report, spec: MigrationSpec): void {
  const { notify } = spec.aws.alarms;
  if (!notify || !('topicArn' in notify)) return;
  const topicRegion = notify.topicArn.split(':')[3];
  if (topicRegion !== spec.aws.region)
    r.error(
      ['aws', 'alarms', 'notify', 'topicArn'],
      'alarm-topic-region',
      `the alarm topic is in ${topicRegion}, the alarms in ${spec.aws.region}: CloudWatch notifies topics of its own region only`,
      {
        expected: `an SNS topic ARN in ${spec.aws.region}`,
        hint: 'use a topic in the same region, or emails: [...]',
      },
    );
}

/** CloudWatch accepts only a fixed list of retention periods. */
function checkLogRetention(r: Report, days: number, path: Path): void {
  if (LOG_RETENTION_DAYS.includes(days)) return;
  r.error(path, 'log-retention', `CloudWatch Logs cannot keep logs for ${days} days`, {
    expected: `one of: ${LOG_RETENTION_DAYS.join(', ')}`,
    hint: `use ${nearestLogRetention(days)}`,
  });
}

function subnetCountMessage(key: string, count: number, zones: number): string {
  return `${key} has ${count} ${count === 1 ? 'entry' : 'entries'} but aws.availabilityZones has ${zones}: give one per zone, in zone order`;
}

function checkCidr(
  r: Report,
  text: string,
  path: Path,
  minPrefix: number,
  maxPrefix: number,
): Cidr | undefined {
  const cidr = parseCidr(text);
  if (!cidr) return undefined; // zod already reported the format
  const fixed = normalized(cidr);
  if (fixed) {
    r.error(path, 'cidr-host-bits', `${text} has host bits set`, { hint: `did you mean ${fixed}?` });
    return undefined;
  }
  if (cidr.prefix < minPrefix || cidr.prefix > maxPrefix) {
    r.error(
      path,
      'cidr-size',
      `${text} is a /${cidr.prefix}; AWS allows /${minPrefix} to /${maxPrefix} here`,
    );
    return undefined;
  }
  return cidr;
}

// ------------------------------------------------------------------------------------------------------
// digitalocean: references inside the inventory
// ------------------------------------------------------------------------------------------------------

function checkInventory(r: Report, spec: MigrationSpec, n: Names): void {
  const d = spec.digitalocean;
  const DROPLETS = 'digitalocean.droplets';
  d.volumes.forEach((v, i) => {
    if (v.droplet)
      resolve(r, n.droplets, v.droplet, () => ['digitalocean', 'volumes', i, 'droplet'], DROPLETS);
  });
  d.databases.forEach((db, i) => {
    if (db.passwordSecret) {
      resolve(
        r,
        n.secrets,
        db.passwordSecret,
        () => ['digitalocean', 'databases', i, 'passwordSecret'],
        'secrets',
      );
    }
    if (db.standbyNodes !== undefined && db.standbyNodes > db.nodes - 1) {
      r.error(
        ['digitalocean', 'databases', i, 'standbyNodes'],
        'standby-nodes',
        `${db.standbyNodes} standby nodes do not fit in a ${db.nodes}-node cluster`,
        {
          expected: `at most nodes - 1 = ${db.nodes - 1}`,
        },
      );
    }
  });
  d.firewalls.forEach((fw, i) => {
    const base = ['digitalocean', 'firewalls', i];
    fw.droplets.forEach((name, j) => resolve(r, n.droplets, name, () => [...base, 'droplets', j], DROPLETS));
    for (const dir of ['inbound', 'outbound'] as const) {
      fw[dir].forEach((rule, k) => {
        for (const side of ['sources', 'destinations'] as const) {
          const ends = rule[side];
          if (!ends) continue;
          const at = [...base, dir, k, side];
          ends.droplets.forEach((name, j) =>
            resolve(r, n.droplets, name, () => [...at, 'droplets', j], DROPLETS),
          );
          ends.loadBalancers.forEach((name, j) =>
            resolve(
              r,
              n.loadBalancers,
              name,
              () => [...at, 'loadBalancers', j],
              'digitalocean.loadBalancers',
            ),
          );
        }
      });
    }
  });
  d.domains.forEach((domain, i) => {
    // An existing zone only makes sense where it answers for the domain: with DNS at DigitalOcean or an
    // external provider, nobody queries it, and the cutover's weighted records there would move no visitor.
    if (domain.route53ZoneId !== undefined && domain.dns !== 'route53')
      r.error(
        ['digitalocean', 'domains', i, 'route53ZoneId'],
        'dns/zone-id-without-route53',
        `route53ZoneId ${domain.route53ZoneId} is set but ${domain.name} is served by ${domain.dns === 'digitalocean' ? 'DigitalOcean DNS' : 'an external provider'} (dns: ${domain.dns}): ` +
          'the cutover would weight records in a zone that answers no visitor',
        {
          expected: 'route53ZoneId only with dns: route53 (the zone that serves the domain today)',
          hint:
            domain.dns === 'digitalocean'
              ? 'remove route53ZoneId: dropship then creates the zone, copies the records and adds the delegation step'
              : 'remove route53ZoneId (the switch is then done by hand at your provider), or delegate the domain to that zone first and set dns: route53',
        },
      );
  });
  d.loadBalancers.forEach((lb, i) => {
    lb.droplets.forEach((name, j) =>
      resolve(r, n.droplets, name, () => ['digitalocean', 'loadBalancers', i, 'droplets', j], DROPLETS),
    );
  });
}

// ------------------------------------------------------------------------------------------------------
// apps
// ------------------------------------------------------------------------------------------------------

interface Used {
  secrets: Set<string>;
  repositories: Set<string>;
  droplets: Set<string>;
  databases: Set<string>;
  caches: Set<string>;
  publicApps: number;
}

function checkApps(r: Report, spec: MigrationSpec, n: Names): Used {
  const used: Used = {
    secrets: new Set(),
    repositories: new Set(),
    droplets: new Set(),
    databases: new Set(),
    caches: new Set(),
    publicApps: 0,
  };
  const routes = new Map<string, Path>();
  const priorities = new Map<number, Path>();
  const domainNames = new Set(n.domains.keys());

  spec.apps.forEach((app, a) => {
    const at = ['apps', a];
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

    const containers = indexNames(r, app.containers, [...at, 'containers'], 'container');
    checkLogRetention(r, app.logRetentionDays, [...at, 'logRetentionDays']);
    checkContainers(r, app, at, containers, n, used);
    checkTaskSize(r, app, at);

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

    const expose = app.expose;
    if (expose && 'public' in expose) {
      used.publicApps++;
      const p = expose.public;
      const pat = [...at, 'expose', 'public'];
      checkTarget(r, containers, p.container, p.port, pat);
      p.hostnames.forEach((host, h) => {
        if (!belongsToDomain(host, domainNames)) {
          r.error(
            [...pat, 'hostnames', h],
            'hostname-domain',
            `hostname \`${host}\` is not in any domain declared under digitalocean.domains`,
            {
              expected: domainNames.size ? `a name in ${[...domainNames].join(', ')}` : undefined,
              hint: 'declare its domain under digitalocean.domains (with `dns:` saying where it is hosted today)',
            },
          );
        }
        for (const pattern of p.paths) {
          const key = `${host} ${pattern}`;
          const other = routes.get(key);
          if (other) {
            r.error(
              [...pat, 'hostnames', h],
              'duplicate-route',
              `${host}${pattern} is already routed to ${formatPath(other)}`,
              {
                hint: 'give each app its own hostname or path pattern',
              },
            );
          } else routes.set(key, at);
        }
      });
      if (p.priority !== undefined) {
        const other = priorities.get(p.priority);
        if (other) {
          r.error(
            [...pat, 'priority'],
            'duplicate-priority',
            `listener rule priority ${p.priority} is already used by ${formatPath(other)}`,
          );
        } else priorities.set(p.priority, at);
      }
    } else if (expose && 'internal' in expose) {
      checkTarget(r, containers, expose.internal.container, expose.internal.port, [
        ...at,
        'expose',
        'internal',
      ]);
    }

    indexNames(r, app.volumes, [...at, 'volumes'], 'volume');
    app.volumes.forEach((v, j) => {
      const vat = [...at, 'volumes', j];
      resolve(r, containers, v.container, () => [...vat, 'container'], `apps[${a}].containers`);
      if (v.from) resolve(r, n.volumes, v.from, () => [...vat, 'from'], 'digitalocean.volumes');
    });
  });
  return used;
}

function checkTarget(
  r: Report,
  containers: Map<string, { port?: number }>,
  name: string,
  port: number,
  at: Path,
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

function belongsToDomain(host: string, domains: ReadonlySet<string>): boolean {
  const labels = host.replace(/^\*\./, '').split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    if (domains.has(labels.slice(i).join('.'))) return true;
  }
  return false;
}

type App = MigrationSpec['apps'][number];
type Container = App['containers'][number];

function checkContainers(
  r: Report,
  app: App,
  at: Path,
  containers: Map<string, Container>,
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

function checkDependencyCycle(r: Report, app: App, at: Path, containers: Map<string, Container>): void {
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

function checkTaskSize(r: Report, app: App, at: Path): void {
  const size = app.size;
  if (!size) return;
  if (!isValidFargatePair(size.cpu, size.memory)) {
    const cpuOk = FARGATE_CPU_OPTIONS.some((o) => o.cpu === size.cpu);
    const near = smallestFargatePairAtLeast(size.cpu, size.memory) ?? FARGATE_MAX;
    const suggestion = `the nearest valid size is cpu: ${near.cpu}, memory: ${near.memory}`;
    if (!cpuOk) {
      r.error([...at, 'size', 'cpu'], 'fargate-size', `Fargate has no task CPU value ${size.cpu}`, {
        expected: `one of: ${FARGATE_CPU_OPTIONS.map((o) => o.cpu).join(', ')}`,
        hint: suggestion,
      });
    } else {
      r.error(
        [...at, 'size', 'memory'],
        'fargate-size',
        `Fargate does not offer ${size.memory} MiB with ${size.cpu} CPU units`,
        {
          expected: `with cpu ${size.cpu}: ${describeFargateMemory(size.cpu)}`,
          hint: suggestion,
        },
      );
    }
    return;
  }
  const cpu = app.containers.reduce((sum, c) => sum + (c.cpu ?? 0), 0);
  const memory = app.containers.reduce((sum, c) => sum + (c.memory ?? 0), 0);
  if (cpu > size.cpu) {
    r.error(
      [...at, 'size', 'cpu'],
      'container-over-task',
      `the containers reserve ${cpu} CPU units, more than the task's ${size.cpu}`,
    );
  }
  if (memory > size.memory) {
    r.error(
      [...at, 'size', 'memory'],
      'container-over-task',
      `the containers' memory limits add up to ${memory} MiB, more than the task's ${size.memory}`,
    );
  }
}

// ------------------------------------------------------------------------------------------------------
// databases and caches
// ------------------------------------------------------------------------------------------------------

function checkDatabases(r: Report, spec: MigrationSpec, n: Names): void {
  spec.databases.forEach((db, i) => {
    const at = ['databases', i];
    let engine = db.engine;
    let doVersion: string | undefined;
    if (db.from && resolve(r, n.doDatabases, db.from, () => [...at, 'from'], 'digitalocean.databases')) {
      const source = n.doDatabases.get(db.from);
      if (source && source.engine !== 'mysql' && source.engine !== 'pg') {
        r.error(
          [...at, 'from'],
          'wrong-engine',
          `\`${db.from}\` is a ${source.engine} database; RDS targets come from mysql or pg`,
          {
            hint: `move it under caches: (${source.engine} becomes ElastiCache)`,
          },
        );
        return;
      }
      if (source) {
        const sourceEngine = source.engine === 'pg' ? 'postgres' : 'mysql';
        if (engine && engine !== sourceEngine) {
          r.error(
            [...at, 'engine'],
            'wrong-engine',
            `engine ${engine} does not match \`${db.from}\`, which is ${source.engine}`,
            {
              hint: 'dropship moves data within one engine; remove `engine` to inherit it',
            },
          );
          return;
        }
        engine = sourceEngine;
        doVersion = `${source.engine}:${source.version}`;
      }
    } else if (db.from) return;
    if (!engine) {
      r.error(
        [...at, 'engine'],
        'missing-engine',
        `database \`${db.name}\` needs an engine (or \`from\` a DigitalOcean database)`,
        {
          anchor: 'parent',
          expected: 'mysql or postgres',
        },
      );
      return;
    }
    const offered = RDS_ENGINE_VERSIONS.filter((v) => v.engine === engine).map((v) => v.version);
    let entry;
    if (db.version !== undefined) {
      entry = findRdsVersion(engine, majorOf(db.version));
      if (!entry) {
        r.error(
          [...at, 'version'],
          'engine-version',
          `RDS for ${engine} does not offer version ${db.version}`,
          {
            expected: `one of: ${offered.join(', ')}`,
            hint: engine === 'mysql' && db.version === '8' ? 'write "8.0" or "8.4"' : undefined,
          },
        );
        return;
      }
    } else if (doVersion !== undefined) {
      const mapped =
        DO_TO_RDS_DEFAULT[doVersion] ??
        DO_TO_RDS_DEFAULT[`${doVersion.split(':')[0]}:${majorOf(doVersion.split(':')[1])}`];
      entry = mapped ? findRdsVersion(engine, mapped) : undefined;
      if (!entry) {
        r.error(
          [...at, 'from'],
          'engine-version',
          `\`${db.from}\` runs ${doVersion.replace(':', ' ')}, which RDS does not offer`,
          {
            expected: `one of: ${offered.join(', ')}`,
            hint: 'set `version:` to the RDS version to upgrade to',
          },
        );
        return;
      }
    }
    if (db.aurora && entry && !entry.aurora) {
      r.error([...at, 'aurora'], 'aurora-version', `Aurora has no ${engine} ${entry.version} edition`, {
        expected: `one of: ${RDS_ENGINE_VERSIONS.filter((v) => v.engine === engine && v.aurora)
          .map((v) => v.version)
          .join(', ')}`,
      });
    }
    if (db.storageGb !== undefined && db.maxStorageGb !== undefined && db.maxStorageGb < db.storageGb) {
      r.error(
        [...at, 'maxStorageGb'],
        'storage-range',
        `maxStorageGb (${db.maxStorageGb}) is below storageGb (${db.storageGb})`,
      );
    }
    if (!db.aurora && db.readReplicas !== undefined && db.readReplicas > 0) {
      r.error([...at, 'readReplicas'], 'replicas-need-aurora', 'RDS read replicas need `aurora: true` here', {
        hint: 'RDS cannot replicate an instance whose master password it manages (the password stays out of Terraform); set `aurora: true` for readers, or `readReplicas: 0`',
      });
    }
    if (db.migration.method === 'dms' && !db.from) {
      r.error(
        [...at, 'migration', 'method'],
        'dms-without-source',
        'DMS needs a source: set `from` to the DigitalOcean database',
      );
    }
  });
}

function checkCaches(r: Report, spec: MigrationSpec, n: Names): void {
  spec.caches.forEach((cache, i) => {
    const at = ['caches', i];
    let engine = cache.engine;
    let doVersion: string | undefined;
    if (cache.from) {
      if (!resolve(r, n.doDatabases, cache.from, () => [...at, 'from'], 'digitalocean.databases')) return;
      const source = n.doDatabases.get(cache.from);
      if (source && source.engine !== 'redis' && source.engine !== 'valkey') {
        r.error(
          [...at, 'from'],
          'wrong-engine',
          `\`${cache.from}\` is a ${source.engine} database; caches come from redis or valkey`,
          {
            hint: 'move it under databases: (it becomes RDS)',
          },
        );
        return;
      }
      if (source) doVersion = `${source.engine}:${majorOf(source.version)}`;
    }
    if (!engine && !doVersion) {
      r.error(
        [...at, 'engine'],
        'missing-engine',
        `cache \`${cache.name}\` needs an engine (or \`from\` a DigitalOcean database)`,
        {
          anchor: 'parent',
          expected: 'redis or valkey',
        },
      );
      return;
    }
    if (cache.version !== undefined) {
      engine ??=
        DO_TO_CACHE_DEFAULT[doVersion ?? '']?.engine ?? (doVersion?.split(':')[0] as 'redis' | 'valkey');
      if (!findCacheVersion(engine, majorOf(cache.version))) {
        r.error(
          [...at, 'version'],
          'engine-version',
          `ElastiCache does not offer ${engine} ${cache.version}`,
          {
            expected: `one of: ${CACHE_ENGINE_VERSIONS.filter((v) => v.engine === engine)
              .map((v) => v.version)
              .join(', ')}`,
          },
        );
      }
    } else if (!engine && doVersion && !DO_TO_CACHE_DEFAULT[doVersion]) {
      r.error(
        [...at, 'from'],
        'engine-version',
        `\`${cache.from}\` runs ${doVersion.replace(':', ' ')}, which has no ElastiCache default`,
        {
          hint: 'set `engine:` and `version:` explicitly',
        },
      );
    }
  });
}

// ------------------------------------------------------------------------------------------------------
// cutover and leftovers
// ------------------------------------------------------------------------------------------------------

function checkCutover(r: Report, spec: MigrationSpec): void {
  const c = spec.cutover;
  if (!c) return;
  c.phases.forEach((phase, i) => {
    if (i > 0 && phase <= c.phases[i - 1]) {
      r.error(
        ['cutover', 'phases', i],
        'cutover-phases',
        `phase ${phase} does not come after ${c.phases[i - 1]}: phases must rise strictly`,
        {
          expected: 'ascending percentages such as [0, 10, 50, 100]',
        },
      );
    }
  });
  if (!c.phases.includes(c.current)) {
    r.error(
      ['cutover', 'current'],
      'cutover-current',
      `current phase ${c.current} is not one of the phases`,
      {
        expected: `one of: ${c.phases.join(', ')}`,
      },
    );
  }
  if (c.phases[c.phases.length - 1] !== 100) {
    r.warn(
      ['cutover', 'phases'],
      'cutover-incomplete',
      'the last phase is below 100: traffic never moves fully to AWS',
    );
  }
  if (!spec.apps.some((a) => a.expose && 'public' in a.expose)) {
    r.warn(
      ['cutover'],
      'cutover-without-public-app',
      'cutover is set but no app is exposed publicly, so there is no traffic to move',
    );
  }
}

function checkUnused(r: Report, spec: MigrationSpec, used: Used): void {
  const dmsSecrets = new Set(spec.digitalocean.databases.map((d) => d.passwordSecret));
  spec.secrets.forEach((s, i) => {
    const referenced = used.secrets.has(s.name) || dmsSecrets.has(s.name);
    if (!referenced)
      r.warn(
        ['secrets', i, 'name'],
        'unused-secret',
        `secret \`${s.name}\` is not referenced by any container`,
      );
  });
  spec.ecr.repositories.forEach((repo, i) => {
    if (!used.repositories.has(repo.name)) {
      r.warn(
        ['ecr', 'repositories', i, 'name'],
        'unused-repository',
        `ECR repository \`${repo.name}\` is not used by any container`,
      );
    }
  });
  const migrated = new Set(
    [...spec.databases, ...spec.caches].map((t) => t.from).filter((f): f is string => !!f),
  );
  spec.digitalocean.databases.forEach((db, i) => {
    if (!migrated.has(db.name)) {
      r.warn(
        ['digitalocean', 'databases', i, 'name'],
        'unmigrated-database',
        `DigitalOcean database \`${db.name}\` has no target under ${db.engine === 'redis' || db.engine === 'valkey' ? 'caches' : 'databases'} (it stays on DigitalOcean)`,
      );
    }
  });
  spec.databases.forEach((db, i) => {
    if (!used.databases.has(db.name))
      r.warn(['databases', i, 'name'], 'unused-database', `no app uses database \`${db.name}\``);
  });
  spec.caches.forEach((cache, i) => {
    if (!used.caches.has(cache.name))
      r.warn(['caches', i, 'name'], 'unused-cache', `no app uses cache \`${cache.name}\``);
  });
}
