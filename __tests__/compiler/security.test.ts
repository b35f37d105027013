/** The security-group graph: nodes and edges from the spec, rules from edges, and the invariants around them. */
import { address, ref } from '../../compiler/refs';
import type { Finding } from '../../schema/diagnostics';
import fc from 'fast-check';
import { createContext } from '../../compiler/context';
import {
  compileSecurity,
  groupName,
  RULES_PER_SECURITY_GROUP,
  sanitizeDescription,
} from '../../compiler/security';
import { type SecurityPlan, type SgRule } from '../../compiler/model/security';
import { baseSpecInput, examples, loadExample, specFrom } from '../helpers/synth';

/** The security part's plan, with the problems it reported. */
const securityOf = (input: Record<string, unknown>): SecurityPlan & { warnings: Finding[] } => {
  const ctx = createContext(specFrom(input));
  return { ...compileSecurity(ctx), warnings: ctx.report.findings };
};

/** The base spec plus a domain for the public apps' hostnames (the schema requires one). */
const base = (databases: Record<string, unknown>[] = []) => ({
  ...baseSpecInput(),
  digitalocean: { domains: [{ name: 'example.com', dns: 'external' }], databases },
});

/** A DigitalOcean PostgreSQL that DMS can read (host, port and a declared password secret `do-pg-password`). */
const dmsSource = {
  name: 'do-pg',
  engine: 'pg',
  version: '16',
  size: 'db-s-1vcpu-1gb',
  host: 'do-pg.example',
  port: 25060,
  passwordSecret: 'do-pg-password',
};

const container = (name: string, port?: number) => ({
  name,
  image: { uri: `public.ecr.aws/x/${name}:1` },
  port,
});
const publicApp = (name: string, port = 8080, uses = {}) => ({
  name,
  containers: [container('main', port)],
  expose: { public: { hostnames: [`${name}.example.com`], container: 'main', port, healthCheckPath: '/' } },
  uses,
});
const internalApp = (name: string, port = 9000) => ({
  name,
  containers: [container('main', port)],
  expose: { internal: { container: 'main', port } },
});
const worker = (name: string, uses = {}) => ({ name, containers: [container('main')], uses });

const edgeList = (plan: SecurityPlan) => plan.edges.map((e) => `${e.from} -> ${e.to} tcp/${e.port}`).sort();
const ingress = (plan: SecurityPlan, group?: string): SgRule[] =>
  plan.rules.filter((r) => r.direction === 'ingress' && (group === undefined || r.securityGroup === group));
const egress = (plan: SecurityPlan, group?: string): SgRule[] =>
  plan.rules.filter((r) => r.direction === 'egress' && (group === undefined || r.securityGroup === group));
const isAnywhere = (r: SgRule) =>
  (r.peer.kind === 'ipv4' && r.peer.cidr === '0.0.0.0/0') ||
  (r.peer.kind === 'ipv6' && r.peer.cidr === '::/0');

