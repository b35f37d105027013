/**
 * The apps part of the plan model: the ECS cluster, the shared ALB, and per app its task definition,
 * service (or schedule), roles, log group, target group, scaling and EFS volumes. Strings that contain
 * references (`…Json`, resource ids) embed them with `compiler/refs.ts`; everything else is a literal
 * or a `Value`.
 */
import type { Decision, ManualStep } from './record';
import type { Address, Ref, Value } from './refs';
import type { ListenerRule } from '../../schema/inventory/listener-rules';
import type { ElbLogWriter } from '../../schema/facts/elb-log-delivery';

export interface PortMapping {
  containerPort: number;
  hostPort: number;
  protocol: 'tcp' | 'udp';
  name: string;
  appProtocol?: 'http' | 'http2' | 'grpc';
}

export interface ContainerDefinition {
  name: string;
  image: string;
  /** A private registry's login: the ARN of the Secrets Manager secret holding it. */
  repositoryCredentials?: { credentialsParameter: string };
  essential: boolean;
  cpu?: number;
  memory?: number;
  command?: string[];
  entryPoint?: string[];
  workingDirectory?: string;
  user?: string;
  portMappings: PortMapping[];
  environment: { name: string; value: string }[];
  secrets: { name: string; valueFrom: string }[];
  mountPoints: { sourceVolume: string; containerPath: string; readOnly: boolean }[];
  volumesFrom: never[];
  healthCheck?: {
    command: string[];
    interval: number;
    timeout: number;
    retries: number;
    startPeriod: number;
  };
  dependsOn?: { containerName: string; condition: 'START' | 'COMPLETE' | 'SUCCESS' | 'HEALTHY' }[];
  readonlyRootFilesystem: boolean;
  linuxParameters?: { initProcessEnabled: boolean };
  logConfiguration: { logDriver: 'awslogs'; options: Record<string, string> };
}

export interface RolePlan {
  name: string;
  description: string;
  /** Trust policy JSON. */
  assumeRolePolicyJson: string;
  /** Inline policy name and JSON (with embedded references); absent when the role needs nothing. */
  policyName: string;
  policyJson?: string;
  /** Reference key the renderer registers for the role ARN. */
  /** `aws_iam_role.<app>-<execution|task|events>-role`. */
  address: Address<'aws_iam_role'>;
  /** AWS managed policies attached to the role (the CodeDeploy role's AWSCodeDeployRoleForECS). */
  managedPolicyArns?: string[];
}

export interface LogGroupPlan {
  name: string;
  retentionDays: number;
  kmsKeyArn: Value;
  /** `aws_cloudwatch_log_group.<app>-logs`, or the platform's `exec-audit-logs`. */
  address: Address<'aws_cloudwatch_log_group'>;
}

export interface TaskVolumePlan {
  name: string;
  fileSystemId: Value;
  accessPointId: Value;
  /** TLS to the mount targets, and the task role's IAM identity at the access point (the file system policy requires both). */
  transitEncryption: 'ENABLED';
  iamAuthorization: 'ENABLED';
}

export interface TaskDefinitionPlan {
  family: string;
  /** Terraform takes task cpu/memory as strings. */
  cpu: string;
  memory: string;
  networkMode: 'awsvpc';
  requiresCompatibilities: ['FARGATE'];
  cpuArchitecture: 'X86_64' | 'ARM64';
  operatingSystemFamily: 'LINUX';
  executionRoleArn: Value;
  taskRoleArn: Value;
  /** The ECS `containerDefinitions` JSON, built here (references embedded). */
  containerDefinitionsJson: string;
  volumes: TaskVolumePlan[];
  /**
   * Terraform never deregisters the revision it replaces: set for a service whose revisions CI owns
   * (imageTagMode ci, where the service ignores `task_definition`), so CI's deployments keep their revision.
   */
  skipDestroy?: true;
  /** `aws_ecs_task_definition.<app>-task`. */
  address: Address<'aws_ecs_task_definition'>;
}

export interface CapacityProviderWeight {
  capacityProvider: 'FARGATE' | 'FARGATE_SPOT';
  weight: number;
  base: number;
}

