/**
 * Benchmark fleets: deterministic migration.yaml files with N apps in a realistic mix, valid against the
 * schema and within AWS's default quotas, so `npm run bench` measures the work a large estate really causes.
 *
 * Per block of ten apps: four public web apps (nginx + app container, two droplets behind a DigitalOcean
 * load balancer, a hostname on a DigitalOcean-hosted domain), two internal APIs, two workers (no port) and
 * two scheduled jobs. Databases (MySQL and PostgreSQL alternating) and Redis caches are shared by groups of
 * neighbouring apps. Every app has its own droplet(s), ECR repository and secret.
 *
 * Quotas that shape the mix (docs/performance.md lists them with their sources):
 * - one ALB per environment and 100 target groups per ALB (not adjustable): public apps stop at
 *   MAX_PUBLIC_APPS; past that, the slots become internal APIs (what a large estate mostly runs anyway);
 * - 40 RDS DB instances per region by default: at most MAX_DATABASES databases;
 * - 60 inbound rules per security group: groups of at most ~35 apps per database or cache.
 *
 * Usage: `node dist/bench/generate.js [--out bench/out] [N ...]` writes `apps-<N>.yaml` files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { MigrationSpecInput } from '../schema/spec';

/** The fleet sizes the benchmark measures. */
export const FLEET_SIZES = [1, 10, 100, 1000] as const;

/** Target groups per ALB: 100, not adjustable; ten are left for the user's own rules. */
export const MAX_PUBLIC_APPS = 90;
/** RDS DB instances per region: 40 by default; ten are left for read replicas and other workloads. */
export const MAX_DATABASES = 30;
/** ElastiCache nodes per region: 300 by default (one node per cache here). */
export const MAX_CACHES = 40;

export type AppKind = 'public' | 'internal' | 'worker' | 'job';

/** The kind of app in each slot of a block of ten. */
const KIND_PATTERN: readonly AppKind[] = [
  'public',
  'public',
  'worker',
  'public',
  'internal',
  'job',
  'public',
  'worker',
  'internal',
  'job',
];

const STEMS = [
  'catalog',
  'checkout',
  'billing',
  'search',
  'accounts',
  'orders',
  'invoices',
  'reports',
  'inventory',
  'shipping',
  'pricing',
  'reviews',
  'media',
  'notify',
  'auth',
  'cart',
  'loyalty',
  'support',
  'partners',
  'analytics',
];

const DOMAIN_WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];

const KIND_SUFFIX: Record<AppKind, string> = {
  public: 'web',
  internal: 'api',
  worker: 'worker',
  job: 'cron',
};
const DROPLET_SIZE: Record<AppKind, string> = {
  public: 's-2vcpu-4gb',
  internal: 's-1vcpu-2gb',
  worker: 's-2vcpu-2gb',
  job: 's-1vcpu-1gb',
};

export interface FleetApp {
  index: number;
  name: string;
  kind: AppKind;
  database: number;
  cache: number;
  /** For public apps: index of its domain. */
  domain?: number;
}

export interface FleetShape {
  apps: FleetApp[];
  databases: number;
  caches: number;
  domains: string[];
  count: Record<AppKind, number>;
}