describe('php-shop', () => {
  const plan = compileSecurity(createContext(loadExample('php-shop')));

  it('has a node per ALB, app, database and cache', () => {
    expect(plan.nodes.map((n) => [n.key, n.kind, n.name])).toEqual([
      ['alb', 'alb', 'shop-production-alb'],
      ['app-web', 'app', 'shop-production-app-web'],
      ['apps', 'apps', 'shop-production-apps'],
      ['public', 'public', 'shop-production-public'],
      ['db-main', 'db', 'shop-production-db-main'],
      ['cache-sessions', 'cache', 'shop-production-cache-sessions'],
    ]);
    // Each group's address is its Terraform address in the network stack; its id points at it.
    for (const n of plan.nodes) {
      expect(n.address).toEqual(address('shop-production-network', 'aws_security_group', `sg-${n.key}`));
      expect(n.id).toEqual(ref(n.address, 'id'));
    }
  });

  it('has exactly the edges the spec implies, each with a reason', () => {
    expect(edgeList(plan)).toEqual([
      'alb -> app-web tcp/80',
      'alb -> public tcp/80',
      'app-web -> cache-sessions tcp/6379',
      'app-web -> db-main tcp/3306', // mysql, from the DigitalOcean database it replaces
      // cutover.dataMode digitalocean-until-100: the tasks use shop-mysql and shop-redis until 100 %
      'app-web -> internet tcp/25060',
      'app-web -> internet tcp/25061',
      'apps -> internet tcp/443',
      'internet -> alb tcp/443',
      'internet -> alb tcp/80',
    ]);
    for (const e of plan.edges) expect(e.reason.length).toBeGreaterThan(10);
  });

  it('admits the internet on the ALB only, over IPv4 (the example has no IPv6: no ::/0 rule)', () => {
    expect(
      ingress(plan)
        .filter(isAnywhere)
        .map((r) => r.key)
        .sort(),
    ).toEqual(['alb-in-ipv4-tcp-443', 'alb-in-ipv4-tcp-80']);
  });

  it('references groups, never CIDRs, inside the VPC', () => {
    expect(ingress(plan, 'db-main').map((r) => r.peer)).toEqual([{ kind: 'security-group', key: 'app-web' }]);
    expect(ingress(plan, 'cache-sessions').map((r) => r.peer)).toEqual([
      { kind: 'security-group', key: 'app-web' },
    ]);
    expect(ingress(plan, 'app-web').map((r) => [r.peer, r.fromPort])).toEqual([
      [{ kind: 'security-group', key: 'alb' }, 80],
    ]);
  });

  it('lets the ALB egress only to public app tasks on their ports; databases and caches egress nowhere', () => {
    expect(egress(plan, 'alb').map((r) => [r.peer, r.fromPort, r.toPort])).toEqual([
      [{ kind: 'security-group', key: 'public' }, 80, 80],
    ]);
    expect(ingress(plan, 'public')).toEqual([]);
    expect(egress(plan, 'db-main')).toEqual([]);
    expect(egress(plan, 'cache-sessions')).toEqual([]);
  });

  it('lets apps egress HTTPS anywhere (shared group) plus their own databases and caches', () => {
    expect(egress(plan, 'app-web').map((r) => r.key)).toEqual([
      'app-web-out-db-main-tcp-3306',
      'app-web-out-cache-sessions-tcp-6379',
      // Until the data moves at 100 %: the DigitalOcean clusters, by port (their host is a name, not an address).
      'app-web-out-ipv4-tcp-25060-0-0-0-0-0',
      'app-web-out-ipv4-tcp-25061-0-0-0-0-0',
    ]);
    expect(egress(plan, 'apps').map((r) => r.key)).toEqual(['apps-out-ipv4-tcp-443']);
    expect(ingress(plan, 'apps')).toEqual([]);
    expect(plan.taskSecurityGroups).toEqual({ web: ['app-web', 'apps', 'public'] });
  });

  it('describes every rule, within AWS limits', () => {
    for (const r of plan.rules) {
      expect(r.description).toMatch(/^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/);
    }
    expect(plan.rules.find((r) => r.key === 'db-main-in-app-web-tcp-3306')!.description).toBe(
      'TCP 3306 from shop-production-app-web',
    );
  });
});

