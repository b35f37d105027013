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
import { codeDeployLines, deployWorkflowFileName, taskFamilyName } from '../app-deploy';
import { dataModeOf } from '../../schema/inventory/data-mode';
import { switchedServices } from '../../schema/inventory/switched-services';

export { switchedServices };
import { publicExposure } from '../../schema/inventory/listener-rules';
import { rawShell, sh, shComment, shVar, type ShellText } from '../shell';

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
  out.push(
    shComment(
      'Only once every deployment above succeeded: apply the network stack (it closes the egress to DigitalOcean, ports 25060/25061).',
    ),
  );
  return out;
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
    return [
      ...running,
      shComment(
        `Run its deploy workflow (${file}) on that commit: it registers the newest revision of ${family} with the commit's images and deploys it. ` +
          'REF is a branch or tag whose head is that commit (the image tag above); the last command waits for the run and fails with it.',
      ),
      sh`gh workflow run ${file} --ref ${shVar('REF', 'set REF to a branch or tag at the commit running now')}`,
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
        ];
  return [...running, ...register, ...deploy];
}