/** Decide, for N apps, every app's kind, name, database, cache and domain. */
export function fleetShape(n: number): FleetShape {
  if (!Number.isInteger(n) || n < 1) throw new Error(`fleet size must be a positive integer, got ${n}`);
  const databases = Math.min(Math.ceil(n / 10), MAX_DATABASES);
  const caches = Math.min(Math.ceil(n / 20), MAX_CACHES);
  const wantedPublic = Array.from({ length: n }, (_, i) => KIND_PATTERN[i % KIND_PATTERN.length]).filter(
    (k) => k === 'public',
  ).length;
  const publicApps = Math.min(wantedPublic, MAX_PUBLIC_APPS);
  const domainCount = Math.min(Math.max(Math.ceil(publicApps / 10), 1), DOMAIN_WORDS.length);
  const domains = DOMAIN_WORDS.slice(0, domainCount).map((w) => `${w}-example.com`);
  const count: Record<AppKind, number> = { public: 0, internal: 0, worker: 0, job: 0 };
  const width = Math.max(4, String(n).length);
  const apps: FleetApp[] = [];
  for (let i = 0; i < n; i++) {
    let kind = KIND_PATTERN[i % KIND_PATTERN.length];
    if (kind === 'public' && count.public >= MAX_PUBLIC_APPS) kind = 'internal';
    const app: FleetApp = {
      index: i,
      name: `${STEMS[i % STEMS.length]}-${KIND_SUFFIX[kind]}-${String(i + 1).padStart(width, '0')}`,
      kind,
      // Neighbouring apps share a database and a cache, as a team's services usually do.
      database: Math.floor((i * databases) / n),
      cache: Math.floor((i * caches) / n),
    };
    if (kind === 'public') app.domain = count.public % domains.length;
    count[kind]++;
    apps.push(app);
  }
  return { apps, databases, caches, domains, count };
}

/** An address in 198.18.0.0/15 (reserved for benchmarks, RFC 2544): never a real host. */
function benchIp(n: number): string {
  return `198.${18 + ((n >> 16) & 1)}.${(n >> 8) & 255}.${n & 255}`;
}

function privateIp(n: number): string {
  return `10.116.${(n >> 8) & 255}.${n & 255}`;
}

const dbName = (d: number) => `db-${String(d + 1).padStart(2, '0')}`;
const cacheName = (c: number) => `cache-${String(c + 1).padStart(2, '0')}`;
const dbEngine = (d: number): 'mysql' | 'pg' => (d % 2 === 0 ? 'mysql' : 'pg');

type Spec = MigrationSpecInput;
type DoSpec = NonNullable<Spec['digitalocean']>;
type AppInput = NonNullable<Spec['apps']>[number];
type ContainerInput = AppInput['containers'][number];

type DomainRecords = NonNullable<NonNullable<DoSpec['domains']>[number]['records']>;

/** The lists the apps fill, and the counters that keep addresses and record ids unique and stable. */
interface Fleet {
  shape: FleetShape;
  droplets: NonNullable<DoSpec['droplets']>;
  loadBalancers: NonNullable<DoSpec['loadBalancers']>;
  /** Per domain, in shape.domains order. */
  records: DomainRecords[];
  apps: AppInput[];
  secrets: NonNullable<Spec['secrets']>;
  repositories: { name: string; keepImages?: number }[];
  ipSeq: number;
  recordId: number;
  /** Domains whose first web app already took the apex and www. */
  seenDomain: Set<number>;
}

/** The migration spec for a fleet of N apps (a plain object, as the YAML will hold it). */
export function generateSpec(n: number): Spec {
  const shape = fleetShape(n);
  const fleet: Fleet = {
    shape,
    droplets: [],
    loadBalancers: [],
    records: shape.domains.map((): DomainRecords => []),
    apps: [],
    secrets: [],
    repositories: [],
    ipSeq: 1,
    recordId: 40_000_000,
    seenDomain: new Set<number>(),
  };
  if (shape.count.public > 0) fleet.repositories.push({ name: 'fleet/nginx', keepImages: 50 });
  for (const app of shape.apps) addApp(fleet, app);
  const data = dataStores(shape);
  return {
    version: 1,
    project: 'fleet',
    environment: 'prod',
    aws: fleetAws(),
    digitalocean: {
      droplets: fleet.droplets,
      databases: data.doDatabases,
      // After every app's records: the mail records' ids follow theirs.
      domains: domainsWithMail(fleet),
      firewalls: fleetFirewalls(),
      loadBalancers: fleet.loadBalancers,
    },
    ecr: { repositories: fleet.repositories },
    secrets: fleet.secrets,
    apps: fleet.apps,
    databases: data.databases,
    caches: data.caches,
    cutover: {
      phases: [0, 10, 50, 100],
      current: 10,
      ttl: 60,
      healthCheck: { protocol: 'HTTPS', path: '/healthz' },
    },
  };
}

