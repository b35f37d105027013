/**
 * One app's resources: log group, EFS volumes, IAM roles, task definition, and either a service (with its
 * target group, listener rules, Cloud Map service and autoscaling) or an EventBridge schedule. Renders
 * `plan.apps.apps[i]` exactly; all choices were made by compiler/apps.ts.
 */
import { TerraformOutput, type ITerraformDependable, type TerraformStack } from 'cdktf';
import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { EfsAccessPoint } from '@cdktf/provider-aws/lib/efs-access-point';
import { EfsBackupPolicy } from '@cdktf/provider-aws/lib/efs-backup-policy';
import { EfsFileSystem } from '@cdktf/provider-aws/lib/efs-file-system';
import { EfsFileSystemPolicy } from '@cdktf/provider-aws/lib/efs-file-system-policy';
import { EfsMountTarget } from '@cdktf/provider-aws/lib/efs-mount-target';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { ServiceDiscoveryService } from '@cdktf/provider-aws/lib/service-discovery-service';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import type { RefRegistry } from '../refs';
import { resolveDocument, resolveText } from './text';
import type { AppPlan, EfsPlan, RolePlan } from '../../compiler/model';

/**
 * One app's resources. `capacityProviders`: the cluster's capacity-provider association when it is in the same
 * stack (the single layout), which the service waits for; a per-app stack is applied after the platform's.
 */