export interface ServicePlan {
  name: string;
  clusterArn: Value;
  taskDefinitionArn: Value;
  desiredCount: number;
  /**
   * Always a capacity-provider strategy (FARGATE alone without Spot), never a launch type: moving between
   * the two replaces the service (every task stops), while a change of weights is an in-place update.
   */
  capacityProviderStrategy: CapacityProviderWeight[];
  /**
   * A new deployment with each in-place update, which ECS requires for a change of strategy. Absent under
   * CodeDeploy, whose services ECS updates only through a CodeDeploy deployment.
   */
  forceNewDeployment?: true;
  /**
   * `CODE_DEPLOY` for a blue/green service (ECS's default, `ECS`, is left unset: the rolling service's
   * Terraform stays as it was). A change of controller replaces the service.
   */
  deploymentController?: 'CODE_DEPLOY';
  /**
   * The service is created before the one it replaces is destroyed (a blue/green service, which also has a
   * name of its own, `<app>-bg`, so both exist at once while rolling → blue-green replaces it).
   */
  createBeforeDestroy?: true;
  minHealthyPercent: number;
  maxPercent: number;
  /** Only for services behind a load balancer (ECS rejects it otherwise). */
  healthCheckGracePeriodSeconds?: number;
  enableExecuteCommand: boolean;
  /** Terraform waits for the rollout to reach steady state (a failed rollout fails the apply). */
  waitForSteadyState: boolean;
  /**
   * A deployment whose tasks keep failing stops and rolls back to the last working revision. ECS's own
   * controller only: under CodeDeploy the deployment group's auto-rollback does it.
   */
  circuitBreaker?: { enable: true; rollback: true };
  propagateTags: 'SERVICE';
  enableEcsManagedTags: true;
  subnets: Value[];
  securityGroups: Value[];
  assignPublicIp: false;
  loadBalancer?: { targetGroupArn: Value; containerName: string; containerPort: number };
  serviceRegistryArn?: Value;
  /** Attributes Terraform leaves alone after creation (autoscaling owns the count, CI the revision). */
  ignoreChanges: ('desired_count' | 'task_definition' | 'load_balancer')[];
  /**
   * Where Terraform deploys the revision (task_definition not ignored): a postcondition that after the apply
   * the service runs the task definition this apply registered (`self.task_definition ==
   * aws_ecs_task_definition.<app>-task.arn`). wait_for_steady_state counts a service the circuit breaker
   * rolled back to the previous revision as steady (provider 5.100); this fails that apply. Never where
   * task_definition is ignored: the state then holds CI's revision and every plan would fail. The message
   * is written as it is (a lifecycle block is not escaped): dropship's text and the app's name only.
   */
  runsRegisteredRevision?: { errorMessage: string };
  /** `aws_ecs_service.<app>-service`. */
  address: Address<'aws_ecs_service'>;
}

export interface TargetGroupPlan {
  /** Carries a hash of what forces a new group (port, protocol version): a change creates the new one beside it. */
  name: string;
  /**
   * The new group exists before the old one goes: deleting first fails while a listener rule still forwards
   * to the old group (AWS: ResourceInUse).
   */
  createBeforeDestroy: true;
  port: number;
  protocolVersion: 'HTTP1' | 'HTTP2' | 'GRPC';
  /** Fargate tasks (awsvpc) register by their network interface's IP: the only target type they allow. */
  targetType: 'ip';
  vpcId: Value;
  healthCheck: {
    path: string;
    matcher: string;
    interval: number;
    timeout: number;
    healthyThreshold: number;
    unhealthyThreshold: number;
  };
  deregistrationDelay: number;
  /** `aws_lb_target_group.<app>-target-group`. */
  address: Address<'aws_lb_target_group'>;
  /** The ALB's HTTPS listener, which the app's listener rules attach to. */
  listenerArn: Ref<'aws_lb_listener'>;
}

/** A listener rule of an app (schema/inventory/listener-rules.ts numbers them). */
export type ListenerRulePlan = ListenerRule;

