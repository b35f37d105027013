/**
 * The security-group graph, as data: which security group admits which on what port, and why. Nodes are
 * the ALB, every app's tasks, every database and cache, and the DMS replication instance; edges come only
 * from the spec (public exposure, internal exposure, `uses`, DMS migrations). Rules are derived from the
 * edges: an edge between two groups is an ingress rule on the target that references the source group plus
 * the matching egress rule on the source, so nothing is open by CIDR inside the VPC.
 *
 * Rules stay linear in the fleet: every app task also carries the shared group `apps` and every internal
 * app's task the shared group `internal`. An internal app admits `apps` on its port (one rule each) and
 * `apps` may reach `internal` on each distinct internal port, so "any app may call an internal app" costs
 * I + P rules instead of 2 × I × (N − 1), and no group comes near AWS's 60 rules per direction. Public
 * apps likewise carry `public`: each admits the ALB on its port, the ALB egresses to `public` per port.
 *
 * Invariants (tested): the only ingress from 0.0.0.0/0 or ::/0 is the ALB's on 80 and 443; databases and
 * caches have no egress; the ALB egresses only to the `public` group (on public app tasks) on their ports.
 */
import type { Report } from '../schema/report';
import type { DatabaseTargetSpec, MigrationSpec } from '../schema/spec';
import type { CompileContext } from './context';
import type { Decision } from './model';
import { awsName } from '../schema/facts/aws-names';
import { DO_DATABASE_PORT, ELASTICACHE_PORT, RDS_PORTS } from '../schema/facts/ports';
import type { RdsEngine } from '../schema/facts/engine-versions';
import { findDoDatabase, rdsEngineOf } from '../schema/inventory/databases';
import { specWarning } from './findings';
import { ENDPOINTS_SG_KEY } from './network';
import { usesVpcEndpoints } from '../schema/inventory/network';
import { usesIpv6 } from '../schema/inventory/network';
import { address, ref } from './refs';
import { networkStackName } from './stack-names';
import type {
  ExternalEndpoint,
  SecurityPlan,
  SgEdge,
  SgNode,
  SgNodeKind,
  SgPeer,
  SgRule,
} from './model/security';

/** The one `ExternalEndpoint`: the end of an edge that is not a security group. */
export const INTERNET: ExternalEndpoint = 'internet';

/** The ALB's group. */
export const ALB_SG_KEY = 'alb';
/** The DMS replication instance's group. */
export const DMS_SG_KEY = 'dms';
/** Attached to every app task: the caller side of internal calls and the HTTPS egress. */
export const APPS_SG_KEY = 'apps';
/** Attached to every public app's task: the destination the ALB egresses to on the public ports. */
export const PUBLIC_SG_KEY = 'public';
/** Attached to every internal app's task: the destination `apps` egresses to on the internal ports. */
export const INTERNAL_SG_KEY = 'internal';

/**
 * The group of `kind` (for `subject`: the app, database or cache it stands for). Every caller asks for one the
 * spec gives the graph; a missing one is a dropship bug.
 */
export function groupOf(security: SecurityPlan, kind: SgNodeKind, subject?: string): SgNode {
  const node = security.nodes.find((n) => n.kind === kind && n.subject === subject);
  if (!node)
    throw new Error(
      `security plan: no ${kind} group${subject ? ` of ${subject}` : ''} (a dropship bug: please report it)`,
    );
  return node;
}

const nodesByKey = new WeakMap<SecurityPlan, Map<string, SgNode>>();

/** The group the plan names `key` (a key the plan gave, e.g. in `taskSecurityGroups`). */
export function groupByKey(security: SecurityPlan, key: string): SgNode {
  let byKey = nodesByKey.get(security);
  if (!byKey) nodesByKey.set(security, (byKey = new Map(security.nodes.map((n) => [n.key, n]))));
  const node = byKey.get(key);
  if (!node) throw new Error(`security plan: no group ${key} (a dropship bug: please report it)`);
  return node;
}

/** AWS's quota: rules per direction per group (IPv4 and IPv6 counted separately). */
export const RULES_PER_SECURITY_GROUP = 60;

const IPV4_ANY = '0.0.0.0/0';
const IPV6_ANY = '::/0';

