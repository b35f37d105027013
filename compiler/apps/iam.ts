/**
 * IAM for an app, as policy JSON built here: an execution role (image pull, log writes, exactly the app's
 * secrets and their KMS key), a task role with nothing but what the spec grants (plus ECS Exec and EFS when
 * used), and for scheduled apps an EventBridge role that may run only this task family.
 *
 * Wildcard resources: `ecr:GetAuthorizationToken` and the `ssmmessages:*Channel` actions of ECS Exec have
 * no resource types in IAM, so they can only be granted on "*"; nothing else is.
 */
import type { Value } from '../model/refs';
import { PARTITION } from '../aws/partition';
import { EFS_CLIENT_ACTIONS, denyEfsWithoutTls } from '../aws/efs';
import { embed, uniqueValues } from '../refs';

import type { PolicyStatement } from '../model';
import { AccountScope, policyJson } from '../aws/iam';

/** Actions that IAM only accepts on Resource "*". */
export const RESOURCE_WILDCARD_ACTIONS: readonly string[] = [
  'ecr:GetAuthorizationToken',
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
];

export interface ExecutionRoleInputs {
  repositoryArns: Value[];
  /** The pull-through cache repositories the images come from (ARNs as text, with embedded refs). */
  cachedRepositoryArns: string[];
  logGroupArn: Value;
  secretArns: Value[];
  kmsKeyArns: Value[];
  region: string;
}

