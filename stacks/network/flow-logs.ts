/** VPC flow logs: the KMS-encrypted log group, the role that writes to it, and the flow log. */
import type { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { KmsKeyPolicy } from '@cdktf/provider-aws/lib/kms-key-policy';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import type { TerraformStack } from 'cdktf';
import type { FlowLogsPlan } from '../../compiler/model/network';
import type { RefRegistry } from '../refs';
import { policyText } from './ids';

export function renderFlowLogs(
  stack: TerraformStack,
  refs: RefRegistry,
  flow: FlowLogsPlan,
  vpcId: string,
  kms: { key: KmsKey; keyPolicy: KmsKeyPolicy },
): void {
  const logGroup = new CloudwatchLogGroup(stack, flow.logGroupAddress.name, {
    name: flow.logGroupName,
    retentionInDays: flow.retentionDays,
    kmsKeyId: kms.key.arn,
    // CloudWatch Logs checks the key policy when the group is created: the policy must be in place first.
    dependsOn: [kms.keyPolicy],
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
    vpcId,
    trafficType: flow.trafficType,
    logDestinationType: flow.destinationType,
    logDestination: logGroup.arn,
    iamRoleArn: role.arn,
    maxAggregationInterval: flow.maxAggregationInterval,
    tags: { Name: flow.name },
  });
}
