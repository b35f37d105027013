/**
 * fast-check arbitraries over whole migration specs, beyond the bundled examples: several apps (web apps,
 * workers, scheduled jobs), hostnames shared between apps (by path or not), each DNS mode, RDS and Aurora
 * (MySQL and PostgreSQL), caches, a new VPC with each NAT mode or an existing VPC, ECR and external images
 * (under `nat: none` mostly copies in ECR, the rest refused; or pulled through a pull-through cache rule, or
 * copied into a declared repository by the push step), sidecars, declared egress (TCP and UDP, ports and
 * ranges, IPv4, IPv6 and prefix lists), mail settings with and without egress, containers' `uses` (none, by
 * name, renamed), a cutover at any of its phases, object storage (private and public-read Spaces becoming
 * buckets, Spaces CDN endpoints with and without custom domains), ALB access logs (off, created, an existing
 * bucket) and ci.github (provider created or by ARN, branch and/or environment, pinned or CI-owned tags). A generated spec need not be valid: what it must never do is
 * pass `validate` and then fail to synthesize.
 */
import fc from 'fast-check';
import type { MigrationSpecInput } from '../../schema/spec';
import { existingVpcNetwork } from './synth';

type Input = MigrationSpecInput & Record<string, unknown>;

const HOSTNAMES = ['@', 'www', 'api', 'shop'] as const;
const fqdn = (name: string) => (name === '@' ? 'gen-example.com' : `${name}.gen-example.com`);

const appArbitrary = fc.record({
  kind: fc.constantFrom('web', 'web', 'web', 'worker', 'scheduled'),
  hostnames: fc.uniqueArray(fc.constantFrom(...HOSTNAMES), { minLength: 1, maxLength: 2 }),
  path: fc.constantFrom('root', 'own'),
  externalImage: fc.boolean(),
  sidecar: fc.boolean(),
  egress: fc.constantFrom('none', 'none', 'smtp', 'udp-range', 'ipv6', 'prefix-list'),
  mail: fc.boolean(),
  usesDatabase: fc.boolean(),
  usesCache: fc.boolean(),
  minTasks: fc.constantFrom(0, 1, 2),
  /** A web app keeps minTasks 0 only with this (refused: public-app-no-task); otherwise it runs at least 1. */
  publicScaleToZero: fc.constantFrom(false, false, false, true),
  size: fc.constantFrom('s-1vcpu-2gb', 's-2vcpu-4gb', 's-4vcpu-8gb'),
  /** The main container's `uses`: none (the default rule), the app's stores by name, or renamed. */
  credentials: fc.constantFrom('default', 'default', 'listed', 'renamed'),
});

const drawnSpecArbitrary = fc.record({
  environment: fc.constantFrom('staging', 'production'),
  network: fc.constantFrom('single', 'per-az', 'none', 'existing'),
  ipv6: fc.boolean(),
  dns: fc.constantFrom('digitalocean', 'route53', 'route53-new', 'external'),
  apps: fc.array(appArbitrary, { minLength: 1, maxLength: 4 }),
  database: fc.constantFrom('none', 'mysql', 'pg', 'mysql-aurora', 'pg-aurora'),
  dms: fc.boolean(),
  cache: fc.constantFrom('none', 'redis', 'valkey'),
  cutover: fc.boolean(),
  phases: fc.constantFrom([0, 10, 50, 100], [0, 5, 25, 50, 100], [0, 100]),
  /** cutover.dataMode: absent (the default for the NAT mode) or either mode (refused with nat: none and data). */
  dataMode: fc.constantFrom('default', 'digitalocean-until-100', 'move-first'),
  /** Under `nat: none`: external images are copies in ECR (valid), or left outside it (refused). */
  imagesInEcr: fc.constantFrom(true, true, true, false),
  /**
   * How an external image reaches the task: its own URI, through an ECR pull-through cache rule (valid with
   * any NAT mode; `nat: none` warns that tags need seeding), or copied into a declared repository (copyFrom).
   */
  externalVia: fc.constantFrom('uri', 'uri', 'cache', 'copy'),
  // Added last, so the fields above draw the same values as before for every seed.
  /**
   * Object storage: none, a private Space (CORS, lifecycle) that becomes a bucket the first app reads and
   * writes, a public-read Space that becomes a bucket the first app reads (under its own variable name), or both.
   */
  storage: fc.constantFrom('none', 'none', 'private', 'public', 'both'),
  /** ci.github: none, or with the OIDC provider created or named by ARN, for branches and/or an environment. */
  ci: fc.constantFrom('none', 'none', 'create', 'existing'),
  ciSubjects: fc.constantFrom('branch', 'environment', 'both'),
  /** With ci: the apps' images pinned (CI proposes the tag) or owned by CI (imageTagMode ci). */
  ciTagMode: fc.constantFrom('pinned', 'ci'),
});

