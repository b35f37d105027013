/** The app groups' edges: internet to the ALB, ALB to public apps, apps to internal apps, apps' HTTPS out. */
import { usesIpv6 } from '../../schema/inventory/network';
import { egressDestinations, egressPorts } from '../../schema/inventory/egress';
import type { MigrationSpec } from '../../schema/spec';
import type { SgEdge } from '../model';
import { INTERNET, ALB_SG_KEY, appKey, PUBLIC_SG_KEY, APPS_SG_KEY, INTERNAL_SG_KEY } from '../group-keys';
import { Sides, EdgesOf, IPV4_ANY, IPV6_ANY } from './sides';

/**
 * internet → ALB: the only ingress from anywhere, on 80 and 443; ::/0 too only when the ALB is dualstack
 * (`ipv6: true`): an IPv4-only ALB has no IPv6 address, so a ::/0 rule would be an open path nothing uses.
 */
export function internetToAlb(spec: MigrationSpec, { publicApps }: Sides): EdgesOf {
  const out: EdgesOf = { edges: [], decisions: [] };
  if (publicApps.length === 0) return out;
  const dualstack = usesIpv6(spec);
  const ports = [
    [80, 'HTTP (redirected to HTTPS)'],
    [443, 'HTTPS'],
  ] as const;
  for (const [port, what] of ports) {
    out.edges.push({
      from: INTERNET,
      to: ALB_SG_KEY,
      protocol: 'tcp',
      port,
      cidrs: dualstack ? { ipv4: IPV4_ANY, ipv6: IPV6_ANY } : { ipv4: IPV4_ANY },
      reason: dualstack
        ? `${what} from the internet to the load balancer, over IPv4 and IPv6 (dualstack)`
        : `${what} from the internet to the load balancer`,
    });
  }
  if (dualstack) {
    out.decisions.push({
      subject: 'security.alb.ipv6',
      choice: `the ALB group admits ${IPV6_ANY} on ${ports.map(([p]) => p).join(' and ')}, as it admits ${IPV4_ANY}`,
      rule:
        'aws.network.vpc.ipv6: true makes the ALB dualstack: IPv6 clients reach the same listeners (80 redirects ' +
        'to HTTPS); no other group admits IPv6 (see network.ipv6)',
    });
  }
  return out;
}

/**
 * Stated ranges → ALB on a blue/green app's test port (`deployment.blueGreen.testListener`): the test
 * listener reaches the replacement tasks before production traffic does, so only the ranges the spec names
 * may reach it; none by default. IPv4 only (the spec takes IPv4 ranges).
 */
export function testListenersToAlb({ publicApps }: Sides): EdgesOf {
  const edges: SgEdge[] = [];
  for (const app of publicApps) {
    if (app.deployment.strategy !== 'blue-green' || !app.deployment.blueGreen) continue;
    const { port, allowedCidrs } = app.deployment.blueGreen.testListener;
    for (const cidr of allowedCidrs)
      edges.push({
        from: INTERNET,
        to: ALB_SG_KEY,
        protocol: 'tcp',
        port,
        cidrs: { ipv4: cidr },
        keySuffix: cidr.replace(/[.:/]/g, '-'),
        reason: `blue/green test listener of ${app.name} (HTTPS :${port}), from ${cidr} only (deployment.blueGreen.testListener.allowedCidrs)`,
      });
  }
  return { edges, decisions: [] };
}

/**
 * ALB → public app tasks on the container port the target group forwards to: each app admits the ALB on
 * its port, and the ALB egresses to the shared `public` group per distinct port (not one rule per app).
 */
export function albToPublicApps({ publicApps }: Sides): EdgesOf {
  const edges: SgEdge[] = [];
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
  return { edges, decisions: [] };
}

