/**
 * Apps part of the plan model: turns each app of the spec into an ECS task definition, a service (or an
 * EventBridge schedule), its IAM roles, log group, ALB target group and listener rules, autoscaling and EFS
 * volumes; plus the cluster, the shared ALB with its certificate, and the Cloud Map namespace. Every
 * decision is made here; `stacks/apps*` only renders it.
 */
import type { AppSpec } from '../schema/spec';
import type { CompileContext } from './context';
import type { Decision, ManualStep } from './model';
import { STEP_ORDER } from './steps';
import { PARTITION } from './aws/partition';
import { groupByKey, groupOf } from './security';
import type { SecurityPlan } from './model/security';
import type { NetworkPlan } from './model/network';
import type { RegistryPlan } from './model/registry';
import { repositoryOf } from './registry';
import type { DataPlan } from './model/data';
import type { DnsPlan } from './model/dns';
import { embed, isRef, ref, refId, uniqueValues } from './refs';
import type { Address, Value } from './model/refs';
import { rawShell, sh, shVar, toCommands, word, type ShellText } from './shell';
import { emptyWiring } from './wiring';
import { awsName, fitName, shortHash } from '../schema/facts/aws-names';
import { sizeApp } from './sizing';
import { containerDefinitions, containerSecrets } from './apps/containers';
import {
  efsFileSystemPolicy,
  eventsRoleStatements,
  executionRoleStatements,
  taskRoleStatements,
} from './apps/iam';
import { completeSecretArn, policyJson, trustPolicy, type AccountScope } from './aws/iam';
import { appAddresses, platformAddresses } from './apps/keys';
import { desiredCountOf } from './apps/desired-count';
import {
  ACM_NAMES_PER_CERTIFICATE,
  ALB_HTTP_REDIRECT,
  ALB_NOT_FOUND,
  ALB_SSL_POLICY,
  albIpAddressType,
  certificatePlan,
} from './apps/alb';
import { assignBasePriorities, listenerRules, publicExposure } from '../schema/inventory/listener-rules';
import type {
  AlbPlan,
  AppPlan,
  CapacityProviderWeight,
  AppsPlan,
  EfsPlan,
  ExecAuditPlan,
  RolePlan,
  ScalingPlan,
  ScalingPolicyPlan,
  ServicePlan,
} from './model/apps';

/** EFS mount targets serve NFS on 2049 only. */
const NFS_PORT = 2049;
/** On-demand Fargate alone: every service's strategy without Spot, and the cluster's default (a fresh list each). */
const fargateOnly = (): CapacityProviderWeight[] => [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }];

/**
 * The plans the apps part reads: the VPC, subnets and key, the task security groups, the image repositories,
 * the data tier's wiring, the zones for certificates.
 */
export interface AppsDeps {
  network: NetworkPlan;
  security: SecurityPlan;
  registry: RegistryPlan;
  data: DataPlan;
  dns: DnsPlan;
}

/** Default CPU target when an app scales but names no target. */
export const DEFAULT_CPU_TARGET = 60;

