/** Nothing public but the ALB: security-group ingress, RDS, ECS tasks; and HTTPS with a modern TLS policy. */
import { finding } from './finding';
import { blocks, isTrue, resourcesOf, strings } from '../terraform';
import type { CheckDefinition, Finding, StackJson, TfResource } from '../types';

const ANYWHERE = ['0.0.0.0/0', '::/0'];

/** Attributes cdktf names cross-stack outputs after (`cross-stack-output-<type><name><attribute>`). */
const OUTPUT_ATTRIBUTES = 'id|arn|name|dns_name|zone_id|address|port|url|repository_url';
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One pattern per resource, built on first use: callers ask for every pair of resources of two kinds. */
const outputPatterns = new Map<string, RegExp>();

/** True when `token` (a `${...}` reference, possibly through a cross-stack output) names resource `r`. */
export function refersTo(token: unknown, r: { type: string; name: string }): boolean {
  if (typeof token !== 'string') return false;
  if (token.includes(`${r.type}.${r.name}.`)) return true;
  // Across stacks, cdktf reads a remote-state output named after the producer's address without dots.
  const outputPrefix = `cross-stack-output-${r.type}${r.name}`;
  if (!token.includes(outputPrefix)) return false;
  let output = outputPatterns.get(outputPrefix);
  if (!output) {
    output = new RegExp(`${escapeRegExp(outputPrefix)}(?:${OUTPUT_ATTRIBUTES})(?![A-Za-z0-9_-])`);
    outputPatterns.set(outputPrefix, output);
  }
  return output.test(token);
}

/**
 * The security groups attached to a load balancer, found by reference only: a group merely named like one
 * (an app called `alb`) must not be allowed to open itself to the internet.
 */
export function albSecurityGroups(stacks: StackJson[]): TfResource[] {
  const lbTokens = resourcesOf(stacks, 'aws_lb', 'aws_alb').flatMap((lb) => strings(lb.body.security_groups));
  return resourcesOf(stacks, 'aws_security_group').filter((sg) => lbTokens.some((t) => refersTo(t, sg)));
}

/** Port 80 or 443 alone: the ALB's production listeners (HTTP redirect, HTTPS). */
const isProductionListenerPort = (rule: Record<string, unknown>): boolean =>
  rule.from_port === rule.to_port && (rule.from_port === 80 || rule.from_port === 443);

function describePorts(rule: Record<string, unknown>): string {
  const from = rule.from_port;
  const to = rule.to_port;
  const protocol = String(rule.ip_protocol ?? rule.protocol ?? '');
  if (protocol === '-1' || protocol === 'all') return 'all ports';
  return from === to ? `port ${String(from)}` : `ports ${String(from)}-${String(to)}`;
}