const ACCESS_LOGS = ['default', 'off', 'created', 'existing'] as const;
const CDN = ['none', 'public', 'public-domain', 'private-domain'] as const;

/**
 * Two fields derived from the drawn ones instead of drawn themselves, so every seed of every arbitrary built
 * on this one (estates, blue/green) keeps drawing what it drew before they existed:
 * - accessLogs, aws.loadBalancer.accessLogs: absent (on in production), off, on in the bucket dropship creates
 *   (a prefix and an expiry), or into an existing bucket;
 * - cdn, Spaces CDN endpoints: none, one on the public Space (its own name, or a custom domain), or one with a
 *   custom domain on the private Space, which then becomes public too (CloudFront before the read-write bucket).
 */
export const specArbitrary = drawnSpecArbitrary.map((shape) => {
  const n = shape.apps.length + shape.phases.length + (shape.ipv6 ? 1 : 0) + shape.apps[0].hostnames.length;
  return {
    ...shape,
    accessLogs: ACCESS_LOGS[
      (n + (shape.cutover ? 1 : 0)) % ACCESS_LOGS.length
    ] as (typeof ACCESS_LOGS)[number],
    cdn: CDN[(n + shape.apps[0].kind.length) % CDN.length] as (typeof CDN)[number],
  };
});

type GeneratedShape = typeof specArbitrary extends fc.Arbitrary<infer T> ? T : never;
/** The fields added last are optional, so a shape written by hand without them means none. */
type AddedLast = 'storage' | 'ci' | 'ciSubjects' | 'ciTagMode' | 'accessLogs' | 'cdn';
export type SpecShape = Omit<GeneratedShape, AddedLast> & Partial<Pick<GeneratedShape, AddedLast>>;

/** The spec input a shape describes. */
export function specOf(shape: SpecShape): Input {
  const droplets = shape.apps.map((a, i) => ({
    name: `droplet-${i}`,
    size: a.size,
    region: 'ams3',
    ipv4: { public: `198.51.100.${10 + i}`, private: `10.110.0.${10 + i}` },
  }));
  const engine = shape.database.startsWith('mysql') ? 'mysql' : 'pg';
  const doDatabases = [
    ...(shape.database === 'none'
      ? []
      : [
          {
            name: 'gen-db',
            engine,
            version: engine === 'mysql' ? '8' : '16',
            size: 'db-s-2vcpu-4gb',
            nodes: 2,
            host: 'gen-db-do-user-1-0.db.ondigitalocean.com',
            port: 25060,
            user: 'doadmin',
            databases: ['gen'],
            ...(shape.dms ? { passwordSecret: 'do-db-admin' } : {}),
          },
        ]),
    ...(shape.cache === 'none'
      ? []
      : [{ name: 'gen-cache', engine: 'redis', version: '7', size: 'db-s-1vcpu-2gb', nodes: 1 }]),
  ];
  const webHosts = new Map<string, number>();
  shape.apps.forEach((a, i) => {
    if (a.kind === 'web') for (const h of a.hostnames) webHosts.set(h, webHosts.get(h) ?? i);
  });
  const records = [...webHosts].map(([name, app]) => ({
    type: 'A',
    name,
    data: `198.51.100.${10 + app}`,
    ttl: 300,
  }));
  const domain = {
    name: 'gen-example.com',
    dns: shape.dns === 'route53-new' ? 'route53' : shape.dns,
    ...(shape.dns === 'route53' ? { route53ZoneId: 'Z0GENERATED42' } : {}),
    records,
  };
  const apps = shape.apps.map((a, i) => appOf(a, i, shape));
  const network =
    shape.network === 'existing'
      ? existingVpcNetwork()
      : {
          vpc: {
            cidr: '10.0.0.0/16',
            publicSubnets: ['10.0.0.0/24', '10.0.1.0/24'],
            privateSubnets: ['10.0.10.0/24', '10.0.11.0/24'],
            nat: shape.network,
            ipv6: shape.ipv6,
          },
        };
  return {
    version: 1,
    project: 'gen',
    environment: shape.environment,
    aws: {
      region: 'eu-west-1',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      network,
      ...loadBalancerOf(shape),
    },
    digitalocean: {
      droplets,
      databases: doDatabases,
      domains: [domain],
      spaces: spacesOf(shape),
      ...cdnEndpointsOf(shape),
    },
    ecr: {
      repositories: [{ name: 'gen/web' }],
      ...(shape.externalVia === 'cache' ? { pullThroughCache: [{ upstream: 'ecr-public' }] } : {}),
    },
    ...(shape.dms ? { secrets: [{ name: 'do-db-admin' }] } : {}),
    apps,
    ...storageOf(shape),
    ...ciOf(shape),
    ...(shape.database === 'none'
      ? {}
      : {
          databases: [
            {
              name: 'main',
              from: 'gen-db',
              aurora: shape.database.endsWith('aurora'),
              databaseName: 'gen',
              migration: { method: shape.dms ? 'dms' : 'dump' },
            },
          ],
        }),
    ...(shape.cache === 'none'
      ? {}
      : { caches: [{ name: 'cache', from: 'gen-cache', engine: shape.cache }] }),
    ...(shape.cutover
      ? {
          cutover: {
            phases: shape.phases,
            current: 0,
            ...(shape.dataMode === 'default' ? {} : { dataMode: shape.dataMode }),
          },
        }
      : {}),
  } as Input;
}

