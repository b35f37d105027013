/**
 * What each app's workflow builds and how it rolls out, from the spec and the apps' plan. An app gets a
 * workflow when one of its containers runs an image of a declared ECR repository that CI builds (not one
 * copied in with `copyFrom`, which the plan's push step copies).
 */
import type { AppSpec, GitHubCiSpec } from '../../schema/spec';
import type { AppPlan, CiImagePlan, CiRollout, CiWorkflowPlan } from '../model';

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
  return {
    app: app.name,
    fileName: `dropship-deploy-${app.name}.yml`,
    images: [...images.values()],
    rollout: rolloutOf(app, plan, cluster),
  };
}

function rolloutOf(app: AppSpec, plan: AppPlan, cluster: string): CiRollout {
  if (app.deployment.imageTagMode === 'pinned') return { kind: 'pull-request' };
  const family = plan.taskDefinition.family;
  return plan.service
    ? { kind: 'service', cluster, service: plan.service.name, family }
    : { kind: 'register', family };
}