export function compileApps(ctx: CompileContext, deps: AppsDeps): AppsPlan {
  const { spec } = ctx;
  const decisions: Decision[] = [];
  const manualSteps: ManualStep[] = [];
  const plan: AppsPlan = { apps: [], decisions, manualSteps };
  if (spec.apps.length === 0) return plan;

  const privateSubnets = deps.network.privateSubnetIds;
  plan.cluster = {
    name: ctx.prefix,
    address: platformAddresses(ctx).cluster,
    capacityProvidersAddress: platformAddresses(ctx).capacityProviders,
    containerInsights: 'enabled',
    capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    defaultCapacityProviderStrategy: fargateOnly(),
  };
  decisions.push({
    subject: 'apps.cluster.containerInsights',
    choice: 'enabled',
    rule: 'Container Insights on every cluster (task and service metrics); `enhanced` adds per-container metrics at extra cost',
  });
  const execApps = spec.apps.filter((a) => a.deployment.exec).map((a) => a.name);
  if (execApps.length > 0) {
    plan.cluster.execAudit = execAuditPlan(ctx, deps.network);
    decisions.push({
      subject: 'apps.cluster.execAudit',
      choice: `ECS Exec sessions (${execApps.join(', ')}) encrypted with the environment KMS key and logged to ${plan.cluster.execAudit.logGroup.name} (KMS-encrypted, ${EXEC_AUDIT_RETENTION_DAYS} days)`,
      rule: 'a shell in a production task is privileged access: every session is encrypted end to end and its transcript kept as an audit trail (logging OVERRIDE, never the account default)',
    });
  }

  const pushStep = imagePushStep(ctx);
  if (pushStep) manualSteps.push(pushStep);

  if (spec.apps.some((a) => a.expose && 'internal' in a.expose))
    plan.namespace = {
      name: `${ctx.prefix}.local`,
      vpcId: deps.network.vpcId,
      address: platformAddresses(ctx).namespace,
    };

  const publicApps = spec.apps.filter((a) => publicExposure(a) && !a.schedule);
  if (publicApps.length > 0) plan.alb = albPlan(ctx, deps, publicApps, manualSteps, decisions);

  const basePriorities = assignBasePriorities(spec.apps);
  spec.apps.forEach((app) =>
    plan.apps.push(
      compileApp(ctx, deps, app, basePriorities.get(app.name) ?? 0, privateSubnets, decisions, manualSteps),
    ),
  );
  return plan;
}

/** How long ECS Exec session transcripts are kept: an audit trail, so a year. */
export const EXEC_AUDIT_RETENTION_DAYS = 365;

function execAuditPlan(ctx: CompileContext, network: NetworkPlan): ExecAuditPlan {
  return {
    // Outside `/ecs/<prefix>/`, so no app (whatever its name) can own the same log group.
    logGroup: {
      name: `/ecs-exec/${ctx.prefix}`,
      retentionDays: EXEC_AUDIT_RETENTION_DAYS,
      kmsKeyArn: network.kms.arn,
      address: platformAddresses(ctx).execAuditLogGroup,
    },
    sessionKmsKeyArn: network.kms.arn,
    logging: 'OVERRIDE',
    logEncryption: true,
  };
}

/** The spec's account id, or a command substitution that asks the AWS CLI for the caller's. */
function accountIdShell(ctx: CompileContext): ShellText {
  const { accountId } = ctx.spec.aws;
  return accountId
    ? sh`${accountId}`
    : rawShell('$(aws sts get-caller-identity --query Account --output text)');
}

/** The ECR registry host of the spec's account and region (the account may be found at run time). */
function registryHost(ctx: CompileContext): ShellText {
  return sh`${accountIdShell(ctx)}${`.dkr.ecr.${ctx.spec.aws.region}.amazonaws.com`}`;
}

/**
 * The images the task definitions name must be in ECR before the apps stack creates the services, or every
 * task fails with CannotPullContainerError (and, with wait_for_steady_state, the apply fails after its
 * timeout). The registry stack depends on nothing, so it can be applied first and the images pushed.
 */
function imagePushStep(ctx: CompileContext): ManualStep | undefined {
  const images = [
    ...new Set(
      ctx.spec.apps.flatMap((a) =>
        a.containers.flatMap((c) =>
          'repository' in c.image ? [`${c.image.repository}:${c.image.tag ?? 'latest'}`] : [],
        ),
      ),
    ),
  ].sort();
  if (images.length === 0) return undefined;
  const region = ctx.spec.aws.region;
  return {
    order: STEP_ORDER.pushImages,
    title: 'Push the app images to ECR before applying the apps stack',
    detail:
      `Apply the registry stack (${ctx.prefix}-registry) first, then push every image the task definitions name ` +
      `(${images.join(', ')}), then apply the apps stack (or the app stacks). ECS cannot start a task whose ` +
      'image is missing (CannotPullContainerError); the services wait for steady state, so such an apply fails ' +
      'instead of reporting success. Each local image is expected under its repository name and tag (build or ' +
      'pull it first); the registry stack output `repository_urls` lists the same repository URLs. Tags are ' +
      'immutable: push a new tag for a new build.',
    commands: toCommands([
      sh`REGISTRY=${registryHost(ctx)}`,
      sh`aws ecr get-login-password --region ${region} | docker login --username AWS --password-stdin ${shVar('REGISTRY')}`,
      ...images.flatMap((image) => [
        sh`docker tag ${image} ${word(shVar('REGISTRY'), `/${image}`)}`,
        sh`docker push ${word(shVar('REGISTRY'), `/${image}`)}`,
      ]),
    ]),
  };
}