export interface ScalingPolicyPlan {
  name: string;
  metric:
    'ECSServiceAverageCPUUtilization' | 'ECSServiceAverageMemoryUtilization' | 'ALBRequestCountPerTarget';
  target: number;
  /** `<alb arn_suffix>/<target group arn_suffix>` for ALBRequestCountPerTarget (references embedded). */
  resourceLabel?: string;
  scaleInCooldown: number;
  scaleOutCooldown: number;
}

export interface ScalingPlan {
  min: number;
  max: number;
  /** `service/<cluster>/<service>` (references embedded, so the target depends on the service). */
  resourceId: string;
  policies: ScalingPolicyPlan[];
}

export interface SchedulePlan {
  ruleName: string;
  expression: string;
  description: string;
  role: RolePlan;
  clusterArn: Value;
  /** Pinned mode: the exact revision; ci mode: the family ARN without revision (latest ACTIVE). */
  taskDefinitionArn: Value;
  subnets: Value[];
  securityGroups: Value[];
  launchType: 'FARGATE';
  platformVersion: string;
  taskCount: number;
  propagateTags: 'TASK_DEFINITION';
  enableEcsManagedTags: true;
  assignPublicIp: false;
}

export interface EfsPlan {
  volume: string;
  name: string;
  creationToken: string;
  /** Encrypted at rest with `kmsKeyArn` (only possible at creation); in transit, tasks mount with TLS (TaskVolumePlan). */
  encrypted: true;
  kmsKeyArn: Value;
  performanceMode: 'generalPurpose';
  throughputMode: 'elastic';
  vpcId: Value;
  subnets: Value[];
  /**
   * The mount targets' security group. Unlike every other group it lives in the app's stack, with the file
   * system it guards, so it comes and goes with the volume. `key` names it in the plan's security graph.
   */
  securityGroup: { key: string; name: string; description: string };
  appSecurityGroup: Value;
  /**
   * The one path to the file system: NFS from the app's tasks (`from`, the app's group key), rendered as an
   * ingress rule on the EFS group and an egress rule on the app's group. `reason` explains the edge.
   */
  nfs: { from: string; port: number; ingressDescription: string; egressDescription: string; reason: string };
  accessPoint: { path: string; uid: number; gid: number; permissions: string };
  /** File system policy JSON (references embedded): only the task role, via the access point, TLS only. */
  policyJson: string;
  backup: boolean;
  /** Terraform refuses to destroy it (production): the droplet volume's files would go with it. */
  preventDestroy: boolean;
  /** Terraform output names of the file system and access point ids (the data copy step reads them). */
  outputs: { fileSystemId: string; accessPointId: string };
  /** `aws_efs_file_system.<app>-<volume>-efs`. */
  fileSystemAddress: Address<'aws_efs_file_system'>;
  /** `aws_efs_access_point.<app>-<volume>-efs-access-point`. */
  accessPointAddress: Address<'aws_efs_access_point'>;
}

/**
 * CodeDeploy's blue/green for ECS (`deployment.strategy: blue-green`): a second target group, a test
 * listener, the CodeDeploy application, deployment group and service role. CodeDeploy then owns the
 * service's task definition and load balancer, and the forward target of the app's listener rules.
 */
