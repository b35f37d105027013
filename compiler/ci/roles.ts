/**
 * The two roles CI assumes with GitHub's OIDC token, their trust and their policies.
 *
 * Trust: `sts:AssumeRoleWithWebIdentity` from the GitHub provider, `aud = sts.amazonaws.com` (what
 * aws-actions/configure-aws-credentials asks for) and `sub` one of the exact subjects (`StringEquals`: no
 * value is a pattern, so a `*` or `?` can never widen it).
 */
import type { PolicyStatement, Value } from '../model';
import { policyJson } from '../aws/iam';
import { embed } from '../refs';
import { iamLiteral } from './subjects';

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';

export function githubTrustPolicy(providerArn: Value, subjects: string[]): string {
  const statement: PolicyStatement = {
    Sid: 'GitHubActions',
    Effect: 'Allow',
    Principal: { Federated: embed(providerArn) },
    Action: ['sts:AssumeRoleWithWebIdentity'],
    Condition: {
      StringEquals: {
        [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
        [`${GITHUB_OIDC_HOST}:sub`]: subjects.map(iamLiteral),
      },
    },
  };
  return policyJson([statement]);
}

/** What `docker push` to ECR calls (https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html). */
export const ECR_PUSH_ACTIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:BatchGetImage',
  'ecr:CompleteLayerUpload',
  'ecr:InitiateLayerUpload',
  'ecr:PutImage',
  'ecr:UploadLayerPart',
];

/** Actions AWS grants only on `*` (no resource type in the Service Authorization Reference), with why CI needs each. */
export const WILDCARD_REASONS: Record<string, string> = {
  'ecr:GetAuthorizationToken':
    'docker login to ECR; it returns a registry login token and grants nothing on a repository by itself',
  'ecs:RegisterTaskDefinition':
    'registering the revision with the new image (imageTagMode ci); the roles it names are held by iam:PassRole',
  'ecs:DescribeTaskDefinition':
    'reading the current revision to copy it with the new image (imageTagMode ci)',
};

export interface DeployGrants {
  repositoryArns: Value[];
  /** Services CI updates (imageTagMode ci). */
  serviceArns: Value[];
  /** Task and execution roles of the apps whose revisions CI registers. */
  passRoleArns: Value[];
  /** CI registers revisions (some app has imageTagMode ci). */
  registers: boolean;
  /** Blue/green apps CI deploys through CodeDeploy: their applications, deployment groups and configs. */
  codeDeploy: { applicationArns: Value[]; deploymentGroupArns: Value[]; deploymentConfigArns: string[] };
}

/**
 * What `aws deploy create-deployment` and polling `aws deploy get-deployment` need, each on its own
 * resource type (CodeDeploy permissions reference,
 * https://docs.aws.amazon.com/codedeploy/latest/userguide/auth-and-access-control-permissions-reference.html;
 * the same set aws-actions/amazon-ecs-deploy-task-definition documents, less GetDeploymentGroup, which the
 * CLI does not call): CreateDeployment checks the deployment config it uses and registers the AppSpec
 * revision with the application.
 */
export const CODEDEPLOY_ACTIONS = {
  deploymentGroup: ['codedeploy:CreateDeployment', 'codedeploy:GetDeployment'],
  deploymentConfig: ['codedeploy:GetDeploymentConfig'],
  application: ['codedeploy:RegisterApplicationRevision'],
} as const;

