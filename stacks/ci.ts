/**
 * The CI stack (`plan.ci.github`): the GitHub OIDC provider when dropship creates it, and the deploy and
 * plan roles with their trust, inline policy and managed policies. Renders the plan only; the outputs are
 * the role ARNs the workflows read from repository variables.
 */
import { TerraformOutput, type TerraformStack } from 'cdktf';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { CiRolePlan } from '../compiler/model';
import type { StackContext } from './context';
import type { RefRegistry } from './refs';
import { addAwsProvider } from './provider';
import { resolveDocument } from './apps/text';

export function renderCi(stack: TerraformStack, ctx: StackContext): void {
  const { plan, refs } = ctx;
  addAwsProvider(stack, plan.meta);
  const github = plan.ci.github;
  if (!github) return;
  if (github.provider) {
    const provider = new IamOpenidConnectProvider(stack, github.provider.address.name, {
      url: github.provider.url,
      clientIdList: github.provider.clientIds,
    });
    refs.provide(github.provider.address, { arn: provider.arn });
  }
  const deploy = renderRole(stack, refs, github.deployRole);
  const planRole = renderRole(stack, refs, github.planRole);
  new TerraformOutput(stack, 'deploy_role_arn', {
    value: deploy.arn,
    description: 'The repository variable DROPSHIP_DEPLOY_ROLE_ARN of the deploy workflows.',
  });
  new TerraformOutput(stack, 'plan_role_arn', {
    value: planRole.arn,
    description: 'The repository variable DROPSHIP_PLAN_ROLE_ARN of the review workflow.',
  });
}

function renderRole(stack: TerraformStack, refs: RefRegistry, plan: CiRolePlan): IamRole {
  const role = new IamRole(stack, plan.address.name, {
    name: plan.name,
    description: plan.description,
    assumeRolePolicy: resolveDocument(plan.assumeRolePolicyJson, refs),
  });
  refs.provide(plan.address, { arn: role.arn });
  new IamRolePolicy(stack, `${plan.address.name}-policy`, {
    name: plan.policyName,
    role: role.id,
    policy: resolveDocument(plan.policyJson, refs),
  });
  plan.managedPolicyArns.forEach((arn, i) => {
    new IamRolePolicyAttachment(stack, `${plan.address.name}-managed-${i}`, {
      role: role.name,
      policyArn: arn,
    });
  });
  return role;
}