function albPlan(
  ctx: CompileContext,
  { dns, network, security }: AppsDeps,
  publicApps: AppSpec[],
  manualSteps: ManualStep[],
  decisions: Decision[],
): AlbPlan {
  const ipAddress = albIpAddressType(ctx.spec);
  if (ipAddress.decision) decisions.push(ipAddress.decision);
  const certificate = certificatePlan(dns, publicApps);
  const names = 1 + certificate.subjectAlternativeNames.length;
  if (names > ACM_NAMES_PER_CERTIFICATE)
    manualSteps.push({
      order: STEP_ORDER.raiseCertificateNameQuota,
      title: 'Raise the ACM names-per-certificate quota',
      detail: `The certificate covers ${names} names; ACM allows ${ACM_NAMES_PER_CERTIFICATE} by default. Request a quota increase (ACM "Domain names per ACM certificate") before applying.`,
    });
  if (certificate.manualHostnames.length > 0)
    manualSteps.push({
      order: STEP_ORDER.validateCertificateByHand,
      title: 'Create the certificate validation records by hand',
      detail: `DNS for ${certificate.manualHostnames.join(', ')} is not in Route 53, so dropship cannot validate the certificate. While the apps stack applies (it waits at aws_acm_certificate_validation), create the CNAME records listed in the stack output \`certificate_validation_records\` at your DNS provider.`,
      commands: toCommands([sh`terraform output -json certificate_validation_records`]),
    });
  const doHosted = certificate.validations
    .map((v) => dns.zones.find((z) => z.domain === v.domain))
    .filter((z) => z?.mode === 'create')
    .map((z) => z!.domain);
  if (doHosted.length > 0)
    manualSteps.push({
      order: STEP_ORDER.switchNameserversForCertificate,
      title: 'Switch nameservers before the certificate can validate',
      detail: `The validation records for ${[...new Set(doHosted)].join(', ')} go into the new Route 53 zone, which ACM only sees once the domain's nameservers point to Route 53 (dns stack outputs). Switch them before applying the apps stack, or its apply waits at aws_acm_certificate_validation.`,
    });
  return {
    name: awsName('alb', ctx.prefix),
    address: platformAddresses(ctx).alb,
    httpsListenerAddress: platformAddresses(ctx).httpsListener,
    internal: false,
    subnets: [...network.publicSubnetIds],
    securityGroups: [groupOf(security, 'alb').id],
    dropInvalidHeaderFields: true,
    deletionProtection: ctx.production,
    idleTimeout: ctx.spec.aws.loadBalancer.idleTimeout,
    ipAddressType: ipAddress.type,
    ...(ctx.spec.aws.loadBalancer.accessLogs
      ? { accessLogs: { ...ctx.spec.aws.loadBalancer.accessLogs } }
      : {}),
    sslPolicy: ALB_SSL_POLICY,
    certificate,
    httpRedirect: { ...ALB_HTTP_REDIRECT },
    notFound: { ...ALB_NOT_FOUND },
  };
}

function role(
  name: string,
  description: string,
  service: string,
  scope: AccountScope,
  address: Address<'aws_iam_role'>,
): RolePlan {
  return {
    name,
    description,
    assumeRolePolicyJson: trustPolicy(service, scope),
    policyName: 'least-privilege',
    address,
  };
}

/** Containers that receive the data wiring: all, except a front proxy that only forwards to a sibling. */
function wiredContainers(app: AppSpec): Set<string> {
  const front = publicExposure(app)?.container;
  const names = app.containers.map((c) => c.name);
  if (app.containers.length > 1 && front) return new Set(names.filter((n) => n !== front));
  return new Set(names);
}