export interface BlueGreenPlan {
  /** The target group the replacement task set registers with; the two swap roles at each deployment. */
  greenTargetGroup: TargetGroupPlan;
  /** CodeDeploy rewrites the forward action of the app's listener rules (and the test listener's default). */
  listenerRuleIgnoreChanges: ['action'];
  testListener: {
    port: number;
    /** IPv4 ranges the ALB admits on `port` (security plan); empty: nobody outside. */
    allowedCidrs: string[];
    loadBalancerArn: Ref<'aws_lb'>;
    /** The certificate of the app's first hostname's domain: the listener's default. */
    certificateArn: Ref<'aws_acm_certificate_validation'>;
    /**
     * The certificates of the app's other hostnames' domains (one per domain), attached to the test listener
     * as to the production one (`aws_lb_listener_certificate`), so a test request to any of the app's
     * hostnames gets its own domain's certificate by SNI. `id`: `<app>-test-listener-certificate_<domain>`.
     */
    additionalCertificates: {
      id: string;
      certificateArn: Ref<'aws_acm_certificate_validation'>;
      createBeforeDestroy: true;
    }[];
    sslPolicy: string;
    /** Forwards to the blue target group at creation; CodeDeploy moves it afterwards. */
    defaultTargetGroupArn: Ref<'aws_lb_target_group'>;
    ignoreChanges: ['default_action'];
    /** `aws_lb_listener.<app>-test-listener`. */
    address: Address<'aws_lb_listener'>;
  };
  /** Trusts codedeploy.amazonaws.com; AWS's managed AWSCodeDeployRoleForECS policy. */
  role: RolePlan;
  application: {
    name: string;
    computePlatform: 'ECS';
    /** `aws_codedeploy_app.<app>-codedeploy`. */
    address: Address<'aws_codedeploy_app'>;
  };
  deploymentGroup: {
    name: string;
    /** All traffic moves at once after the replacement passes its health checks. */
    deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce';
    deploymentType: 'BLUE_GREEN';
    deploymentOption: 'WITH_TRAFFIC_CONTROL';
    /** Traffic moves as soon as the replacement is ready (no manual approval). */
    actionOnTimeout: 'CONTINUE_DEPLOYMENT';
    /** The original task set is terminated this long after the traffic moved: the bake time. */
    terminationWaitMinutes: number;
    /** The old (blue) tasks are stopped once the bake time has passed: CodeDeploy's TERMINATE. */
    blueAfterBake: 'TERMINATE';
    autoRollbackEvents: ('DEPLOYMENT_FAILURE' | 'DEPLOYMENT_STOP_ON_ALARM')[];
    /** The app's alarms, which stop and roll back a deployment; empty with aws.alarms.enabled false. */
    alarmNames: string[];
    clusterName: Value;
    serviceName: Ref<'aws_ecs_service'>;
    productionListenerArn: Ref<'aws_lb_listener'>;
    testListenerArn: Ref<'aws_lb_listener'>;
    targetGroupNames: [Ref<'aws_lb_target_group'>, Ref<'aws_lb_target_group'>];
    /** `aws_codedeploy_deployment_group.<app>-deployment-group`. */
    address: Address<'aws_codedeploy_deployment_group'>;
  };
  /**
   * What each deployment's AppSpec names besides the revision: the container and port the target groups
   * route to (the app's public exposure), which CodeDeploy needs to register the replacement tasks.
   */
  appSpec: { containerName: string; containerPort: number };
}

export interface AppPlan {
  name: string;
  kind: 'service' | 'scheduled';
  /** Tags beside the provider's default tags: `app`. */
  tags: Record<string, string>;
  size: { cpu: number; memory: number };
  logGroup: LogGroupPlan;
  executionRole: RolePlan;
  taskRole: RolePlan;
  taskDefinition: TaskDefinitionPlan;
  service?: ServicePlan;
  targetGroup?: TargetGroupPlan;
  listenerRules: ListenerRulePlan[];
  blueGreen?: BlueGreenPlan;
  scaling?: ScalingPlan;
  schedule?: SchedulePlan;
  efs: EfsPlan[];
  /**
   * The file systems earlier output gave this app's entries of a shared volume (now the data stack's, one per
   * volume): a `removed` block each with destroy = false, so no apply destroys the files in them.
   */
  forgottenFileSystems: Address<'aws_efs_file_system'>[];
  /** Cloud Map service name (internal apps): `<name>.<namespace>`. */
  /**
   * Cloud Map service; `ttl` of its A records (short: tasks come and go); `routingPolicy` MULTIVALUE answers
   * with every healthy task (up to eight), so callers spread over them.
   */
  discovery?: {
    name: string;
    /** `aws_service_discovery_service.<app>-discovery`. */
    address: Address<'aws_service_discovery_service'>;
    /** The environment's Cloud Map namespace. */
    namespaceId: Ref<'aws_service_discovery_private_dns_namespace'>;
    ttl: number;
    routingPolicy: 'MULTIVALUE';
  };
}