export function renderAppResources(
  stack: TerraformStack,
  app: AppPlan,
  refs: RefRegistry,
  capacityProviders?: ITerraformDependable,
): void {
  const id = (suffix: string) => `${app.name}-${suffix}`;
  const tags = app.tags;
  const resolve = (v: Parameters<RefRegistry['resolve']>[0]) => refs.resolve(v);

  const logGroup = new CloudwatchLogGroup(stack, app.logGroup.address.name, {
    name: app.logGroup.name,
    retentionInDays: app.logGroup.retentionDays,
    kmsKeyId: resolve(app.logGroup.kmsKeyArn),
    tags,
  });
  refs.provide(app.logGroup.address, { arn: logGroup.arn });

  // EFS first: the task role's policy names the file systems and access points.
  const mountTargets: ITerraformDependable[] = [];
  const fileSystems = app.efs.map((fs) => {
    const rendered = renderEfs(stack, app, fs, refs);
    mountTargets.push(...rendered.mountTargets);
    return rendered.fileSystem;
  });

  const roleDependables: ITerraformDependable[] = [];
  const renderRole = (key: string, plan: RolePlan) => {
    const role = new IamRole(stack, plan.address.name, {
      name: plan.name,
      description: plan.description,
      assumeRolePolicy: plan.assumeRolePolicyJson,
      tags,
    });
    refs.provide(plan.address, { arn: role.arn });
    if (plan.policyJson)
      roleDependables.push(
        new IamRolePolicy(stack, id(`${key}-policy`), {
          name: plan.policyName,
          role: role.id,
          policy: resolveDocument(plan.policyJson, refs),
        }),
      );
    return role;
  };
  renderRole('execution', app.executionRole);
  renderRole('task', app.taskRole);

  app.efs.forEach((fs, i) => {
    new EfsFileSystemPolicy(stack, id(`${fs.volume}-efs-policy`), {
      fileSystemId: fileSystems[i].id,
      policy: resolveDocument(fs.policyJson, refs),
    });
  });

  const td = app.taskDefinition;
  const taskDefinition = new EcsTaskDefinition(stack, td.address.name, {
    family: td.family,
    cpu: td.cpu,
    memory: td.memory,
    networkMode: td.networkMode,
    requiresCompatibilities: [...td.requiresCompatibilities],
    runtimePlatform: { cpuArchitecture: td.cpuArchitecture, operatingSystemFamily: td.operatingSystemFamily },
    executionRoleArn: resolve(td.executionRoleArn),
    taskRoleArn: resolve(td.taskRoleArn),
    containerDefinitions: resolveDocument(td.containerDefinitionsJson, refs),
    volume: td.volumes.map((v) => ({
      name: v.name,
      efsVolumeConfiguration: {
        fileSystemId: resolve(v.fileSystemId),
        transitEncryption: v.transitEncryption,
        authorizationConfig: { accessPointId: resolve(v.accessPointId), iam: v.iamAuthorization },
      },
    })),
    skipDestroy: td.skipDestroy,
    tags,
  });
  refs.provide(td.address, {
    arn: taskDefinition.arn,
    arn_without_revision: taskDefinition.arnWithoutRevision,
  });

  if (app.schedule) {
    const s = app.schedule;
    const rule = new CloudwatchEventRule(stack, id('schedule'), {
      name: s.ruleName,
      description: s.description,
      scheduleExpression: s.expression,
      tags,
    });
    const eventsRole = renderRole('events', s.role);
    new CloudwatchEventTarget(stack, id('schedule-target'), {
      rule: rule.name,
      arn: resolve(s.clusterArn),
      roleArn: eventsRole.arn,
      ecsTarget: {
        taskDefinitionArn: resolve(s.taskDefinitionArn),
        launchType: s.launchType,
        platformVersion: s.platformVersion,
        taskCount: s.taskCount,
        propagateTags: s.propagateTags,
        enableEcsManagedTags: s.enableEcsManagedTags,
        networkConfiguration: {
          subnets: s.subnets.map(resolve),
          securityGroups: s.securityGroups.map(resolve),
          assignPublicIp: s.assignPublicIp,
        },
      },
      dependsOn: [...roleDependables, ...mountTargets],
    });
    return;
  }

  const serviceDependencies: ITerraformDependable[] = [
    ...roleDependables,
    ...mountTargets,
    ...(capacityProviders ? [capacityProviders] : []),
  ];
  if (app.targetGroup) {
    const tg = app.targetGroup;
    const targetGroup = new LbTargetGroup(stack, tg.address.name, {
      name: tg.name,
      port: tg.port,
      protocol: 'HTTP',
      protocolVersion: tg.protocolVersion,
      targetType: tg.targetType,
      vpcId: resolve(tg.vpcId),
      deregistrationDelay: String(tg.deregistrationDelay),
      healthCheck: {
        enabled: true,
        protocol: 'HTTP',
        port: 'traffic-port',
        path: tg.healthCheck.path,
        matcher: tg.healthCheck.matcher,
        interval: tg.healthCheck.interval,
        timeout: tg.healthCheck.timeout,
        healthyThreshold: tg.healthCheck.healthyThreshold,
        unhealthyThreshold: tg.healthCheck.unhealthyThreshold,
      },
      lifecycle: { createBeforeDestroy: tg.createBeforeDestroy },
      tags,
    });
    refs.provide(tg.address, { arn: targetGroup.arn, arn_suffix: targetGroup.arnSuffix });
    app.listenerRules.forEach((r, i) => {
      // ECS refuses a target group that no listener forwards to, so the service waits for its rules.
      serviceDependencies.push(
        new LbListenerRule(stack, id(`rule-${i}`), {
          listenerArn: refs.resolve(tg.listenerArn),
          priority: r.priority,
          action: [{ type: 'forward', targetGroupArn: targetGroup.arn }],
          condition: [{ hostHeader: { values: r.hosts } }, { pathPattern: { values: r.paths } }],
          tags,
        }),
      );
    });
  }
  if (app.discovery) {
    const discovery = new ServiceDiscoveryService(stack, app.discovery.address.name, {
      name: app.discovery.name,
      dnsConfig: {
        namespaceId: refs.resolve(app.discovery.namespaceId),
        dnsRecords: [{ type: 'A', ttl: app.discovery.ttl }],
        routingPolicy: app.discovery.routingPolicy,
      },
      tags,
    });
    refs.provide(app.discovery.address, { arn: discovery.arn });
  }

  const svc = app.service!;
  const service = new EcsService(stack, svc.address.name, {
    name: svc.name,
    cluster: resolve(svc.clusterArn),
    taskDefinition: resolve(svc.taskDefinitionArn),
    desiredCount: svc.desiredCount,
    capacityProviderStrategy: svc.capacityProviderStrategy.map((c) => ({
      capacityProvider: c.capacityProvider,
      weight: c.weight,
      base: c.base,
    })),
    forceNewDeployment: svc.forceNewDeployment,
    deploymentCircuitBreaker: svc.circuitBreaker,
    deploymentMinimumHealthyPercent: svc.minHealthyPercent,
    deploymentMaximumPercent: svc.maxPercent,
    healthCheckGracePeriodSeconds: svc.healthCheckGracePeriodSeconds,
    enableExecuteCommand: svc.enableExecuteCommand,
    waitForSteadyState: svc.waitForSteadyState,
    propagateTags: svc.propagateTags,
    enableEcsManagedTags: svc.enableEcsManagedTags,
    networkConfiguration: {
      subnets: svc.subnets.map(resolve),
      securityGroups: svc.securityGroups.map(resolve),
      assignPublicIp: svc.assignPublicIp,
    },
    loadBalancer: svc.loadBalancer
      ? [
          {
            targetGroupArn: resolve(svc.loadBalancer.targetGroupArn),
            containerName: svc.loadBalancer.containerName,
            containerPort: svc.loadBalancer.containerPort,
          },
        ]
      : undefined,
    serviceRegistries: svc.serviceRegistryArn ? { registryArn: resolve(svc.serviceRegistryArn) } : undefined,
    lifecycle: svc.ignoreChanges.length > 0 ? { ignoreChanges: [...svc.ignoreChanges] } : undefined,
    dependsOn: serviceDependencies.length > 0 ? serviceDependencies : undefined,
    tags,
  });
  refs.provide(svc.address, { name: service.name });

  if (app.scaling) {
    const target = new AppautoscalingTarget(stack, id('scaling-target'), {
      serviceNamespace: 'ecs',
      scalableDimension: 'ecs:service:DesiredCount',
      resourceId: resolveText(app.scaling.resourceId, refs),
      minCapacity: app.scaling.min,
      maxCapacity: app.scaling.max,
      tags,
    });
    for (const p of app.scaling.policies) {
      new AppautoscalingPolicy(stack, id(`scaling-${p.metric}`), {
        name: p.name,
        policyType: 'TargetTrackingScaling',
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          targetValue: p.target,
          scaleInCooldown: p.scaleInCooldown,
          scaleOutCooldown: p.scaleOutCooldown,
          predefinedMetricSpecification: {
            predefinedMetricType: p.metric,
            resourceLabel: p.resourceLabel ? resolveText(p.resourceLabel, refs) : undefined,
          },
        },
      });
    }
  }
}

