/**
 * The first draft of the AWS half, inferred from the inventory: an app per load balancer, else per droplet
 * tag, else per droplet; a database target per MySQL/PostgreSQL cluster; a cache per Redis/Valkey
 * cluster; cutover defaults; placeholders that validate wherever a human must decide, each marked TODO.
 */
import {
  CACHE_ENGINE_VERSIONS,
  DO_TO_CACHE_DEFAULT,
  DO_TO_RDS_DEFAULT,
  RDS_ENGINE_VERSIONS,
  findCacheVersion,
  findRdsVersion,
  majorOf,
} from '../../schema/facts/engine-versions';
import type { MigrationSpecInput } from '../../schema/spec';
import { sh, shVar } from '../../compiler/shell';
import type { SpecPath, YamlComment } from './comments';
import { hostnamesByOwner } from './hostnames';
import { CACHE_ENGINES, SQL_ENGINES, type Inventory } from './inventory';
import { NameAllocator } from './names';
import type { RawInventory, RawLoadBalancer } from './raw';

type AppOut = NonNullable<MigrationSpecInput['apps']>[number];
type DatabaseTargetOut = NonNullable<MigrationSpecInput['databases']>[number];
type CacheOut = NonNullable<MigrationSpecInput['caches']>[number];
type SecretOut = NonNullable<MigrationSpecInput['secrets']>[number];
type BucketOut = NonNullable<NonNullable<MigrationSpecInput['storage']>['buckets']>[number];

export interface DraftOptions {
  project: string;
  environment: string;
}

export interface Draft {
  aws: MigrationSpecInput['aws'];
  ecr: { repositories: { name: string }[] };
  secrets: SecretOut[];
  apps: AppOut[];
  databases: DatabaseTargetOut[];
  caches: CacheOut[];
  /** Only when Spaces were imported: a bucket per Space, used by no app yet. */
  storage?: { buckets: BucketOut[] };
  /** Only when some app is public: a cutover without host names has no traffic to move. */
  cutover?: NonNullable<MigrationSpecInput['cutover']>;
  comments: YamlComment[];
}

const CONTAINER = 'app';
const WEB_PROTOCOLS = new Set(['http', 'https', 'http2', 'http3']);

export function buildDraft(raw: RawInventory, inventory: Inventory, options: DraftOptions): Draft {
  const comments: YamlComment[] = [];
  const note: Note = (path, text, placement = 'before') =>
    comments.push({ path, text: text.replace(/^(?! )/gm, ' '), placement });

  // The order of the steps is the order of the comments in the draft.
  const { databases, caches } = draftDataStores(inventory, note);
  const secrets = passwordSecrets(inventory);
  const apps = inferApps(raw, inventory, options, note);
  const ecr = { repositories: apps.map((app) => ({ name: repositoryOf(app) })) };
  const cutover = draftCutover(apps, note);
  const storage = draftStorage(inventory, options, note);
  const aws = draftAws(raw, note);
  if (apps.length)
    note(
      ['ecr'],
      'TODO: one repository per app, named after it; push each app’s image here (or use image.uri instead).',
    );
  if (secrets.length)
    note(
      ['secrets'],
      'Where each DigitalOcean database password must come from; the values never enter migration.yaml.',
    );

  return { aws, ecr, secrets, apps, databases, caches, storage, cutover, comments };
}

/**
 * A bucket per imported Space, named after it without the project's prefix (`gallery-uploads` of project
 * gallery → `uploads`, S3 name `gallery-production-uploads`); which app uses it is for a human to say. A Space
 * served at a CDN host name outside the imported domains gets no bucket yet: that name can only move where
 * dropship holds its DNS, so the draft says what to import first instead of drafting a bucket it cannot serve.
 */
