/**
 * The switch to RDS/ElastiCache (`cutover.dataMoved` in digitalocean-until-100) reaches a service through a
 * new task definition revision, which the apps apply registers. A service whose task definition CI owns
 * (`deployment.imageTagMode: ci`) or CodeDeploy deploys (blue/green) ignores `task_definition`, so the apply
 * alone leaves it on DigitalOcean, and the network apply that follows closes its egress there. These lines
 * deploy the family's newest revision (Terraform's, with the AWS endpoints) to each such service, with the
 * images it runs now, before the network apply. Every name is spec data, quoted by `sh`.
 */
import type { CompileContext } from '../context';
import type { AppSpec, MigrationSpec } from '../../schema/spec';
import { ecsServiceName } from '../app-addresses';
import {
  codeDeployLines,
  deployWorkflowFileName,
  PRIMARY_DEPLOYMENT_QUERY,
  taskFamilyName,
} from '../app-deploy';
import { dataModeOf } from '../../schema/inventory/data-mode';
import { switchedServices } from '../../schema/inventory/switched-services';

export { switchedServices };
import { publicExposure } from '../../schema/inventory/listener-rules';
import { rawShell, sh, shComment, shVar, word, type ShellText } from '../shell';

/** The newest revision with the running images (by container name); the fields AWS adds on registration go. */
const SWAP_IMAGES =
  '($running[0].containerDefinitions | map({key: .name, value: .image}) | from_entries) as $images' +
  ' | .containerDefinitions |= map(if $images[.name] then .image = $images[.name] else . end)' +
  ' | del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities, .registeredAt, .registeredBy, .deregisteredAt)';

const isBlueGreen = (a: AppSpec) => a.deployment.strategy === 'blue-green';

/** An app builds an image in its deploy workflow (compiler/ci/workflows.ts): a declared repository, not copied. */
const hasDeployWorkflow = (spec: MigrationSpec, app: AppSpec) =>
  spec.ci?.github !== undefined &&
  app.containers.some((c) => 'repository' in c.image && c.image.copyFrom === undefined);

/**
 * The commands, for the runbook between the apps apply and the network apply; none outside
 * digitalocean-until-100 or when every service that switches is deployed by Terraform.
 */
export function ciRedeployLines(ctx: CompileContext): ShellText[] {
  const { spec } = ctx;
  if (dataModeOf(spec)?.mode !== 'digitalocean-until-100') return [];
  const { outside } = switchedServices(spec);
  if (outside.length === 0) return [];
  const out: ShellText[] = [
    shComment(
      `After the apps apply (cutover.dataMoved: true) and before the network apply: CI or CodeDeploy deploys ${outside.map((a) => a.name).join(', ')}, not the apply, ` +
        "so the AWS endpoints do not reach them yet (a service ignores task_definition; a scheduled task with imageTagMode ci would run the apply's revision with the spec's image tag). Deploy the newest revision of each family (the apps apply registered it with the AWS endpoints) with the images running now, and wait for each:",
    ),
  ];
  for (const app of outside) out.push(...appLines(ctx, app));
  return out;
}

/**
 * After the writers resume: a service the write stop scaled to 0 took its deployment above without starting a
 * task (at 0 tasks it is at once in a steady state, so its deployment COMPLETED). Its tasks start only now,
 * and scaling starts no deployment the circuit breaker would watch: the wait fails while they do not run. Each
 * rolling service waits and must still be on the newest revision of its family; then the network apply.
 */
export function ciRedeployCheckLines(ctx: CompileContext): ShellText[] {
  const { spec } = ctx;
  if (dataModeOf(spec)?.mode !== 'digitalocean-until-100') return [];
  const { outside } = switchedServices(spec);
  if (outside.length === 0) return [];
  const region = spec.aws.region;
  const cluster = ctx.prefix;
  const rolling = outside.filter((a) => a.schedule === undefined && !(isBlueGreen(a) && publicExposure(a)));
  const out: ShellText[] = [];
  if (rolling.length > 0)
    out.push(
      shComment(
        `Now that they run tasks again: ${rolling.map((a) => a.name).join(', ')} must run the newest revision of their family (the AWS endpoints), stable and COMPLETED:`,
      ),
    );
  for (const app of rolling) {
    const service = ecsServiceName(app);
    out.push(
      sh`aws ecs wait services-stable --region ${region} --cluster ${cluster} --services ${service}`,
      sh`TASK_DEFINITION=$(aws ecs describe-task-definition --region ${region} --task-definition ${taskFamilyName(ctx.prefix, app.name)} --query taskDefinition.taskDefinitionArn --output text)`,
      ...primaryCheckLines(region, cluster, service),
    );
  }
  out.push(
    shComment(
      'Only once every deployment above succeeded and these services run: apply the network stack (it closes the egress to DigitalOcean, ports 25060/25061).',
    ),
  );
  return out;
}

/** Until the PRIMARY deployment settles; then it must be $TASK_DEFINITION, COMPLETED (PRIMARY_DEPLOYMENT_QUERY). */
function primaryCheckLines(region: string, cluster: string, service: string): ShellText[] {
  return [
    sh`until PRIMARY=$(aws ecs describe-services --region ${region} --cluster ${cluster} --services ${service} --query ${PRIMARY_DEPLOYMENT_QUERY} --output text); [ ${shVar('PRIMARY')} != ${word(shVar('TASK_DEFINITION'), ' IN_PROGRESS')} ]; do sleep 15; done`,
    sh`[ ${shVar('PRIMARY')} = ${word(shVar('TASK_DEFINITION'), ' COMPLETED')} ] || { echo ${word('the primary deployment is ', shVar('PRIMARY'), ', not ', shVar('TASK_DEFINITION'), ' COMPLETED (rolled back?): do not apply the network stack')} >&2; false; }`,
  ];
}

