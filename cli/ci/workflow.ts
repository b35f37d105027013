/**
 * The GitHub Actions workflow of each app (`plan.ci.github.workflows`), as YAML text written by the `yaml`
 * library from plain data: every value from the spec is a YAML scalar the library quotes as needed, never
 * text spliced into YAML. Spec values never reach a `run:` script: steps read them from `env:`, quoted
 * ("$VAR") in the script, and a `${{` in a value GitHub evaluates is written so it stays text
 * (`literal`). The only expressions are dropship's own (the step outputs, github.sha, vars, secrets).
 *
 * Per app: one `build` job (OIDC to the deploy role, push each image tagged with the commit), then per
 * imageTagMode: `ci` registers a task definition revision with the new images and updates the service
 * (waiting until it is stable), or for a blue/green app creates the CodeDeploy deployment of the revision
 * and waits until it ends; `pinned` opens a pull request that sets the tag in migration.yaml, with a
 * GitHub App's token (a pull request opened with GITHUB_TOKEN runs no workflows, so its checks would never
 * run), in a second job without AWS access.
 */
import { Document } from 'yaml';
import type { CiWorkflowPlan, GitHubCiPlan } from '../../compiler/model';
import { APPSPEC_REVISION, codeDeployStepTitle, PRIMARY_DEPLOYMENT_QUERY } from '../../compiler/app-deploy';
import { ACTIONS } from './actions';

export const WORKFLOW_MARKER = '# Written by `dropship workflows`';
export const MIGRATION_FILE = 'migration.yaml';