export function compileSecurity(ctx: CompileContext): SecurityPlan {
  const { spec } = ctx;
  const decisions: Decision[] = [];
  const { report } = ctx;
  const nodes: SgNode[] = [];
  const edges: SgEdge[] = [];
  const stack = networkStackName(ctx.prefix);
  const node = (key: string, kind: SgNodeKind, what: string, subject?: string) => {
    const groupAddress = address(stack, 'aws_security_group', `sg-${key}`);
    const n: SgNode = {
      key,
      kind,
      subject,
      name: groupName(ctx.prefix, key),
      description: sanitizeDescription(`dropship ${ctx.prefix}: ${what}`),
      address: groupAddress,
      id: ref(groupAddress, 'id'),
    };
    nodes.push(n);
    return n;
  };

  const publicApps = spec.apps.filter((a) => a.expose && 'public' in a.expose);
  const internalApps = spec.apps.filter((a) => a.expose && 'internal' in a.expose);
  const dmsDatabases = spec.databases.filter((d) => d.migration.method === 'dms');

  if (publicApps.length > 0) node(ALB_SG_KEY, 'alb', 'shared application load balancer');
  for (const app of spec.apps) node(appKey(app.name), 'app', `tasks of app ${app.name}`, app.name);
  if (spec.apps.length > 0) node(APPS_SG_KEY, 'apps', 'every app task of the environment');
  if (publicApps.length > 0) node(PUBLIC_SG_KEY, 'public', 'tasks of the public apps');
  if (internalApps.length > 0) node(INTERNAL_SG_KEY, 'internal', 'tasks of the internal apps');
  for (const db of spec.databases) node(dbKey(db.name), 'db', `database ${db.name}`, db.name);
  for (const cache of spec.caches) node(cacheKey(cache.name), 'cache', `cache ${cache.name}`, cache.name);
  if (dmsDatabases.length > 0) node(DMS_SG_KEY, 'dms', 'DMS replication instance');
  const endpoints = usesVpcEndpoints(spec);
  if (endpoints) node(ENDPOINTS_SG_KEY, 'endpoints', 'VPC interface endpoints');

  // internet → ALB: the only ingress from anywhere, IPv4 and IPv6 on the same ports. With an IPv4-only ALB
  // the ::/0 rules admit nothing (it has no IPv6 address); with `ipv6: true` they are its IPv6 listeners' way in.
  const dualstack = usesIpv6(spec);
  if (publicApps.length > 0) {
    const ports = [
      [80, 'HTTP (redirected to HTTPS)'],
      [443, 'HTTPS'],
    ] as const;
    for (const [port, what] of ports) {
      edges.push({
        from: INTERNET,
        to: ALB_SG_KEY,
        protocol: 'tcp',
        port,
        cidrs: { ipv4: IPV4_ANY, ipv6: IPV6_ANY },
        reason: dualstack
          ? `${what} from the internet to the load balancer, over IPv4 and IPv6 (dualstack)`
          : `${what} from the internet to the load balancer`,
      });
    }
    if (dualstack) {
      decisions.push({
        subject: 'security.alb.ipv6',
        choice: `the ALB group admits ${IPV6_ANY} on ${ports.map(([p]) => p).join(' and ')}, as it admits ${IPV4_ANY}`,
        rule:
          'aws.network.vpc.ipv6: true makes the ALB dualstack: IPv6 clients reach the same listeners (80 redirects ' +
          'to HTTPS); no other group admits IPv6 (see network.ipv6)',
      });
    }
  }

  // ALB → public app tasks on the container port the target group forwards to: each app admits the ALB on
  // its port, and the ALB egresses to the shared `public` group per distinct port (not one rule per app).
  const publicPorts = new Map<number, string[]>();
  for (const app of publicApps) {
    const pub = (app.expose as { public: { port: number; container: string; hostnames: string[] } }).public;
    edges.push({
      from: ALB_SG_KEY,
      to: appKey(app.name),
      protocol: 'tcp',
      port: pub.port,
      only: 'ingress',
      reason: `load balancer forwards ${pub.hostnames.join(', ')} to ${app.name}/${pub.container}:${pub.port}`,
    });
    publicPorts.set(pub.port, [...(publicPorts.get(pub.port) ?? []), app.name]);
  }
  for (const [port, targets] of [...publicPorts].sort(([a], [b]) => a - b)) {
    edges.push({
      from: ALB_SG_KEY,
      to: PUBLIC_SG_KEY,
      protocol: 'tcp',
      port,
      only: 'egress',
      reason: `load balancer forwards to the public apps on port ${port} (${targets.join(', ')})`,
    });
  }

  // apps → internal app: any app of the environment may call it (see docs/network.md, "Internal apps").
  const internalPorts = new Map<number, string[]>();
  for (const target of internalApps) {
    const internal = (target.expose as { internal: { port: number; container: string } }).internal;
    edges.push({
      from: APPS_SG_KEY,
      to: appKey(target.name),
      protocol: 'tcp',
      port: internal.port,
      only: 'ingress',
      reason: `${target.name} is internal: apps of the environment call ${target.name}/${internal.container}:${internal.port}`,
    });
    internalPorts.set(internal.port, [...(internalPorts.get(internal.port) ?? []), target.name]);
  }
  for (const [port, targets] of [...internalPorts].sort(([a], [b]) => a - b)) {
    edges.push({
      from: APPS_SG_KEY,
      to: INTERNAL_SG_KEY,
      protocol: 'tcp',
      port,
      only: 'egress',
      reason: `apps of the environment may call the internal apps on port ${port} (${targets.join(', ')})`,
    });
  }
  if (internalApps.length > 0) {
    decisions.push({
      subject: 'security.internalApps',
      choice: `${internalApps.map((a) => a.name).join(', ')} admit every app of the environment on their port`,
      rule:
        'expose.internal has no caller list: any app of the environment may call an internal app, and nothing ' +
        'outside the environment can (security-group references, no CIDRs). Shared groups keep it linear: ' +
        'each internal app admits the group apps (on every task) on its port, and apps egresses to the group ' +
        'internal (on every internal task) on each internal port',
    });
  }

  // app → its databases and caches.
  for (const app of spec.apps) {
    // Every name resolves: the rules refuse an unknown one (unresolved-reference).
    for (const dbName of app.uses.databases) {
      const db = spec.databases.find((d) => d.name === dbName)!;
      const { port, engine } = databasePort(spec, db);
      edges.push({
        from: appKey(app.name),
        to: dbKey(db.name),
        protocol: 'tcp',
        port,
        reason: `${app.name} uses database ${db.name} (${engine})`,
      });
    }
    for (const cacheName of app.uses.caches) {
      edges.push({
        from: appKey(app.name),
        to: cacheKey(cacheName),
        protocol: 'tcp',
        port: ELASTICACHE_PORT,
        reason: `${app.name} uses cache ${cacheName} (Redis protocol, TLS)`,
      });
    }
  }

  // DMS → the target databases it loads, and out to the DigitalOcean sources.
  for (const db of dmsDatabases) {
    const { port, engine } = databasePort(spec, db);
    edges.push({
      from: DMS_SG_KEY,
      to: dbKey(db.name),
      protocol: 'tcp',
      port,
      reason: `DMS replicates ${db.from ?? 'the source'} into ${db.name} (${engine})`,
    });
  }
  if (dmsDatabases.length > 0) {
    const sourcePorts = new Set<number>();
    for (const db of dmsDatabases) {
      const source = spec.digitalocean.databases.find((d) => d.name === db.from);
      sourcePorts.add(source?.port ?? DO_DATABASE_PORT);
    }
    for (const port of [...sourcePorts].sort((a, b) => a - b)) {
      edges.push({
        from: DMS_SG_KEY,
        to: INTERNET,
        protocol: 'tcp',
        port,
        cidrs: { ipv4: IPV4_ANY },
        reason: 'DMS reads the DigitalOcean source database over its public endpoint, through NAT',
      });
    }
    edges.push({
      from: DMS_SG_KEY,
      to: INTERNET,
      protocol: 'tcp',
      port: 443,
      cidrs: { ipv4: IPV4_ANY },
      reason: 'DMS reads endpoint credentials from Secrets Manager (HTTPS, through NAT)',
    });
  }

  // Apps egress HTTPS anywhere: ECR, Secrets Manager, CloudWatch Logs and third-party APIs, through NAT.
  if (spec.apps.length > 0) {
    edges.push({
      from: APPS_SG_KEY,
      to: INTERNET,
      protocol: 'tcp',
      port: 443,
      cidrs: { ipv4: IPV4_ANY },
      reason:
        'HTTPS out: image pulls (ECR), secrets (Secrets Manager), logs (CloudWatch) and external APIs, via NAT',
    });
  }
  if (spec.apps.length > 0) {
    decisions.push({
      subject: 'security.appEgress',
      choice:
        'apps egress HTTPS (443) to 0.0.0.0/0 and their own databases, caches and internal apps; nothing else',
      rule:
        'ECR, Secrets Manager and CloudWatch Logs are public AWS endpoints reached through NAT; every other ' +
        'destination is another security group of the graph. Add VPC endpoints to keep that traffic in the VPC',
    });
  }

  // nat: none — the interface endpoints answer HTTPS from the tasks (and DMS) inside the VPC.
  if (endpoints) {
    const callers = [
      ...(spec.apps.length > 0 ? [APPS_SG_KEY] : []),
      ...(dmsDatabases.length > 0 ? [DMS_SG_KEY] : []),
    ];
    for (const from of callers) {
      edges.push({
        from,
        to: ENDPOINTS_SG_KEY,
        protocol: 'tcp',
        port: 443,
        reason: 'HTTPS to the VPC endpoints (ECR, Secrets Manager, CloudWatch Logs): there is no NAT',
      });
    }
  }

  const taskSecurityGroups: Record<string, string[]> = {};
  for (const app of spec.apps) taskSecurityGroups[app.name] = taskSecurityGroupKeys(app);

  const rules = rulesFromEdges(edges, ctx.prefix);
  checkQuota(nodes, rules, report);
  return { nodes, edges, rules, taskSecurityGroups, decisions };
}