/** The certificate of one domain (zone): every public hostname in it, DNS-validated. */
export interface CertificatePlan {
  /** The declared domain (`digitalocean.domains[].name`) whose hostnames it holds. */
  domain: string;
  /**
   * Construct ids in the ALB's stack. The first domain's keep the single certificate's earlier ids
   * (`certificate`, `certificate-validation`); the others' are `certificate_<domain>`,
   * `certificate-validation_<domain>` and `listener-certificate_<domain>` with `.` → `_`: one per domain
   * (`shop-example.com` and `shop.example.com` stay apart), and never a validation record's id
   * (`certificate-validation-<hostname, . → ->`, which holds no `_`).
   */
  ids: { certificate: string; validation: string; listenerCertificate?: string };
  domainName: string;
  subjectAlternativeNames: string[];
  /**
   * Validation records dropship creates (one per distinct name; `*.x` and `x` share one), with their
   * construct ids (`certificate-validation-<hostname>`: unchanged from the single certificate; a name whose
   * id an earlier one took, `a-b.com` after `a.b.com`, gets `certificate-validation-record_<a_b_com>`).
   */
  validations: { hostname: string; zoneId: Value; domain: string; id: string }[];
  /** TTL of the validation CNAMEs. */
  validationTtl: number;
  /** A validation record may already exist from an earlier certificate for the same name: take it over. */
  validationAllowOverwrite: true;
  /** `aws_acm_certificate_validation.<ids.validation>`: its certificate_arn is the issued certificate. */
  validationAddress: Address<'aws_acm_certificate_validation'>;
  /** Hostnames whose DNS is elsewhere: validation records are printed for manual creation. */
  manualHostnames: string[];
  /**
   * A replacement (a hostname added or removed changes the names) is issued, validated and attached before
   * the old one is destroyed, so the listener never serves without it.
   */
  createBeforeDestroy: true;
}

export type AlbIpAddressType = 'ipv4' | 'dualstack';

/** Where the ALB writes its access logs: `access_logs { enabled, bucket, prefix }`. */
export interface AlbAccessLogsPlan {
  enabled: true;
  /** The S3 bucket name. */
  bucket: string;
  /** Key prefix; Elastic Load Balancing writes `<prefix>/AWSLogs/<account>/elasticloadbalancing/<region>/...`. */
  prefix?: string;
  /** The bucket dropship creates in the ALB's stack; absent when the spec names an existing bucket. */
  createdBucket?: AccessLogBucketPlan;
}

/**
 * The access-log bucket, in the ALB's stack: the ALB depends on its policy and encryption (Elastic Load
 * Balancing checks that it may write before it accepts the attribute). Its settings are rendered under
 * `<address.name>-ownership`, `-public-access`, `-encryption`, `-policy`, `-lifecycle`.
 */
export interface AccessLogBucketPlan {
  /** `aws_s3_bucket.alb_access-logs` (the `_` keeps it apart from every `<app>-<what>` id). */
  address: Address<'aws_s3_bucket'>;
  bucketName: string;
  /** Settings no spec field turns off. SSE-S3: the only encryption ALB access logs accept. */
  protections: {
    blockPublicAccess: true;
    objectOwnership: 'BucketOwnerEnforced';
    sseAlgorithm: 'AES256';
    forceDestroy: false;
  };
  /** Who writes the logs in the region: its ELB account or the log-delivery service principal. */
  writer: ElbLogWriter;
  /** The bucket policy: the writer may put objects under the prefix; requests without TLS are denied. */
  policyJson: string;
  /** One lifecycle rule over the whole bucket: every object expires `days` after it is written. */
  expiration: { ruleId: 'expire-access-logs'; days: number };
}

