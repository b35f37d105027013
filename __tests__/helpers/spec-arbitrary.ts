/**
 * fast-check arbitraries over whole migration specs, beyond the bundled examples: several apps (web apps,
 * workers, scheduled jobs), hostnames shared between apps (by path or not), each DNS mode, RDS and Aurora
 * (MySQL and PostgreSQL), caches, a new VPC with each NAT mode or an existing VPC, ECR and external images
 * (under `nat: none` mostly copies in ECR, the rest refused), sidecars, declared egress (TCP and UDP, ports and
 * ranges, IPv4, IPv6 and prefix lists), mail settings with and without egress, and a cutover at any of its phases. A generated spec need not be valid: what it must never do is
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
  size: fc.constantFrom('s-1vcpu-2gb', 's-2vcpu-4gb', 's-4vcpu-8gb'),
});

export const specArbitrary = fc.record({
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
});

export type SpecShape = typeof specArbitrary extends fc.Arbitrary<infer T> ? T : never;

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
    aws: { region: 'eu-west-1', availabilityZones: ['eu-west-1a', 'eu-west-1b'], network },
    digitalocean: { droplets, databases: doDatabases, domains: [domain] },
    ecr: { repositories: [{ name: 'gen/web' }] },
    ...(shape.dms ? { secrets: [{ name: 'do-db-admin' }] } : {}),
    apps,
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
  const external = (name: string) =>
    shape.network === 'none' && shape.imagesInEcr
      ? `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${name}`
      : `public.ecr.aws/${name}`;
  const image = a.externalImage
    ? { uri: external('nginx/nginx:1.27') }
    : { repository: 'gen/web', tag: '1.0.0' };
  const containers: Record<string, unknown>[] = [
    {
      name: 'main',
      image,
      ...(a.kind === 'web' ? { port: 8080 } : {}),
      ...(a.mail ? { environment: { EMAIL_HOST: 'smtp.gen-example.com', EMAIL_PORT: 587 } } : {}),
    },
  ];
  if (a.sidecar)
    containers.push({
      name: 'agent',
      image: { uri: external('datadog/agent:7') },
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
    ...(a.kind === 'scheduled' ? { schedule: 'rate(1 hour)' } : { scaling: { min: a.minTasks, max: 4 } }),
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
  };
}

/** The entry of a kind; without NAT only the VPC is routed, so CIDRs are inside it there. */
function egressOf(kind: keyof typeof EGRESS, shape: SpecShape): Record<string, unknown> {
  const entry = EGRESS[kind];
  return shape.network === 'none' && 'cidrs' in entry.to
    ? { ...entry, to: { cidrs: ['10.0.0.0/16'] } }
    : entry;
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
