/**
 * The network part of the plan: a new VPC (subnets per zone, internet gateway, NAT per the spec's mode,
 * route tables, flow logs) or an existing one, and the environment's customer-managed KMS key. Other parts
 * read the VPC, subnet and NAT ids from `vpcId`, `publicSubnetIds`, `privateSubnetIds` and `nat.publicIps`:
 * references to what the network stack creates, or the existing network's ids as the spec gives them.
 */
import type { CompileContext } from './context';
import type { Decision } from './model';
import { awsName } from '../schema/facts/aws-names';
import { environmentKeyPolicy } from './aws/kms';
import { PARTITION } from './aws/partition';
import { createsAlarmTopic } from '../schema/inventory/alarms';
import { address, embed, ref } from './refs';
import type { Address, Ref, ResourceType } from './model/refs';
import { networkStackName } from './stack-names';
import {
  SubnetTier,
  NatMode,
  VpcEndpointPlan,
  SubnetPlan,
  SubnetIpv6Plan,
  RouteTablePlan,
  RoutePlan,
  NetworkPlan,
  NatGatewayPlan,
  KmsKeyPlan,
  Ipv6SubnetCidr,
  InterfaceEndpointPlan,
  GatewayEndpointPlan,
  FlowLogsPlan,
  Partition,
  AccountIdLocalPlan,
} from './model/network';

/** The address of a network stack resource (its construct id `name`). */
const at = <T extends ResourceType>(ctx: CompileContext, type: T, name: string): Address<T> =>
  address(networkStackName(ctx.prefix), type, name);

/**
 * The account id in policy documents: the spec's `aws.accountId`, else `local.account_id` embedded (the
 * account segment of the KMS key's ARN, which needs no API call at plan time).
 */
function accountOf(ctx: CompileContext): { account: string; local?: AccountIdLocalPlan } {
  const { accountId } = ctx.spec.aws;
  if (accountId) return { account: accountId };
  const local = { address: at(ctx, 'local', 'account_id') };
  return { account: embed(ref(local.address, 'value')), local };
}

/** Bits added to the VPC's IPv6 /56 to make a subnet's /64 (AWS requires exactly /64 for subnets). */
const IPV6_SUBNET_NEW_BITS: Ipv6SubnetCidr['newBits'] = 8;