function compileApp(
  ctx: CompileContext,
  deps: AppsDeps,
  app: AppSpec,
  basePriority: number,
  privateSubnets: Value<'aws_subnet'>[],
  decisions: Decision[],
  manualSteps: ManualStep[],
): AppPlan {
  const { spec } = ctx;
  const keys = appAddresses(ctx, app.name);
  const platform = platformAddresses(ctx);
  const scope: AccountScope = { region: spec.aws.region, accountId: spec.aws.accountId };
  const kmsArn = deps.network.kms.arn;
  const { key: appSgKey, id: appSg } = groupOf(deps.security, 'app', app.name);
  // Its own group plus the shared ones (apps, internal): see compiler/security.ts.
  const taskSgs = deps.security.taskSecurityGroups[app.name].map((key) => groupByKey(deps.security, key).id);
  const family = awsName('ecs', ctx.prefix, app.name);

  const sizing = sizeApp(app, spec.digitalocean.droplets);
  decisions.push(sizing.decision);

  const logGroupName = `/ecs/${ctx.prefix}/${app.name}`;
  const wiring = deps.data.wiring?.[app.name] ?? emptyWiring();
  const wired = wiredContainers(app);
  if (wiring.environment.length + wiring.secrets.length > 0)
    decisions.push({
      subject: `apps.${app.name}.wiring`,
      choice: [...wired].join(', '),
      rule: 'database/cache settings go to every container except a front proxy that forwards to a sibling',
    });

  // Execution role: what ECS needs to start the task.
  const repositories = uniqueValues(
    app.containers.flatMap((c) =>
      'repository' in c.image ? [repositoryOf(deps.registry, c.image.repository).arn] : [],
    ),
  );
  const containerSecretArns = app.containers.flatMap((c) =>
    containerSecrets(c, deps.data).map((s) => s.valueFrom.secretArn),
  );
  // An existing secret's ARN is known here: IAM gets it literally, completed when given without its suffix.
  const existingArn = new Map(
    deps.data.secrets.filter((s) => s.existingArn).map((s) => [refId(s.arn), s.existingArn!] as const),
  );
  const secretArns = [...(wired.size > 0 ? wiring.secretArns : []), ...containerSecretArns].map((arn) =>
    isRef(arn) && existingArn.has(refId(arn)) ? completeSecretArn(existingArn.get(refId(arn))!) : arn,
  );
  const executionRole = role(
    awsName('iamRole', ctx.prefix, app.name, 'execution'),
    `ECS execution role of ${app.name}: image pull, logs and its secrets`,
    'ecs-tasks.amazonaws.com',
    scope,
    keys.addresses.executionRole,
  );
  executionRole.policyJson = policyJson(
    executionRoleStatements({
      repositoryArns: repositories,
      logGroupArn: keys.logGroupArn,
      secretArns,
      kmsKeyArns: [kmsArn, ...wiring.kmsKeyArns],
      region: spec.aws.region,
    }),
  );

  // EFS volumes taking over DigitalOcean volumes.
  const efs: EfsPlan[] = app.volumes.map((v) => {
    const k = keys.efs(v.name);
    const container = app.containers.find((c) => c.name === v.container);
    const owner = /^(\d+)(?::(\d+))?$/.exec(container?.user ?? '');
    const uid = owner ? Number(owner[1]) : 1000;
    const gid = owner ? Number(owner[2] ?? owner[1]) : 1000;
    const source = spec.digitalocean.volumes.find((d) => d.name === v.from);
    const outputBase = `efs_${app.name}_${v.name}`.replace(/[^a-zA-Z0-9_]/g, '_');
    const outputs = {
      fileSystemId: `${outputBase}_file_system_id`,
      accessPointId: `${outputBase}_access_point_id`,
    };
    decisions.push({
      subject: `apps.${app.name}.volumes.${v.name}`,
      choice: `EFS file system (KMS-encrypted, elastic throughput, TLS + IAM via an access point as uid ${uid}:${gid}) mounted at ${v.mountPath} in ${v.container}`,
      rule: 'a Fargate task has no block storage that outlives it; EFS is the shared, durable file system every task mounts',
      from: source
        ? `DigitalOcean volume ${source.name} (${source.sizeGb} GB${source.droplet ? ` on ${source.droplet}` : ''}${source.mountPath ? ` at ${source.mountPath}` : ''})`
        : undefined,
    });
    if (source) {
      const droplet = source.droplet
        ? spec.digitalocean.droplets.find((d) => d.name === source.droplet)
        : undefined;
      const dropletAddress = droplet?.ipv4.public ? ` (${droplet.ipv4.public} in the inventory)` : '';
      const fs = shVar('FS');
      const efsPolicy = (file: string) =>
        sh`aws efs put-file-system-policy --file-system-id ${fs} --policy ${`file://${file}`}`;
      manualSteps.push({
        order: STEP_ORDER.copyVolumes,
        title: `Copy volume ${source.name} to EFS (${app.name}/${v.name})`,
        detail:
          `Launch a temporary instance in a private subnet with two security groups: the app's (the only one the EFS mount targets admit) and one that allows outbound SSH to the droplet. ` +
          `The file system policy admits only the app's task role (through the access point, over TLS) and denies every other principal, so for the copy add the instance's role to it, ` +
          `keep dropship's policy to restore, and restore it right after the last copy (a later apply of the apps stack would restore it too). ` +
          `Pull the data once ahead of time and again just before the cutover; files are written as uid ${uid}:${gid} (the access point's user). Terminate the instance afterwards. ` +
          `On the instance, set COPY_ROLE_NAME to the name of its IAM role and DROPLET_IP to the address of ${source.droplet ? `the droplet ${source.droplet}${dropletAddress}` : 'the droplet the volume is attached to'} before the commands.`,
        commands: toCommands([
          sh`FS=$(terraform output -raw ${outputs.fileSystemId}); AP=$(terraform output -raw ${outputs.accessPointId})`,
          sh`COPY_ROLE=arn:${PARTITION}:iam::${accountIdShell(ctx)}:role/${shVar('COPY_ROLE_NAME', 'set COPY_ROLE_NAME to the name of the copy instance role')}`,
          sh`aws efs describe-file-system-policy --file-system-id ${fs} --query Policy --output text > efs-policy-dropship.json`,
          sh`jq --arg r "$COPY_ROLE" '(.Statement[] | select(.Sid == "DenyOtherPrincipals") | .Condition.ArnNotEquals["aws:PrincipalArn"]) |= ([.] | flatten) + [$r] | .Statement += [.Statement[] | select(.Sid == "AppTaskRoleViaAccessPoint") | .Sid = "TemporaryDataCopy" | .Principal.AWS = [$r] | .Action = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]]' efs-policy-dropship.json > efs-policy-copy.json`,
          efsPolicy('efs-policy-copy.json'),
          sh`sudo mount -t efs -o ${word('tls,iam,accesspoint=', shVar('AP'))} ${word(shVar('FS'), ':/')} /mnt/efs`,
          // --protect-args: the remote path reaches the droplet's rsync through the protocol, never its shell
          // (rsync before 3.2.4 hands it to the remote shell as it is).
          sh`rsync -aH --delete --numeric-ids --protect-args ${`--chown=${uid}:${gid}`} -e ssh root@${shVar('DROPLET_IP', 'set DROPLET_IP to the address of the droplet')}:${`${source.mountPath ?? '/mnt/' + source.name}/`} /mnt/efs/`,
          efsPolicy('efs-policy-dropship.json'),
        ]),
      });
    }
    return {
      volume: v.name,
      name: fitName([ctx.prefix, app.name, v.name], 256),
      creationToken: fitName([ctx.prefix, app.name, v.name], 64),
      encrypted: true,
      kmsKeyArn: kmsArn,
      // General Purpose: the lowest latency, which web apps' small files want; Elastic throughput scales
      // with use and is billed per use, without provisioning or a burst-credit balance to run out.
      performanceMode: 'generalPurpose',
      throughputMode: 'elastic',
      vpcId: deps.network.vpcId,
      subnets: [...privateSubnets],
      securityGroup: {
        key: `efs-${app.name}-${v.name}`,
        name: awsName('securityGroup', ctx.prefix, app.name, v.name, 'efs'),
        description: `NFS to the ${v.name} file system of ${app.name}, from its tasks only`,
      },
      appSecurityGroup: appSg,
      nfs: {
        from: appSgKey,
        port: NFS_PORT,
        ingressDescription: `NFS from ${app.name} tasks`,
        egressDescription: `NFS to the ${v.name} file system`,
        reason: `${app.name} mounts its ${v.name} volume (EFS, TLS); no other group reaches the mount targets`,
      },
      accessPoint: { path: `/${v.name}`, uid, gid, permissions: '0750' },
      policyJson: efsFileSystemPolicy({
        taskRoleArn: keys.taskRoleArn,
        fileSystemArn: k.fileSystemArn,
        accessPointArn: k.accessPointArn,
        readOnly: v.readOnly,
      }),
      backup: ctx.production,
      preventDestroy: ctx.production,
      outputs,
      fileSystemAddress: keys.addresses.efs(v.name).fileSystem,
      accessPointAddress: keys.addresses.efs(v.name).accessPoint,
    };
  });

  // Task role: the app's own permissions, none by default.
  const taskRole = role(
    awsName('iamRole', ctx.prefix, app.name, 'task'),
    `ECS task role of ${app.name}: the app's own AWS permissions`,
    'ecs-tasks.amazonaws.com',
    scope,
    keys.addresses.taskRole,
  );
  const taskStatements = taskRoleStatements({
    specStatements: app.taskRole?.statements ?? [],
    exec: app.deployment.exec,
    execAudit: app.deployment.exec
      ? { logGroupArn: ref(platformAddresses(ctx).execAuditLogGroup, 'arn'), kmsKeyArn: kmsArn, scope }
      : undefined,
    efs: app.volumes.map((v) => ({
      fileSystemArn: keys.efs(v.name).fileSystemArn,
      accessPointArn: keys.efs(v.name).accessPointArn,
      readOnly: v.readOnly,
    })),
  });
  if (taskStatements.length > 0) taskRole.policyJson = policyJson(taskStatements);

  const containers = containerDefinitions({
    app,
    region: spec.aws.region,
    logGroupName,
    wiring,
    registry: deps.registry,
    data: deps.data,
    wiredContainers: wired,
  });

  const plan: AppPlan = {
    name: app.name,
    kind: app.schedule ? 'scheduled' : 'service',
    tags: { app: app.name },
    size: sizing.size,
    logGroup: {
      name: logGroupName,
      retentionDays: app.logRetentionDays,
      kmsKeyArn: kmsArn,
      address: keys.addresses.logGroup,
    },
    executionRole,
    taskRole,
    taskDefinition: {
      family,
      cpu: String(sizing.size.cpu),
      memory: String(sizing.size.memory),
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpuArchitecture: app.architecture === 'arm64' ? 'ARM64' : 'X86_64',
      operatingSystemFamily: 'LINUX',
      executionRoleArn: keys.executionRoleArn,
      taskRoleArn: keys.taskRoleArn,
      containerDefinitionsJson: JSON.stringify(containers),
      volumes: app.volumes.map((v) => ({
        name: v.name,
        fileSystemId: keys.efs(v.name).fileSystemId,
        accessPointId: keys.efs(v.name).accessPointId,
        transitEncryption: 'ENABLED',
        iamAuthorization: 'ENABLED',
      })),
      address: keys.addresses.taskDefinition,
    },
    listenerRules: [],
    efs,
  };

  const ciOwnsImage = app.deployment.imageTagMode === 'ci';
  if (app.schedule) {
    const eventsRole = role(
      awsName('iamRole', ctx.prefix, app.name, 'events'),
      `EventBridge role that runs the ${app.name} task on its schedule`,
      'events.amazonaws.com',
      scope,
      keys.addresses.eventsRole,
    );
    eventsRole.policyJson = policyJson(
      eventsRoleStatements({
        taskDefinitionArnWithoutRevision: keys.taskDefinitionArnWithoutRevision,
        clusterArn: ref(platform.cluster, 'arn'),
        clusterName: ctx.prefix,
        passRoleArns: [keys.executionRoleArn, keys.taskRoleArn],
        scope,
      }),
    );
    plan.schedule = {
      ruleName: fitName([ctx.prefix, app.name], 64),
      expression: app.schedule,
      description: `Runs ${app.name} (${app.schedule})`,
      role: eventsRole,
      clusterArn: ref(platform.cluster, 'arn'),
      // ci mode: the family ARN without revision runs the latest revision CI registered.
      taskDefinitionArn: ciOwnsImage ? keys.taskDefinitionArnWithoutRevision : keys.taskDefinitionArn,
      subnets: [...privateSubnets],
      securityGroups: taskSgs,
      // One task per firing on Fargate's latest platform, tagged like the task definition.
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      taskCount: 1,
      propagateTags: 'TASK_DEFINITION',
      enableEcsManagedTags: true,
      // Private subnets behind NAT, like the services' tasks.
      assignPublicIp: false,
    };
    return plan;
  }

  // CI registers newer revisions, which the service runs; Terraform must not deregister them when it
  // replaces its own (the service ignores task_definition below).
  if (ciOwnsImage) plan.taskDefinition.skipDestroy = true;
  const exposure = publicExposure(app);
  if (exposure) {
    const container = app.containers.find((c) => c.name === exposure.container);
    const protocolVersion =
      container?.appProtocol === 'grpc' ? 'GRPC' : container?.appProtocol === 'http2' ? 'HTTP2' : 'HTTP1';
    plan.targetGroup = {
      name: awsName('targetGroup', ctx.prefix, app.name, shortHash(`${exposure.port}/${protocolVersion}`, 4)),
      createBeforeDestroy: true,
      port: exposure.port,
      protocolVersion,
      // The tasks run on Fargate (awsvpc), which registers them by IP only.
      targetType: 'ip',
      vpcId: deps.network.vpcId,
      healthCheck: {
        path: exposure.healthCheckPath ?? '/',
        // gRPC health checks answer gRPC status codes, not HTTP ones: 0 (OK) unless the spec says otherwise.
        matcher:
          container?.appProtocol === 'grpc' && exposure.healthyCodes === '200-399'
            ? '0'
            : exposure.healthyCodes,
        interval: 15,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
      deregistrationDelay: exposure.deregistrationDelay,
      address: keys.addresses.targetGroup,
      listenerArn: ref(platform.httpsListener, 'arn'),
    };
    plan.listenerRules = listenerRules(exposure, basePriority);
    decisions.push({
      subject: `apps.${app.name}.listenerRules`,
      choice: plan.listenerRules
        .map((r) => `${r.priority}: ${r.hosts.join(' ')} ${r.paths.join(' ')}`)
        .join('; '),
      rule:
        exposure.priority !== undefined
          ? 'priority from expose.public.priority; at most 5 host/path values per rule'
          : '100 × position among the public apps (+30000 when the only path is /*, so specific paths match first); at most 5 host/path values per rule',
    });
  }
  const internal = app.expose && 'internal' in app.expose ? app.expose.internal : undefined;
  if (internal) {
    // 10 s: callers re-resolve soon after a task is replaced. MULTIVALUE: every healthy task answers, not one.
    plan.discovery = {
      name: app.name,
      address: keys.addresses.discovery,
      namespaceId: ref(platform.namespace, 'id'),
      ttl: 10,
      routingPolicy: 'MULTIVALUE',
    };
    decisions.push({
      subject: `apps.${app.name}.discovery`,
      choice: `${app.name}.${ctx.prefix}.local:${internal.port}`,
      rule: 'internal apps are found through Cloud Map private DNS (A records of the tasks) in the VPC',
    });
  }

  const { count: desiredCount, rule: desiredCountRule } = desiredCountOf(app);
  decisions.push({
    subject: `apps.${app.name}.desiredCount`,
    choice: `${desiredCount} task${desiredCount === 1 ? '' : 's'}`,
    rule: desiredCountRule,
  });
  const ignoreChanges: ServicePlan['ignoreChanges'] = [];
  if (app.scaling) ignoreChanges.push('desired_count');
  if (ciOwnsImage) ignoreChanges.push('task_definition');
  const service: ServicePlan = {
    name: app.name,
    clusterArn: ref(platform.cluster, 'arn'),
    taskDefinitionArn: keys.taskDefinitionArn,
    desiredCount,
    minHealthyPercent: app.deployment.minHealthyPercent,
    maxPercent: app.deployment.maxPercent,
    enableExecuteCommand: app.deployment.exec,
    waitForSteadyState: !ciOwnsImage,
    capacityProviderStrategy: fargateOnly(),
    forceNewDeployment: true,
    circuitBreaker: { enable: true, rollback: true },
    propagateTags: 'SERVICE',
    enableEcsManagedTags: true,
    subnets: [...privateSubnets],
    securityGroups: taskSgs,
    assignPublicIp: false,
    ignoreChanges,
    address: keys.addresses.service,
  };
  decisions.push({
    subject: `apps.${app.name}.waitForSteadyState`,
    choice: ciOwnsImage ? 'false (CI waits for its own rollouts)' : 'true',
    rule: ciOwnsImage
      ? 'imageTagMode ci: CI deploys the revisions and should gate on `aws ecs wait services-stable`; Terraform ignores the revision, so waiting would tie infrastructure applies to CI rollouts'
      : 'imageTagMode pinned: Terraform deploys the revision, so the apply waits until the rollout is steady and fails when tasks cannot start (missing image, failing health checks, circuit breaker rollback) instead of reporting success',
  });
  const spot = app.deployment.spot;
  if (spot && spot.fargate + spot.fargateSpot > 0) {
    // One on-demand task stays as the base whenever on-demand has a weight: Spot interruptions never take
    // the whole service down.
    service.capacityProviderStrategy = [
      { capacityProvider: 'FARGATE', weight: spot.fargate, base: spot.fargate > 0 ? 1 : 0 },
      { capacityProvider: 'FARGATE_SPOT', weight: spot.fargateSpot, base: 0 },
    ];
    decisions.push({
      subject: `apps.${app.name}.capacityProviders`,
      choice: `FARGATE weight ${spot.fargate}${spot.fargate > 0 ? ' (base 1)' : ''}, FARGATE_SPOT weight ${spot.fargateSpot}`,
      rule: 'weights from deployment.spot; one on-demand task as base so a Spot reclaim never empties the service',
    });
  }
  if (exposure) {
    service.healthCheckGracePeriodSeconds = app.deployment.healthCheckGracePeriod;
    service.loadBalancer = {
      targetGroupArn: keys.targetGroupArn,
      containerName: exposure.container,
      containerPort: exposure.port,
    };
  }
  if (plan.discovery) service.serviceRegistryArn = keys.discoveryArn;
  plan.service = service;
  if (app.scaling) plan.scaling = scalingPlan(ctx, app, keys, Boolean(exposure));
  return plan;
}

function scalingPlan(
  ctx: CompileContext,
  app: AppSpec,
  keys: ReturnType<typeof appAddresses>,
  isPublic: boolean,
): ScalingPlan {
  const scaling = app.scaling!;
  const policies: ScalingPolicyPlan[] = [];
  const policy = (
    suffix: string,
    metric: ScalingPolicyPlan['metric'],
    target: number,
    resourceLabel?: string,
  ) =>
    policies.push({
      name: awsName('appAutoscalingPolicy', ctx.prefix, app.name, suffix),
      metric,
      target,
      ...(resourceLabel ? { resourceLabel } : {}),
      scaleInCooldown: 300,
      scaleOutCooldown: 60,
    });
  const requests = isPublic ? scaling.requestsPerTarget : undefined;
  if (scaling.cpuTarget !== undefined || (scaling.memoryTarget === undefined && requests === undefined))
    policy('cpu', 'ECSServiceAverageCPUUtilization', scaling.cpuTarget ?? DEFAULT_CPU_TARGET);
  if (scaling.memoryTarget !== undefined)
    policy('memory', 'ECSServiceAverageMemoryUtilization', scaling.memoryTarget);
  if (requests !== undefined)
    policy(
      'requests',
      'ALBRequestCountPerTarget',
      requests,
      `${embed(ref(platformAddresses(ctx).alb, 'arn_suffix'))}/${embed(keys.targetGroupArnSuffix)}`,
    );
  return {
    min: scaling.min,
    max: scaling.max,
    resourceId: `service/${embed(ref(platformAddresses(ctx).capacityProviders, 'cluster_name'))}/${embed(keys.serviceName)}`,
    policies,
  };
}
