/**
 * Reachability before apply: what AWS's Reachability Analyzer answers after the fact, from the plan, offline.
 * Every connection the spec implies — an app's image pulls, secrets, logs, databases, caches, file systems,
 * internal apps, declared egress and DigitalOcean paths (labelled: the DigitalOcean clusters are used until
 * cutover.dataMoved, their RDS/ElastiCache targets only after it); the load balancer's listeners and its forwarding to the apps; DMS's
 * targets, sources and secrets — is matched against the security-group rules the network stack renders
 * (one resource per `SgRule`) and the private subnets' way out (a NAT route or a VPC endpoint). A need with
 * no path is a finding; so is a rule that no need uses (an open path nobody asked for).
 *
 * The needs come from the spec and the apps' plans, not from the security graph's edges, so a rule the
 * graph forgot, or one it added without a reason, shows here.
 */
import { DO_DATABASE_PORT, ELASTICACHE_PORT } from '../../schema/facts/ports';
import { ecrRegistryOf } from '../../schema/inventory/images';
import { parseAnyCidr, parseCidr, containsCidr } from '../../schema/cidr';
import { egressDestinations, egressPorts } from '../../schema/inventory/egress';
import {
  doStoreNeeds,
  stayingDropletNeeds,
  type DoStoreNeed,
  type StayingDropletNeed,
} from '../../schema/inventory/data-mode';
import type { MigrationSpec } from '../../schema/spec';
import type { AppPlan, NetworkPlan, Plan, SgPeer, SgRule } from '../model';

/** One connection something in the plan must be able to make, and what carries it. */
export interface Need {
  /** Who connects: an app's name, `load balancer`, `DMS`. */
  subject: string;
  /** What, in words: `database main (tcp 5432)`. */
  what: string;
  /** Where the spec states it (`apps[0].uses.databases[0]`). */
  specPath: string;
  /** The resource a finding names: `<stack>` and `<type>.<name>`. */
  stack: string;
  resource: string;
  /** The hops that carry it, in order (rule keys, a route, an endpoint); absent when nothing does. */
  path?: string[];
  /** Why nothing does. */
  missing?: string;
}

export interface ReachabilityReport {
  needs: Need[];
  /** Rules no need uses: paths open that nothing in the spec explains, with the resource each renders. */
  unexplained: { rule: SgRule; stack: string; resource: string }[];
}

type Dest =
  | { kind: 'groups'; keys: readonly string[] }
  | { kind: 'cidr'; cidr: string }
  | { kind: 'prefix-list'; id: string };

const ANY_IPV4 = '0.0.0.0/0';
const HTTPS = 443;
const NFS = 2049;

/** The rules of the plan by group and direction, and the ones a path has used. */
class RuleIndex {
  private readonly byGroup = new Map<string, SgRule[]>();
  readonly used = new Set<SgRule>();

  constructor(readonly rules: readonly SgRule[]) {
    for (const r of rules) {
      const key = `${r.securityGroup}/${r.direction}`;
      this.byGroup.set(key, [...(this.byGroup.get(key) ?? []), r]);
    }
  }

  /** An egress rule on one of `from` that lets `protocol` `port`..`toPort` reach `dest`. */
  egress(from: readonly string[], dest: Dest, protocol: string, port: number, toPort = port) {
    return this.find(from, 'egress', protocol, port, toPort, (peer) => covers(peer, dest));
  }

  /** An ingress rule on one of `on` that admits `protocol` `port` from one of `from` (or the CIDR). */
  ingress(on: readonly string[], from: Dest, protocol: string, port: number) {
    return this.find(on, 'ingress', protocol, port, port, (peer) => covers(peer, from));
  }

  private find(
    groups: readonly string[],
    direction: SgRule['direction'],
    protocol: string,
    port: number,
    toPort: number,
    peerOk: (peer: SgPeer) => boolean,
  ): SgRule | undefined {
    for (const group of groups)
      for (const r of this.byGroup.get(`${group}/${direction}`) ?? [])
        if (r.protocol === protocol && r.fromPort <= port && toPort <= r.toPort && peerOk(r.peer)) {
          this.used.add(r);
          return r;
        }
    return undefined;
  }
}

