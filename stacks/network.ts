/**
 * The network stack: the environment's KMS key, the VPC (or references to an existing one) and every
 * security group with its rules. Renders `plan.network` and `plan.security`, each resource a plan gives an
 * address under that address's name, and provides their attributes to the references of other stacks.
 * Logical ids derive from names in the spec (zone order, app/database/cache names), never from list
 * positions of unrelated things, so renaming nothing changes no id.
 */
import { Fn, TerraformLocal, TerraformOutput, type TerraformStack } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsKeyPolicy } from '@cdktf/provider-aws/lib/kms-key-policy';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { type NewVpcPlan } from '../compiler/model/network';
import { type SecurityPlan } from '../compiler/model/security';
import type { StackContext } from './context';
import { addAwsProvider } from './provider';
import type { PolicyStatement } from '../compiler/model';
import { policyJson } from '../compiler/aws/iam';
import type { RefRegistry } from './refs';
import { resolveText } from './apps/text';

export function renderNetwork(stack: TerraformStack, ctx: StackContext): void {
  const { plan, refs } = ctx;
  const network = plan.network;
  addAwsProvider(stack, plan.meta);

  // The key first: its ARN carries the account id the policies need when the spec does not give it.
  const key = new KmsKey(stack, network.kms.address.name, {
    description: network.kms.description,
    enableKeyRotation: network.kms.enableKeyRotation,
    deletionWindowInDays: network.kms.deletionWindowDays,
    tags: { Name: network.kms.name },
  });
  refs.provide(network.kms.address, { arn: key.arn });
  // Without aws.accountId in the spec, `local.account_id` is the account segment of the key's ARN: known
  // after the key exists, with no data source (no AWS call at plan time).
  if (network.accountIdLocal) {
    const { address } = network.accountIdLocal;
    const local = new TerraformLocal(stack, address.name, Fn.element(Fn.split(':', key.arn), 4));
    refs.provide(address, { value: local.asString });
  }
  const keyPolicy = new KmsKeyPolicy(stack, 'kms-policy', {
    keyId: key.keyId,
    policy: policyText(network.kms.policy, refs),
  });
  new KmsAlias(stack, 'kms-alias', { name: network.kms.alias, targetKeyId: key.keyId });

  if (network.mode === 'existing') {
    renderSecurityGroups(stack, ctx, plan.security, network.existing.vpcId);
    return;
  }
  const created = renderNewVpc(stack, ctx, network, key, keyPolicy);
  const groupIds = renderSecurityGroups(stack, ctx, plan.security, created.vpcId);
  renderEndpoints(stack, network, created, groupIds);
}

interface CreatedNetwork {
  vpcId: string;
  /** Token per subnet key (`private-0`) and per route table key. */
  subnetIds: Map<string, string>;
  routeTableIds: Map<string, string>;
}

/**
 * The id of what the plan names by `key`. A key nothing created is a compiler bug: fail here rather than
 * render a resource without its subnet, route target or group.
 */
function idOf<K>(ids: Map<K, string>, key: K, user: string): string {
  const id = ids.get(key);
  if (id === undefined)
    throw new Error(
      `network plan: ${user} refers to unknown key ${String(key)} (a dropship bug: please report it)`,
    );
  return id;
}

/** The endpoints where the plan places them: route tables, subnets and groups are looked up by key. */
function renderEndpoints(
  stack: TerraformStack,
  network: NewVpcPlan,
  created: CreatedNetwork,
  groupIds: Map<string, string>,
): void {
  const idsOf = (ids: Map<string, string>, keys: string[]) => keys.map((k) => idOf(ids, k, 'endpoint'));
  for (const e of network.endpoints) {
    new VpcEndpoint(stack, `vpce-${e.key}`, {
      vpcId: created.vpcId,
      serviceName: e.serviceName,
      vpcEndpointType: e.type,
      ...(e.type === 'Gateway'
        ? { routeTableIds: idsOf(created.routeTableIds, e.routeTableKeys) }
        : {
            subnetIds: idsOf(created.subnetIds, e.subnetKeys),
            securityGroupIds: idsOf(groupIds, e.securityGroupKeys),
            privateDnsEnabled: e.privateDns,
          }),
      tags: { Name: e.name },
    });
  }
}