export interface AlbPlan {
  name: string;
  /** `aws_lb.alb` in the apps stack, or the platform stack of the per-app layout. */
  address: Address<'aws_lb'>;
  /** `aws_lb_listener.listener-https`: the listener the apps' rules attach to. */
  httpsListenerAddress: Address<'aws_lb_listener'>;
  /** Internet-facing: it serves the public hostnames the cutover moves from DigitalOcean. */
  internal: false;
  subnets: Value[];
  securityGroups: Value[];
  dropInvalidHeaderFields: true;
  deletionProtection: boolean;
  idleTimeout: number;
  /**
   * `dualstack` (IPv4 and IPv6 listeners, AAAA alias records possible) with `aws.network.vpc.ipv6: true`,
   * whose public subnets all carry an IPv6 /64 as AWS requires; otherwise `ipv4`.
   */
  ipAddressType: AlbIpAddressType;
  /** S3 access logs, in the bucket dropship creates or an existing one; off when absent. */
  accessLogs?: AlbAccessLogsPlan;
  sslPolicy: string;
  /**
   * One certificate per domain, in the order the public hostnames first name them: the first is the HTTPS
   * listener's default certificate, the others are attached to it (`aws_lb_listener_certificate`), and the
   * listener picks one by the client's SNI. A domain's certificate waits for its own validation only, and a
   * hostname added to one domain replaces only that domain's certificate.
   */
  certificates: CertificatePlan[];
  /** The HTTP listener's only action (compiler/apps/alb.ts ALB_HTTP_REDIRECT): port 80 serves nothing. */
  httpRedirect: { port: '443'; protocol: 'HTTPS'; statusCode: 'HTTP_301' };
  /** The HTTPS listener's default action, for a request no app's rule matches (ALB_NOT_FOUND). */
  notFound: { contentType: 'text/plain'; messageBody: 'Not found'; statusCode: '404' };
  /** Plain aliases to the ALB for new hostnames the cutover cannot weight (compiler/apps/new-name-aliases.ts). */
  newNameAliases: NewNameAliasPlan[];
}

/** A plain (not weighted) alias record from a new public hostname to the ALB, in the ALB's stack. */
export interface NewNameAliasPlan {
  /** Stable resource id: `<hostname>-<type>` (`*` reads `wildcard`). */
  key: string;
  /** FQDN without the trailing dot. */
  hostname: string;
  zoneId: Value;
  type: 'A' | 'AAAA';
  /** Target `dualstack.<ALB DNS name>`, the name AWS gives records pointing at a dualstack load balancer. */
  dualstack: boolean;
}

/** ECS Exec audit (when an app enables exec): sessions KMS-encrypted and logged to a KMS-encrypted group. */
export interface ExecAuditPlan {
  logGroup: LogGroupPlan;
  sessionKmsKeyArn: Value;
  /** Sessions are logged to `logGroup` (OVERRIDE, not the task definition's awslogs settings), encrypted. */
  logging: 'OVERRIDE';
  logEncryption: true;
}

export interface ClusterPlan {
  name: string;
  /** `aws_ecs_cluster.cluster`. */
  address: Address<'aws_ecs_cluster'>;
  /** `aws_ecs_cluster_capacity_providers.cluster-capacity-providers`: its cluster name waits for them. */
  capacityProvidersAddress: Address<'aws_ecs_cluster_capacity_providers'>;
  containerInsights: 'enabled' | 'enhanced';
  capacityProviders: ['FARGATE', 'FARGATE_SPOT'];
  /**
   * The strategy of a task started without one of its own (a one-off `aws ecs run-task` with neither launch
   * type nor strategy): on-demand FARGATE alone. Every service names its own strategy
   * (`ServicePlan.capacityProviderStrategy`), so this never moves a service onto Spot.
   */
  defaultCapacityProviderStrategy: CapacityProviderWeight[];
  execAudit?: ExecAuditPlan;
}

export interface AppsPlan {
  cluster?: ClusterPlan;
  /** Cloud Map private DNS namespace for internal apps: `<prefix>.local` in the VPC. */
  namespace?: {
    name: string;
    vpcId: Value;
    /** `aws_service_discovery_private_dns_namespace.namespace`. */
    address: Address<'aws_service_discovery_private_dns_namespace'>;
  };
  alb?: AlbPlan;
  apps: AppPlan[];
  decisions: Decision[];
  manualSteps: ManualStep[];
}
