/**
 * A blue/green app's CodeDeploy resources (compiler/apps/blue-green.ts): the second target group, the test
 * listener on the shared ALB, CodeDeploy's role, the application and the deployment group.
 */
import { TerraformOutput, type ITerraformDependable } from 'cdktf';
import { HEALTH_OUTPUT_NAMES } from '../../compiler/cutover';
import { CodedeployApp } from '@cdktf/provider-aws/lib/codedeploy-app';
import { CodedeployDeploymentGroup } from '@cdktf/provider-aws/lib/codedeploy-deployment-group';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerCertificate } from '@cdktf/provider-aws/lib/lb-listener-certificate';
import { renderTargetGroupResource } from './target-group';
import { renderRole } from './roles';
import type { AppScope } from './scope';
import type { BlueGreenPlan } from '../../compiler/model';

/** The green target group and the test listener, which the service's target group needs before it starts. */
export function renderBlueGreenTargets(scope: AppScope, bg: BlueGreenPlan): ITerraformDependable[] {
  const { stack, refs } = scope;
  const green = renderTargetGroupResource(scope, bg.greenTargetGroup);
  // Like the first target group's: the cutover's health alarm on the second group reads it (docs/cutover.md).
  new TerraformOutput(stack, HEALTH_OUTPUT_NAMES.greenTargetGroupArnSuffix(scope.app.name), {
    value: green.arnSuffix,
    description: `CloudWatch dimension of the second (blue/green) target group of ${scope.app.name} (the cutover health alarm reads it)`,
  });
  const listener = new LbListener(stack, bg.testListener.address.name, {
    loadBalancerArn: refs.resolve(bg.testListener.loadBalancerArn),
    port: bg.testListener.port,
    protocol: 'HTTPS',
    sslPolicy: bg.testListener.sslPolicy,
    certificateArn: refs.resolve(bg.testListener.certificateArn),
    defaultAction: [{ type: 'forward', targetGroupArn: refs.resolve(bg.testListener.defaultTargetGroupArn) }],
    // CodeDeploy points it at the replacement target group during each deployment.
    lifecycle: { ignoreChanges: [...bg.testListener.ignoreChanges] },
    tags: scope.app.tags,
  });
  refs.provide(bg.testListener.address, { arn: listener.arn });
  // The app's other domains' certificates, as on the production listener: the listener picks one by SNI.
  for (const c of bg.testListener.additionalCertificates)
    new LbListenerCertificate(stack, c.id, {
      listenerArn: listener.arn,
      certificateArn: refs.resolve(c.certificateArn),
      // A replaced certificate is attached before the old one is detached.
      lifecycle: { createBeforeDestroy: c.createBeforeDestroy },
    });
  return [listener];
}

/** CodeDeploy's role, application and deployment group: after the service, which the group names. */
export function renderCodeDeploy(scope: AppScope, bg: BlueGreenPlan): void {
  const { stack, app, refs } = scope;
  const policies: ITerraformDependable[] = [];
  const role = renderRole(scope, 'codedeploy', bg.role, policies);
  const application = new CodedeployApp(stack, bg.application.address.name, {
    name: bg.application.name,
    computePlatform: bg.application.computePlatform,
    tags: app.tags,
  });
  refs.provide(bg.application.address, { name: application.name, arn: application.arn });
  const g = bg.deploymentGroup;
  const group = new CodedeployDeploymentGroup(stack, g.address.name, {
    appName: application.name,
    deploymentGroupName: g.name,
    serviceRoleArn: role.arn,
    deploymentConfigName: g.deploymentConfigName,
    deploymentStyle: { deploymentType: g.deploymentType, deploymentOption: g.deploymentOption },
    blueGreenDeploymentConfig: {
      deploymentReadyOption: { actionOnTimeout: g.actionOnTimeout },
      terminateBlueInstancesOnDeploymentSuccess: {
        action: g.blueAfterBake,
        terminationWaitTimeInMinutes: g.terminationWaitMinutes,
      },
    },
    autoRollbackConfiguration: { enabled: true, events: [...g.autoRollbackEvents] },
    alarmConfiguration: g.alarmNames.length > 0 ? { enabled: true, alarms: [...g.alarmNames] } : undefined,
    ecsService: { clusterName: refs.resolve(g.clusterName), serviceName: refs.resolve(g.serviceName) },
    loadBalancerInfo: {
      targetGroupPairInfo: {
        prodTrafficRoute: { listenerArns: [refs.resolve(g.productionListenerArn)] },
        testTrafficRoute: { listenerArns: [refs.resolve(g.testListenerArn)] },
        targetGroup: g.targetGroupNames.map((name) => ({ name: refs.resolve(name) })),
      },
    },
    // The managed policy must be attached before CodeDeploy checks its permissions.
    dependsOn: policies.length > 0 ? policies : undefined,
    tags: app.tags,
  });
  refs.provide(g.address, { deployment_group_name: group.deploymentGroupName, arn: group.arn });
}