function covers(peer: SgPeer, dest: Dest): boolean {
  if (peer.kind === 'security-group') return dest.kind === 'groups' && dest.keys.includes(peer.key);
  if (peer.kind === 'prefix-list') return dest.kind === 'prefix-list' && dest.id === peer.id;
  return dest.kind === 'cidr' && cidrContains(peer.cidr, dest.cidr);
}

/** `outer` holds `inner`: both IPv4 by arithmetic; IPv6 when equal or `outer` is ::/0. */
function cidrContains(outer: string, inner: string): boolean {
  const o = parseAnyCidr(outer);
  const i = parseAnyCidr(inner);
  if (!o || !i || o.family !== i.family) return false;
  if (o.family === 'ipv4') return containsCidr(parseCidr(o.network)!, parseCidr(i.network)!);
  return o.network === '::/0' || o.network === i.network;
}

/** How the private subnets reach the internet, in words; undefined when they cannot. */
function internetRoute(network: NetworkPlan): string | undefined {
  if (network.mode === 'existing')
    return network.existing.natGatewayIps.length > 0
      ? "the existing VPC's NAT (aws.network.existing.natGatewayIps)"
      : "the existing VPC's routes (not dropship's to check: its private subnets need a way out)";
  const privateTables = network.routeTables.filter((t) => t.tier === 'private');
  const viaNat = privateTables.every((t) =>
    t.routes.some(
      (r) => r.family === 'ipv4' && r.destination === ANY_IPV4 && r.target.kind === 'nat-gateway',
    ),
  );
  return privateTables.length > 0 && viaNat
    ? `NAT gateway (the 0.0.0.0/0 route of ${privateTables.map((t) => t.key).join(', ')})`
    : undefined;
}

/** The VPC endpoints an AWS service needs without NAT. */
const SERVICE_ENDPOINTS = {
  'ECR image pull': ['ecr-api', 'ecr-dkr', 's3'],
  'Secrets Manager': ['secretsmanager'],
  'CloudWatch Logs': ['logs'],
} as const;
type AwsService = keyof typeof SERVICE_ENDPOINTS;

/** Who needs a connection and the resource a finding names. */
type Where = Pick<Need, 'subject' | 'stack' | 'resource'>;

/** Matches needs against the plan's rules and routes, recording each need with its path or its gap. */
class Analyzer {
  readonly needs: Need[] = [];
  readonly rules: RuleIndex;
  private readonly route: string | undefined;
  private readonly endpointKeys: ReadonlySet<string>;
  private readonly gateways: readonly string[];

  constructor(readonly plan: Plan) {
    this.rules = new RuleIndex(plan.security.rules);
    this.route = internetRoute(plan.network);
    this.endpointKeys = new Set(plan.network.mode === 'new' ? plan.network.endpoints.map((e) => e.key) : []);
    this.gateways =
      plan.network.mode === 'new'
        ? plan.network.endpoints.filter((e) => e.type === 'Gateway').map((e) => e.key)
        : [];
  }

  groupOf(kind: string, subject?: string): string | undefined {
    return this.plan.security.nodes.find(
      (n) => n.kind === kind && (subject === undefined || n.subject === subject),
    )?.key;
  }

  reached(where: Where, what: string, specPath: string, path: string[]): void {
    this.needs.push({ ...where, what, specPath, path });
  }

  unreached(where: Where, what: string, specPath: string, missing: string): void {
    this.needs.push({ ...where, what, specPath, missing });
  }