/** apps → internal app: any app of the environment may call it (see docs/network.md, "Internal apps"). */
export function appsToInternalApps({ internalApps }: Sides): EdgesOf {
  const out: EdgesOf = { edges: [], decisions: [] };
  const internalPorts = new Map<number, string[]>();
  for (const target of internalApps) {
    const internal = (target.expose as { internal: { port: number; container: string } }).internal;
    out.edges.push({
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
    out.edges.push({
      from: APPS_SG_KEY,
      to: INTERNAL_SG_KEY,
      protocol: 'tcp',
      port,
      only: 'egress',
      reason: `apps of the environment may call the internal apps on port ${port} (${targets.join(', ')})`,
    });
  }
  if (internalApps.length > 0) {
    out.decisions.push({
      subject: 'security.internalApps',
      choice: `${internalApps.map((a) => a.name).join(', ')} admit every app of the environment on their port`,
      rule:
        'expose.internal has no caller list: any app of the environment may call an internal app, and nothing ' +
        'outside the environment can (security-group references, no CIDRs). Shared groups keep it linear: ' +
        'each internal app admits the group apps (on every task) on its port, and apps egresses to the group ' +
        'internal (on every internal task) on each internal port',
    });
  }
  return out;
}

/** Apps egress HTTPS anywhere: ECR, Secrets Manager, CloudWatch Logs and third-party APIs, through NAT. */
export function appsHttpsEgress(spec: MigrationSpec): EdgesOf {
  if (spec.apps.length === 0) return { edges: [], decisions: [] };
  return {
    edges: [
      {
        from: APPS_SG_KEY,
        to: INTERNET,
        protocol: 'tcp',
        port: 443,
        cidrs: { ipv4: IPV4_ANY },
        reason:
          'HTTPS out: image pulls (ECR), secrets (Secrets Manager), logs (CloudWatch) and external APIs, via NAT',
      },
    ],
    decisions: [
      {
        subject: 'security.appEgress',
        choice:
          'apps egress HTTPS (443) to 0.0.0.0/0 and their own databases, caches and internal apps; nothing else',
        rule:
          'ECR, Secrets Manager and CloudWatch Logs are public AWS endpoints reached through NAT; every other ' +
          'destination is another security group of the graph. Add VPC endpoints to keep that traffic in the VPC',
      },
    ],
  };
}

/**
 * apps[].egress → the app's own group: one edge (and so one egress rule) per declared CIDR or prefix list,
 * on the declared protocol and ports, with the user's description as its reason. Nothing is derived from
 * them: the rules make sure each entry is well formed and apart from the others.
 */
export function declaredAppEgress(spec: MigrationSpec): EdgesOf {
  const out: EdgesOf = { edges: [], decisions: [] };
  for (const app of spec.apps) {
    if (app.egress.length === 0) continue;
    const opened: string[] = [];
    for (const rule of app.egress) {
      const { from, to } = egressPorts(rule)!;
      const common = {
        from: appKey(app.name),
        to: INTERNET,
        protocol: rule.protocol,
        port: from,
        ...(to === from ? {} : { toPort: to }),
        only: 'egress' as const,
        note: rule.description,
      };
      const what = `${rule.protocol.toUpperCase()} ${from === to ? from : `${from}-${to}`}`;
      const destinations = egressDestinations(spec, rule).map((d) =>
        d.kind === 'prefix-list'
          ? { prefixList: d.id, keySuffix: d.keySuffix, text: d.text }
          : {
              cidrs: d.cidr.includes(':') ? { ipv6: d.cidr } : { ipv4: d.cidr },
              keySuffix: d.keySuffix,
              text: d.text,
            },
      );
      for (const { text, ...destination } of destinations) {
        out.edges.push({
          ...common,
          ...destination,
          reason: `${app.name} declares egress ${what} to ${text}: ${rule.description}`,
        });
        opened.push(`${what} to ${text}`);
      }
    }
    out.decisions.push({
      subject: `security.egress.${app.name}`,
      choice: `${app.name} may also connect out on ${opened.join(', ')}`,
      rule:
        'apps[].egress: each declared CIDR, prefix list, droplet (its public IPv4 /32) or DigitalOcean database (its address, else 0.0.0.0/0 on the port) becomes one egress rule on the app’s own group, with ' +
        'the declared description; dropship opens nothing else beyond what it derives',
    });
  }
  return out;
}
