/** An app's IAM roles, each with its inline policy when the plan gives one. */
import type { ITerraformDependable } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { resolveDocument } from './text';
import { appId, type AppScope } from './scope';
import type { RolePlan } from '../../compiler/model';

/**
 * Renders the role and provides its ARN. `policies` collects the inline policy, which whatever runs with
 * the role must wait for.
 */
export function renderRole(
  scope: AppScope,
  key: string,
  plan: RolePlan,
  policies: ITerraformDependable[],
): IamRole {
  const { stack, app, refs } = scope;
  const role = new IamRole(stack, plan.address.name, {
    name: plan.name,
    description: plan.description,
    assumeRolePolicy: plan.assumeRolePolicyJson,
    tags: app.tags,
  });
  refs.provide(plan.address, { arn: role.arn });
  for (const [i, policyArn] of (plan.managedPolicyArns ?? []).entries())
    policies.push(
      new IamRolePolicyAttachment(stack, appId(scope, `${key}-managed-policy${i === 0 ? '' : `-${i}`}`), {
        role: role.name,
        policyArn,
      }),
    );
  if (plan.policyJson)
    policies.push(
      new IamRolePolicy(stack, appId(scope, `${key}-policy`), {
        name: plan.policyName,
        role: role.id,
        policy: resolveDocument(plan.policyJson, refs),
      }),
    );
  return role;
}