export const appKey = (app: string) => `app-${app}`;

/** The groups an app's tasks carry (services and scheduled tasks alike): at most 3 of the 5 an ENI takes. */
export function taskSecurityGroupKeys(app: MigrationSpec['apps'][number]): string[] {
  const exposure = app.expose && 'public' in app.expose ? [PUBLIC_SG_KEY] : [];
  if (app.expose && 'internal' in app.expose) exposure.push(INTERNAL_SG_KEY);
  return [appKey(app.name), APPS_SG_KEY, ...exposure];
}
export const dbKey = (db: string) => `db-${db}`;
export const cacheKey = (cache: string) => `cache-${cache}`;

/** The port of a target database: its engine's (its own, or that of the DigitalOcean database it comes `from`). */
function databasePort(spec: MigrationSpec, db: DatabaseTargetSpec): { port: number; engine: RdsEngine } {
  // The engine is known: the loader refuses a database with neither an engine nor a mysql/pg source.
  const engine = rdsEngineOf(db, findDoDatabase(spec, db.from))!;
  return { port: RDS_PORTS[engine], engine };
}

/** Each edge becomes rules: ingress on the target and egress on the source, per group and per CIDR. */
export function rulesFromEdges(edges: SgEdge[], prefix: string): SgRule[] {
  const rules: SgRule[] = [];
  const seen = new Set<string>();
  // The key first: an edge repeated by another path (apps reaching a shared group) builds nothing twice.
  const add = (
    key: string,
    e: SgEdge,
    securityGroup: string,
    direction: SgRule['direction'],
    peer: SgPeer,
    description: () => string,
  ) => {
    if (seen.has(key)) return;
    seen.add(key);
    rules.push({
      protocol: e.protocol,
      fromPort: e.port,
      toPort: e.port,
      key,
      securityGroup,
      direction,
      peer,
      description: sanitizeDescription(description()),
    });
  };
  for (const e of edges) {
    const what = `${e.protocol.toUpperCase()} ${e.port}`;
    if (e.to !== INTERNET && e.only !== 'egress') {
      if (e.from === INTERNET) {
        for (const [family, cidr] of cidrsOf(e))
          add(
            `${e.to}-in-${family}-${e.protocol}-${e.port}`,
            e,
            e.to,
            'ingress',
            { kind: family, cidr },
            () => `${what} from the internet (${cidr})`,
          );
      } else {
        const from = e.from;
        add(
          `${e.to}-in-${from}-${e.protocol}-${e.port}`,
          e,
          e.to,
          'ingress',
          { kind: 'security-group', key: from },
          () => `${what} from ${groupName(prefix, from)}`,
        );
      }
    }
    if (e.from !== INTERNET && e.only !== 'ingress') {
      if (e.to === INTERNET) {
        for (const [family, cidr] of cidrsOf(e))
          add(
            `${e.from}-out-${family}-${e.protocol}-${e.port}`,
            e,
            e.from,
            'egress',
            { kind: family, cidr },
            () => `${what} to ${cidr}`,
          );
      } else {
        const to = e.to;
        add(
          `${e.from}-out-${to}-${e.protocol}-${e.port}`,
          e,
          e.from,
          'egress',
          { kind: 'security-group', key: to },
          () => `${what} to ${groupName(prefix, to)}`,
        );
      }
    }
  }
  return rules;
}

