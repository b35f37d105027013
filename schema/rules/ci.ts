/**
 * CI (`ci.github`): whom the roles trust, and what the workflow builds.
 *
 * - The roles trust the repository's workflows on the named branches and environments only; with neither,
 *   no subject matches and the roles would be unusable, so at least one is required.
 * - A branch is a name git accepts (git check-ref-format, "--branch"): its trust subject is
 *   `repo:OWNER/REPO:ref:refs/heads/BRANCH`, and a name git refuses names no branch the workflow ever runs on.
 * - A build names a declared ECR repository that some app's container uses (the workflow builds only those).
 */
import type { Report } from '../report';
import type { MigrationSpec } from '../spec';
import { BUILD_MINUTES, MAX_CI_BAKE_MINUTES, MAX_JOB_MINUTES } from '../facts/github-actions';

export function checkCi(r: Report, spec: MigrationSpec): void {
  const github = spec.ci?.github;
  if (!github) return;
  const at = ['ci', 'github'] as const;
  if (github.branches.length === 0 && github.environments.length === 0)
    r.error(
      [...at],
      'ci-no-subject',
      'ci.github names no branch and no environment: no workflow could assume the roles',
      {
        expected: 'branches: [main] or environments: [production]',
        hint: 'name the branches (or GitHub environments) whose workflows deploy',
      },
    );
  github.branches.forEach((branch, i) => {
    const problem = branchProblem(branch);
    if (problem)
      r.error([...at, 'branches', i], 'ci-branch-name', `not a branch name git accepts: ${problem}`, {
        expected: 'a branch name such as main or release/2024',
        hint: 'the exact branch name (wildcards are not patterns here: the trust matches names exactly)',
      });
  });
  checkCiBake(r, spec);
  const declared = new Set(spec.ecr.repositories.map((repo) => repo.name));
  for (const name of Object.keys(github.builds))
    if (!declared.has(name))
      r.error(
        [...at, 'builds', name],
        'ci-build-repository',
        `${name} is not a repository under ecr.repositories`,
        {
          hint: 'key builds by the name of a declared ECR repository',
        },
      );
}

/**
 * A blue/green app CI deploys (imageTagMode ci, a deploy workflow) waits in its job until CodeDeploy's
 * deployment ends, bake included, so an alarm during the bake fails the job; a job on a GitHub-hosted runner
 * is terminated after MAX_JOB_MINUTES, which leaves MAX_CI_BAKE_MINUTES for the bake after the build. A
 * longer bake would end every deployment's job as failed (timed out) while CodeDeploy carries on.
 */
function checkCiBake(r: Report, spec: MigrationSpec): void {
  spec.apps.forEach((app, a) => {
    const bake = app.deployment.blueGreen?.bakeMinutes;
    if (app.deployment.strategy !== 'blue-green' || bake === undefined) return;
    if (app.deployment.imageTagMode !== 'ci' || bake <= MAX_CI_BAKE_MINUTES) return;
    if (!app.containers.some((c) => 'repository' in c.image && c.image.copyFrom === undefined)) return;
    r.error(
      ['apps', a, 'deployment', 'blueGreen', 'bakeMinutes'],
      'ci-bake-outlasts-job',
      `app \`${app.name}\` bakes ${bake} min, but its deploy workflow waits through the bake in one job, which a GitHub-hosted runner terminates after ${MAX_JOB_MINUTES} min (${BUILD_MINUTES} for the build and ${MAX_CI_BAKE_MINUTES} for the bake): every deployment's job would fail while CodeDeploy carries on`,
      {
        expected: `bakeMinutes ≤ ${MAX_CI_BAKE_MINUTES} with ci.github and imageTagMode ci (GitHub, "Limits in GitHub Actions": a job runs at most 6 hours on a hosted runner)`,
        hint: `lower bakeMinutes to ${MAX_CI_BAKE_MINUTES} or less, or deploy this app with imageTagMode: pinned (the plan's CodeDeploy step, run where no job limit applies)`,
      },
    );
  });
}

/** Why git refuses `name` as a branch (git check-ref-format --branch), or undefined. */
export function branchProblem(name: string): string | undefined {
  // Control characters, space and ~ ^ : ? * [ \ are never in a ref; `*` and `?` would also be IAM wildcards.
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(name))
    return 'it holds a space, a control character or one of ~ ^ : ? * [ \\';
  if (name.includes('..')) return 'it holds ..';
  if (name.includes('@{')) return 'it holds @{';
  if (name === '@') return 'it is @';
  if (name.startsWith('-')) return 'it starts with -';
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//'))
    return 'it has an empty path component';
  if (name.endsWith('.')) return 'it ends with .';
  if (name.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock')))
    return 'a component starts with . or ends with .lock';
  return undefined;
}