function draftStorage(inventory: Inventory, options: DraftOptions, note: Note): Draft['storage'] {
  const spaces = inventory.section.spaces ?? [];
  if (spaces.length === 0) return undefined;
  const endpoints = inventory.section.cdnEndpoints ?? [];
  const zones = inventory.section.domains.filter((d) => d.dns !== 'external').map((d) => d.name);
  const unmovable = (space: string) =>
    endpoints
      .filter((e) => e.space === space && e.customDomain !== undefined)
      .map((e) => e.customDomain as string)
      .filter((host) => !zones.some((zone) => host.endsWith(`.${zone}`)));
  const names = new NameAllocator('bucket');
  const waiting: string[] = [];
  const buckets = spaces.flatMap((space): BucketOut[] => {
    const hosts = unmovable(space.name);
    if (hosts.length) {
      waiting.push(
        `TODO: Space ${space.name} is served at ${hosts.join(', ')}, outside the imported domains: import that domain and`,
        `its records (docs/import.md), then add a bucket { name: ..., from: ${space.name} }.`,
      );
      return [];
    }
    const short = space.name.startsWith(`${options.project}-`)
      ? space.name.slice(options.project.length + 1)
      : space.name;
    return [{ name: names.allocate(short), from: space.name }];
  });
  const publicSpaces = spaces.some(
    (s) => s.acl === 'public-read' || endpoints.some((e) => e.space === s.name),
  );
  note(
    ['storage'],
    [
      'A bucket per Space: its files, CORS and lifecycle rules move to S3 (docs/storage.md).',
      'TODO: add access: [{ app: ..., mode: read | read-write }] for each app that uses it.',
      ...(publicSpaces
        ? [
            'The public reads some of these Spaces today (public-read, or through a CDN endpoint): see docs/storage.md.',
          ]
        : []),
      ...waiting,
    ].join('\n'),
  );
  return { buckets };
}

type Note = (path: SpecPath, text: string, placement?: 'before' | 'after') => void;
type InventoryDatabase = Inventory['databases'][number];

/** A database target per MySQL/PostgreSQL cluster and a cache per Redis/Valkey one, in inventory order. */
function draftDataStores(
  inventory: Inventory,
  note: Note,
): { databases: DatabaseTargetOut[]; caches: CacheOut[] } {
  const databases: DatabaseTargetOut[] = [];
  const caches: CacheOut[] = [];
  const targetNames = new NameAllocator('db');
  const cacheNames = new NameAllocator('cache');
  for (const source of inventory.databases) {
    const engine = source.raw.engine.toLowerCase();
    if ((SQL_ENGINES as readonly string[]).includes(engine))
      databases.push(
        databaseTarget(source, targetNames, (text) => note(['databases', databases.length], text)),
      );
    else if ((CACHE_ENGINES as readonly string[]).includes(engine))
      caches.push(cacheTarget(source, cacheNames, (text) => note(['caches', caches.length], text)));
  }
  return { databases, caches };
}

/** The RDS target of a SQL cluster, with a note on where its settings come from (and a forced upgrade). */
function databaseTarget(
  { name, raw: db }: InventoryDatabase,
  names: NameAllocator,
  note: (text: string) => void,
): DatabaseTargetOut {
  const target: DatabaseTargetOut = { name: names.allocate(db.name), from: name };
  const appDatabases = db.dbNames.filter((n) => n !== 'defaultdb' && /^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(n));
  if (appDatabases.length === 1) target.databaseName = appDatabases[0];
  const upgrade = rdsUpgradeFor(db.engine.toLowerCase(), db.version);
  const lines = [
    `From DigitalOcean ${db.engine} ${db.version} cluster ${db.name}: engine, version, instance class, Multi-AZ and`,
    'storage derive from it (set instanceClass, storageGb, multiAz to override).',
  ];
  if (upgrade) {
    target.version = upgrade;
    lines.push(
      `TODO: RDS does not offer ${db.engine} ${db.version}; this draft upgrades to ${upgrade}. Test the dump/restore`,
      'into that version first, or pick another one RDS offers.',
    );
  }
  note(lines.join('\n'));
  return target;
}

/** The ElastiCache target of a Redis/Valkey cluster; a note only when ElastiCache lacks its version. */
function cacheTarget(
  { name, raw: db }: InventoryDatabase,
  names: NameAllocator,
  note: (text: string) => void,
): CacheOut {
  const cache: CacheOut = { name: names.allocate(db.name), from: name };
  const upgrade = cacheUpgradeFor(db.engine.toLowerCase(), db.version);
  if (upgrade) {
    Object.assign(cache, upgrade);
    note(
      `TODO: ElastiCache does not offer ${db.engine} ${db.version}; this draft uses ${upgrade.engine} ${upgrade.version} (same protocol). Check your client.`,
    );
  }
  return cache;
}

/** A secret per DigitalOcean database password the data migration needs, saying how to fill it. */
function passwordSecrets(inventory: Inventory): SecretOut[] {
  return inventory.passwordSecrets.map(({ secret, raw: db }) => ({
    name: secret,
    description:
      `Password of the DigitalOcean ${db.engine} cluster ${db.name} (user ${db.user ?? 'doadmin'}), the source of the data migration; ` +
      `dropship never copies it. Its value comes from DigitalOcean, with SECRET_ARN set to this secret's ARN: ` +
      // The id after `--`: an id from the export is data, never a doctl option.
      String(
        sh`doctl databases get -o json -- ${db.id} | jq -r .connection.password | aws secretsmanager put-secret-value --secret-id ${shVar('SECRET_ARN')} --secret-string file:///dev/stdin`,
      ),
  }));
}