function appOf(a: SpecShape['apps'][number], i: number, shape: SpecShape): Record<string, unknown> {
  // Without NAT the tasks reach only ECR in the region: external images are copies there, or refused.
  // Or they come through a pull-through cache rule, or are copied into a declared repository.
  const external = (name: string, copyTag: string): Record<string, unknown> => {
    if (shape.externalVia === 'cache') return { uri: `public.ecr.aws/${name}`, pullThroughCache: true };
    if (shape.externalVia === 'copy')
      return { repository: 'gen/web', tag: copyTag, copyFrom: `public.ecr.aws/${name}` };
    return {
      uri:
        shape.network === 'none' && shape.imagesInEcr
          ? `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${name}`
          : `public.ecr.aws/${name}`,
    };
  };
  const image = a.externalImage
    ? external('nginx/nginx:1.27', 'nginx-1.27')
    : { repository: 'gen/web', tag: '1.0.0' };
  const containers: Record<string, unknown>[] = [
    {
      name: 'main',
      image,
      ...(a.kind === 'web' ? { port: 8080 } : {}),
      ...(a.mail ? { environment: { EMAIL_HOST: 'smtp.gen-example.com', EMAIL_PORT: 587 } } : {}),
      ...(a.credentials === 'default' ? {} : { uses: containerUsesOf(a, shape) }),
    },
  ];
  if (a.sidecar)
    containers.push({
      name: 'agent',
      image: external('datadog/agent:7', 'agent-7'),
      essential: false,
      environment: { DD_SITE: 'datadoghq.eu' },
    });
  const uses = {
    ...(a.usesDatabase && shape.database !== 'none' ? { databases: ['main'] } : {}),
    ...(a.usesCache && shape.cache !== 'none' ? { caches: ['cache'] } : {}),
  };
  return {
    name: `app${i}`,
    droplets: [`droplet-${i}`],
    containers,
    ...(a.kind === 'scheduled' ? { schedule: 'rate(1 hour)' } : { scaling: { min: minTasksOf(a), max: 4 } }),
    ...(a.kind === 'web'
      ? {
          expose: {
            public: {
              hostnames: a.hostnames.map(fqdn),
              paths: a.path === 'root' ? ['/*'] : [`/app${i}/*`],
              container: 'main',
              port: 8080,
            },
          },
        }
      : {}),
    ...(Object.keys(uses).length > 0 ? { uses } : {}),
    ...(a.egress === 'none' ? {} : { egress: [egressOf(a.egress, shape)] }),
    ...((shape.ci ?? 'none') !== 'none' && shape.ciTagMode === 'ci'
      ? { deployment: { imageTagMode: 'ci' } }
      : {}),
  };
}

const PRIVATE_SPACE = {
  name: 'gen-uploads',
  region: 'ams3',
  cors: [
    { allowedOrigins: ['https://gen-example.com'], allowedMethods: ['GET', 'PUT'], maxAgeSeconds: 3000 },
  ],
  lifecycle: [{ id: 'expire-tmp', prefix: 'tmp/', expirationDays: 7 }],
};
const PUBLIC_SPACE = { name: 'gen-assets', region: 'ams3', acl: 'public-read' };

