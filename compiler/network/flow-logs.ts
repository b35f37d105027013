/** VPC flow logs, always on: the log group, the role that writes to it, and why. */
import { awsName } from '../../schema/facts/aws-names';
import type { CompileContext } from '../context';
import type { Decision } from '../model';
import type { FlowLogsPlan, Partition } from '../model/network';
import { embed, ref } from '../refs';
import { accountOf, at } from './place';

export function flowLogsPlan(
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

export function flowLogsDecision(flowLogs: FlowLogsPlan): Decision {
  return {
    subject: 'network.flowLogs',
    choice: `ALL traffic to ${flowLogs.logGroupName}, ${flowLogs.retentionDays} days, KMS-encrypted`,
    rule:
      'flow logs are always on: rejected and accepted flows are the evidence when a security group or NACL ' +
      'blocks the cutover; retention from aws.network.vpc.flowLogs.retentionDays',
  };
}