export function compileNetwork(ctx: CompileContext): NetworkPlan {
  const { spec } = ctx;
  const zones = spec.aws.availabilityZones;
  const partition = PARTITION;
  const decisions: Decision[] = [];
  const { local: accountIdLocal } = accountOf(ctx);
  const kms = kmsKeyPlan(ctx, partition);
  decisions.push({
    subject: 'network.kms',
    choice: `one customer-managed key ${kms.alias}, yearly rotation`,
    rule:
      'one key per environment encrypts flow logs, app logs, secrets, RDS and ElastiCache: a single key policy to ' +
      'review and one place to revoke access; CloudWatch Logs may use it only for log groups of this account and region',
  });
  const net = spec.aws.network;

  if ('existing' in net) {
    const e = net.existing;
    decisions.push({
      subject: 'network.vpc',
      choice: `existing ${e.vpcId}`,
      rule: 'aws.network.existing: dropship creates no VPC, subnets, NAT or routes and does not change them',
    });
    return {
      mode: 'existing',
      availabilityZones: [...zones],
      partition,
      ...(accountIdLocal ? { accountIdLocal } : {}),
      kms,
      // Known: the ids as the spec gives them, not references.
      vpcId: e.vpcId,
      publicSubnetIds: [...e.publicSubnetIds],
      privateSubnetIds: [...e.privateSubnetIds],
      nat: { mode: 'existing', publicIps: [...e.natGatewayIps] },
      existing: {
        vpcId: e.vpcId,
        publicSubnetIds: [...e.publicSubnetIds],
        privateSubnetIds: [...e.privateSubnetIds],
        natGatewayIps: [...e.natGatewayIps],
      },
      decisions,
    };
  }

  const v = net.vpc;
  const vpcAddress = at(ctx, 'aws_vpc', 'vpc');
  const ipv6CidrRef = v.ipv6 ? ref(vpcAddress, 'ipv6_cidr_block') : undefined;
  // The schema guarantees one subnet per zone, in zone order, inside the VPC and not overlapping.
  const zoneOf = (i: number) => zones[i];
  const subnet = (tier: SubnetTier, cidr: string, index: number): SubnetPlan => ({
    key: `${tier}-${index}`,
    tier,
    index,
    availabilityZone: zoneOf(index),
    cidr,
    name: awsName('nameTag', ctx.prefix, tier, zoneOf(index)),
    mapPublicIpOnLaunch: false,
    address: at(ctx, 'aws_subnet', `subnet-${tier}-${index}`),
  });
  // Only public subnets get IPv6: the dualstack ALB lives there; tasks, databases and caches stay IPv4.
  const publicSubnets = v.publicSubnets.map((c, i) => {
    const s = subnet('public', c, i);
    return ipv6CidrRef ? { ...s, ipv6: subnetIpv6(ipv6CidrRef, i) } : s;
  });
  const privateSubnets = v.privateSubnets.map((c, i) => subnet('private', c, i));

  const natGateways = natGatewaysFor(ctx, v.nat, publicSubnets);
  decisions.push(natDecision(v.nat, natGateways, publicSubnets.length, ctx.production));

  const routeTables: RouteTablePlan[] = [
    {
      key: 'public',
      tier: 'public',
      name: awsName('nameTag', ctx.prefix, 'public'),
      routes: [
        defaultRoute('public', 'ipv4', { kind: 'internet-gateway' }),
        // The internet gateway routes IPv6 too (no NAT for IPv6): the ALB's IPv6 answers go back out here.
        ...(ipv6CidrRef ? [defaultRoute('public', 'ipv6', { kind: 'internet-gateway' })] : []),
      ],
      subnets: publicSubnets.map((s) => s.key),
    },
    // One private route table per zone in every NAT mode: moving from `single` to `per-az` changes routes,
    // never the tables or their subnet associations.
    ...privateSubnets.map((s): RouteTablePlan => {
      // per-az: the gateway in the subnet's own zone; single: the one gateway; none: no default route.
      const natForZone =
        v.nat === 'per-az'
          ? natGateways.find((n) => n.availabilityZone === s.availabilityZone)
          : natGateways[0];
      const key = `private-${s.index}`;
      return {
        key,
        tier: 'private',
        name: awsName('nameTag', ctx.prefix, 'private', s.availabilityZone),
        routes: natForZone
          ? [defaultRoute(key, 'ipv4', { kind: 'nat-gateway', index: natForZone.index })]
          : [],
        subnets: [s.key],
      };
    }),
  ];

  if (ipv6CidrRef) {
    decisions.push({
      subject: 'network.ipv6',
      choice:
        `Amazon-provided IPv6 /56 on the VPC; a /64 per public subnet (${publicSubnets.length}); ` +
        '::/0 to the internet gateway in the public route table',
      rule:
        'aws.network.vpc.ipv6: true — a dualstack ALB needs an IPv6 CIDR on every one of its subnets and an IPv6 ' +
        'route; the /56 costs nothing. Private subnets and tasks stay IPv4: the ALB reaches its targets over ' +
        'IPv4, so they need no IPv6 address, route or egress-only gateway',
    });
  }

  const vpcName = awsName('nameTag', ctx.prefix);
  const endpoints =
    v.nat === 'none'
      ? vpcEndpoints(ctx, {
          vpcName,
          privateSubnetKeys: privateSubnets.map((s) => s.key),
          privateRouteTableKeys: routeTables.filter((rt) => rt.tier === 'private').map((rt) => rt.key),
        })
      : [];
  if (endpoints.length > 0) {
    decisions.push({
      subject: 'network.endpoints',
      choice: endpoints.map((e) => `${e.key} (${e.type.toLowerCase()})`).join(', '),
      rule:
        'nat: none leaves private subnets without a route out: VPC endpoints keep image pulls, secrets and logs ' +
        'working; every other destination (external APIs, DigitalOcean during the move) stays unreachable. ' +
        'The S3 gateway endpoint has the default policy, so tasks still reach any S3 bucket (their own uploads, ' +
        'but also any other account’s)',
    });
  }

  const flowLogs = flowLogsPlan(ctx, partition, v.flowLogs.retentionDays, vpcName);
  decisions.push({
    subject: 'network.flowLogs',
    choice: `ALL traffic to ${flowLogs.logGroupName}, ${flowLogs.retentionDays} days, KMS-encrypted`,
    rule:
      'flow logs are always on: rejected and accepted flows are the evidence when a security group or NACL ' +
      'blocks the cutover; retention from aws.network.vpc.flowLogs.retentionDays',
  });

  return {
    mode: 'new',
    availabilityZones: [...zones],
    partition,
    ...(accountIdLocal ? { accountIdLocal } : {}),
    kms,
    vpcId: ref(vpcAddress, 'id'),
    publicSubnetIds: publicSubnets.map((s) => ref(s.address, 'id')),
    privateSubnetIds: privateSubnets.map((s) => ref(s.address, 'id')),
    nat: { mode: v.nat, publicIps: natGateways.map((n) => ref(n.eipAddress, 'public_ip')) },
    vpc: {
      name: vpcName,
      cidr: v.cidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      ...(ipv6CidrRef ? { ipv6CidrRef } : {}),
      address: vpcAddress,
    },
    subnets: [...publicSubnets, ...privateSubnets],
    internetGateway: { name: awsName('nameTag', ctx.prefix) },
    natGateways,
    routeTables,
    defaultSecurityGroup: { name: awsName('nameTag', vpcName, 'default') },
    endpoints,
    flowLogs,
    decisions,
  };
}