function spacesOf({ storage = 'none' }: SpecShape): Record<string, unknown>[] {
  return [
    ...(storage === 'private' || storage === 'both' ? [PRIVATE_SPACE] : []),
    ...(storage === 'public' || storage === 'both' ? [PUBLIC_SPACE] : []),
  ];
}

function loadBalancerOf({ accessLogs = 'default' }: SpecShape): Record<string, unknown> {
  if (accessLogs === 'default') return {};
  const settings =
    accessLogs === 'off'
      ? { enabled: false }
      : accessLogs === 'created'
        ? { enabled: true, prefix: 'gen/alb', expirationDays: 30 }
        : { bucket: 'gen-existing-alb-logs', prefix: 'lb' };
  return { loadBalancer: { accessLogs: settings } };
}

/** A CDN endpoint on a Space the spec inventories (none when the shape has no such Space). */
function cdnEndpointsOf(shape: SpecShape): Record<string, unknown> {
  const cdn = shape.cdn ?? 'none';
  const spaces = spacesOf(shape);
  const on = cdn === 'private-domain' ? PRIVATE_SPACE : PUBLIC_SPACE;
  if (cdn === 'none' || !spaces.includes(on)) return {};
  // A custom domain needs a zone dropship writes (cdn-domain): with external DNS, the endpoint's own name.
  const domain = cdn !== 'public' && shape.dns !== 'external';
  return {
    cdnEndpoints: [
      {
        space: on.name,
        id: 'cdn-0',
        ...(!domain ? {} : { customDomain: `${cdn === 'private-domain' ? 'files' : 'cdn'}.gen-example.com` }),
      },
    ],
  };
}

/**
 * A bucket per Space, granted to the first app that can take the Spaces keys. The public one names its variables, the Space's endpoint and
 * keys included (which the tasks use until cutover.dataMoved in digitalocean-until-100).
 */
function storageOf(shape: SpecShape): Record<string, unknown> {
  if ((shape.storage ?? 'none') === 'none') return {};
  // The first app whose main container takes credentials (an image of its own, not a front proxy before a
  // sidecar): until cutover.dataMoved it receives the Spaces keys. Without one, the buckets have no app.
  const index = shape.apps.findIndex((a) => !a.externalImage && !(a.kind === 'web' && a.sidecar));
  const grantee = `app${index}`;
  const buckets = spacesOf(shape).map((space) =>
    space === PRIVATE_SPACE
      ? { name: 'uploads', from: space.name, access: [{ app: grantee, mode: 'read-write' }] }
      : {
          name: 'assets',
          from: space.name,
          access: [
            {
              app: grantee,
              mode: 'read',
              env: {
                bucket: 'ASSETS_BUCKET',
                endpoint: 'ASSETS_ENDPOINT',
                accessKeyId: 'ASSETS_KEY_ID',
                secretAccessKey: 'ASSETS_SECRET',
              },
            },
          ],
        },
  );
  return {
    storage: {
      buckets: index < 0 ? buckets.map((b) => ({ ...b, access: [] })) : buckets,
    },
  };
}

function ciOf(shape: SpecShape): Record<string, unknown> {
  if ((shape.ci ?? 'none') === 'none') return {};
  return {
    ci: {
      github: {
        repository: 'gen/app',
        ...(shape.ciSubjects === 'environment' ? {} : { branches: ['main'] }),
        ...(shape.ciSubjects === 'branch' ? {} : { environments: ['production'] }),
        oidcProvider:
          shape.ci === 'create'
            ? 'create'
            : 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
      },
    },
  };
}

/** The main container's `uses`: the app's stores, by name or with the names an image of its own expects. */
function containerUsesOf(a: SpecShape['apps'][number], shape: SpecShape): unknown[] {
  const database = a.usesDatabase && shape.database !== 'none';
  const cache = a.usesCache && shape.cache !== 'none';
  if (a.credentials === 'listed') return [...(database ? ['main'] : []), ...(cache ? ['cache'] : [])];
  return [
    ...(database
      ? [{ database: 'main', env: { host: 'APP_DB_HOST', name: 'APP_DB_NAME', password: 'APP_DB_PASSWORD' } }]
      : []),
    ...(cache ? [{ cache: 'cache', env: { host: 'APP_CACHE_HOST', password: 'APP_CACHE_AUTH' } }] : []),
  ];
}

/** The app's scaling.min: a web app's 0 only when the shape asks for a public app scaled to zero. */
export function minTasksOf(a: SpecShape['apps'][number]): number {
  return a.kind === 'web' && !a.publicScaleToZero ? Math.max(a.minTasks, 1) : a.minTasks;
}

