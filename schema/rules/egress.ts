/**
 * `apps[].egress`: each entry names one port or one range (from ≤ to, within 1 to 65535), its CIDRs are real
 * IPv4 or IPv6 network addresses written as AWS stores them (so a plan after apply shows no change), and no
 * two entries of an app open the same rule (EC2 refuses a duplicate rule); without NAT, every CIDR is inside
 * the VPC.
 */
import { containsCidr, parseAnyCidr, parseCidr } from '../cidr';
import { egressDestinations, egressPorts } from '../inventory/egress';
import { didYouMean } from '../suggest';
import { smtpWithoutEgress } from '../inventory/smtp';
import { usesVpcEndpoints } from '../inventory/network';
import { formatPath } from '../diagnostics';
import type { FindingPath, Report } from '../report';
import type { AppSpec, EgressSpec, MigrationSpec } from '../spec';

export function checkEgress(r: Report, spec: MigrationSpec, app: AppSpec, at: FindingPath): void {
  const seen = new Map<string, FindingPath>();
  app.egress.forEach((rule, i) => {
    const eat = [...at, 'egress', i];
    const ports = checkPorts(r, rule, eat);
    const destinations =
      'prefixList' in rule.to
        ? [{ text: rule.to.prefixList, path: [...eat, 'to', 'prefixList'] }]
        : 'cidrs' in rule.to
          ? checkCidrs(r, rule.to.cidrs, [...eat, 'to', 'cidrs'])
          : checkNamed(r, spec, rule, [...eat, 'to']);
    if (!ports) return;
    for (const d of destinations) {
      const key = `${rule.protocol} ${ports.from}-${ports.to} ${d.text}`;
      const earlier = seen.get(key);
      if (earlier)
        r.error(
          d.path,
          'egress-duplicate',
          `${rule.protocol.toUpperCase()} ${portText(ports)} to ${d.text} is already opened by ${formatPath(earlier)}`,
          { hint: 'EC2 refuses a duplicate rule: keep one entry (its description can name every reason)' },
        );
      else seen.set(key, d.path);
    }
  });
}

/**
 * A droplet or DigitalOcean database named as the destination: it exists in the inventory, and a droplet has
 * the public IPv4 address the rule is written for (a security group takes no names).
 */
function checkNamed(
  r: Report,
  spec: MigrationSpec,
  rule: EgressSpec,
  at: FindingPath,
): { text: string; path: FindingPath }[] {
  const to = rule.to as { droplet: string } | { database: string };
  const [kind, name, list] =
    'droplet' in to
      ? (['droplet', to.droplet, spec.digitalocean.droplets.map((d) => d.name)] as const)
      : (['database', to.database, spec.digitalocean.databases.map((d) => d.name)] as const);
  const path = [...at, kind];
  if (!list.includes(name)) {
    r.error(
      path,
      'egress-destination',
      `no ${kind === 'droplet' ? 'droplet' : 'DigitalOcean database'} named ${name} in the inventory`,
      {
        expected: list.length > 0 ? `one of: ${list.join(', ')}` : `a ${kind} under digitalocean.${kind}s`,
        hint:
          didYouMean(name, list) ??
          `add it to digitalocean.${kind}s, or give the address as to: { cidrs: [...] }`,
      },
    );
    return [];
  }
  const destinations = egressDestinations(spec, rule);
  if (destinations.length === 0) {
    r.error(
      path,
      'egress-destination',
      `droplet ${name} has no public IPv4 address in the inventory: a security group rule needs an address`,
      {
        expected: `digitalocean.droplets[${list.indexOf(name)}].ipv4.public`,
        hint: `add ipv4.public of ${name} (doctl compute droplet get ${name}), or give the address as to: { cidrs: [...] }`,
      },
    );
    return [];
  }
  return destinations.map((d) => ({ text: d.kind === 'cidr' ? d.cidr : d.id, path }));
}

function portText({ from, to }: { from: number; to: number }): string {
  return from === to ? String(from) : `${from}-${to}`;
}

function checkPorts(r: Report, rule: EgressSpec, at: FindingPath): { from: number; to: number } | undefined {
  if (rule.port !== undefined && rule.ports !== undefined) {
    r.error([...at, 'ports'], 'egress-port', 'an egress entry gives `port` or `ports`, not both', {
      expected: 'port: 587, or ports: "8000-8100"',
      hint: `keep port: ${rule.port}, or drop it and keep ports: "${rule.ports}"`,
    });
    return undefined;
  }
  if (rule.port === undefined && rule.ports === undefined) {
    r.error(at, 'egress-port', 'an egress entry needs the port it connects to', {
      expected: 'port: 587, or ports: "8000-8100"',
      hint: 'add port: <n>, or ports: "<from>-<to>" for a range',
    });
    return undefined;
  }
  const ports = egressPorts(rule)!;
  if (rule.ports !== undefined && (ports.from < 1 || ports.to > 65535 || ports.from > ports.to)) {
    r.error([...at, 'ports'], 'egress-port', `"${rule.ports}" is not a port range`, {
      expected: 'a range "<from>-<to>" with 1 ≤ from ≤ to ≤ 65535',
      hint:
        ports.from > ports.to && ports.to >= 1 && ports.from <= 65535
          ? `write "${ports.to}-${ports.from}"`
          : 'ports run from 1 to 65535',
    });
    return undefined;
  }
  return ports;
}

