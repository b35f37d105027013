/**
 * What each app's workflow builds and how it rolls out, from the spec and the apps' plan. An app gets a
 * workflow when one of its containers runs an image of a declared ECR repository that CI builds (not one
 * copied in with `copyFrom`, which the plan's push step copies).
 */
import type { AppSpec, GitHubCiSpec } from '../../schema/spec';
import { deployWorkflowFileName } from '../app-deploy';
import type { AppPlan, CiImagePlan, CiRollout, CiWorkflowPlan } from '../model';

export function workflowOf(
  app: AppSpec,
  plan: AppPlan,
  github: GitHubCiSpec,
  cluster: string,
): Omit<CiWorkflowPlan, 'concurrencyGroup'> | undefined {
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
  };
}

/**
 * Each workflow with its concurrency group: apps linked by a shared repository (transitively) form one
 * group, named after its repositories. Two runs of one commit would otherwise push the same immutable tag at
 * once; the push step also tolerates losing that race, this keeps them from racing at all.
 */
export function withConcurrencyGroups(
  workflows: Omit<CiWorkflowPlan, 'concurrencyGroup'>[],
): CiWorkflowPlan[] {
  const parent = new Map<string, string>();
  const find = (r: string): string => {
    let root = r;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(r, root);
    return root;
  };
  for (const w of workflows) {
    const repos = w.images.map((i) => i.repository);
    for (const r of repos) if (!parent.has(r)) parent.set(r, r);
    for (const r of repos.slice(1)) parent.set(find(r), find(repos[0]));
  }
  const members = new Map<string, string[]>();
  for (const r of [...parent.keys()].sort()) members.set(find(r), [...(members.get(find(r)) ?? []), r]);
  return workflows.map((w) => ({
    ...w,
    concurrencyGroup: `dropship-push-${members.get(find(w.images[0].repository))!.join('+')}`,
  }));
}

/** What building, pushing and a rolling update take at most, before a blue/green app's bake time. */
export const BUILD_MINUTES = 30;
/**
 * A job on a GitHub-hosted runner ends after 6 hours
 * (https://docs.github.com/en/actions/reference/limits#existing-system-limits).
 */
export const MAX_JOB_MINUTES = 360;

function rolloutOf(app: AppSpec, plan: AppPlan, cluster: string): CiRollout {
  if (app.deployment.imageTagMode === 'pinned') return { kind: 'pull-request' };
  const family = plan.taskDefinition.family;
  const bg = plan.blueGreen;
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