function renderNewVpc(
  stack: TerraformStack,
  ctx: StackContext,
  network: NewVpcPlan,
  key: KmsKey,
  keyPolicy: KmsKeyPolicy,
): CreatedNetwork {
  const { refs } = ctx;
  const vpc = new Vpc(stack, network.vpc.address.name, {
    cidrBlock: network.vpc.cidr,
    enableDnsSupport: network.vpc.enableDnsSupport,
    enableDnsHostnames: network.vpc.enableDnsHostnames,
    // Only when true: the provider's default is false, and IPv4-only configurations stay as they were.
    ...(network.vpc.ipv6CidrRef ? { assignGeneratedIpv6CidrBlock: true } : {}),
    tags: { Name: network.vpc.name },
  });
  refs.provide(network.vpc.address, { id: vpc.id, ipv6_cidr_block: vpc.ipv6CidrBlock });

  // The VPC's default group is never used; stripping its rules keeps anything attached to it by mistake closed.
  new DefaultSecurityGroup(stack, 'default-sg', {
    vpcId: vpc.id,
    tags: { Name: network.defaultSecurityGroup.name },
  });

  const subnetIds = new Map<string, string>();
  for (const s of network.subnets) {
    const subnet = new Subnet(stack, s.address.name, {
      vpcId: vpc.id,
      cidrBlock: s.cidr,
      availabilityZone: s.availabilityZone,
      mapPublicIpOnLaunch: s.mapPublicIpOnLaunch,
      ...(s.ipv6
        ? {
            ipv6CidrBlock: Fn.cidrsubnet(
              refs.resolve(s.ipv6.cidr.prefix),
              s.ipv6.cidr.newBits,
              s.ipv6.cidr.netNum,
            ),
            assignIpv6AddressOnCreation: s.ipv6.assignAddressOnCreation,
          }
        : {}),
      tags: { Name: s.name, tier: s.tier },
    });
    subnetIds.set(s.key, subnet.id);
    refs.provide(s.address, { id: subnet.id });
  }

  const igw = new InternetGateway(stack, 'igw', {
    vpcId: vpc.id,
    tags: { Name: network.internetGateway.name },
  });

  const natIds = new Map<number, string>();
  const natIps: string[] = [];
  for (const n of network.natGateways) {
    // `domain: 'vpc'` is provider encoding, not a decision: with EC2-Classic retired an address can only be
    // allocated for a VPC, so the plan model carries no field for it.
    const eip = new Eip(stack, n.eipAddress.name, { domain: 'vpc', tags: { Name: n.eipName } });
    const nat = new NatGateway(stack, `nat-${n.index}`, {
      allocationId: eip.allocationId,
      subnetId: idOf(subnetIds, n.publicSubnetKey, `NAT gateway ${n.index}`),
      tags: { Name: n.name },
      // A NAT gateway needs the internet gateway attached before it can route.
      dependsOn: [igw],
    });
    natIds.set(n.index, nat.id);
    natIps.push(eip.publicIp);
    refs.provide(n.eipAddress, { public_ip: eip.publicIp });
  }

  const routeTableIds = new Map<string, string>();
  for (const rt of network.routeTables) {
    const table = new RouteTable(stack, `rt-${rt.key}`, { vpcId: vpc.id, tags: { Name: rt.name } });
    routeTableIds.set(rt.key, table.id);
    for (const route of rt.routes) {
      new Route(stack, `rt-${route.key}`, {
        routeTableId: table.id,
        ...(route.family === 'ipv6'
          ? { destinationIpv6CidrBlock: route.destination }
          : { destinationCidrBlock: route.destination }),
        ...(route.target.kind === 'internet-gateway'
          ? { gatewayId: igw.id }
          : { natGatewayId: idOf(natIds, route.target.index, `route table ${rt.key}`) }),
      });
    }
    for (const subnetKey of rt.subnets) {
      new RouteTableAssociation(stack, `rt-${rt.key}-${subnetKey}`, {
        routeTableId: table.id,
        subnetId: idOf(subnetIds, subnetKey, `route table ${rt.key}`),
      });
    }
  }

  const flow = network.flowLogs;
  const logGroup = new CloudwatchLogGroup(stack, flow.logGroupAddress.name, {
    name: flow.logGroupName,
    retentionInDays: flow.retentionDays,
    kmsKeyId: key.arn,
    // CloudWatch Logs checks the key policy when the group is created: the policy must be in place first.
    dependsOn: [keyPolicy],
  });
  refs.provide(flow.logGroupAddress, { arn: logGroup.arn });
  const role = new IamRole(stack, 'flow-logs-role', {
    name: flow.roleName,
    description: flow.roleDescription,
    assumeRolePolicy: policyText(flow.assumeRolePolicy, refs),
  });
  new IamRolePolicy(stack, 'flow-logs-role-policy', {
    name: flow.rolePolicyName,
    role: role.id,
    policy: policyText(flow.rolePolicy, refs),
  });
  new FlowLog(stack, 'flow-log', {
    vpcId: vpc.id,
    trafficType: flow.trafficType,
    logDestinationType: flow.destinationType,
    logDestination: logGroup.arn,
    iamRoleArn: role.arn,
    maxAggregationInterval: flow.maxAggregationInterval,
    tags: { Name: flow.name },
  });

  new TerraformOutput(stack, 'vpc_id', { value: vpc.id, description: 'The VPC dropship created.' });
  if (natIps.length > 0) {
    new TerraformOutput(stack, 'nat_public_ips', {
      value: natIps,
      description: 'Egress IPs of the NAT gateways: the sources to trust on DigitalOcean during the move.',
    });
  }
  return { vpcId: vpc.id, subnetIds, routeTableIds };
}