function cidrsOf(e: SgEdge): ['ipv4' | 'ipv6', string][] {
  const out: ['ipv4' | 'ipv6', string][] = [];
  if (e.cidrs?.ipv4) out.push(['ipv4', e.cidrs.ipv4]);
  if (e.cidrs?.ipv6) out.push(['ipv6', e.cidrs.ipv6]);
  return out;
}

/** Warns when a group would exceed AWS's rules-per-group quota in one direction and address family. */
function checkQuota(nodes: SgNode[], rules: SgRule[], report: Report): void {
  // One pass over the rules; rules that reference a group count toward the IPv4 quota.
  const counts = new Map<string, number>();
  const countKey = (group: string, direction: string, family: string) => `${group} ${direction} ${family}`;
  for (const r of rules) {
    const key = countKey(r.securityGroup, r.direction, r.peer.kind === 'ipv6' ? 'ipv6' : 'ipv4');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const n of nodes) {
    for (const direction of ['ingress', 'egress'] as const) {
      for (const family of ['ipv4', 'ipv6'] as const) {
        const count = counts.get(countKey(n.key, direction, family)) ?? 0;
        if (count > RULES_PER_SECURITY_GROUP) {
          report.add(
            specWarning(
              n.kind === 'alb' ||
                n.kind === 'dms' ||
                n.kind === 'endpoints' ||
                n.kind === 'db' ||
                n.kind === 'cache'
                ? []
                : ['apps'],
              'security/rules-quota',
              `security group ${n.key} needs ${count} ${family} ${direction} rules; AWS allows ${RULES_PER_SECURITY_GROUP} per group by default`,
              'request a higher "Inbound or outbound rules per security group" quota (Service Quotas, VPC) before applying, or reduce the apps that call it',
            ),
          );
        }
      }
    }
  }
}