export function executionRoleStatements(inputs: ExecutionRoleInputs): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  const repositories = uniqueValues(inputs.repositoryArns);
  const cached = [...new Set(inputs.cachedRepositoryArns)];
  if (repositories.length + cached.length > 0) {
    statements.push({
      Sid: 'EcrAuthorizationToken',
      Effect: 'Allow',
      Action: ['ecr:GetAuthorizationToken'],
      Resource: ['*'],
    });
  }
  if (repositories.length > 0) {
    statements.push({
      Sid: 'EcrPullAppImages',
      Effect: 'Allow',
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      Resource: repositories.map(embed),
    });
  }
  if (cached.length > 0) {
    // The first pull of an image through a pull-through cache rule imports it and creates its repository as
    // the puller (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html):
    // allowed on exactly the cache repositories this app's images land in.
    statements.push({
      Sid: 'EcrPullThroughCache',
      Effect: 'Allow',
      Action: [
        'ecr:BatchCheckLayerAvailability',
        'ecr:BatchGetImage',
        'ecr:GetDownloadUrlForLayer',
        'ecr:BatchImportUpstreamImage',
        'ecr:CreateRepository',
      ],
      Resource: cached,
    });
  }
  statements.push({
    Sid: 'WriteAppLogs',
    Effect: 'Allow',
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: [`${embed(inputs.logGroupArn)}:*`],
  });
  const secrets = uniqueValues(inputs.secretArns);
  if (secrets.length > 0) {
    statements.push({
      Sid: 'ReadAppSecrets',
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue'],
      Resource: secrets.map(embed),
    });
    const keys = uniqueValues(inputs.kmsKeyArns);
    if (keys.length > 0)
      statements.push({
        Sid: 'DecryptAppSecrets',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: keys.map(embed),
        Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${inputs.region}.amazonaws.com` } },
      });
  }
  return statements;
}

export interface TaskRoleInputs {
  specStatements: { actions: string[]; resources: string[] }[];
  exec: boolean;
  /** The cluster's ECS Exec audit log group and session key (present whenever `exec` is). */
  execAudit?: { logGroupArn: Value; kmsKeyArn: Value; scope: AccountScope };
  efs: { fileSystemArn: Value; accessPointArn: Value; readOnly: boolean }[];
}

export function taskRoleStatements(inputs: TaskRoleInputs): PolicyStatement[] {
  const statements: PolicyStatement[] = inputs.specStatements.map((s, i) => ({
    Sid: `Spec${i}`,
    Effect: 'Allow',
    Action: [...s.actions],
    Resource: [...s.resources],
  }));
  if (inputs.exec) {
    statements.push({
      Sid: 'EcsExecChannels',
      Effect: 'Allow',
      Action: [
        'ssmmessages:CreateControlChannel',
        'ssmmessages:CreateDataChannel',
        'ssmmessages:OpenControlChannel',
        'ssmmessages:OpenDataChannel',
      ],
      Resource: ['*'],
    });
    if (inputs.execAudit) {
      // The SSM agent in the task writes the session transcript to the cluster's audit log group. It first
      // lists log groups, which IAM authorizes on the account's log-group ARN space, not on one group (AWS
      // documents "*"; this keeps it to the region and account).
      const { region, accountId } = inputs.execAudit.scope;
      statements.push({
        Sid: 'EcsExecFindAuditLogGroup',
        Effect: 'Allow',
        Action: ['logs:DescribeLogGroups'],
        Resource: [`arn:${PARTITION}:logs:${region}:${accountId ?? '*'}:log-group:*`],
      });
      statements.push({
        Sid: 'EcsExecWriteAuditLog',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
        Resource: [`${embed(inputs.execAudit.logGroupArn)}:*`],
      });
      // The session channel is encrypted with the cluster's key: the task side decrypts it. The operator
      // who runs `aws ecs execute-command` needs kms:GenerateDataKey on the key in their own policy.
      statements.push({
        Sid: 'EcsExecSessionKey',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: [embed(inputs.execAudit.kmsKeyArn)],
      });
    }
  }
  inputs.efs.forEach((fs, i) => {
    statements.push({
      Sid: `EfsMount${i}`,
      Effect: 'Allow',
      Action: fs.readOnly
        ? ['elasticfilesystem:ClientMount']
        : ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
      Resource: [embed(fs.fileSystemArn)],
      Condition: { StringEquals: { 'elasticfilesystem:AccessPointArn': embed(fs.accessPointArn) } },
    });
  });
  return statements;
}

export interface EventsRoleInputs {
  taskDefinitionArnWithoutRevision: Value;
  clusterArn: Value;
  clusterName: string;
  passRoleArns: Value[];
  scope: AccountScope;
}

/** EventBridge may run this family on this cluster and pass exactly the app's two roles. */
export function eventsRoleStatements(inputs: EventsRoleInputs): PolicyStatement[] {
  const partition = PARTITION;
  const account = inputs.scope.accountId ?? '*';
  return [
    {
      Sid: 'RunAppTask',
      Effect: 'Allow',
      Action: ['ecs:RunTask'],
      // Any revision (pinned mode names one), and the family itself: in ci mode the target names the family
      // without a revision, and RunTask checks the ARN as the request gives it.
      Resource: [
        embed(inputs.taskDefinitionArnWithoutRevision),
        `${embed(inputs.taskDefinitionArnWithoutRevision)}:*`,
      ],
      Condition: { ArnEquals: { 'ecs:cluster': embed(inputs.clusterArn) } },
    },
    {
      // RunTask with propagated tags also tags the new task.
      Sid: 'TagAppTask',
      Effect: 'Allow',
      Action: ['ecs:TagResource'],
      Resource: [`arn:${partition}:ecs:${inputs.scope.region}:${account}:task/${inputs.clusterName}/*`],
      Condition: { StringEquals: { 'ecs:CreateAction': 'RunTask' } },
    },
    {
      Sid: 'PassAppRoles',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: uniqueValues(inputs.passRoleArns).map(embed),
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    },
  ];
}

/** The NFS client actions of EFS; the file system policy's denies cover exactly these. */

/**
 * EFS file system policy: only the app's task role, only through the access point, only over TLS.
 *
 * EFS grants a client action when EITHER an identity policy OR the file system policy allows it, so leaving
 * other principals out of the Allow is not enough: any role of the account with an elasticfilesystem grant
 * could still mount. The explicit denies close that: every principal but the task role, and every mount
 * that bypasses the access point. They cover the NFS client actions only, so the policy can never lock
 * anyone out of managing the file system (EFS's lockout safety check stays satisfied).
 */
export function efsFileSystemPolicy(inputs: {
  taskRoleArn: Value;
  fileSystemArn: Value;
  accessPointArn: Value;
  readOnly: boolean;
}): string {
  const fileSystem = [embed(inputs.fileSystemArn)];
  return policyJson([
    {
      Sid: 'AppTaskRoleViaAccessPoint',
      Effect: 'Allow',
      Principal: { AWS: [embed(inputs.taskRoleArn)] },
      Action: inputs.readOnly
        ? ['elasticfilesystem:ClientMount']
        : ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
      Resource: fileSystem,
      Condition: { StringEquals: { 'elasticfilesystem:AccessPointArn': embed(inputs.accessPointArn) } },
    },
    {
      Sid: 'DenyOtherPrincipals',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: [...EFS_CLIENT_ACTIONS],
      Resource: fileSystem,
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': [embed(inputs.taskRoleArn)] } },
    },
    {
      Sid: 'DenyMountsOutsideTheAccessPoint',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: [...EFS_CLIENT_ACTIONS],
      Resource: fileSystem,
      Condition: { StringNotEquals: { 'elasticfilesystem:AccessPointArn': embed(inputs.accessPointArn) } },
    },
    denyEfsWithoutTls(fileSystem),
  ]);
}