/** One app with its droplets, ECR repository and secret; public apps also get a load balancer and DNS. */
function addApp(fleet: Fleet, app: FleetApp): void {
  const dropletNames = addDroplets(fleet, app);
  fleet.repositories.push({ name: `fleet/${app.name}` });
  const secretName = `${app.name}-secrets`;
  fleet.secrets.push({
    name: secretName,
    description: `API keys of ${app.name}`,
    keys: ['api_key', 'signing_key'],
  });
  const appContainer: ContainerInput = {
    name: 'app',
    image: { repository: `fleet/${app.name}`, tag: `1.${app.index % 17}.${app.index % 5}` },
    environment: { APP_ENV: 'production', LOG_FORMAT: 'json', APP_NAME: app.name },
    secrets: { API_KEY: `${secretName}:api_key`, SIGNING_KEY: `${secretName}:signing_key` },
  };
  const uses =
    app.kind === 'job'
      ? { databases: [dbName(app.database)] }
      : { databases: [dbName(app.database)], caches: [cacheName(app.cache)] };
  const base = {
    name: app.name,
    description: `${app.kind} app ${app.index + 1}`,
    droplets: dropletNames,
    uses,
  };
  fleet.apps.push(
    app.kind === 'public'
      ? publicApp(fleet, app, base, appContainer)
      : backgroundApp(app, base, appContainer),
  );
}

/** Two droplets for a public app (behind its load balancer), one for any other; returns their names. */
function addDroplets(fleet: Fleet, app: FleetApp): string[] {
  const dropletNames = app.kind === 'public' ? [`${app.name}-1`, `${app.name}-2`] : [`${app.name}-1`];
  for (const name of dropletNames) {
    const seq = fleet.ipSeq++;
    fleet.droplets.push({
      name,
      id: 300_000_000 + seq,
      size: DROPLET_SIZE[app.kind],
      region: 'nyc3',
      ipv4: { public: benchIp(seq), private: privateIp(seq) },
      tags: [KIND_SUFFIX[app.kind], app.name],
      role: app.kind === 'public' ? 'nginx + app' : app.kind,
    });
  }
  return dropletNames;
}

type AppBase = Pick<AppInput, 'name' | 'description' | 'droplets' | 'uses'>;

/** nginx in front of the app container, behind the ALB, with the load balancer and DNS records of today. */
function publicApp(fleet: Fleet, app: FleetApp, base: AppBase, appContainer: ContainerInput): AppInput {
  const lbName = `${app.name}-lb`;
  const lbIp = benchIp(100_000 + app.index);
  fleet.loadBalancers.push({
    name: lbName,
    ip: lbIp,
    forwardingRules: [
      { entryProtocol: 'https', entryPort: 443, targetProtocol: 'http', targetPort: 80 },
      { entryProtocol: 'http', entryPort: 80, targetProtocol: 'http', targetPort: 80 },
    ],
    healthCheck: { protocol: 'http', port: 80, path: '/healthz' },
    droplets: base.droplets,
  });
  return {
    ...base,
    loadBalancer: lbName,
    containers: [
      {
        name: 'nginx',
        image: { repository: 'fleet/nginx', tag: '1.27.3' },
        port: 80,
        dependsOn: [{ container: 'app', condition: 'HEALTHY' }],
        configHints: ['127.0.0.1:8080'],
      },
      {
        ...appContainer,
        port: 8080,
        healthCheck: {
          command: ['CMD-SHELL', 'curl -fsS http://127.0.0.1:8080/healthz || exit 1'],
          startPeriod: 15,
        },
      },
    ],
    scaling: { min: 2, max: 6, cpuTarget: 60, requestsPerTarget: 500 },
    expose: {
      public: {
        hostnames: addHostRecords(fleet, app, lbIp),
        container: 'nginx',
        port: 80,
        healthCheckPath: '/healthz',
      },
    },
  };
}