  /** An AWS API over HTTPS: through its VPC endpoints when the VPC has them all, else through the NAT. */
  awsService(where: Where, from: readonly string[], service: AwsService, specPath: string, of = ''): void {
    const wanted: readonly string[] = SERVICE_ENDPOINTS[service];
    if (!wanted.every((k) => this.endpointKeys.has(k))) {
      this.internet(where, from, `${service}${of} (tcp 443)`, specPath, { port: HTTPS });
      return;
    }
    const what = `${service}${of} (tcp 443, VPC endpoints)`;
    const vpce = this.groupOf('endpoints');
    const out = vpce && this.rules.egress(from, { kind: 'groups', keys: [vpce] }, 'tcp', HTTPS);
    const into = out && this.rules.ingress([vpce], { kind: 'groups', keys: from }, 'tcp', HTTPS);
    if (!out || !into) {
      this.unreached(
        where,
        what,
        specPath,
        `the endpoints ${wanted.join(', ')} exist, but no rule pair lets tcp 443 reach them`,
      );
      return;
    }
    const path = [out.key, into.key, `endpoints ${wanted.join(', ')}`];
    // The S3 gateway endpoint is a route, not a group: the task's group must still let 443 out towards S3.
    if (wanted.includes('s3')) {
      const s3 = this.rules.egress(from, { kind: 'cidr', cidr: ANY_IPV4 }, 'tcp', HTTPS);
      if (!s3) {
        this.unreached(
          where,
          what,
          specPath,
          'no egress rule lets tcp 443 reach S3 (image layers) through its gateway endpoint',
        );
        return;
      }
      path.splice(2, 0, s3.key);
    }
    this.reached(where, what, specPath, path);
  }

  /** Out of the VPC to `dest` (default: anywhere) on `protocol` ports: an egress rule and a route. */
  internet(
    where: Where,
    from: readonly string[],
    what: string,
    specPath: string,
    { port, toPort = port, protocol = 'tcp', dest = { kind: 'cidr', cidr: ANY_IPV4 } }: PortsTo,
  ): void {
    const rule = this.rules.egress(from, dest, protocol, port, toPort);
    if (!rule) this.unreached(where, what, specPath, `no egress rule on ${from.join(', ')} allows it`);
    else if (dest.kind === 'cidr' && dest.cidr.includes(':') && this.plan.network.mode === 'new')
      this.unreached(
        where,
        what,
        specPath,
        'the private subnets have no IPv6 route (no egress-only internet gateway)',
      );
    else if (
      !this.route &&
      dest.kind === 'prefix-list' &&
      this.gateways.length > 0 &&
      protocol === 'tcp' &&
      port === HTTPS &&
      toPort === HTTPS
    )
      // A managed prefix list may be a gateway endpoint's own (S3's): its route is in the private tables.
      this.reached(where, what, specPath, [
        rule.key,
        `the route of gateway endpoint ${this.gateways.join(', ')}, if ${dest.id} is its prefix list (not checkable offline)`,
      ]);
    else if (!this.route)
      this.unreached(
        where,
        what,
        specPath,
        'the private subnets have no route out (no NAT, no VPC endpoint for it)',
      );
    else this.reached(where, what, specPath, [rule.key, this.route]);
  }

  /** Group to group: an egress rule on a source group and an ingress rule on a target group. */
  between(
    where: Where,
    from: readonly string[],
    to: readonly string[],
    what: string,
    specPath: string,
    port: number,
  ): void {
    const out = this.rules.egress(from, { kind: 'groups', keys: to }, 'tcp', port);
    // Only a pair carries the connection: an ingress rule without its egress carries nothing.
    const into = out && this.rules.ingress(to, { kind: 'groups', keys: from }, 'tcp', port);
    if (!out)
      this.unreached(where, what, specPath, `no egress rule on ${from.join(', ')} to ${to.join(', ')}`);
    else if (!into)
      this.unreached(where, what, specPath, `no ingress rule on ${to.join(', ')} from ${from.join(', ')}`);
    else this.reached(where, what, specPath, [out.key, into.key]);
  }

  /** From inside the VPC to an address in it: only the egress rule (the local route always exists). */
  local(
    where: Where,
    from: readonly string[],
    what: string,
    specPath: string,
    { port, toPort = port, protocol = 'tcp', dest }: PortsTo,
  ): void {
    const rule = dest && this.rules.egress(from, dest, protocol, port, toPort);
    if (rule) this.reached(where, what, specPath, [rule.key, 'the VPC (local route)']);
    else this.unreached(where, what, specPath, `no egress rule on ${from.join(', ')} allows it`);
  }
}