export function deployStatements(g: DeployGrants): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    { Sid: 'EcrLogin', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' },
  ];
  if (g.repositoryArns.length > 0)
    statements.push({
      Sid: 'EcrPush',
      Effect: 'Allow',
      Action: ECR_PUSH_ACTIONS,
      Resource: g.repositoryArns.map(embed),
    });
  if (g.registers)
    statements.push({
      Sid: 'EcsTaskDefinitions',
      Effect: 'Allow',
      Action: ['ecs:DescribeTaskDefinition', 'ecs:RegisterTaskDefinition'],
      Resource: '*',
    });
  if (g.serviceArns.length > 0)
    statements.push({
      Sid: 'EcsServices',
      Effect: 'Allow',
      Action: ['ecs:DescribeServices', 'ecs:UpdateService'],
      Resource: g.serviceArns.map(embed),
    });
  const cd = g.codeDeploy;
  if (cd.deploymentGroupArns.length > 0)
    statements.push(
      {
        Sid: 'CodeDeployDeployments',
        Effect: 'Allow',
        Action: [...CODEDEPLOY_ACTIONS.deploymentGroup],
        Resource: cd.deploymentGroupArns.map(embed),
      },
      {
        Sid: 'CodeDeployConfigs',
        Effect: 'Allow',
        Action: [...CODEDEPLOY_ACTIONS.deploymentConfig],
        Resource: cd.deploymentConfigArns,
      },
      {
        Sid: 'CodeDeployRevisions',
        Effect: 'Allow',
        Action: [...CODEDEPLOY_ACTIONS.application],
        Resource: cd.applicationArns.map(embed),
      },
    );
  if (g.passRoleArns.length > 0)
    statements.push({
      Sid: 'PassTaskRoles',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: g.passRoleArns.map(embed),
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    });
  return statements;
}

/**
 * The plan role reads with AWS's ReadOnlyAccess (terraform plan refreshes every resource type the stacks
 * hold, and a hand-made list would fall behind each new one); this inline policy denies what ReadOnlyAccess
 * allows that would hand a secret to whoever can push a branch (docs/review.md): secret values, parameters,
 * decryption, log events, objects (and their versions) outside the state bucket, and the other data reads
 * (NoDataReads).
 */
export function planDenyStatements(stateBucket: string | undefined, partition: string): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      Sid: 'NoSecretValues',
      Effect: 'Deny',
      Action: [
        'kms:Decrypt',
        'secretsmanager:BatchGetSecretValue',
        'secretsmanager:GetSecretValue',
        'ssm:GetParameter',
        'ssm:GetParameterHistory',
        'ssm:GetParameters',
        'ssm:GetParametersByPath',
      ],
      Resource: '*',
    },
  ];
  // ReadOnlyAccess's s3:Get* reads every version of an object too; application logs may hold what a
  // request carried (tokens, personal data), and terraform plan reads no log event.
  statements.push({
    Sid: 'NoLogEvents',
    Effect: 'Deny',
    Action: [
      'logs:FilterLogEvents',
      'logs:GetLogEvents',
      'logs:GetLogRecord',
      'logs:GetQueryResults',
      'logs:StartLiveTail',
      'logs:StartQuery',
    ],
    Resource: '*',
  });
  // What else ReadOnlyAccess reads that is data or a credential, not a resource's settings: table items and
  // stream records, image layers (a secret baked into an image), instance passwords and consoles, database log
  // files, queue messages, command output, connection passwords, function code and repository source. None is
  // read by terraform plan of the stacks (their ECR repositories are read through Describe/Get*Policy).
  statements.push({
    Sid: 'NoDataReads',
    Effect: 'Deny',
    Action: [
      'codecommit:GetBlob',
      'codecommit:GetFile',
      'codecommit:GitPull',
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:GetRecords',
      'dynamodb:Query',
      'dynamodb:Scan',
      'ec2:GetConsoleOutput',
      'ec2:GetConsoleScreenshot',
      'ec2:GetPasswordData',
      'ecr:BatchGetImage',
      'ecr:GetDownloadUrlForLayer',
      'glue:GetConnection',
      'glue:GetConnections',
      'kinesis:GetRecords',
      'lambda:GetFunction',
      'rds:DownloadCompleteDBLogFile',
      'rds:DownloadDBLogFilePortion',
      'sqs:ReceiveMessage',
      'ssm:GetCommandInvocation',
    ],
    Resource: '*',
  });
  const objects: PolicyStatement = {
    Sid: 'NoObjectsButState',
    Effect: 'Deny',
    Action: ['s3:GetObject', 's3:GetObjectVersion'],
  };
  if (stateBucket) objects.NotResource = `arn:${partition}:s3:::${stateBucket}/*`;
  else objects.Resource = '*';
  statements.push(objects);
  return statements;
}
