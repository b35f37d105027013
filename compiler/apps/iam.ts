/**
 * IAM for an app, as policy JSON built here: an execution role (image pull, log writes, exactly the app's
 * secrets and their KMS key), a task role with nothing but what the spec grants (plus ECS Exec and EFS when
 * used), and for scheduled apps an EventBridge role that may run only this task family.
 *
 * Wildcard resources: `ecr:GetAuthorizationToken` and the `ssmmessages:*Channel` actions of ECS Exec have
 * no resource types in IAM, so they can only be granted on "*"; nothing else is.
 */
import type { Value } from '../refs';
import { embed, uniqueValues } from './embed';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Principal?: Record<string, string | string[]>;
  Action: string[];
  Resource?: string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** Actions that IAM only accepts on Resource "*". */
export const RESOURCE_WILDCARD_ACTIONS: readonly string[] = [
  'ecr:GetAuthorizationToken',
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
];

/**
 * A secret ARN given without Secrets Manager's random six-character suffix matches nothing in IAM; the
 * `-??????` wildcard stands for exactly that suffix.
 */
export function completeSecretArn(arn: string): string {
  return /:secret:.+-[A-Za-z0-9]{6}$/.test(arn) ? arn : `${arn}-??????`;
}

export function policyJson(statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** The ARN partition of a region (aws, aws-us-gov, aws-cn). */
export function partitionOf(region: string): string {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  return 'aws';
}

export interface AccountScope {
  region: string;
  accountId?: string;
}

/** Trust policy for a service principal; with a known account, only calls on its behalf (confused deputy). */
export function trustPolicy(service: string, scope: AccountScope): string {
  const statement: PolicyStatement = {
    Sid: 'AssumeRole',
    Effect: 'Allow',
    Principal: { Service: service },
    Action: ['sts:AssumeRole'],
  };
  if (scope.accountId) {
    statement.Condition = { StringEquals: { 'aws:SourceAccount': scope.accountId } };
  }
  return policyJson([statement]);
}

export interface ExecutionRoleInputs {
  repositoryArns: Value[];
  logGroupArn: Value;
  secretArns: Value[];
  kmsKeyArns: Value[];
  region: string;
}

export function executionRoleStatements(inputs: ExecutionRoleInputs): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  const repositories = uniqueValues(inputs.repositoryArns);
  if (repositories.length > 0) {
    statements.push({
      Sid: 'EcrAuthorizationToken',
      Effect: 'Allow',
      Action: ['ecr:GetAuthorizationToken'],
      Resource: ['*'],
    });
    statements.push({
      Sid: 'EcrPullAppImages',
      Effect: 'Allow',
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      Resource: repositories.map(embed),
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
  const partition = partitionOf(inputs.scope.region);
  const account = inputs.scope.accountId ?? '*';
  return [
    {
      Sid: 'RunAppTask',
      Effect: 'Allow',
      Action: ['ecs:RunTask'],
      Resource: [`${embed(inputs.taskDefinitionArnWithoutRevision)}:*`],
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

/**
 * EFS file system policy: the app's task role, and principals of the account that an IAM policy allows
 * (the data copy instance), both only through the access point and only over TLS.
 */
export function efsFileSystemPolicy(inputs: {
  taskRoleArn: Value;
  /** `arn:<partition>:iam::<account>:root` (references embedded). */
  accountPrincipal: string;
  fileSystemArn: Value;
  accessPointArn: Value;
  readOnly: boolean;
}): string {
  return policyJson([
    {
      Sid: 'AppTaskRoleViaAccessPoint',
      Effect: 'Allow',
      Principal: { AWS: embed(inputs.taskRoleArn) },
      Action: inputs.readOnly
        ? ['elasticfilesystem:ClientMount']
        : ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
      Resource: [embed(inputs.fileSystemArn)],
      Condition: { StringEquals: { 'elasticfilesystem:AccessPointArn': embed(inputs.accessPointArn) } },
    },
    {
      // Only principals whose own IAM policy grants the mount (nobody by default): the copy instance.
      Sid: 'AccountPrincipalsViaAccessPoint',
      Effect: 'Allow',
      Principal: { AWS: inputs.accountPrincipal },
      Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
      Resource: [embed(inputs.fileSystemArn)],
      Condition: { StringEquals: { 'elasticfilesystem:AccessPointArn': embed(inputs.accessPointArn) } },
    },
    {
      Sid: 'DenyUnencryptedTransport',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: ['elasticfilesystem:*'],
      Resource: [embed(inputs.fileSystemArn)],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ]);
}