interface PortsTo {
  port: number;
  toPort?: number;
  protocol?: string;
  dest?: Dest;
}

/** Every need of the plan, with its path or its gap, and the rules no need uses. */
export function analyzeReachability(spec: MigrationSpec, plan: Plan): ReachabilityReport {
  const analyzer = new Analyzer(plan);
  appNeeds(analyzer, spec);
  albNeeds(analyzer, spec);
  dmsNeeds(analyzer, spec);
  const stackOf = new Map(plan.security.nodes.map((n) => [n.key, n.address.stack]));
  const unexplained = plan.security.rules
    .filter((r) => !analyzer.rules.used.has(r))
    // The network stack renders each rule as `sgr-<key>` (stacks/network.ts).
    .map((rule) => ({
      rule,
      stack: stackOf.get(rule.securityGroup) ?? '',
      resource: `aws_vpc_security_group_${rule.direction}_rule.sgr-${rule.key}`,
    }));
  return { needs: analyzer.needs, unexplained };
}

function whereOf(app: AppPlan): Where {
  const address = app.service?.address ?? app.taskDefinition.address;
  return { subject: app.name, stack: address.stack, resource: `${address.type}.${address.name}` };
}

function appNeeds(an: Analyzer, spec: MigrationSpec): void {
  const { plan } = an;
  const appPlans = new Map(plan.apps.apps.map((a) => [a.name, a]));
  const internalApps = spec.apps.filter((a) => a.expose && 'internal' in a.expose);
  const onDigitalOcean = new Map(doStoreNeeds(spec).map((n) => [n.index, n.needs]));
  const staying = new Map(stayingDropletNeeds(spec).map((n) => [n.index, n.needs]));
  spec.apps.forEach((app, i) => {
    // Until cutover.dataMoved the tasks use the DigitalOcean clusters their stores migrate from: the paths to
    // RDS/ElastiCache exist from the start but carry traffic only after it.
    const doNeeds = onDigitalOcean.get(i) ?? [];
    const later = (kind: DoStoreNeed['kind'], name: string) =>
      doNeeds.some((n) => n.kind === kind && n.target === name) ? ' after dataMoved' : '';
    const p = appPlans.get(app.name)!;
    const groups = plan.security.taskSecurityGroups[app.name] ?? [];
    const where = whereOf(p);
    const at = `apps[${i}]`;
    app.containers.forEach((c, j) => {
      const specPath = `${at}.containers[${j}].image`;
      // A pull-through cached image is pulled from ECR (the first pull of a tag also needs the upstream: the plan's
      // seed step says so).
      if ('repository' in c.image || c.image.pullThroughCache || ecrRegistryOf(c.image.uri))
        an.awsService(where, groups, 'ECR image pull', specPath, ` of ${c.name}`);
      else
        an.internet(where, groups, `image ${c.image.uri} of ${c.name} (tcp 443)`, specPath, { port: HTTPS });
    });
    if (
      JSON.parse(p.taskDefinition.containerDefinitionsJson).some(
        (c: { secrets?: unknown[] }) => c.secrets?.length,
      )
    )
      an.awsService(where, groups, 'Secrets Manager', `${at}.containers`);
    an.awsService(where, groups, 'CloudWatch Logs', `${at}.containers`);
    app.uses.databases.forEach((name, k) => {
      const db = plan.data.databases.find((d) => d.name === name);
      const group = an.groupOf('db', name);
      if (db && group)
        an.between(
          where,
          groups,
          [group],
          `database ${name}${later('database', name)} (tcp ${db.port})`,
          `${at}.uses.databases[${k}]`,
          db.port,
        );
    });
    app.uses.caches.forEach((name, k) => {
      const group = an.groupOf('cache', name);
      if (group)
        an.between(
          where,
          groups,
          [group],
          `cache ${name}${later('cache', name)} (tcp ${ELASTICACHE_PORT})`,
          `${at}.uses.caches[${k}]`,
          ELASTICACHE_PORT,
        );
    });
    // Each file system the app mounts (its own, or a shared one in the data stack): the NFS edge from its
    // group to the file system's group, whose two rules are rendered beside the file system.
    const mounts = [
      ...plan.storage.fileSystems.flatMap((fs) =>
        fs.users
          .filter((u) => u.app === app.name)
          .map((u) => ({
            volume: u.volume,
            label: `shared ${fs.source}, `,
            nfs: u.nfs,
            group: fs.securityGroup.key,
          })),
      ),
      ...p.efs.map((efs) => ({ volume: efs.volume, label: '', nfs: efs.nfs, group: efs.securityGroup.key })),
    ];
    for (const m of mounts) {
      const specPath = `${at}.volumes[${app.volumes.findIndex((v) => v.name === m.volume)}]`;
      const what = `file system ${m.volume} (${m.label}tcp ${NFS})`;
      if (groups.includes(m.nfs.from) && m.nfs.port === NFS)
        an.reached(where, what, specPath, [
          `${m.nfs.from} egress to ${m.group}`,
          `${m.group} ingress from ${m.nfs.from}`,
        ]);
      else
        an.unreached(
          where,
          what,
          specPath,
          `its group admits ${m.nfs.from} on tcp ${m.nfs.port}, not these tasks`,
        );
    }
    for (const target of internalApps) {
      if (target.name === app.name) continue;
      const port = (target.expose as { internal: { port: number } }).internal.port;
      const specPath = `apps[${spec.apps.indexOf(target)}].expose.internal`;
      an.between(
        where,
        groups,
        plan.security.taskSecurityGroups[target.name] ?? [],
        `internal app ${target.name} (tcp ${port})`,
        specPath,
        port,
      );
    }
    app.egress.forEach((e, k) => declaredEgress(an, spec, where, groups, e, `${at}.egress[${k}]`));
    digitalOceanNeeds(an, spec, i, where, groups, doNeeds, staying.get(i) ?? []);
  });
}

