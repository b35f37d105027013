/**
 * The network stack: the environment's KMS key, the VPC (or references to an existing one) and every
 * security group with its rules. Renders `plan.network` and `plan.security`, each resource a plan gives an
 * address under that address's name, and provides their attributes to the references of other stacks.
 * Logical ids derive from names in the spec (zone order, app/database/cache names), never from list
 * positions of unrelated things, so renaming nothing changes no id. A new VPC's resources are rendered by
 * stacks/network/ (vpc.ts, routes.ts, flow-logs.ts).
 */
import { Fn, TerraformLocal, type TerraformStack } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsKeyPolicy } from '@cdktf/provider-aws/lib/kms-key-policy';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { type NewVpcPlan } from '../compiler/model/network';
import { type SecurityPlan } from '../compiler/model/security';
import type { StackContext } from './context';
import { addAwsProvider } from './provider';
import { type CreatedNetwork, idOf, policyText } from './network/ids';
import { renderNewVpc } from './network/vpc';

export function renderNetwork(stack: TerraformStack, ctx: StackContext): void {
  const { plan, refs } = ctx;
  const network = plan.network;
  addAwsProvider(stack, plan.meta);

  // The key first: its ARN carries the account id the policies need when the spec does not give it.
  const key = new KmsKey(stack, network.kms.address.name, {
    description: network.kms.description,
    enableKeyRotation: network.kms.enableKeyRotation,
    deletionWindowInDays: network.kms.deletionWindowDays,
    lifecycle: network.kms.preventDestroy ? { preventDestroy: true } : undefined,
    tags: { Name: network.kms.name },
  });
  refs.provide(network.kms.address, { arn: key.arn, key_id: key.keyId });
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
        : rule.peer.kind === 'prefix-list'
          ? { prefixListId: rule.peer.id }
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
