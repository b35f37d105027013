/**
 * A blue/green service (`deployment.strategy: blue-green`) on CodeDeploy, the only blue/green ECS offers
 * through AWS provider 5.100 (ECS's own needs a 6.x provider): a second target group, a test listener on the
 * shared ALB, the CodeDeploy application, its deployment group and CodeDeploy's service role. CodeDeploy
 * then owns what it moves (the service's task definition and load balancer, the forward target of the
 * listener rules), which Terraform ignores. AWS: "CodeDeploy blue/green deployments for Amazon ECS",
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html
 */
import { blueGreenServiceName } from '../app-addresses';
import { awsName } from '../../schema/facts/aws-names';
import type { PublicExposure } from '../../schema/inventory/listener-rules';
import type { AppSpec } from '../../schema/spec';
import type { BlueGreenPlan, ManualStep, TargetGroupPlan } from '../model';
import { trustPolicy } from '../aws/iam';
import { PARTITION } from '../aws/partition';
import { appAlarmNames } from '../app-alarm-names';
import { ref } from '../refs';
import { sh, toCommands } from '../shell';
import { codeDeployLines, codeDeployStepTitle } from '../app-deploy';
import { STEP_ORDER } from '../steps';
import { DEPLOY_ALARM_MINUTES_TO_FIRE } from '../../schema/facts/deploy-alarm';
import type { AppContext } from './context';
import { exactSlug } from './alb';

export { blueGreenServiceName };

/** What a blue/green app's settings are, once the rules checked them (schema/rules/blue-green.ts). */
export const isBlueGreen = (app: AppSpec): boolean => app.deployment.strategy === 'blue-green';