/** GroupName: `<prefix>-<key>` within 255 characters; AWS reserves names starting with `sg-`. */
export function groupName(prefix: string, key: string): string {
  const cacheKey = `${prefix}\u0000${key}`;
  let name = groupNames.get(cacheKey);
  if (name === undefined) {
    name = awsName('securityGroup', prefix, key);
    if (name.startsWith('sg-')) name = awsName('securityGroup', 'dropship', prefix, key);
    if (groupNames.size < 100_000) groupNames.set(cacheKey, name);
  }
  return name;
}

/**
 * Group names by prefix and key: every rule's description names its peer group, so a 1,000-app graph asks
 * for the same few names tens of thousands of times (a hash each when the name is cut to fit).
 */
const groupNames = new Map<string, string>();

/** Characters a security group or rule description may hold. */
const DESCRIPTION_CHARACTERS = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/;

/** Security group and rule descriptions allow a-zA-Z0-9, spaces and ._-:/()#,@[]+=&;{}!$* only. */
export function sanitizeDescription(text: string): string {
  // Most descriptions are built from names dropship made: already clean, they need no rewriting.
  if (
    text.length <= 255 &&
    DESCRIPTION_CHARACTERS.test(text) &&
    !text.includes('  ') &&
    text.trim().length === text.length
  )
    return text;
  return text
    .replace(/[^a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]/g, ' ')
    .replace(/ +/g, ' ')
    .trim()
    .slice(0, 255);
}