/** Cutover moves the traffic of public host names; without one there is nothing to move yet. */
function draftCutover(apps: AppOut[], note: Note): Draft['cutover'] {
  const publicApp = apps.find((app) => app.expose && 'public' in app.expose);
  if (!publicApp) return undefined;
  const healthPath =
    publicApp.expose && 'public' in publicApp.expose ? publicApp.expose.public.healthCheckPath : undefined;
  note(
    ['cutover'],
    'Route 53 weights move traffic from DigitalOcean to AWS in these phases; edit `current` to move it.',
  );
  return {
    phases: [0, 10, 50, 100],
    current: 0,
    ttl: 60,
    healthCheck: { protocol: 'HTTPS', path: healthPath ?? '/' },
  };
}

/** Placeholder region, zones and VPC that validate: a range that overlaps no DigitalOcean network. */
function draftAws(raw: RawInventory, note: Note): Draft['aws'] {
  const cidr = vpcCidrAvoiding(raw);
  note(
    ['aws'],
    'TODO: placeholders that validate. Choose the region and zones, and a VPC range that overlaps none of your\n' +
      `DigitalOcean VPCs${raw.vpcs.length ? ` (${raw.vpcs.map((v) => v.ipRange).join(', ')})` : ''} or office networks.`,
  );
  return {
    region: 'us-east-1',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    network: {
      vpc: {
        cidr: `${cidr}.0.0/16`,
        publicSubnets: [`${cidr}.0.0/24`, `${cidr}.1.0/24`],
        privateSubnets: [`${cidr}.10.0/24`, `${cidr}.11.0/24`],
      },
    },
  };
}

function repositoryOf(app: AppOut): string {
  const image = app.containers[0].image;
  return 'repository' in image ? image.repository : app.name;
}

/** What every app draft needs: where the apps and their comments go, and facts of the whole inventory. */
interface AppDrafts {
  apps: AppOut[];
  names: NameAllocator;
  options: DraftOptions;
  inventory: Inventory;
  note: Note;
  /** Some database or cache exists, so each app gets a `uses` to fill in. */
  hasDataStores: boolean;
}

/** Where one app comes from: its droplets, the comment's first line, its port and host names today. */
interface AppSource {
  wanted: string;
  droplets: string[];
  header: string;
  port: number | undefined;
  hosts: string[];
  lb?: { name: string; raw: RawLoadBalancer };
}

/** An app per load balancer, then per droplet tag, then per remaining droplet. */
function inferApps(raw: RawInventory, inventory: Inventory, options: DraftOptions, note: Note): AppOut[] {
  const hostnames = hostnamesByOwner(raw, inventory);
  const drafts: AppDrafts = {
    apps: [],
    names: new NameAllocator('app'),
    options,
    inventory,
    note,
    hasDataStores: inventory.section.databases.length > 0,
  };
  const covered = new Set<string>();
  for (const source of loadBalancerApps(raw, inventory, hostnames)) {
    source.droplets.forEach((d) => covered.add(d));
    draftApp(drafts, source);
  }
  for (const source of dropletApps(inventory, hostnames, covered)) draftApp(drafts, source);
  return drafts.apps;
}

/** An app per load balancer: the droplets it targets by id or tag, and the host names of both. */
function loadBalancerApps(
  raw: RawInventory,
  inventory: Inventory,
  hostnames: Map<string, string[]>,
): AppSource[] {
  return raw.loadBalancers.map((lb) => {
    const lbName = inventory.loadBalancerName.get(lb.id)!;
    const byId = lb.dropletIds.flatMap((id) => inventory.dropletName.get(id) ?? []);
    const byTag = lb.tag
      ? inventory.section.droplets.filter((d) => d.tags?.includes(lb.tag!)).map((d) => d.name)
      : [];
    const droplets = [...new Set([...byId, ...byTag])];
    const hosts = [
      ...(hostnames.get(`lb:${lbName}`) ?? []),
      ...droplets.flatMap((d) => hostnames.get(`droplet:${d}`) ?? []),
    ];
    const header = `From load balancer ${lbName}${droplets.length ? ` (droplets ${droplets.join(', ')})` : ''}${
      lb.tag ? `, which targets tag ${lb.tag}` : ''
    }.`;
    return {
      wanted: appNameFromLoadBalancer(lbName),
      droplets,
      header,
      port: targetPort(lb),
      hosts: [...new Set(hosts)],
      lb: { name: lbName, raw: lb },
    };
  });
}