describe('graph rules', () => {
  it('has no ALB when no app is public', () => {
    const input = { ...base(), apps: [worker('jobs')] };
    const plan = securityOf(input);
    expect(plan.nodes.map((n) => n.key)).toEqual(['app-jobs', 'apps']);
    expect(ingress(plan)).toEqual([]);
  });

  it('lets every app call an internal app on its port through the shared groups, and records why', () => {
    const plan = securityOf({
      ...base(),
      apps: [publicApp('web'), internalApp('api', 9000), worker('jobs')],
    });
    expect(plan.taskSecurityGroups).toEqual({
      web: ['app-web', 'apps', 'public'],
      api: ['app-api', 'apps', 'internal'],
      jobs: ['app-jobs', 'apps'],
    });
    expect(ingress(plan, 'app-api').map((r) => [r.peer, r.fromPort])).toEqual([
      [{ kind: 'security-group', key: 'apps' }, 9000],
    ]);
    expect(egress(plan, 'apps').map((r) => [r.peer, r.fromPort])).toEqual([
      [{ kind: 'security-group', key: 'internal' }, 9000],
      [{ kind: 'ipv4', cidr: '0.0.0.0/0' }, 443],
    ]);
    // The shared `internal` group is only a destination: it admits nothing by itself.
    expect(ingress(plan, 'internal')).toEqual([]);
    expect(egress(plan, 'app-web').map((r) => r.key)).toEqual([]);
    expect(ingress(plan, 'app-jobs')).toEqual([]);
    expect(edgeList(plan)).toEqual(
      expect.arrayContaining(['apps -> app-api tcp/9000', 'apps -> internal tcp/9000']),
    );
    expect(plan.decisions.find((d) => d.subject === 'security.internalApps')!.choice).toContain('api');
  });

  it('grows linearly: 12 apps with 4 internal ones on 2 ports need 16 rules', () => {
    const apps = [
      ...Array.from({ length: 6 }, (_, i) => publicApp(`web${i}`)),
      worker('jobs'),
      worker('mailer'),
      internalApp('users', 9000),
      internalApp('orders', 9000),
      internalApp('search', 9200),
      internalApp('billing', 9200),
    ];
    const plan = securityOf({ ...base(), apps });
    // internet → alb: 2 ports, IPv4 only without vpc.ipv6 (2); alb → each public app: ingress only (6); alb →
    // public on port 8080: egress only (1); apps → internet 443 (1); apps → each internal app: ingress only
    // (4); apps → internal per distinct port: egress only (2).
    expect(plan.rules).toHaveLength(2 + 6 + 1 + 1 + 4 + 2);
    expect(plan.nodes).toHaveLength(1 + 12 + 3);
    expect(egress(plan, 'apps').map((r) => r.key)).toEqual([
      'apps-out-internal-tcp-9000',
      'apps-out-internal-tcp-9200',
      'apps-out-ipv4-tcp-443',
    ]);
    for (const name of ['users', 'orders', 'search', 'billing'])
      expect(ingress(plan, `app-${name}`).map((r) => r.key)).toEqual([
        `app-${name}-in-apps-tcp-${name === 'users' || name === 'orders' ? 9000 : 9200}`,
      ]);
  });

  it('keeps every group within the quota at 400 apps: 100 public, 100 internal on 10 ports', () => {
    const apps = [
      ...Array.from({ length: 100 }, (_, i) => publicApp(`web${i}`)),
      ...Array.from({ length: 200 }, (_, i) => worker(`w${i}`)),
      ...Array.from({ length: 100 }, (_, i) => internalApp(`api${i}`, 9000 + (i % 10))),
    ];
    const plan = securityOf({ ...base(), apps });
    // internet → alb (2), alb → public apps (100) and public:8080 (1), apps → internet (1), internal (100 + 10).
    expect(plan.rules).toHaveLength(2 + 100 + 1 + 1 + 100 + 10);
    const perGroup = new Map<string, number>();
    for (const r of plan.rules) {
      const key = `${r.securityGroup} ${r.direction}`;
      perGroup.set(key, (perGroup.get(key) ?? 0) + 1);
    }
    expect(Math.max(...perGroup.values())).toBeLessThanOrEqual(RULES_PER_SECURITY_GROUP);
    expect(plan.warnings).toEqual([]);
  });

  it('uses the engine port: postgres from a DigitalOcean pg database, or the explicit engine', () => {
    const plan = securityOf({
      ...base([{ name: 'do-pg', engine: 'pg', version: '16', size: 'db-s-1vcpu-1gb' }]),
      databases: [
        { name: 'main', from: 'do-pg' },
        { name: 'reports', engine: 'mysql' },
      ],
      apps: [worker('jobs', { databases: ['main', 'reports'] })],
    });
    expect(edgeList(plan)).toEqual(
      expect.arrayContaining(['app-jobs -> db-main tcp/5432', 'app-jobs -> db-reports tcp/3306']),
    );
  });

  it('only connects apps to the databases and caches they use', () => {
    const plan = securityOf({
      ...base(),
      databases: [{ name: 'main', engine: 'postgres' }],
      caches: [{ name: 'queue', engine: 'redis' }],
      apps: [worker('a', { databases: ['main'] }), worker('b', { caches: ['queue'] }), worker('c')],
    });
    expect(ingress(plan, 'db-main').map((r) => r.peer)).toEqual([{ kind: 'security-group', key: 'app-a' }]);
    expect(ingress(plan, 'cache-queue').map((r) => [r.peer, r.fromPort])).toEqual([
      [{ kind: 'security-group', key: 'app-b' }, 6379],
    ]);
  });

  it('adds a DMS group that reaches its target databases and the DigitalOcean sources', () => {
    const plan = securityOf({
      ...base([{ ...dmsSource, port: 25060 }]),
      secrets: [{ name: 'do-pg-password' }],
      databases: [{ name: 'main', from: 'do-pg', migration: { method: 'dms' } }],
      apps: [worker('jobs', { databases: ['main'] })],
    });
    expect(plan.nodes.map((n) => n.key)).toContain('dms');
    expect(ingress(plan, 'db-main').map((r) => r.key)).toEqual([
      'db-main-in-app-jobs-tcp-5432',
      'db-main-in-dms-tcp-5432',
    ]);
    expect(egress(plan, 'dms').map((r) => r.key)).toEqual([
      'dms-out-db-main-tcp-5432',
      'dms-out-ipv4-tcp-25060',
      'dms-out-ipv4-tcp-443',
    ]);
    expect(ingress(plan, 'dms')).toEqual([]);
  });

  it('with nat: none, adds the VPC endpoints group, reachable on 443 from every app (shared group)', () => {
    const input = base();
    (input.aws.network as { vpc: { nat: string } }).vpc.nat = 'none';
    // Without NAT only ECR in the region is reachable: the images are copies there.
    const copied = (name: string) => ({
      name,
      containers: [
        { name: 'main', image: { uri: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/x/${name}:1` } },
      ],
    });
    const plan = securityOf({ ...input, apps: [copied('a'), copied('b')] });
    expect(plan.nodes.map((n) => n.key)).toEqual(['app-a', 'app-b', 'apps', 'vpce']);
    expect(ingress(plan, 'vpce').map((r) => r.key)).toEqual(['vpce-in-apps-tcp-443']);
    expect(egress(plan, 'vpce')).toEqual([]);
  });

  it('has no DMS group when every migration is a dump', () => {
    const plan = securityOf({ ...base(), databases: [{ name: 'main', engine: 'mysql' }] });
    expect(plan.nodes.map((n) => n.key)).toEqual(['db-main']);
  });

  // A database admits each app that uses it by the app's own group (least privilege), so it is the group
  // that can still outgrow the quota.
  const usersOfMain = (count: number) => ({
    ...base(),
    databases: [{ name: 'main', engine: 'postgres' }],
    apps: Array.from({ length: count }, (_, i) => worker(`w${i}`, { databases: ['main'] })),
  });

  it('warns when a group needs more rules than the AWS quota', () => {
    const plan = securityOf(usersOfMain(RULES_PER_SECURITY_GROUP + 1));
    expect(ingress(plan, 'db-main')).toHaveLength(RULES_PER_SECURITY_GROUP + 1);
    expect(plan.warnings.map((w) => w.code)).toEqual(['security/rules-quota']);
    expect(plan.warnings[0].message).toContain('db-main needs 61 ipv4 ingress rules');
  });

  it('stays quiet at the quota', () => {
    expect(securityOf(usersOfMain(RULES_PER_SECURITY_GROUP)).warnings).toEqual([]);
  });
});

describe('invariants over generated specs', () => {
  const appArb = fc.record({
    kind: fc.constantFrom('public', 'internal', 'worker'),
    port: fc.integer({ min: 1, max: 65535 }),
    db: fc.boolean(),
    cache: fc.boolean(),
  });

  it('never admits 0.0.0.0/0 or ::/0 except on the ALB on 80/443, and data stores never egress', () => {
    fc.assert(
      fc.property(fc.array(appArb, { minLength: 1, maxLength: 6 }), fc.boolean(), (apps, dms) => {
        const input = {
          ...base([dmsSource]),
          secrets: [{ name: 'do-pg-password' }],
          databases: [{ name: 'main', from: 'do-pg', migration: { method: dms ? 'dms' : 'dump' } }],
          caches: [{ name: 'kv', engine: 'redis' }],
          apps: apps.map((a, i) => {
            const uses = { databases: a.db ? ['main'] : [], caches: a.cache ? ['kv'] : [] };
            if (a.kind === 'public') return publicApp(`app${i}`, a.port, uses);
            if (a.kind === 'internal') return { ...internalApp(`app${i}`, a.port), uses };
            return worker(`app${i}`, uses);
          }),
        };
        const plan = securityOf(input);
        for (const r of ingress(plan).filter(isAnywhere)) {
          expect(r.securityGroup).toBe('alb');
          expect([80, 443]).toContain(r.fromPort);
        }
        expect(
          egress(plan).filter(
            (r) => r.securityGroup.startsWith('db-') || r.securityGroup.startsWith('cache-'),
          ),
        ).toEqual([]);
        for (const r of egress(plan, 'alb'))
          expect(r.peer).toEqual({ kind: 'security-group', key: 'public' });
        // Every group-to-group ingress has a matching egress on the source, to a group the target's tasks carry.
        const carried = (key: string) => {
          const app = plan.nodes.find((n) => n.key === key && n.kind === 'app')?.subject;
          return app ? plan.taskSecurityGroups[app] : [key];
        };
        for (const r of ingress(plan).filter((x) => x.peer.kind === 'security-group')) {
          const source = (r.peer as { key: string }).key;
          expect(
            egress(plan, source).some(
              (e) =>
                e.peer.kind === 'security-group' &&
                carried(r.securityGroup).includes(e.peer.key) &&
                e.fromPort === r.fromPort,
            ),
          ).toBe(true);
        }
        // Every app may reach every internal app on its port: some group of the caller's tasks egresses to
        // some group of the target's tasks, and some group of the target's admits some group of the caller's.
        const reaches = (caller: string, target: string, port: number) => {
          const from = caller === 'alb' ? ['alb'] : plan.taskSecurityGroups[caller];
          const to = plan.taskSecurityGroups[target];
          const allows = (r: SgRule, own: string[], peers: string[]) =>
            own.includes(r.securityGroup) &&
            r.peer.kind === 'security-group' &&
            peers.includes(r.peer.key) &&
            r.fromPort <= port &&
            port <= r.toPort;
          return (
            egress(plan).some((r) => allows(r, from, to)) && ingress(plan).some((r) => allows(r, to, from))
          );
        };
        apps.forEach((target, t) => {
          expect(reaches('alb', `app${t}`, target.port)).toBe(target.kind === 'public');
          if (target.kind !== 'internal') return;
          for (const c of apps.keys()) expect(reaches(`app${c}`, `app${t}`, target.port)).toBe(true);
          expect(plan.taskSecurityGroups[`app${t}`]).toContain('internal');
        });
        // No app task carries more than the 5 groups an ENI takes.
        for (const groups of Object.values(plan.taskSecurityGroups))
          expect(groups.length).toBeLessThanOrEqual(5);
        expect(new Set(plan.rules.map((r) => r.key)).size).toBe(plan.rules.length);
      }),
      { numRuns: 40 },
    );
  });
});

describe('names and descriptions', () => {
  it('never starts a group name with the reserved sg- prefix', () => {
    expect(groupName('sg-prod', 'app-web')).toBe('dropship-sg-prod-app-web');
    expect(groupName('shop-prod', 'app-web')).toBe('shop-prod-app-web');
  });

  it('strips characters AWS rejects in descriptions and caps the length', () => {
    expect(sanitizeDescription('web → api: “quoted” <b>')).toBe('web api: quoted b');
    expect(sanitizeDescription('x'.repeat(300))).toHaveLength(255);
  });

  it.each(examples().map((e) => e.name))('%s: every group and rule is well-formed', (name) => {
    const plan = compileSecurity(createContext(loadExample(name)));
    const keys = new Set(plan.nodes.map((n) => n.key));
    for (const n of plan.nodes) {
      expect(n.name.length).toBeLessThanOrEqual(255);
      expect(n.description).toMatch(/^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/);
    }
    for (const r of plan.rules) {
      expect(keys.has(r.securityGroup)).toBe(true);
      if (r.peer.kind === 'security-group') expect(keys.has(r.peer.key)).toBe(true);
    }
    expect(new Set(plan.nodes.map((n) => n.name)).size).toBe(plan.nodes.length);
  });
});

describe('IPv6 (aws.network.vpc.ipv6: true, dualstack ALB)', () => {
  const withIpv6 = (ipv6: boolean, apps: Record<string, unknown>[]) => {
    const input = base();
    const net = input.aws.network as { vpc: Record<string, unknown> };
    return securityOf({ ...input, aws: { ...input.aws, network: { vpc: { ...net.vpc, ipv6 } } }, apps });
  };
  const anywhere = (plan: SecurityPlan, kind: 'ipv4' | 'ipv6') =>
    ingress(plan)
      .filter((r) => isAnywhere(r) && r.peer.kind === kind)
      .map((r) => [r.securityGroup, r.protocol, r.fromPort, r.toPort])
      .sort();

  it('admits ::/0 on exactly the ALB ports that admit 0.0.0.0/0, and nowhere else', () => {
    const plan = withIpv6(true, [publicApp('web'), internalApp('users'), worker('jobs')]);
    expect(anywhere(plan, 'ipv6')).toEqual(anywhere(plan, 'ipv4'));
    expect(anywhere(plan, 'ipv6')).toEqual([
      ['alb', 'tcp', 443, 443],
      ['alb', 'tcp', 80, 80],
    ]);
    // Behind the ALB everything stays IPv4: no other group has an IPv6 peer, in or out.
    expect(plan.rules.filter((r) => r.peer.kind === 'ipv6' && r.securityGroup !== 'alb')).toEqual([]);
  });

  it('explains the edge and the decision; without ipv6 the plan says nothing about it', () => {
    const on = withIpv6(true, [publicApp('web')]);
    const decision = on.decisions.find((d) => d.subject === 'security.alb.ipv6')!;
    expect(decision.choice).toBe('the ALB group admits ::/0 on 80 and 443, as it admits 0.0.0.0/0');
    expect(decision.rule).toMatch(/no other group admits IPv6 \(see network\.ipv6\)/);
    const reasons = on.edges.filter((e) => e.from === 'internet').map((e) => e.reason);
    expect(reasons.every((r) => r.endsWith('over IPv4 and IPv6 (dualstack)'))).toBe(true);

    const off = withIpv6(false, [publicApp('web')]);
    expect(off.decisions.map((d) => d.subject)).not.toContain('security.alb.ipv6');
    expect(off.edges.filter((e) => e.from === 'internet').map((e) => e.reason)).toEqual([
      'HTTP (redirected to HTTPS) from the internet to the load balancer',
      'HTTPS from the internet to the load balancer',
    ]);
    // Without ipv6 the ALB has no IPv6 address: the ::/0 rules would be open paths nothing uses.
    expect(anywhere(off, 'ipv6')).toEqual([]);
    expect(off.rules).toEqual(on.rules.filter((r) => r.peer.kind !== 'ipv6'));
  });

  it('adds no ALB rule when no app is public', () => {
    const plan = withIpv6(true, [worker('jobs')]);
    expect(anywhere(plan, 'ipv6')).toEqual([]);
    expect(plan.decisions.map((d) => d.subject)).not.toContain('security.alb.ipv6');
  });
});