/**
 * The entry of a kind, routable where the spec puts it: a VPC dropship creates has no IPv6 route out of its
 * private subnets (IPv6 CIDRs only in an existing VPC); without NAT only the VPC is routed (CIDRs inside it)
 * and a prefix list only as a gateway endpoint's, on tcp 443.
 */
function egressOf(kind: keyof typeof EGRESS, shape: SpecShape): Record<string, unknown> {
  const entry: Record<string, unknown> & { to: Record<string, unknown> } = { ...EGRESS[kind] };
  if ('cidrs' in entry.to && shape.network !== 'existing') {
    const v4 = (entry.to.cidrs as string[]).filter((c) => !c.includes(':'));
    entry.to = {
      cidrs: shape.network === 'none' ? ['10.0.0.0/16'] : v4.length > 0 ? v4 : ['203.0.113.0/24'],
    };
  }
  if ('prefixList' in entry.to && shape.network === 'none') {
    delete entry.ports;
    delete entry.protocol;
    entry.port = 443;
  }
  return entry;
}

/** One declared egress entry per kind the spec allows. */
const EGRESS = {
  smtp: { description: 'SMTP submission', port: 587, to: { cidrs: ['0.0.0.0/0', '2001:db8::/32'] } },
  'udp-range': {
    description: 'media relay',
    protocol: 'udp',
    ports: '10000-10100',
    to: { cidrs: ['198.51.100.0/24'] },
  },
  ipv6: { description: 'partner API', port: 8443, to: { cidrs: ['2001:db8:abcd::/48'] } },
  'prefix-list': {
    description: 'partner network',
    ports: '5432-5433',
    to: { prefixList: 'pl-0123456789abcdef0' },
  },
} as const;

/**
 * An estate: a spec of specArbitrary spread over several domains (each in its own DNS mode), with a
 * DigitalOcean load balancer in front of the first app's droplet or not, IPv6 on the droplets and AAAA
 * records today or not, hostnames nothing answers today (new names), a shared hostname answering an
 * address no droplet holds, a wildcard record above the names, and apps' own health paths with or without a
 * global override. What the cutover per hostname must hold for (issue 18).
 */
export const estateArbitrary = fc.record({
  base: specArbitrary,
  /** The domains besides gen-example.com (whose mode is the base's), `gen-<i>.org`. */
  moreDomains: fc.array(fc.constantFrom('digitalocean', 'route53', 'route53-new', 'external'), {
    maxLength: 2,
  }),
  /** Per app (by index, cycled): which domain its hostnames are in (0 = gen-example.com). */
  appDomains: fc.array(fc.nat({ max: 2 }), { minLength: 1, maxLength: 4 }),
  loadBalancer: fc.boolean(),
  dropletIpv6: fc.boolean(),
  aaaaToday: fc.boolean(),
  /** Hostname labels (@, www, api, shop) nothing answers today. */
  newNames: fc.uniqueArray(fc.constantFrom(...HOSTNAMES), { maxLength: 2 }),
  /** A shared hostname also answers 192.0.2.99, which no droplet or load balancer holds. */
  strayAddress: fc.boolean(),
  /** The last app names no droplet (a new service, or one whose droplets are not listed). */
  dropletless: fc.boolean(),
  /** The second public app also serves the first one's first hostname, under a path of its own. */
  pathSplit: fc.boolean(),
  // Added last, so the fields above draw the same values as before for every seed.
  /**
   * A wildcard `*` A record in each domain but external ones, answering the load balancer (or droplet-0):
   * the new names under it answer today (the principal review's second finding).
   */
  wildcard: fc.boolean(),
  /**
   * Each public app names its own health path (`/app<i>/health`), and cutover.healthCheck.path is left out
   * (`own`) or overrides them (`override`: /up, warned); `none`: no app names one.
   */
  healthPaths: fc.constantFrom('none', 'own', 'override'),
});

export type EstateShape = typeof estateArbitrary extends fc.Arbitrary<infer T> ? T : never;

/** The address of droplet-i, and of the load balancer. */
const dropletIp = (i: number) => `198.51.100.${10 + i}`;
const dropletIpv6 = (i: number) => `2001:db8:100::${10 + i}`;
const LB = { name: 'gen-lb', ip: '198.51.100.200', ipv6: '2001:db8:100::200' } as const;