/** A value GitHub evaluates (env, with, environment): `${{` is written as an expression that yields it. */
export const literal = (value: string): string => value.replace(/\$\{\{/g, "${{ '${{' }}");

/**
 * A branch as a filter pattern (on.push.branches), where `*`, `?`, `+`, `[`, `]` and a leading `!` are
 * special: each is escaped with `\`, so the filter matches exactly this branch.
 */
export const branchFilter = (branch: string): string => branch.replace(/[*?+[\]!\\]/g, (c) => `\\${c}`);

/** The workflow files: name → text. */
export function workflowFiles(ci: GitHubCiPlan): Map<string, string> {
  return new Map(ci.workflows.map((w) => [w.fileName, workflowText(ci, w)]));
}

export function workflowText(ci: GitHubCiPlan, w: CiWorkflowPlan): string {
  const doc = new Document(workflow(ci, w), { aliasDuplicateObjects: false });
  doc.commentBefore =
    ` Written by \`dropship workflows\` from ${MIGRATION_FILE} (app ${w.app}): run it again rather than editing.\n` +
    ` Needs the repository variable DROPSHIP_DEPLOY_ROLE_ARN (the ci stack's output deploy_role_arn)` +
    (w.rollout.kind === 'pull-request'
      ? `,\n and a GitHub App (variable DROPSHIP_APP_CLIENT_ID, secret DROPSHIP_APP_PRIVATE_KEY) that may write\n contents and pull requests: its pull requests run their checks, GITHUB_TOKEN's would not.`
      : '.');
  return `${doc.toString({ lineWidth: 0 })}`;
}

function workflow(ci: GitHubCiPlan, w: CiWorkflowPlan): Record<string, unknown> {
  const push: Record<string, unknown> = {};
  if (ci.branches.length > 0) push.branches = ci.branches.map(branchFilter);
  // The merge of its own tag bump changes only migration.yaml: that must not build and propose again.
  if (w.rollout.kind === 'pull-request') push['paths-ignore'] = [MIGRATION_FILE];
  // A dispatch with image_tag deploys images CI pushed before (the data runbook redeploys the running
  // commit's): the role trusts only the named branches or environments, never a tag's ref.
  const deploys = w.rollout.kind !== 'pull-request';
  const on: Record<string, unknown> = {
    workflow_dispatch: deploys
      ? {
          inputs: {
            image_tag: {
              description:
                'Deploy the images CI pushed with this tag (a commit) instead of building this one',
              type: 'string',
              required: false,
              default: '',
            },
          },
        }
      : {},
  };
  if (ci.branches.length > 0) on.push = push;
  const jobs: Record<string, unknown> = { build: buildJob(ci, w) };
  if (w.rollout.kind === 'pull-request') jobs.propose = proposeJob(w);
  return {
    name: `deploy ${w.app}`,
    on,
    permissions: {},
    concurrency: { group: literal(w.concurrencyGroup), 'cancel-in-progress': false },
    env: {
      AWS_REGION: literal(ci.region),
      TAG: deploys ? '${{ inputs.image_tag || github.sha }}' : '${{ github.sha }}',
    },
    jobs,
  };
}

function buildJob(ci: GitHubCiPlan, w: CiWorkflowPlan): Record<string, unknown> {
  const steps: Record<string, unknown>[] = [
    { uses: ACTIONS.checkout.uses, with: { 'persist-credentials': false } },
    {
      name: 'Assume the deploy role (GitHub OIDC)',
      uses: ACTIONS.awsCredentials.uses,
      with: {
        'role-to-assume': '${{ vars.DROPSHIP_DEPLOY_ROLE_ARN }}',
        'aws-region': '${{ env.AWS_REGION }}',
      },
    },
    {
      name: 'Log in to ECR',
      id: 'ecr',
      run: [
        'set -euo pipefail',
        'account="$(aws sts get-caller-identity --query Account --output text)"',
        'registry="$account.dkr.ecr.$AWS_REGION.amazonaws.com"',
        'aws ecr get-login-password | docker login --username AWS --password-stdin "$registry"',
        'echo "registry=$registry" >> "$GITHUB_OUTPUT"',
      ].join('\n'),
    },
    ...w.images.map((image) => ({
      name: literal(`Build and push ${image.repository}`),
      env: {
        REGISTRY: '${{ steps.ecr.outputs.registry }}',
        REPOSITORY: literal(image.repository),
        CONTEXT: literal(image.context),
        DOCKERFILE: literal(image.dockerfile),
      },
      run: [
        'set -euo pipefail',
        'image="$REGISTRY/$REPOSITORY:$TAG"',
        '# Tags are immutable: a re-run of this commit finds its image pushed already.',
        'if docker manifest inspect "$image" >/dev/null 2>&1; then exit 0; fi',
        '# image_tag deploys an image pushed before: this checkout is not that commit.',
        'if [ "$TAG" != "$GITHUB_SHA" ]; then echo "::error::$image was never pushed"; exit 1; fi',
        'docker build --file "$DOCKERFILE" --tag "$image" -- "$CONTEXT"',
        '# Another run of this commit may push the tag first: the registry then refuses ours (tag invalid,',
        '# ImageTagAlreadyExistsException), and the pushed image is the one this commit builds.',
        'if ! docker push "$image"; then',
        '  docker manifest inspect "$image" >/dev/null 2>&1 || exit 1',
        '  echo "::notice::$image was pushed meanwhile by another run"',
        'fi',
      ].join('\n'),
    })),
  ];
  if (w.rollout.kind !== 'pull-request') steps.push(rolloutStep(w));
  return {
    'runs-on': 'ubuntu-latest',
    'timeout-minutes': w.timeoutMinutes,
    ...(ci.environments.length > 0 ? { environment: literal(ci.environments[0]) } : {}),
    permissions: { contents: 'read', 'id-token': 'write' },
    steps,
  };
}

/** Container → repository, for the jq program that swaps the images of the current revision. */
const repositoryByContainer = (w: CiWorkflowPlan): string =>
  JSON.stringify(Object.fromEntries(w.images.flatMap((i) => i.containers.map((c) => [c, i.repository]))));

function rolloutStep(w: CiWorkflowPlan): Record<string, unknown> {
  const rollout = w.rollout as Exclude<CiWorkflowPlan['rollout'], { kind: 'pull-request' }>;
  const env: Record<string, string> = {
    REGISTRY: '${{ steps.ecr.outputs.registry }}',
    FAMILY: literal(rollout.family),
    REPOSITORY_BY_CONTAINER: literal(repositoryByContainer(w)),
  };
  const run = [
    'set -euo pipefail',
    'aws ecs describe-task-definition --task-definition "$FAMILY" --query taskDefinition > current.json',
    '# The same revision with the new images; the fields AWS adds on registration go.',
    'jq --argjson repos "$REPOSITORY_BY_CONTAINER" --arg registry "$REGISTRY" --arg tag "$TAG" \\',
    '  \'.containerDefinitions |= map(if $repos[.name] then .image = "\\($registry)/\\($repos[.name]):\\($tag)" else . end)',
    "   | del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities, .registeredAt, .registeredBy, .deregisteredAt)' \\",
    '  current.json > next.json',
    'arn="$(aws ecs register-task-definition --cli-input-json file://next.json --query taskDefinition.taskDefinitionArn --output text)"',
  ];
  if (rollout.kind === 'service') {
    env.CLUSTER = literal(rollout.cluster);
    env.SERVICE = literal(rollout.service);
    run.push(
      'aws ecs update-service --cluster "$CLUSTER" --service "$SERVICE" --task-definition "$arn" > /dev/null',
      '# Terraform ignores the revision (imageTagMode ci): the rollout is gated here.',
      'aws ecs wait services-stable --cluster "$CLUSTER" --services "$SERVICE"',
      '# Stable is not deployed: after a circuit-breaker rollback the service is stable on the old revision. The',
      '# primary deployment must be this revision, COMPLETED (rolloutState; IN_PROGRESS until steady).',
      'while :; do',
      `  primary="$(aws ecs describe-services --cluster "$CLUSTER" --services "$SERVICE" --query "${PRIMARY_DEPLOYMENT_QUERY}" --output text)"`,
      '  case "$primary" in',
      '    "$arn COMPLETED") break ;;',
      '    "$arn IN_PROGRESS") sleep 15 ;;',
      '    *) echo "::error::the primary deployment of $SERVICE is ${primary:-unknown}, not $arn COMPLETED (rolled back?)"; exit 1 ;;',
      '  esac',
      'done',
    );
  } else if (rollout.kind === 'codedeploy') {
    env.APPLICATION = literal(rollout.application);
    env.DEPLOYMENT_GROUP = literal(rollout.deploymentGroup);
    env.CONTAINER = literal(rollout.containerName);
    env.PORT = String(rollout.containerPort);
    run.push(
      '# A CODE_DEPLOY service takes a new revision only from CodeDeploy: the AppSpec names it and the container',
      '# and port its target groups route to.',
      `revision="$(jq -cn --arg td "$arn" --arg c "$CONTAINER" --argjson p "$PORT" '${APPSPEC_REVISION}')"`,
      'deployment="$(aws deploy create-deployment --application-name "$APPLICATION" --deployment-group-name "$DEPLOYMENT_GROUP" --revision "$revision" --query deploymentId --output text)"',
      'echo "CodeDeploy deployment $deployment of $arn"',
      '# Waits through the bake time (the waiter of the CLI gives up after 30 minutes): CodeDeploy runs one',
      '# deployment per group at a time, so the next run finds this one ended.',
      'while :; do',
      '  status="$(aws deploy get-deployment --deployment-id "$deployment" --query deploymentInfo.status --output text)"',
      '  case "$status" in',
      '    Succeeded) break ;;',
      '    Failed | Stopped) echo "::error::CodeDeploy deployment $deployment ended $status"; exit 1 ;;',
      '  esac',
      '  sleep 15',
      'done',
    );
  } else run.push('# The schedule runs the family’s latest ACTIVE revision: registering it deploys it.');
  const names = {
    service: 'Register the revision and update the service',
    codedeploy: 'Register the revision and deploy it with CodeDeploy',
    register: 'Register the revision',
  };
  return { name: names[rollout.kind], env, run: run.join('\n') };
}

function proposeJob(w: CiWorkflowPlan): Record<string, unknown> {
  const containers = w.images.flatMap((i) => i.containers);
  return {
    needs: 'build',
    'runs-on': 'ubuntu-latest',
    'timeout-minutes': 10,
    permissions: { contents: 'read' },
    steps: [
      {
        name: 'Token of the GitHub App (its pull requests run checks)',
        id: 'app-token',
        uses: ACTIONS.appToken.uses,
        with: {
          'client-id': '${{ vars.DROPSHIP_APP_CLIENT_ID }}',
          'private-key': '${{ secrets.DROPSHIP_APP_PRIVATE_KEY }}',
          'permission-contents': 'write',
          'permission-pull-requests': 'write',
        },
      },
      { uses: ACTIONS.checkout.uses, with: { token: '${{ steps.app-token.outputs.token }}' } },
      {
        name: literal(`Open a pull request that deploys ${w.app} at this commit`),
        env: {
          GH_TOKEN: '${{ steps.app-token.outputs.token }}',
          BASE: '${{ github.ref_name }}',
          MIGRATION_FILE: MIGRATION_FILE,
          APP: literal(w.app),
          CONTAINERS: literal(JSON.stringify(containers)),
          // A blue/green service ignores task_definition: the apply registers the revision, CodeDeploy deploys it.
          DEPLOYED_BY: literal(
            w.rollout.kind === 'pull-request' && w.rollout.codeDeploy
              ? `Once merged, the apply registers its revision and CodeDeploy deploys it: the plan's step "${codeDeployStepTitle(w.app)}", after the apply.`
              : 'Terraform deploys it once merged.',
          ),
        },
        run: [
          'set -euo pipefail',
          'branch="dropship/deploy-$APP-$TAG"',
          'for container in $(jq -r \'.[]\' <<< "$CONTAINERS"); do',
          '  CONTAINER="$container" yq -i \'with(.apps[] | select(.name == strenv(APP)) | .containers[] | select(.name == strenv(CONTAINER)); .image.tag = strenv(TAG) | .image.tag style="double")\' "$MIGRATION_FILE"',
          'done',
          'git config user.name "dropship"',
          'git config user.email "dropship@users.noreply.github.com"',
          'git switch --create "$branch"',
          'git commit --all --message "deploy $APP at $TAG"',
          'git push origin "HEAD:refs/heads/$branch"',
          'gh pr create --base "$BASE" --head "$branch" --title "deploy $APP at $TAG" \\',
          '  --body "Sets the image tag of $APP to the commit $TAG, which CI built and pushed. $DEPLOYED_BY"',
        ].join('\n'),
      },
    ],
  };
}