function renderEfs(
  stack: TerraformStack,
  app: AppPlan,
  fs: EfsPlan,
  refs: RefRegistry,
): { fileSystem: EfsFileSystem; mountTargets: EfsMountTarget[] } {
  const id = (suffix: string) => `${app.name}-${fs.volume}-${suffix}`;
  const tags = { ...app.tags, Name: fs.name };
  const fileSystem = new EfsFileSystem(stack, fs.fileSystemAddress.name, {
    creationToken: fs.creationToken,
    encrypted: fs.encrypted,
    kmsKeyId: refs.resolve(fs.kmsKeyArn),
    performanceMode: fs.performanceMode,
    throughputMode: fs.throughputMode,
    lifecycle: fs.preventDestroy ? { preventDestroy: true } : undefined,
    tags,
  });
  refs.provide(fs.fileSystemAddress, { id: fileSystem.id, arn: fileSystem.arn });
  if (fs.backup)
    new EfsBackupPolicy(stack, id('efs-backup'), {
      fileSystemId: fileSystem.id,
      backupPolicy: { status: 'ENABLED' },
    });
  const sg = new SecurityGroup(stack, id('efs-sg'), {
    name: fs.securityGroup.name,
    description: fs.securityGroup.description,
    vpcId: refs.resolve(fs.vpcId),
    tags,
  });
  new VpcSecurityGroupIngressRule(stack, id('efs-in-nfs'), {
    securityGroupId: sg.id,
    referencedSecurityGroupId: refs.resolve(fs.appSecurityGroup),
    ipProtocol: 'tcp',
    fromPort: fs.nfs.port,
    toPort: fs.nfs.port,
    description: fs.nfs.ingressDescription,
    tags,
  });
  new VpcSecurityGroupEgressRule(stack, id('app-out-nfs'), {
    securityGroupId: refs.resolve(fs.appSecurityGroup),
    referencedSecurityGroupId: sg.id,
    ipProtocol: 'tcp',
    fromPort: fs.nfs.port,
    toPort: fs.nfs.port,
    description: fs.nfs.egressDescription,
    tags,
  });
  const mountTargets = fs.subnets.map(
    (subnet, i) =>
      new EfsMountTarget(stack, id(`efs-mount-${i}`), {
        fileSystemId: fileSystem.id,
        subnetId: refs.resolve(subnet),
        securityGroups: [sg.id],
      }),
  );
  const accessPoint = new EfsAccessPoint(stack, fs.accessPointAddress.name, {
    fileSystemId: fileSystem.id,
    posixUser: { uid: fs.accessPoint.uid, gid: fs.accessPoint.gid },
    rootDirectory: {
      path: fs.accessPoint.path,
      creationInfo: {
        ownerUid: fs.accessPoint.uid,
        ownerGid: fs.accessPoint.gid,
        permissions: fs.accessPoint.permissions,
      },
    },
    tags,
  });
  refs.provide(fs.accessPointAddress, { id: accessPoint.id, arn: accessPoint.arn });
  new TerraformOutput(stack, fs.outputs.fileSystemId, {
    value: fileSystem.id,
    description: `EFS file system of ${app.name}/${fs.volume}`,
  });
  new TerraformOutput(stack, fs.outputs.accessPointId, {
    value: accessPoint.id,
    description: `EFS access point of ${app.name}/${fs.volume}`,
  });
  return { fileSystem, mountTargets };
}