/**
 * Droplets without a load balancer: grouped by their first plain tag (key:value tags are labels such
 * as env:prod, not roles), else one app each.
 */
function dropletApps(
  inventory: Inventory,
  hostnames: Map<string, string[]>,
  covered: Set<string>,
): AppSource[] {
  const groups = new Map<string, string[]>();
  for (const d of inventory.section.droplets) {
    if (covered.has(d.name)) continue;
    const tag = d.tags?.find((t) => !t.includes(':'));
    const key = tag ? `tag:${tag}` : `droplet:${d.name}`;
    groups.set(key, [...(groups.get(key) ?? []), d.name]);
  }
  return [...groups].map(([key, droplets]) => {
    const label = key.slice(key.indexOf(':') + 1);
    const hosts = droplets.flatMap((d) => hostnames.get(`droplet:${d}`) ?? []);
    const header = key.startsWith('tag:')
      ? `From the droplets tagged ${label} (${droplets.join(', ')}).`
      : `From droplet ${label}.`;
    return {
      wanted: label,
      droplets,
      header,
      port: hosts.length ? 80 : undefined,
      hosts: [...new Set(hosts)],
    };
  });
}

/** One app with its comments: what a human must set (TODO) and what was inferred from where. */
function draftApp(drafts: AppDrafts, source: AppSource): void {
  const { droplets, port, hosts, lb } = source;
  const name = drafts.names.allocate(source.wanted);
  const index = drafts.apps.length;
  const note: Note = (rest, text, placement) => drafts.note(['apps', index, ...rest], text, placement);
  const notes = [source.header];
  const app: AppOut = {
    name,
    droplets,
    ...(lb ? { loadBalancer: lb.name } : {}),
    containers: [
      {
        name: CONTAINER,
        image: { repository: `${drafts.options.project}/${name}` },
        ...(port ? { port } : {}),
      },
    ],
  };
  noteImageAndPort(note, port, lb !== undefined);
  if (hosts.length) {
    app.expose = publicExpose(hosts, port, lb?.raw);
    note(['expose', 'public', 'hostnames'], 'DNS records of the imported domains that point at it today.');
  } else if (lb) {
    notes.push(
      `TODO: no DNS record of an imported domain points at ${lb.name}${lb.raw.ip ? ` (${lb.raw.ip})` : ''}; add\n` +
        `expose.public with its host names${lb.raw.healthCheck?.path ? ` (health check path today: ${lb.raw.healthCheck.path})` : ''}.`,
    );
  }
  if (drafts.hasDataStores) {
    app.uses = { databases: [], caches: [] };
    note(
      ['uses'],
      'TODO: list the databases and caches this app connects to (see databases: and caches: below).',
    );
  }
  notes.push(...carryOverTodos(drafts.inventory, droplets, lb));
  note([], notes.join('\n'));
  drafts.apps.push(app);
}

function noteImageAndPort(note: Note, port: number | undefined, fromLoadBalancer: boolean): void {
  note(
    ['containers', 0, 'image'],
    'TODO: a human must set the image: push it to this ECR repository with a pinned tag, or use { uri: ... }.' +
      (port ? '' : '\nTODO: and set `port:` if this app serves traffic (it has no load balancer today).'),
  );
  if (port)
    note(
      ['containers', 0, 'port'],
      fromLoadBalancer
        ? 'TODO: check: the load balancer’s target port today'
        : 'TODO: check: the port the app listens on',
      'after',
    );
}

/** The app's public side: its host names, and the balancer's HTTP health check path when it has one. */
function publicExpose(
  hosts: string[],
  port: number | undefined,
  lb: RawLoadBalancer | undefined,
): AppOut['expose'] {
  const healthCheckPath = lb?.healthCheck?.path;
  return {
    public: {
      hostnames: hosts,
      container: CONTAINER,
      port: port ?? 80,
      ...(healthCheckPath && lb?.healthCheck?.protocol !== 'tcp' ? { healthCheckPath } : {}),
    },
  };
}

