/**
 * The CI part (`ci.github`, docs/ci.md): the account's GitHub OIDC provider (created without thumbprints,
 * or the existing one by ARN), a deploy role and a read-only plan role trusted only by the repository, and
 * per app the workflow that builds, pushes and rolls out its images. Its stack reads the registry's
 * repositories and the apps' roles and services, so it applies after them.
 */
import type { CompileContext } from './context';
import type { AppsPlan, CiPlan, CiWorkflowPlan, Decision, NetworkPlan, RegistryPlan, Value } from './model';
import { awsName } from '../schema/facts/aws-names';
import { policyJson } from './aws/iam';
import { PARTITION } from './aws/partition';
import { address, embed, ref } from './refs';
import { repositoryOf } from './plan-lookups';
import { ciStackName } from './stack-names';
import { deploySubjects, planSubjects } from './ci/subjects';
import {
  deployStatements,
  githubTrustPolicy,
  GITHUB_OIDC_AUDIENCE,
  GITHUB_OIDC_HOST,
  planDenyStatements,
  WILDCARD_REASONS,
} from './ci/roles';
import { BUILD_MINUTES, MAX_JOB_MINUTES, workflowOf } from './ci/workflows';

export const READ_ONLY_ACCESS = `arn:${PARTITION}:iam::aws:policy/ReadOnlyAccess`;