function checkCidrs(r: Report, cidrs: string[], at: FindingPath): { text: string; path: FindingPath }[] {
  const valid: { text: string; path: FindingPath }[] = [];
  cidrs.forEach((text, i) => {
    const path = [...at, i];
    const cidr = parseAnyCidr(text);
    if (!cidr) {
      r.error(path, 'egress-cidr', `${JSON.stringify(text)} is not an IPv4 or IPv6 CIDR`, {
        expected: 'a CIDR such as 203.0.113.0/24 or 2001:db8::/32',
        hint: text.includes('/')
          ? 'an IPv4 address has four numbers up to 255 and a prefix up to /32; an IPv6 one a prefix up to /128'
          : `one address is ${text.includes(':') ? `${text}/128` : `${text}/32`}`,
      });
      return;
    }
    if (cidr.network !== cidr.canonical) {
      r.error(path, 'cidr-host-bits', `${text} has host bits set`, {
        expected: 'a network address',
        hint: `did you mean ${cidr.network}?`,
      });
      return;
    }
    if (cidr.canonical !== text) {
      r.error(path, 'egress-cidr-form', `${text} is not written in its canonical form`, {
        expected: cidr.canonical,
        hint: `write ${cidr.canonical}: AWS stores that text, and any other would show as a change at every plan`,
      });
      return;
    }
    valid.push({ text, path });
  });
  return valid;
}

/**
 * The private subnets of a VPC dropship creates have no IPv6 route (no egress-only internet gateway; only
 * the public subnets get a /64, for the ALB), so an IPv6 destination can never be reached, whatever the NAT.
 * Without NAT they route only inside the VPC (and to the VPC endpoints): an IPv4 CIDR outside the VPC's block
 * is unreachable too, and a prefix list only as a gateway endpoint's (S3, DynamoDB), which serves HTTPS: tcp
 * 443. An existing VPC's routes are unknown here.
 */
export function checkEgressRoutes(r: Report, spec: MigrationSpec): void {
  const network = spec.aws.network;
  if (!('vpc' in network)) return;
  const vpc = parseCidr(network.vpc.cidr);
  if (!vpc) return;
  const nat = network.vpc.nat !== 'none';
  const hint =
    'set aws.network.vpc.nat: single (or per-az) for connections out of the VPC, or reach the service through an endpoint or relay inside the VPC';
  spec.apps.forEach((app, a) =>
    app.egress.forEach((rule, i) => {
      if ('droplet' in rule.to || 'database' in rule.to) {
        // On DigitalOcean, outside the VPC: only through a NAT gateway.
        if (!nat)
          r.error(
            ['apps', a, 'egress', i, 'to', 'droplet' in rule.to ? 'droplet' : 'database'],
            'egress-no-route',
            `with nat: none the tasks have no route to ${'droplet' in rule.to ? `droplet ${rule.to.droplet}` : `DigitalOcean database ${rule.to.database}`}: it is on DigitalOcean, outside the VPC`,
            { expected: 'a NAT gateway', hint },
          );
        return;
      }
      if (!('cidrs' in rule.to)) {
        const ports = egressPorts(rule);
        const https = (rule.protocol ?? 'tcp') === 'tcp' && ports?.from === 443 && ports.to === 443;
        if (!nat && !https)
          r.error(
            ['apps', a, 'egress', i, 'to', 'prefixList'],
            'egress-no-route',
            `with nat: none the tasks reach a managed prefix list only through a gateway endpoint's route (S3, DynamoDB), which carries HTTPS: ${rule.to.prefixList} on ${rule.protocol ?? 'tcp'} ${rule.port ?? rule.ports} has no route`,
            { expected: 'tcp port 443 (a gateway endpoint), or a NAT gateway', hint },
          );
        return;
      }
      rule.to.cidrs.forEach((text, j) => {
        const v4 = parseCidr(text);
        const any = parseAnyCidr(text);
        if (!v4 && !any) return; // not a CIDR: checkEgress reported it
        if (!v4)
          r.error(
            ['apps', a, 'egress', i, 'to', 'cidrs', j],
            'egress-no-ipv6-route',
            `the tasks have no IPv6 route to ${text}: the private subnets of the VPC dropship creates are IPv4 only (no egress-only internet gateway)`,
            {
              expected: 'an IPv4 CIDR',
              hint: 'reach the service over IPv4 (through the NAT gateway), or run in an existing VPC whose private subnets route IPv6',
            },
          );
        else if (!nat && !containsCidr(vpc, v4))
          r.error(
            ['apps', a, 'egress', i, 'to', 'cidrs', j],
            'egress-no-route',
            `with nat: none the tasks have no route to ${text}: the private subnets reach only ${network.vpc.cidr} and the VPC endpoints`,
            { expected: `a CIDR inside ${network.vpc.cidr}`, hint },
          );
      });
    }),
  );
}

/**
 * Mail under nat: none: a container configured for an SMTP server outside the task (EMAIL_HOST, MAIL_HOST,
 * SMTP_HOST) whose app has no egress on its port can never send, since the private subnets have no route out;
 * with a NAT it is the lint's warning (lint/smtp-egress), which names the egress entry to add.
 */
export function checkSmtpRoutes(r: Report, spec: MigrationSpec): void {
  if (!usesVpcEndpoints(spec)) return;
  spec.apps.forEach((app, a) => {
    for (const f of smtpWithoutEgress(spec, app, a))
      r.error(
        ['apps', a, ...f.path],
        'smtp-no-route',
        `${f.message}; with nat: none the tasks have no route to the internet`,
        {
          expected: 'a NAT gateway, or a mail relay inside the VPC with an egress entry to it',
          hint: 'set aws.network.vpc.nat: single and add the egress entry (port 587, 465 or 2525; AWS throttles 25), or run a relay inside the VPC (or as a sidecar on localhost) and point the host variable at it',
        },
      );
  });
}