/** The app's A records on its domain today (pointing at its load balancer); returns its host names. */
function addHostRecords(fleet: Fleet, app: FleetApp, lbIp: string): string[] {
  const domainIndex = app.domain ?? 0;
  const domain = fleet.shape.domains[domainIndex];
  const records = fleet.records[domainIndex];
  const hostnames = [`${app.name}.${domain}`];
  records.push({ id: fleet.recordId++, type: 'A', name: app.name, data: lbIp, ttl: 300 });
  if (!fleet.seenDomain.has(domainIndex)) {
    // The first web app of each domain also serves the apex and www, as a storefront would.
    fleet.seenDomain.add(domainIndex);
    hostnames.unshift(domain, `www.${domain}`);
    records.push(
      { id: fleet.recordId++, type: 'A', name: '@', data: lbIp, ttl: 300 },
      { id: fleet.recordId++, type: 'A', name: 'www', data: lbIp, ttl: 300 },
    );
  }
  return hostnames;
}

/** An internal API (behind the internal ALB), a queue worker or a scheduled job. */
function backgroundApp(app: FleetApp, base: AppBase, appContainer: ContainerInput): AppInput {
  if (app.kind === 'internal')
    return {
      ...base,
      containers: [
        {
          ...appContainer,
          port: 8080,
          healthCheck: { command: ['CMD-SHELL', 'curl -fsS http://127.0.0.1:8080/healthz || exit 1'] },
        },
      ],
      scaling: { min: 2, max: 4, cpuTarget: 60 },
      expose: { internal: { container: 'app', port: 8080 } },
    };
  if (app.kind === 'worker')
    return {
      ...base,
      containers: [{ ...appContainer, command: ['bin/worker', '--queue', app.name] }],
      scaling: { min: 2, max: 4, cpuTarget: 70 },
    };
  return {
    ...base,
    containers: [{ ...appContainer, command: ['bin/job', app.name] }],
    schedule: `cron(${(app.index * 7) % 60} ${app.index % 24} * * ? *)`,
  };
}

/** The DigitalOcean clusters (databases first, then caches) and what each becomes on AWS. */
function dataStores(shape: FleetShape): {
  doDatabases: NonNullable<DoSpec['databases']>;
  databases: NonNullable<Spec['databases']>;
  caches: NonNullable<Spec['caches']>;
} {
  const doDatabases: NonNullable<DoSpec['databases']> = [];
  const databases: NonNullable<Spec['databases']> = [];
  for (let d = 0; d < shape.databases; d++) {
    const engine = dbEngine(d);
    const name = dbName(d);
    doDatabases.push({
      name: `${name}-do`,
      engine,
      version: engine === 'mysql' ? '8' : '16',
      size: d % 3 === 0 ? 'db-s-2vcpu-4gb' : 'db-s-1vcpu-2gb',
      nodes: 2, // primary + standby: Multi-AZ on RDS, as production wants
      storageMib: 30_720,
      host: `${name}-do-user-1-0.db.ondigitalocean.com`,
      port: 25060,
      user: 'doadmin',
      databases: [name.replace('-', '_')],
    });
    // Production on a general-purpose class: a T class there is a warning (lint/burstable-database).
    databases.push({
      name,
      from: `${name}-do`,
      databaseName: name.replace('-', '_'),
      instanceClass: 'db.m7g.large',
    });
  }
  const caches: NonNullable<Spec['caches']> = [];
  for (let c = 0; c < shape.caches; c++) {
    const name = cacheName(c);
    doDatabases.push({ name: `${name}-do`, engine: 'redis', version: '7', size: 'db-s-1vcpu-2gb', nodes: 1 });
    caches.push({ name, from: `${name}-do` });
  }
  return { doDatabases, databases, caches };
}