/** The spec input an estate describes: specOf(base), its hostnames and records spread over the domains. */
export function estateSpecOf(estate: EstateShape): Input {
  // Edited as plain data: specOf's output, loosely typed.
  const spec = specOf(estate.base) as unknown as {
    apps: {
      name: string;
      loadBalancer?: string;
      expose?: { public?: { hostnames: string[]; paths: string[] } };
    }[];
    digitalocean: Record<string, unknown> & {
      droplets: Record<string, unknown>[];
      domains: Record<string, unknown>[];
    };
  };
  const domainNames = ['gen-example.com', ...estate.moreDomains.map((_, k) => `gen-${k}.org`)];
  const modes = [estate.base.dns, ...estate.moreDomains];
  const domainOfApp = (i: number) => estate.appDomains[i % estate.appDomains.length] % domainNames.length;
  if (estate.dropletIpv6)
    spec.digitalocean.droplets.forEach((d, i) => Object.assign(d, { ipv6: dropletIpv6(i) }));
  if (estate.loadBalancer && spec.apps.length > 0) {
    spec.digitalocean.loadBalancers = [
      {
        name: LB.name,
        ip: LB.ip,
        ...(estate.dropletIpv6 ? { ipv6: LB.ipv6 } : {}),
        forwardingRules: [{ entryProtocol: 'https', entryPort: 443, targetProtocol: 'http', targetPort: 80 }],
        droplets: ['droplet-0'],
      },
    ];
    spec.apps[0].loadBalancer = LB.name;
  }
  if (estate.dropletless && spec.apps.length > 1)
    Object.assign(spec.apps[spec.apps.length - 1], { droplets: [] });
  // Each app's hostnames move to its domain; the first app to name a hostname answers it today.
  const answers = new Map<string, { domain: number; label: string; app: number }>();
  spec.apps.forEach((app, i) => {
    const pub = app.expose?.public;
    if (!pub) return;
    const d = domainOfApp(i);
    pub.hostnames = pub.hostnames.map((h) => {
      const label = h === 'gen-example.com' ? '@' : h.slice(0, -'.gen-example.com'.length);
      const fq = label === '@' ? domainNames[d] : `${label}.${domainNames[d]}`;
      if (!answers.has(fq)) answers.set(fq, { domain: d, label, app: i });
      return fq;
    });
  });
  if (estate.healthPaths !== 'none')
    spec.apps.forEach((a, i) => {
      if (a.expose?.public) Object.assign(a.expose.public, { healthCheckPath: `/app${i}/health` });
    });
  const cutover = (spec as { cutover?: Record<string, unknown> }).cutover;
  if (cutover && estate.healthPaths === 'override') cutover.healthCheck = { path: '/up' };
  const publicApps = spec.apps.filter((a) => a.expose?.public);
  if (estate.pathSplit && publicApps.length > 1) {
    const [first, second] = publicApps.map((a) => a.expose!.public!);
    if (!second.hostnames.includes(first.hostnames[0])) second.hostnames.push(first.hostnames[0]);
    second.paths = [`/${publicApps[1].name}/*`];
  }
  const shared = new Set(
    spec.apps.flatMap((a) => a.expose?.public?.hostnames ?? []).filter((h, k, all) => all.indexOf(h) !== k),
  );
  spec.digitalocean.domains = domainNames.map((name, d) => {
    const records: Record<string, unknown>[] = [];
    for (const [fq, a] of answers) {
      if (a.domain !== d || estate.newNames.includes(a.label as (typeof HOSTNAMES)[number])) continue;
      const behindLb = estate.loadBalancer && a.app === 0;
      records.push({ type: 'A', name: a.label, data: behindLb ? LB.ip : dropletIp(a.app), ttl: 300 });
      if (estate.aaaaToday && estate.dropletIpv6)
        records.push({
          type: 'AAAA',
          name: a.label,
          data: behindLb ? LB.ipv6 : dropletIpv6(a.app),
          ttl: 300,
        });
      if (estate.strayAddress && shared.has(fq))
        records.push({ type: 'A', name: a.label, data: '192.0.2.99', ttl: 300 });
    }
    const mode = modes[d];
    if (estate.wildcard && mode !== 'external')
      records.push({ type: 'A', name: '*', data: estate.loadBalancer ? LB.ip : dropletIp(0), ttl: 300 });
    return {
      name,
      dns: mode === 'route53-new' ? 'route53' : mode,
      ...(mode === 'route53' ? { route53ZoneId: `Z0GENERATED4${d}` } : {}),
      records,
    };
  });
  return spec as unknown as Input;
}