export const publicIngress: CheckDefinition = {
  id: 'DS010',
  title: 'Only the ALB security group accepts traffic from the internet',
  category: 'exposure',
  checkov: ['CKV_AWS_260', 'CKV_AWS_24', 'CKV_AWS_25', 'CKV_AWS_277'],
  trivy: ['AVD-AWS-0107'],
  remediation:
    'Allow 0.0.0.0/0 and ::/0 only on the ALB security group; everything else admits its callers by security-group reference.',
  run: ({ stacks }) => {
    const albGroups = albSecurityGroups(stacks);
    const isAlbGroup = (sgToken: unknown) => albGroups.some((g) => refersTo(sgToken, g));
    const out: Finding[] = [];
    for (const sg of resourcesOf(stacks, 'aws_security_group')) {
      if (albGroups.some((g) => g.stack === sg.stack && g.address === sg.address)) continue;
      for (const rule of blocks(sg.body.ingress)) {
        const open = [...strings(rule.cidr_blocks), ...strings(rule.ipv6_cidr_blocks)].filter((c) =>
          ANYWHERE.includes(c),
        );
        if (open.length > 0)
          out.push(finding('DS010', sg, `ingress from ${open.join(', ')} on ${describePorts(rule)}`));
      }
    }
    for (const rule of resourcesOf(stacks, 'aws_vpc_security_group_ingress_rule')) {
      const open = [rule.body.cidr_ipv4, rule.body.cidr_ipv6].filter((c) => ANYWHERE.includes(String(c)));
      if (open.length === 0) continue;
      if (!isAlbGroup(rule.body.security_group_id))
        out.push(finding('DS010', rule, `ingress from ${open.join(', ')} on ${describePorts(rule.body)}`));
      // The ALB's group is open to anyone on its production listeners only: a blue/green test listener
      // (deployment.blueGreen.testListener) serves revisions not yet released, to the ranges the spec names.
      else if (!isProductionListenerPort(rule.body))
        out.push(
          finding(
            'DS010',
            rule,
            `load balancer ingress from ${open.join(', ')} on ${describePorts(rule.body)}, not a production listener (80, 443)`,
          ),
        );
    }
    for (const rule of resourcesOf(stacks, 'aws_security_group_rule')) {
      if (rule.body.type !== 'ingress') continue;
      const open = [...strings(rule.body.cidr_blocks), ...strings(rule.body.ipv6_cidr_blocks)].filter((c) =>
        ANYWHERE.includes(c),
      );
      if (open.length > 0 && !isAlbGroup(rule.body.security_group_id)) {
        out.push(finding('DS010', rule, `ingress from ${open.join(', ')} on ${describePorts(rule.body)}`));
      }
    }
    return out;
  },
};

export const rdsNotPublic: CheckDefinition = {
  id: 'DS011',
  title: 'RDS instances are not publicly accessible',
  category: 'exposure',
  checkov: ['CKV_AWS_17'],
  trivy: ['AVD-AWS-0180'],
  remediation: 'Keep publicly_accessible = false; reach the database from tasks or through a bastion/SSM.',
  run: ({ stacks }) =>
    resourcesOf(stacks, 'aws_db_instance', 'aws_rds_cluster_instance')
      .filter((r) => isTrue(r.body.publicly_accessible))
      .map((r) => finding('DS011', r, 'publicly_accessible is true')),
};

export const ecsNoPublicIp: CheckDefinition = {
  id: 'DS012',
  title: 'ECS tasks get no public IP',
  category: 'exposure',
  checkov: ['CKV_AWS_333'],
  trivy: [],
  remediation:
    'Run tasks in private subnets with assign_public_ip = false; they reach the internet through NAT.',
  run: ({ stacks }) =>
    resourcesOf(stacks, 'aws_ecs_service')
      .filter((r) => blocks(r.body.network_configuration).some((n) => isTrue(n.assign_public_ip)))
      .map((r) => finding('DS012', r, 'network_configuration.assign_public_ip is true')),
};

export const httpRedirectOnly: CheckDefinition = {
  id: 'DS013',
  title: 'ALB HTTP listeners only redirect to HTTPS',
  category: 'encryption in transit',
  checkov: ['CKV_AWS_2', 'CKV2_AWS_20'],
  trivy: ['AVD-AWS-0054'],
  remediation: 'Give port 80 a single redirect action to HTTPS (status HTTP_301) and no forwarding rules.',
  run: ({ stacks }) => {
    const out: Finding[] = [];
    const rules = resourcesOf(stacks, 'aws_lb_listener_rule', 'aws_alb_listener_rule');
    for (const l of resourcesOf(stacks, 'aws_lb_listener', 'aws_alb_listener')) {
      if (String(l.body.protocol ?? '').toUpperCase() !== 'HTTP') continue;
      const actions = blocks(l.body.default_action);
      const bad = actions.filter(
        (a) =>
          a.type !== 'redirect' || String(blocks(a.redirect)[0]?.protocol ?? '').toUpperCase() !== 'HTTPS',
      );
      if (actions.length === 0 || bad.length > 0) {
        out.push(
          finding(
            'DS013',
            l,
            `HTTP listener default action is ${actions.map((a) => String(a.type)).join(', ') || 'missing'}, not a redirect to HTTPS`,
          ),
        );
      }
      for (const rule of rules.filter((r) => refersTo(r.body.listener_arn, l))) {
        const forwards = blocks(rule.body.action).filter((a) => a.type !== 'redirect');
        if (forwards.length > 0)
          out.push(finding('DS013', rule, `rule on HTTP listener ${l.address} forwards traffic`));
      }
    }
    return out;
  },
};