export function compileCi(
  ctx: CompileContext,
  plans: { network: NetworkPlan; registry: RegistryPlan; apps: AppsPlan },
): CiPlan {
  const github = ctx.spec.ci?.github;
  if (!github) return { decisions: [] };
  const stack = ciStackName(ctx.prefix);
  const providerAddress = address(stack, 'aws_iam_openid_connect_provider', 'github');
  const created = github.oidcProvider === 'create';
  const providerArn: Value<'aws_iam_openid_connect_provider'> = created
    ? ref(providerAddress, 'arn')
    : github.oidcProvider;

  const appPlans = new Map(plans.apps.apps.map((a) => [a.name, a]));
  const cluster = plans.apps.cluster?.name ?? ctx.prefix;
  const workflows = ctx.spec.apps
    .map((app) => workflowOf(app, appPlans.get(app.name)!, github, cluster))
    .filter((w): w is CiWorkflowPlan => w !== undefined);

  const repositories = [...new Set(workflows.flatMap((w) => w.images.map((i) => i.repository)))].sort();
  const ciApps = workflows.filter((w) => w.rollout.kind !== 'pull-request').map((w) => appPlans.get(w.app)!);
  // Services CI updates itself; a blue/green one (CODE_DEPLOY controller) gets a CodeDeploy deployment instead.
  const rolling = ciApps.filter((a) => a.service && !a.blueGreen);
  const blueGreen = ciApps.flatMap((a) => (a.blueGreen ? [a.blueGreen] : []));
  // The account of the deployment config's ARN: the spec's, or the network stack's local (the key's ARN).
  const account = ctx.spec.aws.accountId ?? embed(ref(plans.network.accountIdLocal!.address, 'value'));
  const region = ctx.spec.aws.region;
  const grants = {
    repositoryArns: repositories.map((name) => repositoryOf(plans.registry, name).arn),
    serviceArns: rolling.map((a) => ref(a.service!.address, 'id')),
    passRoleArns: ciApps.flatMap((a) => [
      ref(a.executionRole.address, 'arn'),
      ref(a.taskRole.address, 'arn'),
    ]),
    registers: ciApps.length > 0,
    codeDeploy: {
      applicationArns: blueGreen.map((bg) => ref(bg.application.address, 'arn')),
      deploymentGroupArns: blueGreen.map((bg) => ref(bg.deploymentGroup.address, 'arn')),
      deploymentConfigArns: [...new Set(blueGreen.map((bg) => bg.deploymentGroup.deploymentConfigName))].map(
        (name) => `arn:${PARTITION}:codedeploy:${region}:${account}:deploymentconfig:${name}`,
      ),
    },
  };
  const statements = deployStatements(grants);
  const wildcardActions = statements
    .filter((s) => s.Resource === '*')
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
    .map((action) => ({ action, reason: WILDCARD_REASONS[action] }));

  const deploy = deploySubjects(github);
  const plan = planSubjects(github);
  const backend = ctx.spec.aws.backend;
  const stateBucket = backend.type === 's3' ? backend.bucket : undefined;
  const roleAddress = (name: string) => address(stack, 'aws_iam_role', `ci-${name}-role`);

  const decisions: Decision[] = [
    {
      subject: 'ci.github.oidcProvider',
      choice: created
        ? `create https://${GITHUB_OIDC_HOST}, client id ${GITHUB_OIDC_AUDIENCE}, no thumbprints`
        : `the existing provider ${github.oidcProvider}`,
      rule: created
        ? 'an account holds one provider per URL, so creating it is the spec’s choice; IAM trusts GitHub’s certificate through its own root CAs, so no thumbprint is pinned (thumbprint_list is optional in provider 5.100)'
        : 'an account holds one provider per URL: the spec names the one it has',
    },
    {
      subject: 'ci.github.trust',
      choice: `aud = ${GITHUB_OIDC_AUDIENCE}; deploy sub ∈ {${deploy.join(', ')}}; plan sub ∈ {${plan.join(', ')}}`,
      rule:
        'StringEquals on exact subjects, never StringLike: no other repository, branch, environment or pull request can assume the roles; a job that names an environment gets the environment subject instead of the branch one, so with environments the deploy role trusts only theirs (a branch subject beside them would let a job that names no environment deploy past their protection rules) and the branches only filter the workflow’s pushes' +
        (github.subjectIds
          ? '; immutable subject claims (owner and repository ids), so a recycled name matches nothing'
          : ''),
    },
    {
      subject: 'ci.github.deployRole',
      choice:
        `push to ${repositories.join(', ') || 'no repository'}` +
        (rolling.length ? `; update ${rolling.map((a) => a.service!.name).join(', ')}` : '') +
        (blueGreen.length
          ? `; create CodeDeploy deployments of ${blueGreen.map((bg) => `${bg.application.name}/${bg.deploymentGroup.name}`).join(', ')}`
          : '') +
        (grants.passRoleArns.length
          ? `; pass ${ciApps.map((a) => a.name).join(', ')}’s task and execution roles to ecs-tasks.amazonaws.com`
          : ''),
      rule: 'only the apps’ repositories and, for imageTagMode ci, their services and roles; imageTagMode pinned apps are deployed by Terraform after a pull request, so CI may only push their images. A blue/green service (controller CODE_DEPLOY) refuses update-service with a new task definition: CI creates a CodeDeploy deployment of its deployment group (CreateDeployment and GetDeployment there, GetDeploymentConfig on its deployment config, RegisterApplicationRevision on its application) and never updates the service',
    },
    ...wildcardActions.map((w): Decision => ({
      subject: `ci.github.deployRole.${w.action}`,
      choice: 'Resource *',
      rule: `AWS grants it only on *: ${w.reason}`,
    })),
    ...workflows.flatMap((w): Decision[] =>
      w.rollout.kind === 'codedeploy'
        ? [
            {
              subject: `ci.github.workflows.${w.app}`,
              choice: `register the revision, create a CodeDeploy deployment of ${w.rollout.application}/${w.rollout.deploymentGroup} (AppSpec container ${w.rollout.containerName}, port ${w.rollout.containerPort}) and wait until it ends; job timeout ${w.timeoutMinutes} min`,
              rule: `a CODE_DEPLOY service refuses update-service with a new task definition; CodeDeploy runs one deployment per group at a time, so the job waits through the bake time (${BUILD_MINUTES} min plus the bake, at most ${MAX_JOB_MINUTES}: a hosted runner's job limit)`,
            },
          ]
        : [],
    ),
    {
      subject: 'ci.github.planRole',
      choice: `AWS managed ReadOnlyAccess, denying secret values, parameters, kms:Decrypt, log events, objects (and their versions) outside ${stateBucket ? `the state bucket ${stateBucket}` : 'any bucket'}, and the other data it reads (table items, image layers, instance passwords and consoles, database log files, queue messages, command output, connection passwords, function code, repository source)`,
      rule: 'terraform plan refreshes every resource type of the stacks: a scoped read list would have to follow each resource type and provider release, and dropship cannot check it offline (a missing action fails every CI plan), while AWS maintains ReadOnlyAccess; anyone who can push a branch can use the role, so what it reads that is data or a credential rather than a setting is denied; the plan runs with -lock=false (no write to the state)',
    },
  ];

  return {
    github: {
      repository: github.repository,
      region: ctx.spec.aws.region,
      branches: github.branches,
      environments: github.environments,
      ...(created
        ? {
            provider: {
              url: `https://${GITHUB_OIDC_HOST}` as const,
              clientIds: [GITHUB_OIDC_AUDIENCE] as ['sts.amazonaws.com'],
              address: providerAddress,
            },
          }
        : {}),
      providerArn,
      deployRole: {
        name: awsName('iamRole', ctx.prefix, 'ci-deploy'),
        description: `GitHub Actions of ${github.repository}: push the apps' images and deploy them`,
        assumeRolePolicyJson: githubTrustPolicy(providerArn, deploy),
        subjects: deploy,
        policyName: 'deploy',
        policyJson: policyJson(statements),
        managedPolicyArns: [],
        address: roleAddress('deploy'),
      },
      planRole: {
        name: awsName('iamRole', ctx.prefix, 'ci-plan'),
        description: `GitHub Actions of ${github.repository}: terraform plan in pull requests, read-only`,
        assumeRolePolicyJson: githubTrustPolicy(providerArn, plan),
        subjects: plan,
        policyName: 'no-secrets',
        policyJson: policyJson(planDenyStatements(stateBucket, PARTITION)),
        managedPolicyArns: [READ_ONLY_ACCESS],
        address: roleAddress('plan'),
      },
      wildcardActions,
      workflows,
    },
    decisions,
  };
}