function renderSecurityGroups(
  stack: TerraformStack,
  ctx: StackContext,
  security: SecurityPlan,
  vpcId: string,
): Map<string, string> {
  const { refs } = ctx;
  const groupIds = new Map<string, string>();
  for (const node of security.nodes) {
    // Rules are separate resources (never inline), so another rule can be added without rewriting the group.
    const group = new SecurityGroup(stack, node.address.name, {
      name: node.name,
      description: node.description,
      vpcId,
      tags: { Name: node.name },
    });
    groupIds.set(node.key, group.id);
    refs.provide(node.address, { id: group.id });
  }
  for (const rule of security.rules) {
    const peer =
      rule.peer.kind === 'security-group'
        ? { referencedSecurityGroupId: idOf(groupIds, rule.peer.key, `rule ${rule.key}`) }
        : rule.peer.kind === 'ipv4'
          ? { cidrIpv4: rule.peer.cidr }
          : { cidrIpv6: rule.peer.cidr };
    const config = {
      securityGroupId: idOf(groupIds, rule.securityGroup, `rule ${rule.key}`),
      description: rule.description,
      ipProtocol: rule.protocol,
      fromPort: rule.fromPort,
      toPort: rule.toPort,
      ...peer,
    };
    if (rule.direction === 'ingress') new VpcSecurityGroupIngressRule(stack, `sgr-${rule.key}`, config);
    else new VpcSecurityGroupEgressRule(stack, `sgr-${rule.key}`, config);
  }
  return groupIds;
}

/**
 * An IAM policy document as JSON text, its references resolved (the account id, the log group's ARN): a plain
 * attribute, whose literal text the element's escaping escapes.
 */
function policyText(statements: PolicyStatement[], refs: RefRegistry): string {
  return resolveText(policyJson(statements), refs);
}