/** What the droplets rely on today that AWS does differently: sticky sessions, attached volumes. */
function carryOverTodos(inventory: Inventory, droplets: string[], lb: AppSource['lb']): string[] {
  const todos: string[] = [];
  if (lb?.raw.stickySessions === 'cookies')
    todos.push(
      `TODO: ${lb.name} pins each client to one droplet (sticky sessions) today; on AWS keep sessions in a\n` +
        'shared store (a cache under uses.caches) so any task can serve any request.',
    );
  for (const v of inventory.section.volumes)
    if (v.droplet && droplets.includes(v.droplet))
      todos.push(
        `TODO: volume ${v.name} (${v.sizeGb} GB) is attached to ${v.droplet}; if the app needs its files, add\n` +
          `volumes: [{ name: ..., from: ${v.name}, container: ${CONTAINER}, mountPath: ... }] (it becomes EFS).`,
      );
  return todos;
}

/**
 * The RDS version to upgrade to when RDS does not offer the DigitalOcean one (pg 10 → 13): the oldest
 * offered major at or above it, so the jump is as small as possible. Undefined when no upgrade is needed.
 */
function rdsUpgradeFor(doEngine: string, version: string): string | undefined {
  const engine = doEngine === 'pg' ? 'postgres' : 'mysql';
  const mapped =
    DO_TO_RDS_DEFAULT[`${doEngine}:${version}`] ?? DO_TO_RDS_DEFAULT[`${doEngine}:${majorOf(version)}`];
  if (mapped && findRdsVersion(engine, mapped)) return undefined;
  const offered = RDS_ENGINE_VERSIONS.filter((v) => v.engine === engine)
    .map((v) => v.version)
    .sort((a, b) => Number(a) - Number(b));
  return offered.find((v) => Number(v) >= Number(majorOf(version))) ?? offered[offered.length - 1];
}

/** Likewise for caches: the oldest offered Valkey/Redis OSS version at or above the DigitalOcean one. */
function cacheUpgradeFor(
  doEngine: string,
  version: string,
): { engine: 'redis' | 'valkey'; version: string } | undefined {
  const mapped = DO_TO_CACHE_DEFAULT[`${doEngine}:${majorOf(version)}`];
  if (mapped && findCacheVersion(mapped.engine, mapped.version)) return undefined;
  const offered = CACHE_ENGINE_VERSIONS.filter((v) => v.engine === 'valkey')
    .map((v) => v.version)
    .sort((a, b) => Number(a) - Number(b));
  const target = offered.find((v) => Number(v) >= Number(majorOf(version))) ?? offered[offered.length - 1];
  return { engine: 'valkey', version: target };
}

/** `prod-web-lb-01` → `prod-web`: the app, not the balancer. */
function appNameFromLoadBalancer(name: string): string {
  const stripped = name.replace(/-?(lb|loadbalancer|load-balancer)(-?\d+)?$/, '');
  return stripped === '' ? name : stripped;
}

/**
 * The container port: the target of a rule that forwards plain HTTP to the droplets (the ALB will
 * terminate TLS), the HTTPS entry first; else the first web rule's, else the first rule's.
 */
function targetPort(lb: RawLoadBalancer): number | undefined {
  const web = lb.forwardingRules.filter((r) => WEB_PROTOCOLS.has(r.entryProtocol));
  const plain = web.filter(
    (r) => !r.tlsPassthrough && (r.targetProtocol === 'http' || r.targetProtocol === 'http2'),
  );
  const rule = plain.find((r) => r.entryPort === 443) ?? plain[0] ?? web[0] ?? lb.forwardingRules[0];
  return rule?.targetPort;
}

/** The second octet N of a 10.N.0.0/16 that overlaps no DigitalOcean VPC or droplet private address. */
function vpcCidrAvoiding(raw: RawInventory): string {
  const taken: [number, number][] = [];
  for (const vpc of raw.vpcs) {
    const range = parseCidr(vpc.ipRange);
    if (range) taken.push(range);
  }
  for (const d of raw.droplets) {
    const ip = d.privateIpv4 ? parseCidr(`${d.privateIpv4}/32`) : undefined;
    if (ip) taken.push(ip);
  }
  for (let n = 0; n < 256; n++) {
    const start = (10 * 2 ** 24 + n * 2 ** 16) >>> 0;
    const end = start + 2 ** 16 - 1;
    if (!taken.some(([s, e]) => s <= end && start <= e)) return `10.${n}`;
  }
  return '10.0';
}

function parseCidr(cidr: string): [number, number] | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!match) return undefined;
  const [a, b, c, d, bits] = match.slice(1).map(Number);
  const base = (((a << 24) >>> 0) + (b << 16) + (c << 8) + d) >>> 0;
  const size = 2 ** (32 - bits);
  const start = base - (base % size);
  return [start, start + size - 1];
}