function fleetAws(): Spec['aws'] {
  return {
    region: 'us-east-1',
    availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    network: {
      vpc: {
        // /18 private subnets: ~16,000 addresses each, room for every task at scaling.max twice over
        // (deployments run old and new tasks side by side), plus databases and caches.
        cidr: '10.64.0.0/16',
        publicSubnets: ['10.64.0.0/24', '10.64.1.0/24', '10.64.2.0/24'],
        privateSubnets: ['10.64.64.0/18', '10.64.128.0/18', '10.64.192.0/18'],
        nat: 'per-az',
      },
    },
    tags: { team: 'platform', 'cost-center': 'fleet' },
    backend: {
      type: 's3',
      bucket: 'fleet-prod-terraform-state',
      keyPrefix: 'dropship',
      region: 'us-east-1',
    },
  };
}

/** Each domain's app records, then the mail records a real domain has (which must survive the cutover). */
function domainsWithMail(fleet: Fleet): NonNullable<DoSpec['domains']> {
  return fleet.shape.domains.map((name, i) => ({
    name,
    dns: 'digitalocean' as const,
    records: [
      ...fleet.records[i],
      {
        id: fleet.recordId++,
        type: 'MX' as const,
        name: '@',
        data: 'mx.mail-provider.example.',
        priority: 10,
      },
      {
        id: fleet.recordId++,
        type: 'TXT' as const,
        name: '@',
        data: 'v=spf1 include:_spf.mail-provider.example ~all',
      },
      { id: fleet.recordId++, type: 'CAA' as const, name: '@', data: 'amazon.com', flags: 0, tag: 'issue' },
    ],
  }));
}

function fleetFirewalls(): NonNullable<DoSpec['firewalls']> {
  return [
    {
      name: 'web-firewall',
      inbound: [
        { protocol: 'tcp', ports: '80', sources: { addresses: ['0.0.0.0/0', '::/0'] } },
        { protocol: 'tcp', ports: '443', sources: { addresses: ['0.0.0.0/0', '::/0'] } },
      ],
      outbound: [{ protocol: 'tcp', ports: 'all', destinations: { addresses: ['0.0.0.0/0', '::/0'] } }],
      tags: ['web'],
    },
    {
      name: 'internal-firewall',
      inbound: [{ protocol: 'tcp', ports: '8080', sources: { tags: ['web'] } }],
      outbound: [{ protocol: 'tcp', ports: 'all', destinations: { addresses: ['0.0.0.0/0', '::/0'] } }],
      tags: ['api', 'worker', 'cron'],
    },
  ];
}

/** The spec as migration.yaml text (block style, as a person would write it). */
export function generateYaml(n: number): string {
  const shape = fleetShape(n);
  const header = [
    `# Benchmark fleet: ${n} apps (${shape.count.public} public, ${shape.count.internal} internal, ` +
      `${shape.count.worker} workers, ${shape.count.job} scheduled jobs),`,
    `# ${shape.databases} databases, ${shape.caches} caches, ${shape.domains.length} domains. ` +
      'Generated by bench/generate.ts; do not edit.',
  ];
  return `${header.join('\n')}\n${stringify(generateSpec(n), { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

/** Write `apps-<N>.yaml` for each size into `dir`; returns the paths by size. */
export function writeFleetSpecs(dir: string, sizes: readonly number[] = FLEET_SIZES): Map<number, string> {
  mkdirSync(dir, { recursive: true });
  const files = new Map<number, string>();
  for (const n of sizes) {
    const file = join(dir, `apps-${n}.yaml`);
    writeFileSync(file, generateYaml(n));
    files.set(n, file);
  }
  return files;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const dir = outAt >= 0 ? args[outAt + 1] : join(__dirname, '..', '..', 'bench', 'out', 'specs');
  const sizes = args.filter((_arg, i) => outAt < 0 || (i !== outAt && i !== outAt + 1)).map(Number);
  for (const [n, file] of writeFleetSpecs(dir, sizes.length > 0 ? sizes : FLEET_SIZES)) {
    process.stdout.write(`${n} apps → ${file}\n`);
  }
}