/** The `netNum`-th /64 of the VPC's IPv6 /56 (public subnet `i` takes /64 number `i`). */
function subnetIpv6(prefix: Ref<'aws_vpc'>, netNum: number): SubnetIpv6Plan {
  return {
    cidr: { kind: 'cidrsubnet', prefix, newBits: IPV6_SUBNET_NEW_BITS, netNum },
    assignAddressOnCreation: false,
  };
}

/**
 * What Fargate tasks need from AWS without NAT (ECS Exec adds the SSM messages channel), placed where the
 * tasks are: gateway endpoints on the private route tables, interface endpoints in the private subnets
 * behind the `vpce` group with private DNS (so the services' usual hostnames resolve to them).
 */
function vpcEndpoints(
  ctx: CompileContext,
  placement: { vpcName: string; privateSubnetKeys: string[]; privateRouteTableKeys: string[] },
): VpcEndpointPlan[] {
  const region = ctx.spec.aws.region;
  const common = (key: string, service: string, purpose: string) => ({
    key,
    serviceName: `com.amazonaws.${region}.${service}`,
    purpose,
    name: awsName('nameTag', placement.vpcName, key),
  });
  const gateway = (key: string, service: string, purpose: string): GatewayEndpointPlan => ({
    ...common(key, service, purpose),
    type: 'Gateway',
    routeTableKeys: [...placement.privateRouteTableKeys],
  });
  const iface = (key: string, service: string, purpose: string): InterfaceEndpointPlan => ({
    ...common(key, service, purpose),
    type: 'Interface',
    subnetKeys: [...placement.privateSubnetKeys],
    securityGroupKeys: [ENDPOINTS_SG_KEY],
    privateDns: true,
  });
  const endpoints: VpcEndpointPlan[] = [
    gateway('s3', 's3', 'image layers (ECR stores them in S3)'),
    iface('ecr-api', 'ecr.api', 'ECR authorization and image manifests'),
    iface('ecr-dkr', 'ecr.dkr', 'docker registry API for image pulls'),
    iface('logs', 'logs', 'container logs (awslogs driver)'),
    iface('secretsmanager', 'secretsmanager', 'secrets injected into containers'),
  ];
  if (ctx.spec.apps.some((a) => a.deployment.exec)) {
    endpoints.push(iface('ssmmessages', 'ssmmessages', 'ECS Exec sessions'));
    // Sessions are encrypted with the environment key: the agent in the task asks KMS for a data key.
    endpoints.push(iface('kms', 'kms', 'ECS Exec session encryption (the environment key)'));
  }
  return endpoints;
}

/** The security-group key of the interface endpoints (only with `nat: none`). */
export const ENDPOINTS_SG_KEY = 'vpce';

/** A table's default route of one address family: 0.0.0.0/0 or ::/0. */
function defaultRoute(tableKey: string, family: RoutePlan['family'], target: RoutePlan['target']): RoutePlan {
  return family === 'ipv4'
    ? { key: `${tableKey}-default`, family, destination: '0.0.0.0/0', target }
    : { key: `${tableKey}-default-ipv6`, family, destination: '::/0', target };
}

