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
