/**
 * The OIDC subjects the roles trust, as GitHub writes the `sub` claim of a job's token
 * (https://docs.github.com/en/actions/reference/security/oidc): `repo:OWNER/REPO:ref:refs/heads/BRANCH`
 * for a job on a branch, `repo:OWNER/REPO:environment:ENV` for a job that names an environment (which
 * replaces the ref form), `repo:OWNER/REPO:pull_request` for a pull request's job. A repository with
 * immutable subject claims writes `repo:OWNER@OWNER_ID/REPO@REPO_ID:…` instead, so a recycled name matches
 * nothing; `subjectIds` selects that form.
 */
import type { GitHubCiSpec } from '../../schema/spec';

/** `repo:OWNER/REPO` or, with the ids, `repo:OWNER@ID/REPO@ID`. */
export function subjectPrefix(github: GitHubCiSpec): string {
  if (!github.subjectIds) return `repo:${github.repository}`;
  const [owner, repo] = github.repository.split('/');
  return `repo:${owner}@${github.subjectIds.owner}/${repo}@${github.subjectIds.repository}`;
}

/**
 * The deploy role's subjects: each environment's job when there are environments (the deploy job names the
 * first), else each branch's push. Never both: a branch subject beside an environment would let a job on
 * that branch that names no environment deploy past the environment's protection rules (its required
 * reviewers and deployment branches); with environments, the branches only filter the workflow's pushes.
 */
export function deploySubjects(github: GitHubCiSpec): string[] {
  const prefix = subjectPrefix(github);
  if (github.environments.length > 0) return github.environments.map((e) => `${prefix}:environment:${e}`);
  return github.branches.map((b) => `${prefix}:ref:refs/heads/${b}`);
}

/** The plan role's subject: the repository's pull requests (the CI recipe's terraform-plan job). */
export const planSubjects = (github: GitHubCiSpec): string[] => [`${subjectPrefix(github)}:pull_request`];

/**
 * A value as IAM reads it in a policy of version 2012-10-17: `${…}` is a policy variable there, so each
 * `$` is written `${$}` (IAM's escape for a literal `$`). A branch name may hold `$`; nothing else does.
 */
export const iamLiteral = (value: string): string => value.replace(/\$/g, '${$}');