function natGatewaysFor(ctx: CompileContext, mode: NatMode, publicSubnets: SubnetPlan[]): NatGatewayPlan[] {
  const gateway = (s: SubnetPlan): NatGatewayPlan => ({
    index: s.index,
    availabilityZone: s.availabilityZone,
    publicSubnetKey: s.key,
    name: awsName('nameTag', ctx.prefix, 'nat', s.availabilityZone),
    eipName: awsName('nameTag', ctx.prefix, 'nat-eip', s.availabilityZone),
    eipAddress: at(ctx, 'aws_eip', `nat-eip-${s.index}`),
  });
  if (mode === 'none') return [];
  if (mode === 'single') return [gateway(publicSubnets[0])];
  // per-az: one per zone (a zone with two public subnets still gets one).
  const seen = new Set<string>();
  return publicSubnets
    .filter((s) => !seen.has(s.availabilityZone) && seen.add(s.availabilityZone))
    .map(gateway);
}

function natDecision(
  mode: NatMode,
  gateways: NatGatewayPlan[],
  zones: number,
  production: boolean,
): Decision {
  const subject = 'network.nat';
  if (mode === 'none') {
    return {
      subject,
      choice: 'no NAT gateway',
      rule:
        'aws.network.vpc.nat: none — private subnets have no route to the internet; tasks need VPC endpoints ' +
        '(ECR api/dkr, S3, Secrets Manager, CloudWatch Logs) to pull images and read secrets',
    };
  }
  if (mode === 'single') {
    return {
      subject,
      choice: `one NAT gateway in ${gateways[0].availabilityZone}, shared by ${zones} zones`,
      rule:
        'aws.network.vpc.nat: single — the cheapest egress (one gateway-hour and one EIP); if its zone fails, ' +
        'tasks in the other zones lose outbound access until it recovers' +
        (production ? '. Production: consider nat: per-az' : ''),
    };
  }
  return {
    subject,
    choice: `${gateways.length} NAT gateways, one per zone (${gateways.map((g) => g.availabilityZone).join(', ')})`,
    rule: 'aws.network.vpc.nat: per-az — each zone egresses through its own gateway and survives the loss of another',
  };
}

function kmsKeyPlan(ctx: CompileContext, partition: Partition): KmsKeyPlan {
  const { region } = ctx.spec.aws;
  const { account } = accountOf(ctx);
  const keyAddress = at(ctx, 'aws_kms_key', 'kms');
  return {
    name: ctx.prefix,
    alias: `alias/${ctx.prefix}`,
    description: `dropship ${ctx.prefix}: logs, secrets, RDS and ElastiCache`,
    enableKeyRotation: true,
    deletionWindowDays: ctx.production ? 30 : 7,
    policy: environmentKeyPolicy({ partition, region, account, alarmTopic: createsAlarmTopic(ctx.spec) }),
    address: keyAddress,
    arn: ref(keyAddress, 'arn'),
  };
}

function flowLogsPlan(
  ctx: CompileContext,
  partition: Partition,
  retentionDays: number,
  vpcName: string,
): FlowLogsPlan {
  const { region } = ctx.spec.aws;
  const { account } = accountOf(ctx);
  const logGroupName = `/dropship/${ctx.prefix}/vpc-flow-logs`;
  const logGroupAddress = at(ctx, 'aws_cloudwatch_log_group', 'flow-logs');
  // Known only after apply: embedded, so the policy names exactly this log group.
  const logGroupArn = embed(ref(logGroupAddress, 'arn'));
  return {
    name: awsName('nameTag', vpcName, 'flow-logs'),
    destinationType: 'cloud-watch-logs',
    logGroupName,
    retentionDays,
    trafficType: 'ALL',
    maxAggregationInterval: 60,
    roleName: awsName('iamRole', ctx.prefix, 'vpc-flow-logs'),
    roleDescription: `VPC flow logs of ${vpcName} to ${logGroupName}`,
    rolePolicyName: 'write-flow-logs',
    assumeRolePolicy: [
      {
        Sid: 'VpcFlowLogsAssume',
        Effect: 'Allow',
        Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
        Action: 'sts:AssumeRole',
        // Confused-deputy guard: only flow logs of this account and region may assume the role.
        Condition: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': `arn:${partition}:ec2:${region}:${account}:vpc-flow-log/*` },
        },
      },
    ],
    rolePolicy: [
      {
        Sid: 'WriteFlowLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        Resource: [logGroupArn, `${logGroupArn}:*`],
      },
      {
        Sid: 'DescribeLogGroups',
        Effect: 'Allow',
        Action: 'logs:DescribeLogGroups',
        Resource: `arn:${partition}:logs:${region}:${account}:log-group:*`,
      },
    ],
    logGroupAddress,
  };
}
