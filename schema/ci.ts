/**
 * The `ci:` field: GitHub Actions deploying through OIDC roles (docs/ci.md). Its own module so the spec
 * file only imports it; the rules that need more than one field are in schema/rules/ci.ts.
 */
import { z } from 'zod';

/**
 * `OWNER/REPO` as GitHub names them: an owner of 1–39 letters, digits and hyphens (no leading hyphen), a
 * repository of 1–100 letters, digits, `.`, `_` and `-` that is not `.` or `..`.
 */
export const GITHUB_REPOSITORY = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/;

/** An existing GitHub Actions OIDC provider, by ARN (one per URL per account). */
export const GITHUB_OIDC_PROVIDER_ARN =
  /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/;

/** A path inside the repository: relative, without `..`, of characters a path needs. */
const RepositoryPath = z
  .string()
  .regex(
    /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._/-]{1,255}$/,
    'a relative path inside the repository, such as docker/web',
  );

const Build = z.strictObject({
  context: RepositoryPath.default('.').describe(
    'The build context, relative to the repository root. Default: `.`.',
  ),
  dockerfile: RepositoryPath.default('Dockerfile').describe(
    'The Dockerfile, relative to the repository root. Default: Dockerfile.',
  ),
});

export const GitHubCi = z.strictObject({
  repository: z
    .string()
    .regex(GITHUB_REPOSITORY, 'OWNER/REPO, such as acme/shop')
    .describe('The GitHub repository whose workflows may assume the roles, as OWNER/REPO.'),
  subjectIds: z
    .strictObject({
      owner: z.number().int().positive().describe("The owner's numeric id."),
      repository: z.number().int().positive().describe("The repository's numeric id."),
    })
    .optional()
    .describe(
      'For a repository whose OIDC tokens use immutable subject claims (repo:OWNER@ID/REPO@ID:…): the numeric ids, so the trust matches them and a recycled name matches nothing. Default: the name form repo:OWNER/REPO:….',
    ),
  branches: z
    .array(z.string().min(1).max(255))
    .default([])
    .describe(
      'Branches whose workflows may deploy (subject repo:OWNER/REPO:ref:refs/heads/BRANCH), exact names. Default: [].',
    ),
  environments: z
    .array(
      z
        .string()
        .regex(/^[A-Za-z0-9._-]{1,255}$/, 'a GitHub environment name of letters, digits, `.`, `_` and `-`'),
    )
    .default([])
    .describe(
      'GitHub environments whose jobs may deploy (subject repo:OWNER/REPO:environment:ENV); the deploy job names the first. Default: [].',
    ),
  oidcProvider: z
    .union([
      z.literal('create'),
      z
        .string()
        .regex(
          GITHUB_OIDC_PROVIDER_ARN,
          'create, or the ARN of the account’s token.actions.githubusercontent.com provider',
        ),
    ])
    .describe(
      'create: dropship creates the account’s GitHub OIDC provider; or the ARN of the one the account has (an account holds one provider per URL).',
    ),
  builds: z
    .record(z.string(), Build)
    .default({})
    .describe(
      'How CI builds each ECR repository’s image, by repository name: { context, dockerfile }. Default: context `.`, Dockerfile `Dockerfile`.',
    ),
});

export const CiSpec = z.strictObject({
  github: GitHubCi.describe(
    'GitHub Actions: OIDC trust, a deploy role, a read-only plan role and a workflow per app.',
  ),
});