export const tlsPolicy: CheckDefinition = {
  id: 'DS014',
  title: 'HTTPS listeners use a TLS 1.3 security policy',
  category: 'tls',
  checkov: ['CKV_AWS_103'],
  trivy: ['AVD-AWS-0047'],
  remediation:
    'Use ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06" (TLS 1.3 and 1.2 only) or a newer TLS13 policy.',
  run: ({ stacks }) =>
    resourcesOf(stacks, 'aws_lb_listener', 'aws_alb_listener')
      .filter((l) => ['HTTPS', 'TLS'].includes(String(l.body.protocol ?? '').toUpperCase()))
      .filter((l) => !/TLS13/.test(String(l.body.ssl_policy ?? '')))
      .map((l) =>
        finding(
          'DS014',
          l,
          `ssl_policy is ${String(l.body.ssl_policy ?? 'not set (ELBSecurityPolicy-2016-08)')}`,
        ),
      ),
};

export const dropInvalidHeaders: CheckDefinition = {
  id: 'DS025',
  title: 'The ALB drops invalid HTTP header fields',
  category: 'exposure',
  checkov: ['CKV_AWS_131'],
  trivy: ['AVD-AWS-0052'],
  remediation:
    'Set drop_invalid_header_fields = true, so malformed headers (a request-smuggling vector) never reach the apps.',
  run: ({ stacks }) =>
    resourcesOf(stacks, 'aws_lb', 'aws_alb')
      .filter((lb) => (lb.body.load_balancer_type ?? 'application') === 'application')
      .filter((lb) => !isTrue(lb.body.drop_invalid_header_fields))
      .map((lb) => finding('DS025', lb, 'drop_invalid_header_fields is not true')),
};

/**
 * A bucket is public unless a public access block with all four settings refers to it: an ACL or a bucket
 * policy could then grant anonymous reads. Matched by the block's `bucket` reference or literal name.
 */
export const bucketPublicAccessBlocked: CheckDefinition = {
  id: 'DS040',
  title: 'S3 buckets block public access',
  category: 'exposure',
  checkov: ['CKV2_AWS_6'],
  trivy: ['AVD-AWS-0086', 'AVD-AWS-0087', 'AVD-AWS-0091', 'AVD-AWS-0093'],
  remediation:
    'Give every bucket an aws_s3_bucket_public_access_block with the four settings true; serve public files through CloudFront.',
  run: ({ stacks }) => {
    const blocked = new Set<string>();
    for (const b of resourcesOf(stacks, 'aws_s3_bucket_public_access_block')) {
      const all = [
        'block_public_acls',
        'block_public_policy',
        'ignore_public_acls',
        'restrict_public_buckets',
      ];
      if (all.every((k) => isTrue(b.body[k]))) blocked.add(`${b.stack} ${String(b.body.bucket)}`);
    }
    return resourcesOf(stacks, 'aws_s3_bucket')
      .filter(
        (r) =>
          !blocked.has(`${r.stack} \${aws_s3_bucket.${r.name}.id}`) &&
          !blocked.has(`${r.stack} ${String(r.body.bucket)}`),
      )
      .map((r) => finding('DS040', r, 'no public access block with all four settings true refers to it'));
  },
};

export const exposureChecks = [
  publicIngress,
  rdsNotPublic,
  ecsNoPublicIp,
  httpRedirectOnly,
  tlsPolicy,
  dropInvalidHeaders,
  bucketPublicAccessBlocked,
];