type EgressSpec = MigrationSpec['apps'][number]['egress'][number];

function declaredEgress(
  an: Analyzer,
  spec: MigrationSpec,
  where: Where,
  groups: readonly string[],
  e: EgressSpec,
  specPath: string,
): void {
  const { from, to } = egressPorts(e)!;
  const protocol = e.protocol ?? 'tcp';
  const vpcCidr = an.plan.network.mode === 'new' ? an.plan.network.vpc.cidr : undefined;
  for (const d of egressDestinations(spec, e)) {
    const dest: Dest = d.kind === 'cidr' ? { kind: 'cidr', cidr: d.cidr } : { kind: 'prefix-list', id: d.id };
    const ports = from === to ? `${from}` : `${from}-${to}`;
    const what = `${e.description} (${protocol} ${ports} to ${d.kind === 'cidr' ? d.text : d.id})`;
    const target = { port: from, toPort: to, protocol, dest };
    if (dest.kind === 'cidr' && vpcCidr !== undefined && cidrContains(vpcCidr, dest.cidr))
      an.local(where, groups, what, specPath, target);
    else an.internet(where, groups, what, specPath, target);
  }
}

/**
 * What an app reaches on DigitalOcean during the move: the clusters it writes to until cutover.dataMoved
 * (cutover.dataMode digitalocean-until-100) and the droplets that stay, on the ports their firewalls open to
 * its droplets today.
 */
function digitalOceanNeeds(
  an: Analyzer,
  spec: MigrationSpec,
  index: number,
  where: Where,
  groups: readonly string[],
  stores: readonly DoStoreNeed[],
  droplets: readonly StayingDropletNeed[],
): void {
  for (const n of stores) {
    const list = n.kind === 'database' ? 'databases' : 'caches';
    const at = `apps[${index}].uses.${list}[${spec.apps[index].uses[list].indexOf(n.target)}]`;
    const what = `DigitalOcean ${n.kind} ${n.source.name} until dataMoved (tcp ${n.port} to ${n.cidr})`;
    an.internet(where, groups, what, at, { port: n.port, dest: { kind: 'cidr', cidr: n.cidr } });
  }
  for (const n of droplets) {
    if (n.ipv4 === undefined) continue; // no address, no rule: warned (staying-droplet-without-address)
    const [from, to = from] = n.ports.split('-').map(Number);
    const cidr = `${n.ipv4}/32`;
    const what = `droplet ${n.droplet} that stays (${n.protocol} ${n.ports} to ${cidr})`;
    const at = `digitalocean.firewalls[${n.firewall}].inbound[${n.rule}]`;
    an.internet(where, groups, what, at, {
      port: from,
      toPort: to,
      protocol: n.protocol,
      dest: { kind: 'cidr', cidr },
    });
  }
}

