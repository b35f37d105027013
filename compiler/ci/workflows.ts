/**
 * What each app's workflow builds and how it rolls out, from the spec and the apps' plan. An app gets a
 * workflow when one of its containers runs an image of a declared ECR repository that CI builds (not one
 * copied in with `copyFrom`, which the plan's push step copies).
 */
import type { AppSpec, GitHubCiSpec } from '../../schema/spec';
import { deployWorkflowFileName } from '../app-deploy';
import type { AppPlan, CiImagePlan, CiRollout, CiWorkflowPlan } from '../model';
import { BUILD_MINUTES, MAX_JOB_MINUTES } from '../../schema/facts/github-actions';

export { BUILD_MINUTES, MAX_JOB_MINUTES };

export function workflowOf(
  app: AppSpec,
  plan: AppPlan,
  github: GitHubCiSpec,
  cluster: string,
): CiWorkflowPlan | undefined {
  const images = new Map<string, CiImagePlan>();
  for (const c of app.containers) {
    if (!('repository' in c.image) || c.image.copyFrom !== undefined) continue;
    const repository = c.image.repository;
    const build = github.builds[repository] ?? { context: '.', dockerfile: 'Dockerfile' };
    const image = images.get(repository) ?? { repository, ...build, containers: [] };
    image.containers.push(c.name);
    images.set(repository, image);
  }
  if (images.size === 0) return undefined;
  const rollout = rolloutOf(app, plan, cluster);
  const bake = rollout.kind === 'codedeploy' ? plan.blueGreen!.deploymentGroup.terminationWaitMinutes : 0;
  return {
    app: app.name,
    fileName: deployWorkflowFileName(app.name),
    images: [...images.values()],
    rollout,
    timeoutMinutes: Math.min(BUILD_MINUTES + bake, MAX_JOB_MINUTES),
    concurrencyGroup: `dropship-deploy-${app.name}`,
  };
}

function rolloutOf(app: AppSpec, plan: AppPlan, cluster: string): CiRollout {
  const bg = plan.blueGreen;
  if (app.deployment.imageTagMode === 'pinned') return { kind: 'pull-request', codeDeploy: bg !== undefined };
  const family = plan.taskDefinition.family;
  // A CODE_DEPLOY service refuses update-service --task-definition: CodeDeploy deploys each revision.
  if (bg)
    return {
      kind: 'codedeploy',
      family,
      application: bg.application.name,
      deploymentGroup: bg.deploymentGroup.name,
      containerName: bg.appSpec.containerName,
      containerPort: bg.appSpec.containerPort,
    };
  return plan.service
    ? { kind: 'service', cluster, service: plan.service.name, family }
    : { kind: 'register', family };
}
