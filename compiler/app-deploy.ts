/**
 * How a task definition revision reaches a running service outside Terraform, shared by the apps part (the
 * blue/green manual step), the ci part (the deploy workflows) and the data runbook (the switch to
 * RDS/ElastiCache, which CI-owned services do not take from an apply).
 */
import { awsName } from '../schema/facts/aws-names';
import { sh, shVar, type ShellText } from './shell';

/** An app's task definition family (also its CodeDeploy application and deployment group name). */
export const taskFamilyName = (prefix: string, app: string): string => awsName('ecs', prefix, app);

/** The file `dropship workflows` writes an app's deploy workflow to (.github/workflows/…). */
export const deployWorkflowFileName = (app: string): string => `dropship-deploy-${app}.yml`;

/**
 * The jq program that writes a deployment's `--revision`: an AppSpec (as JSON text) naming the task
 * definition `$td` and the container `$c` and port `$p` the target groups route to
 * (https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html#reference-appspec-file-structure-resources-ecs).
 * The plan's manual step, the data runbook and the CI workflow run it.
 */
export const APPSPEC_REVISION =
  '{revisionType:"AppSpecContent",appSpecContent:{content:({version:1,Resources:[{TargetService:{Type:"AWS::ECS::Service",' +
  'Properties:{TaskDefinition:$td,LoadBalancerInfo:{ContainerName:$c,ContainerPort:$p}}}}]}|tojson)}}';

/** The plan's manual step that deploys a pinned blue/green app's new revision after an apply. */
export const codeDeployStepTitle = (app: string): string =>
  `Deploy ${app} with CodeDeploy after each apply that changes its task definition`;

/**
 * A rolling service's PRIMARY deployment as `<task definition ARN> <rolloutState>` (--output text).
 * `aws ecs wait services-stable` checks only that one deployment is left and runningCount equals
 * desiredCount, which also holds once the deployment circuit breaker rolled the service back to the previous
 * revision (hashicorp/terraform-provider-aws#19519): a deployment took only when its PRIMARY deployment is
 * the new revision with rolloutState COMPLETED (IN_PROGRESS until the service reaches a steady state, FAILED
 * when the circuit breaker stops it: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html).
 * `join` fails on a missing rolloutState (a service not on the ECS deployment controller): the check fails too.
 */
export const PRIMARY_DEPLOYMENT_QUERY =
  "services[0].deployments[?status=='PRIMARY'].join(' ', [taskDefinition, rolloutState]) | [0]";

export interface CodeDeployTarget {
  region: string;
  /** The CodeDeploy application and deployment group (both named as the family). */
  application: string;
  deploymentGroup: string;
  containerName: string;
  containerPort: number;
}

/**
 * A CodeDeploy deployment of the task definition in $TASK_DEFINITION (set before these lines), and the wait
 * until it succeeds or stops at its failure. Needs jq.
 */
export function codeDeployLines(t: CodeDeployTarget): ShellText[] {
  const { region } = t;
  return [
    sh`REVISION=$(jq -cn --arg td ${shVar('TASK_DEFINITION')} --arg c ${t.containerName} --argjson p ${String(t.containerPort)} ${APPSPEC_REVISION})`,
    sh`DEPLOYMENT_ID=$(aws deploy create-deployment --region ${region} --application-name ${t.application} --deployment-group-name ${t.deploymentGroup} --revision ${shVar('REVISION')} --query deploymentId --output text)`,
    // Not `aws deploy wait deployment-successful`: it gives up after 30 minutes, and the deployment lasts
    // the bake time on top of the traffic shift.
    sh`until STATUS=$(aws deploy get-deployment --region ${region} --deployment-id ${shVar('DEPLOYMENT_ID')} --query deploymentInfo.status --output text); [ ${shVar('STATUS')} = Succeeded ]; do case ${shVar('STATUS')} in Failed | Stopped) echo "deployment $DEPLOYMENT_ID: $STATUS" >&2; false; break ;; esac; sleep 15; done`,
  ];
}