/** Clients reach the load balancer on 80 and 443; it forwards to (and health-checks) each public app. */
function albNeeds(an: Analyzer, spec: MigrationSpec): void {
  const { plan } = an;
  const alb = plan.apps.alb;
  const albGroup = an.groupOf('alb');
  if (!alb || !albGroup) return;
  const where: Where = {
    subject: 'load balancer',
    stack: alb.address.stack,
    resource: `${alb.address.type}.${alb.address.name}`,
  };
  const families = alb.ipAddressType === 'dualstack' ? [ANY_IPV4, '::/0'] : [ANY_IPV4];
  for (const port of [80, HTTPS])
    for (const cidr of families) {
      const what = `clients from ${cidr} on tcp ${port}`;
      const rule = an.rules.ingress([albGroup], { kind: 'cidr', cidr }, 'tcp', port);
      if (rule) an.reached(where, what, 'apps', [rule.key, 'internet gateway']);
      else an.unreached(where, what, 'apps', `no ingress rule on ${albGroup} admits it`);
    }
  // A blue/green app's test listener: only the ranges the spec states, on its own port.
  for (const app of spec.apps) {
    const testListener =
      app.deployment.strategy === 'blue-green' ? app.deployment.blueGreen?.testListener : undefined;
    for (const cidr of testListener?.allowedCidrs ?? []) {
      const what = `${app.name}'s blue/green test listener from ${cidr} on tcp ${testListener!.port}`;
      const rule = an.rules.ingress([albGroup], { kind: 'cidr', cidr }, 'tcp', testListener!.port);
      if (rule) an.reached(where, what, 'apps', [rule.key, 'internet gateway']);
      else an.unreached(where, what, 'apps', `no ingress rule on ${albGroup} admits it`);
    }
  }
  spec.apps.forEach((app, i) => {
    if (!app.expose || !('public' in app.expose)) return;
    const port = app.expose.public.port;
    const groups = plan.security.taskSecurityGroups[app.name] ?? [];
    an.between(
      where,
      [albGroup],
      groups,
      `${app.name} and its health checks (tcp ${port})`,
      `apps[${i}].expose.public`,
      port,
    );
  });
}

/** DMS loads each target from its DigitalOcean source, reading the endpoints' secrets. */
function dmsNeeds(an: Analyzer, spec: MigrationSpec): void {
  const dmsGroup = an.groupOf('dms');
  if (!dmsGroup) return;
  const node = an.plan.security.nodes.find((n) => n.key === dmsGroup)!;
  const where: Where = {
    subject: 'DMS',
    stack: node.address.stack,
    resource: `${node.address.type}.${node.address.name}`,
  };
  let first: string | undefined;
  spec.databases.forEach((db, i) => {
    if (db.migration.method !== 'dms') return;
    const at = `databases[${i}].migration`;
    first ??= at;
    const target = an.plan.data.databases.find((d) => d.name === db.name);
    const group = an.groupOf('db', db.name);
    if (target && group)
      an.between(where, [dmsGroup], [group], `target ${db.name} (tcp ${target.port})`, at, target.port);
    const source = spec.digitalocean.databases.find((d) => d.name === db.from);
    const port = source?.port ?? DO_DATABASE_PORT;
    an.internet(where, [dmsGroup], `source ${db.from ?? db.name} (tcp ${port})`, at, { port });
  });
  if (first) an.awsService(where, [dmsGroup], 'Secrets Manager', first);
}