export function blueGreenPlan(a: AppContext, blue: TargetGroupPlan, exposure: PublicExposure): BlueGreenPlan {
  const { ctx, app, keys, platform, decisions, scope } = a;
  const settings = app.deployment.blueGreen!;
  const alb = a.alb!;
  const { addresses } = keys;
  const green: TargetGroupPlan = {
    ...blue,
    name: awsName('targetGroup', ctx.prefix, app.name, 'g', blue.name.slice(-4)),
    address: addresses.greenTargetGroup,
  };
  // The certificate of each domain the app's hostnames are in, in the order the hostnames name them: the
  // first is the test listener's default (as before), the others are attached to it, picked by SNI.
  const certificateOf = (host: string) =>
    alb.certificates.find((c) => [c.domainName, ...c.subjectAlternativeNames].includes(host));
  const needed = [
    ...new Set(
      exposure.hostnames.map(certificateOf).filter((c): c is NonNullable<typeof c> => c !== undefined),
    ),
  ];
  const [certificate, ...others] = needed.length > 0 ? needed : [alb.certificates[0]];
  const alarms = ctx.spec.aws.alarms.enabled ? appAlarmNames(ctx.prefix, app.name) : undefined;
  const plan: BlueGreenPlan = {
    greenTargetGroup: green,
    listenerRuleIgnoreChanges: ['action'],
    testListener: {
      port: settings.testListener.port,
      allowedCidrs: [...settings.testListener.allowedCidrs],
      loadBalancerArn: ref(platform.alb, 'arn'),
      certificateArn: ref(certificate.validationAddress, 'certificate_arn'),
      additionalCertificates: others.map((c) => ({
        id: `${addresses.testListener.name}-certificate_${exactSlug(c.domain)}`,
        certificateArn: ref(c.validationAddress, 'certificate_arn'),
        createBeforeDestroy: true as const,
      })),
      sslPolicy: alb.sslPolicy,
      defaultTargetGroupArn: ref(blue.address, 'arn'),
      ignoreChanges: ['default_action'],
      address: addresses.testListener,
    },
    role: {
      name: awsName('iamRole', ctx.prefix, app.name, 'codedeploy'),
      description: `CodeDeploy role of ${app.name}: blue/green deployments of its ECS service`,
      assumeRolePolicyJson: trustPolicy('codedeploy.amazonaws.com', scope),
      policyName: 'least-privilege',
      managedPolicyArns: [`arn:${PARTITION}:iam::aws:policy/AWSCodeDeployRoleForECS`],
      address: addresses.codeDeployRole,
    },
    application: {
      name: awsName('ecs', ctx.prefix, app.name),
      computePlatform: 'ECS',
      address: addresses.codeDeployApp,
    },
    deploymentGroup: {
      name: awsName('ecs', ctx.prefix, app.name),
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      deploymentType: 'BLUE_GREEN',
      deploymentOption: 'WITH_TRAFFIC_CONTROL',
      actionOnTimeout: 'CONTINUE_DEPLOYMENT',
      terminationWaitMinutes: settings.bakeMinutes,
      blueAfterBake: 'TERMINATE',
      autoRollbackEvents: alarms
        ? ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']
        : ['DEPLOYMENT_FAILURE'],
      // The one-minute 5XX alarm first: the only 5XX alarm that can fire within a bake of a few minutes.
      alarmNames: alarms ? [alarms.deploy5xx, alarms.noHealthyTarget, alarms.target5xx] : [],
      clusterName: ctx.prefix,
      serviceName: keys.serviceName,
      productionListenerArn: ref(platform.httpsListener, 'arn'),
      testListenerArn: ref(addresses.testListener, 'arn'),
      targetGroupNames: [ref(blue.address, 'name'), ref(green.address, 'name')],
      address: addresses.deploymentGroup,
    },
    appSpec: { containerName: exposure.container, containerPort: exposure.port },
  };
  decisions.push({
    subject: `apps.${app.name}.deployment`,
    choice:
      `blue-green on CodeDeploy: service ${blueGreenServiceName(app.name)} (controller CODE_DEPLOY), target groups ${blue.name} and ${green.name}, ` +
      `test listener :${plan.testListener.port} open to ${plan.testListener.allowedCidrs.length > 0 ? plan.testListener.allowedCidrs.join(', ') : 'no address'}, ` +
      `all traffic at once, original tasks kept ${settings.bakeMinutes} min, rollback on ${plan.deploymentGroup.autoRollbackEvents.join(' and ')}` +
      (alarms ? ` (${plan.deploymentGroup.alarmNames.join(', ')})` : ''),
    rule:
      'deployment.strategy: blue-green. AWS provider 5.100 has only CodeDeploy blue/green for ECS (the ECS-native one needs 6.x). Limits: ' +
      'one target group per service, no Service Connect, no deployment circuit breaker (CodeDeploy rolls back instead); CodeDeploy owns the ' +
      "service's task definition and load balancer and the listener rules' forward target, which Terraform ignores; ECS updates a CODE_DEPLOY " +
      'service in place only for its count, deployment settings, grace period, placement and tags, so a change of subnets, security groups or ' +
      'capacity providers fails until a CodeDeploy deployment applies it. Switching an existing app from rolling (or back) replaces its ECS ' +
      'service: the blue/green one has a name of its own and is created before the old one is destroyed. Cost: CodeDeploy for ECS and the ' +
      'second target group are free (the ALB bills its load-balancer hours and LCUs). ' +
      `The rollback alarms: the app's one-minute 5XX alarm (fires about ${DEPLOY_ALARM_MINUTES_TO_FIRE} min after the errors start; its five-minute one needs ~10), ` +
      'the no-healthy-target one (3 min), both over the two target groups; a bake shorter than the first lets a bad release finish (warning blue-green-bake-shorter-than-alarm)',
  });
  return plan;
}

/**
 * With imageTagMode pinned an apply registers a revision that CodeDeploy must deploy: the command creates
 * the deployment of the family's newest revision and waits for it.
 */
export function codeDeployStep(a: AppContext, plan: BlueGreenPlan): ManualStep {
  const { ctx, app } = a;
  const region = ctx.spec.aws.region;
  const family = awsName('ecs', ctx.prefix, app.name);
  return {
    order: STEP_ORDER.applyApps + 1,
    title: codeDeployStepTitle(app.name),
    detail:
      `${app.name} deploys blue-green: its service ignores task_definition, so an apply registers the new revision of ${family} ` +
      'but CodeDeploy deploys it. The commands create a deployment of the newest revision (the appspec names it, the container ' +
      `${plan.appSpec.containerName} and port ${plan.appSpec.containerPort}) and wait for it; CodeDeploy first routes the test listener ` +
      `(port ${plan.testListener.port}) to the new tasks, then all production traffic, and rolls back on failure or an alarm. ` +
      'The last command polls until the deployment succeeds (the bake time included) or stops at its failure. Needs jq. CI can run the same commands instead (then imageTagMode: ci).',
    commands: toCommands([
      sh`TASK_DEFINITION=$(aws ecs describe-task-definition --region ${region} --task-definition ${family} --query taskDefinition.taskDefinitionArn --output text)`,
      ...codeDeployLines({
        region,
        application: plan.application.name,
        deploymentGroup: plan.deploymentGroup.name,
        containerName: plan.appSpec.containerName,
        containerPort: plan.appSpec.containerPort,
      }),
    ]),
  };
}