function appLines(ctx: CompileContext, app: AppSpec): ShellText[] {
  const region = ctx.spec.aws.region;
  const cluster = ctx.prefix;
  const service = ecsServiceName(app);
  const family = taskFamilyName(ctx.prefix, app.name);
  const blueGreen = isBlueGreen(app);
  // A CODE_DEPLOY service runs task sets; the primary one is what serves.
  const runningQuery = blueGreen
    ? "services[0].taskSets[?status=='PRIMARY'].taskDefinition | [0]"
    : 'services[0].taskDefinition';
  const scheduled = app.schedule !== undefined;
  const running = [
    shComment(
      scheduled
        ? `${app.name}: the revision CI registered last, the one before the apply's (the images of the commit that runs):`
        : `${app.name}: the task definition its service runs now (the images of the commit that runs):`,
    ),
    scheduled
      ? sh`RUNNING=$(aws ecs list-task-definitions --region ${region} --family-prefix ${family} --sort DESC --max-items 2 --query 'taskDefinitionArns[1]' --output text)`
      : sh`RUNNING=$(aws ecs describe-services --region ${region} --cluster ${cluster} --services ${service} --query ${runningQuery} --output text)`,
    sh`aws ecs describe-task-definition --region ${region} --task-definition ${shVar('RUNNING')} --query 'taskDefinition.containerDefinitions[].[name,image]' --output text`,
  ];
  if (app.deployment.imageTagMode === 'ci' && hasDeployWorkflow(ctx.spec, app)) {
    const file = deployWorkflowFileName(app.name);
    const github = ctx.spec.ci!.github!;
    // The deploy role trusts the workflow only on these branches (or in these environments): a tag's OIDC
    // subject is repo:…:ref:refs/tags/…, which it refuses. The input image_tag deploys the running commit's
    // images from the branch's workflow, whatever its head is now.
    const branch = github.branches[0];
    const ref =
      branch ?? shVar('REF', `set REF to a branch the environment ${github.environments[0]} may deploy from`);
    return [
      ...running,
      shComment(
        `Run its deploy workflow (${file}) on ${branch ?? 'a branch its environment deploys from'} (a ref the deploy role trusts; a tag's, refs/tags/…, it does not) with image_tag, the tag of the images above (the commit running now): ` +
          `it builds nothing, registers the newest revision of ${family} with those images and deploys it. The last command waits for the run and fails with it.`,
      ),
      sh`gh workflow run ${file} --ref ${ref} -f ${word('image_tag=', shVar('IMAGE_TAG', 'set IMAGE_TAG to the image tag above'))}`,
      // The run appears a few seconds after the dispatch.
      sh`sleep 10`,
      sh`RUN_ID=$(gh run list --workflow ${file} --event workflow_dispatch --limit 1 --json databaseId --jq ${rawShell("'.[0].databaseId'")})`,
      sh`gh run watch ${shVar('RUN_ID')} --exit-status`,
    ];
  }
  const register =
    app.deployment.imageTagMode === 'ci'
      ? [
          shComment(
            scheduled
              ? `Register the newest revision of ${family} again with those images (needs jq): its schedule runs the newest revision.`
              : `Register the newest revision of ${family} with those images (needs jq), deploy it and wait until it runs:`,
          ),
          sh`aws ecs describe-task-definition --region ${region} --task-definition ${shVar('RUNNING')} --query taskDefinition > running.json`,
          sh`aws ecs describe-task-definition --region ${region} --task-definition ${family} --query taskDefinition > newest.json`,
          sh`jq --slurpfile running running.json ${SWAP_IMAGES} newest.json > next.json`,
          sh`TASK_DEFINITION=$(aws ecs register-task-definition --region ${region} --cli-input-json file://next.json --query taskDefinition.taskDefinitionArn --output text)`,
        ]
      : [
          // Pinned: the newest revision already names the spec's images, the ones running.
          shComment(
            `Deploy the newest revision of ${family} (it names the images of the spec) and wait until it runs:`,
          ),
          sh`TASK_DEFINITION=$(aws ecs describe-task-definition --region ${region} --task-definition ${family} --query taskDefinition.taskDefinitionArn --output text)`,
        ];
  const exposure = publicExposure(app);
  // A scheduled task's rule runs the family's newest revision: registering it is the deployment.
  if (scheduled) return [...running, ...register];
  const deploy =
    blueGreen && exposure
      ? codeDeployLines({
          region,
          application: family,
          deploymentGroup: family,
          containerName: exposure.container,
          containerPort: exposure.port,
        })
      : [
          sh`aws ecs update-service --region ${region} --cluster ${cluster} --service ${service} --task-definition ${shVar('TASK_DEFINITION')} --force-new-deployment`,
          sh`aws ecs wait services-stable --region ${region} --cluster ${cluster} --services ${service}`,
          // The waiter passes on the old revision too, once the circuit breaker rolled the service back. A
          // service the write stop scaled to 0 reaches its steady state, so COMPLETED, without starting a task.
          shComment(
            `Stable is not deployed: after a circuit-breaker rollback ${service} is stable on the old revision. Its primary deployment must be $TASK_DEFINITION, COMPLETED:`,
          ),
          ...primaryCheckLines(region, cluster, service),
        ];
  return [...running, ...register, ...deploy];
}
