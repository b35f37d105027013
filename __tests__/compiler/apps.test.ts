import { compile, planDecisions, planManualSteps } from '../../compiler';
import { EXEC_AUDIT_RETENTION_DAYS } from '../../compiler/apps/cluster';
import type { ContainerDefinition } from '../../compiler/model/apps';
import { RESOURCE_WILDCARD_ACTIONS } from '../../compiler/apps/iam';
import { groupByKey } from '../../compiler/security';
import { declaredSecretOf, repositoryOf } from '../../compiler/plan-lookups';
import { appAddresses, platformAddresses } from '../../compiler/app-addresses';
import { isValidFargatePair } from '../../schema/facts/fargate';
import { NAME_LIMITS } from '../../schema/facts/aws-names';
import { STEP_ORDER } from '../../compiler/steps';
import { address, embed, embeddedRefs as refsIn, isRef, ref, refId } from '../../compiler/refs';
import type { MigrationSpecInput } from '../../schema/spec';
import { baseSpecInput, compileExample, specFrom } from '../helpers/synth';
import type { AppPlan, PolicyStatement } from '../../compiler/model';

/** The identities of the references a text embeds. */
const embeddedRefs = (text: string): string[] => refsIn(text).map(refId);

type AppInput = NonNullable<MigrationSpecInput['apps']>[number];

/** A spec with the given apps, one ECR repository, two secrets and a DigitalOcean-hosted domain. */
function specWith(apps: AppInput[], extra: Partial<MigrationSpecInput> = {}) {
  const base = baseSpecInput();
  return specFrom({
    ...base,
    digitalocean: {
      droplets: [{ name: 'web-1', size: 's-2vcpu-4gb', region: 'ams3' }],
      domains: [
        { name: 'example.com', dns: 'digitalocean' },
        { name: 'elsewhere.org', dns: 'external' },
      ],
    },
    ecr: { repositories: [{ name: 'demo/web' }] },
    secrets: [{ name: 'app-key' }, { name: 'stripe', keys: ['secret_key'] }],
    apps,
    ...extra,
  });
}

const webApp = (over: Partial<AppInput> = {}): AppInput => ({
  name: 'web',
  droplets: ['web-1'],
  containers: [
    {
      name: 'web',
      image: { repository: 'demo/web', tag: '1.0.0' },
      port: 8080,
      secrets: { APP_KEY: 'app-key' },
    },
  ],
  expose: {
    public: { hostnames: ['www.example.com'], container: 'web', port: 8080, healthCheckPath: '/healthz' },
  },
  ...over,
});

const appOf = (plan: ReturnType<typeof compile>, name: string): AppPlan =>
  plan.apps.apps.find((a) => a.name === name)!;

/** The statements of a policy the apps part wrote, with Action and Resource as lists (as it writes them). */
type AppStatement = PolicyStatement & { Action: string[]; Resource?: string[] };
const statements = (json: string | undefined): AppStatement[] =>
  json ? (JSON.parse(json) as { Statement: AppStatement[] }).Statement : [];

const containersOf = (app: AppPlan): ContainerDefinition[] =>
  JSON.parse(app.taskDefinition.containerDefinitionsJson) as ContainerDefinition[];

/**
 * The ECS RegisterTaskDefinition ContainerDefinition rules dropship relies on (botocore ecs model):
 * required name/image/essential, types of every field used, enum values, awslogs options, secrets shape.
 */
function ecsContainerProblems(defs: unknown): string[] {
  const problems: string[] = [];
  const isStr = (v: unknown) => typeof v === 'string';
  const isInt = (v: unknown) => Number.isInteger(v);
  const KNOWN = new Set([
    'name',
    'image',
    'essential',
    'cpu',
    'memory',
    'command',
    'entryPoint',
    'workingDirectory',
    'user',
    'portMappings',
    'environment',
    'secrets',
    'mountPoints',
    'volumesFrom',
    'healthCheck',
    'dependsOn',
    'readonlyRootFilesystem',
    'linuxParameters',
    'logConfiguration',
  ]);
  if (!Array.isArray(defs) || defs.length === 0) return ['containerDefinitions must be a non-empty array'];
  const names = new Set<string>();
  for (const d of defs as Record<string, unknown>[]) {
    const at = `container ${String(d.name)}`;
    for (const key of Object.keys(d)) if (!KNOWN.has(key)) problems.push(`${at}: unknown field ${key}`);
    if (!isStr(d.name) || !/^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/.test(d.name as string))
      problems.push(`${at}: name`);
    names.add(d.name as string);
    if (!isStr(d.image) || (d.image as string).length === 0) problems.push(`${at}: image`);
    if (typeof d.essential !== 'boolean') problems.push(`${at}: essential must be boolean`);
    for (const k of ['cpu', 'memory']) if (d[k] !== undefined && !isInt(d[k])) problems.push(`${at}: ${k}`);
    for (const k of ['command', 'entryPoint'])
      if (d[k] !== undefined && !(Array.isArray(d[k]) && (d[k] as unknown[]).every(isStr)))
        problems.push(`${at}: ${k}`);
    for (const p of (d.portMappings ?? []) as Record<string, unknown>[]) {
      if (!isInt(p.containerPort)) problems.push(`${at}: containerPort`);
      if (p.hostPort !== undefined && p.hostPort !== p.containerPort) problems.push(`${at}: awsvpc hostPort`);
      if (!['tcp', 'udp'].includes(p.protocol as string))
        problems.push(`${at}: protocol ${String(p.protocol)}`);
      if (p.appProtocol !== undefined && !['http', 'http2', 'grpc'].includes(p.appProtocol as string))
        problems.push(`${at}: appProtocol`);
      if (p.name !== undefined && !/^[a-z0-9][a-z0-9_-]{0,63}$/.test(p.name as string))
        problems.push(`${at}: port name`);
    }
    for (const e of (d.environment ?? []) as Record<string, unknown>[])
      if (!isStr(e.name) || !isStr(e.value)) problems.push(`${at}: environment values must be strings`);
    for (const s of (d.secrets ?? []) as Record<string, unknown>[])
      if (!isStr(s.name) || !isStr(s.valueFrom)) problems.push(`${at}: secrets need name and valueFrom`);
    for (const m of (d.mountPoints ?? []) as Record<string, unknown>[])
      if (!isStr(m.sourceVolume) || !isStr(m.containerPath) || typeof m.readOnly !== 'boolean')
        problems.push(`${at}: mountPoints`);
    const hc = d.healthCheck as Record<string, unknown> | undefined;
    if (hc) {
      const cmd = hc.command as string[];
      if (!['CMD', 'CMD-SHELL', 'NONE'].includes(cmd[0])) problems.push(`${at}: healthCheck command kind`);
      for (const k of ['interval', 'timeout', 'retries', 'startPeriod'])
        if (!isInt(hc[k])) problems.push(`${at}: hc ${k}`);
    }
    for (const dep of (d.dependsOn ?? []) as Record<string, unknown>[])
      if (
        !['START', 'COMPLETE', 'SUCCESS', 'HEALTHY'].includes(dep.condition as string) ||
        !isStr(dep.containerName)
      )
        problems.push(`${at}: dependsOn`);
    const log = d.logConfiguration as { logDriver: string; options: Record<string, unknown> } | undefined;
    const drivers = [
      'json-file',
      'syslog',
      'journald',
      'gelf',
      'fluentd',
      'awslogs',
      'splunk',
      'awsfirelens',
    ];
    if (!log || !drivers.includes(log.logDriver)) problems.push(`${at}: logDriver`);
    else if (log.logDriver === 'awslogs') {
      for (const k of ['awslogs-group', 'awslogs-region', 'awslogs-stream-prefix'])
        if (!isStr(log.options[k])) problems.push(`${at}: awslogs option ${k}`);
      if (!Object.values(log.options).every(isStr)) problems.push(`${at}: log options must be strings`);
    }
  }
  for (const d of defs as Record<string, unknown>[])
    for (const dep of (d.dependsOn ?? []) as { containerName: string }[])
      if (!names.has(dep.containerName))
        problems.push(`dependsOn names unknown container ${dep.containerName}`);
  return problems;
}

describe('php-shop apps plan', () => {
  const plan = compileExample('php-shop');
  const web = appOf(plan, 'web');

  it('has a cluster with Container Insights and both Fargate capacity providers', () => {
    // No app enables ECS Exec: no exec audit configuration. A task started without a strategy of its own
    // runs on on-demand FARGATE.
    expect(plan.apps.cluster).toEqual({
      name: 'shop-production',
      address: platformAddresses(plan.meta).cluster,
      capacityProvidersAddress: platformAddresses(plan.meta).capacityProviders,
      containerInsights: 'enabled',
      capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }],
    });
  });

  it('asks for the images to be pushed after the registry stack and before the apps stack', () => {
    const step = planManualSteps(plan).find((s) => s.order === STEP_ORDER.pushImages)!;
    expect(step.title).toMatch(/Push the app images/);
    expect(step.detail).toContain('shop-production-registry');
    // After the registry stack's apply and the data steps (the TLS CA bundle goes into the images), before
    // the apps stack's apply and the volume copy that needs its file system.
    const order = (title: RegExp) => planManualSteps(plan).find((s) => title.test(s.title))!.order;
    expect(step.order).toBeGreaterThan(order(/^Apply the network and registry stacks/));
    expect(step.order).toBeGreaterThan(order(/^Give the apps the CA certificates/));
    expect(step.order).toBeLessThan(order(/^Apply the apps stack/));
    expect(step.order).toBeLessThan(order(/^Copy volume/));
    expect(step.commands).toEqual([
      'REGISTRY=$(aws sts get-caller-identity --query Account --output text).dkr.ecr.us-east-1.amazonaws.com',
      'aws ecr get-login-password --region us-east-1 | docker login --username AWS --password-stdin "$REGISTRY"',
      'docker tag shop/nginx:1.4.2 "$REGISTRY/shop/nginx:1.4.2"',
      'docker push "$REGISTRY/shop/nginx:1.4.2"',
      'docker tag shop/php-fpm:1.4.2 "$REGISTRY/shop/php-fpm:1.4.2"',
      'docker push "$REGISTRY/shop/php-fpm:1.4.2"',
    ]);
  });

  it('makes the apply wait for a steady service in pinned mode', () => {
    expect(web.service!.waitForSteadyState).toBe(true);
    expect(planDecisions(plan).find((d) => d.subject === 'apps.web.waitForSteadyState')?.choice).toBe('true');
  });

  it('builds a Fargate task definition with a valid size derived from the droplet', () => {
    const td = web.taskDefinition;
    expect(td).toMatchObject({
      family: 'shop-production-web',
      cpu: '1024',
      memory: '4096',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpuArchitecture: 'X86_64',
      operatingSystemFamily: 'LINUX',
    });
    expect(isValidFargatePair(Number(td.cpu), Number(td.memory))).toBe(true);
    expect(td.executionRoleArn).not.toEqual(td.taskRoleArn);
    expect(planDecisions(plan).find((d) => d.subject === 'apps.web.size')?.from).toBe(
      'web-1: s-2vcpu-4gb (2 vCPU, 4096 MiB)',
    );
  });

  it('writes container definitions that are valid ECS input', () => {
    expect(ecsContainerProblems(containersOf(web))).toEqual([]);
  });

  it('has a container-definition checker that catches what ECS would reject', () => {
    const [nginx] = containersOf(web);
    const broken = {
      ...nginx,
      essential: 'yes',
      portMappings: [{ containerPort: 80, hostPort: 8080, protocol: 'TCP' }],
      environment: [{ name: 'N', value: 1 }],
      secrets: [{ name: 'S' }],
      logConfiguration: { logDriver: 'cloudwatch', options: {} },
      memoryReservation: 128,
    };
    expect(ecsContainerProblems([broken])).toEqual([
      'container nginx: unknown field memoryReservation',
      'container nginx: essential must be boolean',
      'container nginx: awsvpc hostPort',
      'container nginx: protocol TCP',
      'container nginx: environment values must be strings',
      'container nginx: secrets need name and valueFrom',
      'container nginx: logDriver',
      'dependsOn names unknown container php-fpm',
    ]);
  });

  it('references images, secrets and the log group, never literal secret values', () => {
    const [nginx, php] = containersOf(web);
    expect(nginx.image).toBe(`${embed(repositoryOf(plan.registry, 'shop/nginx').url)}:1.4.2`);
    expect(nginx.image.endsWith(':1.4.2')).toBe(true);
    const secret = (name: string) => php.secrets.find((s) => s.name === name)!.valueFrom;
    expect(embeddedRefs(secret('APP_KEY'))).toEqual([refId(declaredSecretOf(plan.data, 'app-key').arn)]);
    expect(secret('STRIPE_SECRET').endsWith(':secret_key::')).toBe(true);
    expect(php.environment.map((e) => e.name)).toEqual([...php.environment.map((e) => e.name)].sort());
    expect(nginx.logConfiguration.options['awslogs-group']).toBe('/ecs/shop-production/web');
    expect(web.logGroup).toMatchObject({ retentionDays: 30, kmsKeyArn: plan.network.kms.arn });
  });

  it('gives the data wiring to php-fpm, not to the nginx front proxy', () => {
    const [nginx, php] = containersOf(web);
    const wiring = plan.data.wiring.web;
    expect(Object.keys(wiring.containers)).toEqual(['php-fpm']);
    expect(wiring.containers['php-fpm'].environment.length).toBeGreaterThan(0);
    for (const e of wiring.containers['php-fpm'].environment) {
      expect(php.environment.some((x) => x.name === e.name)).toBe(true);
      expect(nginx.environment.some((x) => x.name === e.name)).toBe(false);
    }
  });

  it('runs the service in private subnets with the app security group, behind the ALB', () => {
    const svc = web.service!;
    expect(svc.securityGroups).toEqual(
      ['app-web', 'apps', 'public'].map((key) => groupByKey(plan.security, key).id),
    );
    expect(svc.subnets).toEqual(plan.network.privateSubnetIds);
    expect(svc.subnets).toHaveLength(2);
    expect(svc.assignPublicIp).toBe(false);
    expect(svc.loadBalancer).toEqual({
      targetGroupArn: appAddresses(plan.meta, 'web').targetGroupArn,
      containerName: 'nginx',
      containerPort: 80,
    });
    expect(svc.healthCheckGracePeriodSeconds).toBe(60);
    expect(svc.desiredCount).toBe(2);
    // Scaling is on: Terraform must not reset the running count (terraform-aws-modules/ecs #346).
    expect(svc.ignoreChanges).toEqual(['desired_count']);
    // Pinned: Terraform owns the revisions and deregisters the ones it replaces.
    expect(web.taskDefinition).not.toHaveProperty('skipDestroy');
    expect(plan.apps.alb?.securityGroups).toEqual([groupByKey(plan.security, 'alb').id]);
    expect(web.efs[0].appSecurityGroup).toEqual(groupByKey(plan.security, 'app-web').id);
  });

  it('configures the ALB securely', () => {
    expect(plan.apps.alb).toMatchObject({
      name: 'shop-production',
      dropInvalidHeaderFields: true,
      deletionProtection: true,
      sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      httpRedirect: { port: '443', protocol: 'HTTPS', statusCode: 'HTTP_301' },
      notFound: { contentType: 'text/plain', messageBody: 'Not found', statusCode: '404' },
    });
    expect(appOf(plan, 'web').targetGroup?.targetType).toBe('ip');
    expect(plan.apps.alb!.certificates).toHaveLength(1);
    expect(plan.apps.alb!.certificates[0]).toMatchObject({
      domain: 'shop-example.com',
      ids: { certificate: 'certificate', validation: 'certificate-validation' },
      domainName: 'shop-example.com',
      subjectAlternativeNames: ['www.shop-example.com'],
      manualHostnames: [],
    });
    const zone = ref(address('shop-production-dns', 'aws_route53_zone', 'zone-shop-example-com'), 'zone_id');
    expect(plan.apps.alb!.certificates[0].validations.map((v) => v.zoneId)).toEqual([zone, zone]);
  });

  it('scales on CPU and on ALB requests per target', () => {
    expect(web.scaling!.policies.map((p) => [p.metric, p.target])).toEqual([
      ['ECSServiceAverageCPUUtilization', 60],
      ['ALBRequestCountPerTarget', 500],
    ]);
    expect(embeddedRefs(web.scaling!.policies[1].resourceLabel!)).toEqual([
      refId(ref(platformAddresses(plan.meta).alb, 'arn_suffix')),
      refId(appAddresses(plan.meta, 'web').targetGroupArnSuffix),
    ]);
    expect(embeddedRefs(web.scaling!.resourceId)).toEqual([
      refId(ref(platformAddresses(plan.meta).capacityProviders, 'cluster_name')),
      refId(appAddresses(plan.meta, 'web').serviceName),
    ]);
  });

  it('maps the droplet volume to an encrypted EFS file system with a copy step', () => {
    const [fs] = web.efs;
    // php-shop is production: backed up, and Terraform refuses to destroy it.
    expect(fs).toMatchObject({
      volume: 'uploads',
      kmsKeyArn: plan.network.kms.arn,
      backup: true,
      preventDestroy: true,
    });
    expect(planDecisions(plan).find((d) => d.subject === 'apps.web.volumes.uploads')?.from).toMatch(
      /shop-uploads \(50 GB on web-1 at \/mnt\/uploads\)/,
    );
    const step = planManualSteps(plan).find((s) => s.title.includes('shop-uploads'));
    expect(step?.commands?.join('\n')).toMatch(/rsync .*:\/mnt\/uploads\/ \/mnt\/efs\//);
    expect(step?.commands?.[0]).toContain('terraform output -raw efs_web_uploads_file_system_id');
  });

  it('lets only the task role mount the file system, through the access point, over TLS', () => {
    const policy = statements(web.efs[0].policyJson);
    const taskRole = [refId(appAddresses(plan.meta, 'web').taskRoleArn)];
    const accessPoint = [refId(appAddresses(plan.meta, 'web').efs('uploads').accessPointArn)];
    expect(policy.map((st) => [st.Sid, st.Effect])).toEqual([
      ['AppTaskRoleViaAccessPoint', 'Allow'],
      ['DenyOtherPrincipals', 'Deny'],
      ['DenyMountsOutsideTheAccessPoint', 'Deny'],
      ['DenyUnencryptedTransport', 'Deny'],
    ]);
    const [allow, otherPrincipals, outsideAccessPoint, plainText] = policy;
    // The only Allow names the task role: no account root, no wildcard principal.
    for (const st of policy.filter((x) => x.Effect === 'Allow'))
      expect((st.Principal!.AWS as string[]).flatMap(embeddedRefs)).toEqual(taskRole);
    expect(embeddedRefs(allow.Condition!.StringEquals['elasticfilesystem:AccessPointArn'] as string)).toEqual(
      accessPoint,
    );
    // An identity policy alone would let any role of the account mount (EFS allows on either): denied.
    expect(otherPrincipals).toMatchObject({
      Principal: { AWS: '*' },
      Action: expect.arrayContaining(['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite']),
    });
    expect(
      (otherPrincipals.Condition!.ArnNotEquals['aws:PrincipalArn'] as string[]).flatMap(embeddedRefs),
    ).toEqual(taskRole);
    expect(
      embeddedRefs(
        outsideAccessPoint.Condition!.StringNotEquals['elasticfilesystem:AccessPointArn'] as string,
      ),
    ).toEqual(accessPoint);
    expect(plainText.Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
    // Denies stay on the client actions: the policy can never lock anyone out of managing the file system.
    for (const st of [otherPrincipals, outsideAccessPoint])
      for (const action of st.Action) expect(action).toMatch(/^elasticfilesystem:Client/);
    expect(web.efs[0].policyJson).not.toMatch(/:root/);
  });

  it('adds the copy instance role to the file system policy only for the copy, then restores it', () => {
    const commands = planManualSteps(plan).find((s) => s.title.includes('shop-uploads'))!.commands!;
    const at = (pattern: RegExp) => commands.findIndex((c) => pattern.test(c));
    const save = at(/describe-file-system-policy .*> efs-policy-dropship\.json/);
    const widen = at(/put-file-system-policy .*efs-policy-copy\.json/);
    const copy = at(/^rsync /);
    const restore = at(/put-file-system-policy .*efs-policy-dropship\.json/);
    expect([save, widen, copy, restore].every((i) => i >= 0)).toBe(true);
    expect(save < widen && widen < copy && copy < restore).toBe(true);
    expect(commands.join('\n')).toMatch(/DenyOtherPrincipals/);
  });
});

describe('IAM', () => {
  const plan = compile(
    specWith([
      webApp({
        deployment: { exec: true },
        taskRole: { statements: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::demo-assets/*'] }] },
      }),
      {
        name: 'cron',
        schedule: 'rate(1 hour)',
        containers: [{ name: 'job', image: { repository: 'demo/web', tag: '1.0.0' } }],
      },
    ]),
  );

  const everyPolicy = plan.apps.apps.flatMap((a) => [
    a.executionRole.policyJson,
    a.taskRole.policyJson,
    a.schedule?.role.policyJson,
  ]);

  it('never allows "*" actions, and "*" resources only for actions that have no resource type', () => {
    for (const json of everyPolicy) {
      for (const s of statements(json).filter((x) => x.Effect === 'Allow')) {
        for (const action of s.Action) expect(action).not.toMatch(/^\*$|:\*$/);
        if (s.Resource?.includes('*'))
          for (const a of s.Action) expect(RESOURCE_WILDCARD_ACTIONS).toContain(a);
      }
    }
  });

  it('lets the execution role read exactly the app’s secrets and pull only its repositories', () => {
    const web = appOf(plan, 'web');
    const exec = statements(web.executionRole.policyJson);
    const read = exec.find((s) => s.Action.includes('secretsmanager:GetSecretValue'))!;
    expect(read.Resource).toEqual([embed(declaredSecretOf(plan.data, 'app-key').arn)]);
    const pull = exec.find((s) => s.Action.includes('ecr:BatchGetImage'))!;
    expect(pull.Resource).toEqual([embed(repositoryOf(plan.registry, 'demo/web').arn)]);
    const logs = exec.find((s) => s.Action.includes('logs:PutLogEvents'))!;
    expect(logs.Resource!.flatMap(embeddedRefs)).toEqual([refId(appAddresses(plan.meta, 'web').logGroupArn)]);
    expect(exec.find((s) => s.Action.includes('kms:Decrypt'))!.Resource!.flatMap(embeddedRefs)).toEqual([
      refId(plan.network.kms.arn),
    ]);
  });

  it('uses an existing secret’s own ARN, completing a partial one for IAM', () => {
    const partial = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:legacy/db';
    const full = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:legacy/api-Ab12Cd';
    const withExisting = compile(
      specWith(
        [
          webApp({
            containers: [
              {
                name: 'web',
                image: { repository: 'demo/web', tag: '1.0.0' },
                port: 8080,
                secrets: { DB: 'legacy-db', API: 'legacy-api' },
              },
            ],
          }),
        ],
        {
          secrets: [
            { name: 'legacy-db', arn: partial },
            { name: 'legacy-api', arn: full },
          ],
        },
      ),
    );
    const web = appOf(withExisting, 'web');
    const read = statements(web.executionRole.policyJson).find((s) =>
      s.Action.includes('secretsmanager:GetSecretValue'),
    )!;
    expect(read.Resource).toEqual([`${partial}-??????`, full]);
    expect(containersOf(web)[0].secrets.map((s) => [s.name, embeddedRefs(s.valueFrom)])).toEqual([
      ['API', [refId(declaredSecretOf(withExisting.data, 'legacy-api').arn)]],
      ['DB', [refId(declaredSecretOf(withExisting.data, 'legacy-db').arn)]],
    ]);
  });

  it('gives the task role only the spec’s statements plus ECS Exec channels and its audit trail', () => {
    const task = statements(appOf(plan, 'web').taskRole.policyJson);
    expect(task.map((s) => s.Sid)).toEqual([
      'Spec0',
      'EcsExecChannels',
      'EcsExecFindAuditLogGroup',
      'EcsExecWriteAuditLog',
      'EcsExecSessionKey',
    ]);
    expect(task[0]).toMatchObject({ Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::demo-assets/*'] });
    const sid = (name: string) => task.find((s) => s.Sid === name)!;
    expect(sid('EcsExecWriteAuditLog')).toMatchObject({
      Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
    });
    expect(sid('EcsExecWriteAuditLog').Resource!.flatMap(embeddedRefs)).toEqual([
      refId(ref(platformAddresses(plan.meta).execAuditLogGroup, 'arn')),
    ]);
    expect(sid('EcsExecWriteAuditLog').Resource![0].endsWith(':*')).toBe(true);
    // Listing log groups is authorized on the log-group ARN space of the region and account, never "*".
    expect(sid('EcsExecFindAuditLogGroup')).toMatchObject({
      Action: ['logs:DescribeLogGroups'],
      Resource: ['arn:aws:logs:eu-west-1:*:log-group:*'],
    });
    // The task decrypts the session channel; generating its data key is the operator's permission.
    expect(sid('EcsExecSessionKey')).toMatchObject({ Action: ['kms:Decrypt'] });
    expect(sid('EcsExecSessionKey').Resource!.flatMap(embeddedRefs)).toEqual([refId(plan.network.kms.arn)]);
    // No statements at all without grants: the role exists but can do nothing.
    expect(appOf(plan, 'cron').taskRole.policyJson).toBeUndefined();
  });

  it('lets EventBridge run only the app’s family and pass exactly its two roles', () => {
    const cron = appOf(plan, 'cron');
    const events = statements(cron.schedule!.role.policyJson);
    const run = events.find((s) => s.Action.includes('ecs:RunTask'))!;
    // The family as the ci-mode target names it (no revision), and any revision of it: nothing else.
    const family = embed(appAddresses(plan.meta, 'cron').taskDefinitionArnWithoutRevision);
    expect(run.Resource).toEqual([family, `${family}:*`]);
    const pass = events.find((s) => s.Action.includes('iam:PassRole'))!;
    expect(pass.Resource!.flatMap(embeddedRefs)).toEqual([
      refId(appAddresses(plan.meta, 'cron').executionRoleArn),
      refId(appAddresses(plan.meta, 'cron').taskRoleArn),
    ]);
  });

  it('trusts only the ECS tasks service (with the source account when known)', () => {
    const trust = statements(appOf(plan, 'web').taskRole.assumeRolePolicyJson)[0];
    expect(trust).toMatchObject({
      Principal: { Service: 'ecs-tasks.amazonaws.com' },
      Action: ['sts:AssumeRole'],
    });
    const withAccount = compile(
      specWith([webApp()], {
        aws: { ...baseSpecInput().aws, accountId: '210987654321' },
      }),
    );
    expect(statements(appOf(withAccount, 'web').executionRole.assumeRolePolicyJson)[0].Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '210987654321' },
    });
  });

  it('audits ECS Exec: sessions encrypted with the environment key, logged to a KMS-encrypted group', () => {
    expect(plan.apps.cluster!.execAudit).toEqual({
      logGroup: {
        name: '/ecs-exec/demo-staging',
        retentionDays: EXEC_AUDIT_RETENTION_DAYS,
        kmsKeyArn: plan.network.kms.arn,
        address: platformAddresses(plan.meta).execAuditLogGroup,
      },
      sessionKmsKeyArn: plan.network.kms.arn,
      logging: 'OVERRIDE',
      logEncryption: true,
    });
    expect(planDecisions(plan).find((d) => d.subject === 'apps.cluster.execAudit')?.choice).toMatch(/web/);
    // Apps without exec get nothing of it.
    expect(appOf(plan, 'cron').taskRole.policyJson).toBeUndefined();
  });

  it('turns on the init process for ECS Exec', () => {
    expect(containersOf(appOf(plan, 'web'))[0].linuxParameters).toEqual({ initProcessEnabled: true });
  });
});

describe('services, schedules and discovery', () => {
  it('makes CI own the task definition in ci mode (terraform-aws-modules/ecs #165, #345, #398)', () => {
    const plan = compile(
      specWith([
        webApp({ deployment: { imageTagMode: 'ci' } }),
        {
          name: 'cron',
          schedule: 'cron(0 3 * * ? *)',
          deployment: { imageTagMode: 'ci' },
          containers: [{ name: 'job', image: { repository: 'demo/web', tag: '1.0.0' } }],
        },
      ]),
    );
    expect(appOf(plan, 'web').service!.ignoreChanges).toEqual(['task_definition']);
    // Terraform keeps the revisions the service runs when it replaces its own.
    expect(appOf(plan, 'web').taskDefinition.skipDestroy).toBe(true);
    // CI rolls the revisions out and waits for them itself; Terraform applies do not block on it.
    expect(appOf(plan, 'web').service!.waitForSteadyState).toBe(false);
    expect(planDecisions(plan).find((d) => d.subject === 'apps.web.waitForSteadyState')?.choice).toMatch(
      /^false/,
    );
    expect(appOf(plan, 'cron').schedule!.taskDefinitionArn).toEqual(
      appAddresses(plan.meta, 'cron').taskDefinitionArnWithoutRevision,
    );
  });

  it('pins the exact revision for a scheduled app in pinned mode and runs no service', () => {
    const plan = compile(
      specWith([
        {
          name: 'cron',
          schedule: 'rate(5 minutes)',
          containers: [{ name: 'job', image: { uri: 'busybox:1.36' } }],
        },
      ]),
    );
    const cron = appOf(plan, 'cron');
    expect(cron.kind).toBe('scheduled');
    expect(cron.service).toBeUndefined();
    expect(cron.schedule).toMatchObject({
      expression: 'rate(5 minutes)',
      taskDefinitionArn: appAddresses(plan.meta, 'cron').taskDefinitionArn,
      securityGroups: [groupByKey(plan.security, 'app-cron').id, groupByKey(plan.security, 'apps').id],
    });
    expect(plan.apps.alb).toBeUndefined();
  });

  it('uses FARGATE and FARGATE_SPOT weights with an on-demand base', () => {
    const plan = compile(specWith([webApp({ deployment: { spot: { fargate: 1, fargateSpot: 3 } } })]));
    const svc = appOf(plan, 'web').service!;
    expect(svc.capacityProviderStrategy).toEqual([
      { capacityProvider: 'FARGATE', weight: 1, base: 1 },
      { capacityProvider: 'FARGATE_SPOT', weight: 3, base: 0 },
    ]);
    // Spot stays the service's own choice: the cluster's default strategy keeps tasks on on-demand FARGATE.
    expect(plan.apps.cluster!.defaultCapacityProviderStrategy).toEqual([
      { capacityProvider: 'FARGATE', weight: 1, base: 0 },
    ]);
  });

  it('gives a service without Spot a FARGATE strategy, never a launch type, so turning Spot on later updates it in place', () => {
    const svc = appOf(compile(specWith([webApp()])), 'web').service!;
    expect(svc.capacityProviderStrategy).toEqual([{ capacityProvider: 'FARGATE', weight: 1, base: 0 }]);
    expect(svc).not.toHaveProperty('launchType');
    // ECS takes a new strategy only with a new deployment.
    expect(svc.forceNewDeployment).toBe(true);
  });

  it('registers internal apps in a Cloud Map namespace and gives workers no load balancer', () => {
    const plan = compile(
      specWith([
        {
          name: 'api',
          containers: [{ name: 'api', image: { uri: 'ghcr.io/demo/api:2.0' }, port: 9000 }],
          expose: { internal: { container: 'api', port: 9000 } },
        },
        { name: 'worker', containers: [{ name: 'w', image: { uri: 'ghcr.io/demo/worker:2.0' } }] },
      ]),
    );
    expect(plan.apps.namespace).toEqual({
      name: 'demo-staging.local',
      vpcId: plan.network.vpcId,
      address: platformAddresses(plan.meta).namespace,
    });
    const api = appOf(plan, 'api');
    expect(api.service!.serviceRegistryArn).toEqual(appAddresses(plan.meta, 'api').discoveryArn);
    expect(api.discovery).toEqual({
      name: 'api',
      address: appAddresses(plan.meta, 'api').addresses.discovery,
      namespaceId: ref(platformAddresses(plan.meta).namespace, 'id'),
      ttl: 10,
      routingPolicy: 'MULTIVALUE',
    });
    expect(api.service!.healthCheckGracePeriodSeconds).toBeUndefined();
    const worker = appOf(plan, 'worker');
    expect(worker.service!.loadBalancer).toBeUndefined();
    expect(worker.targetGroup).toBeUndefined();
    expect(worker.service!.ignoreChanges).toEqual([]);
  });

  it('scales on CPU 60 % when no target is given, and on memory only when asked', () => {
    const plan = compile(
      specWith([
        webApp({ scaling: { min: 2, max: 4 } }),
        webApp({ name: 'web2', scaling: { min: 2, max: 4, memoryTarget: 70 }, expose: undefined }),
      ]),
    );
    expect(appOf(plan, 'web').scaling!.policies.map((p) => [p.metric, p.target])).toEqual([
      ['ECSServiceAverageCPUUtilization', 60],
    ]);
    expect(appOf(plan, 'web2').scaling!.policies.map((p) => [p.metric, p.target])).toEqual([
      ['ECSServiceAverageMemoryUtilization', 70],
    ]);
  });
});

describe('image push step', () => {
  const pushStep = (plan: ReturnType<typeof compile>) =>
    planManualSteps(plan).find((s) => s.order === STEP_ORDER.pushImages);

  it('names the registry of a known account literally, each repository:tag once, no external image', () => {
    const plan = compile(
      specWith(
        [
          webApp(),
          webApp({
            name: 'api',
            expose: undefined,
            containers: [
              { name: 'api', image: { repository: 'demo/web', tag: '1.0.0' } },
              { name: 'agent', image: { uri: 'public.ecr.aws/datadog/agent:7' } },
              { name: 'tools', image: { repository: 'demo/web' } },
            ],
          }),
        ],
        {
          aws: {
            ...baseSpecInput().aws,
            accountId: '210987654321',
            region: 'us-west-2',
            availabilityZones: ['us-west-2a', 'us-west-2b'],
          },
        },
      ),
    );
    const step = pushStep(plan)!;
    expect(step.commands![0]).toBe('REGISTRY=210987654321.dkr.ecr.us-west-2.amazonaws.com');
    expect(step.commands!.filter((c) => c.startsWith('docker push'))).toEqual([
      'docker push "$REGISTRY/demo/web:1.0.0"',
      'docker push "$REGISTRY/demo/web:latest"',
    ]);
    expect(step.commands!.join('\n')).not.toContain('datadog');
  });

  it('is absent when no app uses an ECR repository', () => {
    const plan = compile(
      specWith([webApp({ containers: [{ name: 'web', image: { uri: 'nginx:1.27' }, port: 8080 }] })]),
    );
    expect(pushStep(plan)).toBeUndefined();
  });
});

describe('ALB rules and certificate', () => {
  it('splits many hosts into rules of at most five condition values and three per condition, numbered from a stable base', () => {
    const hosts = ['a', 'b', 'c', 'd', 'e', 'f'].map((h) => `${h}.example.com`);
    const plan = compile(
      specWith([
        webApp({ name: 'first', droplets: [] }),
        webApp({
          expose: { public: { hostnames: hosts, paths: ['/api/*', '/v2/*'], container: 'web', port: 8080 } },
        }),
      ]),
    );
    const rules = appOf(plan, 'web').listenerRules;
    const priorities = rules.map((r) => r.priority);
    expect(new Set(priorities).size).toBe(priorities.length);
    for (const r of rules) expect(r.hosts.length + r.paths.length).toBeLessThanOrEqual(5);
    expect(new Set(rules.flatMap((r) => r.hosts))).toEqual(new Set(hosts));
    // Four hostnames on one path: 4 + 1 values fit a rule, but no condition may hold more than 3.
    const four = compile(
      specWith([
        webApp({ expose: { public: { hostnames: hosts.slice(0, 4), container: 'web', port: 8080 } } }),
      ]),
    );
    const fourRules = appOf(four, 'web').listenerRules;
    expect(fourRules.map((r) => r.hosts.length)).toEqual([3, 1]);
    for (const r of [...rules, ...fourRules]) {
      expect(r.hosts.length).toBeLessThanOrEqual(3);
      expect(r.paths.length).toBeLessThanOrEqual(3);
    }
    // A catch-all (`/*`) app comes after every app with specific paths.
    const [catchAll] = appOf(plan, 'first').listenerRules.map((r) => r.priority);
    expect(catchAll).toBeGreaterThan(Math.max(...priorities));
  });

  it('health-checks gRPC targets with gRPC status codes', () => {
    const plan = compile(
      specWith([
        webApp({
          containers: [
            { name: 'web', image: { repository: 'demo/web', tag: '1.0.0' }, port: 8080, appProtocol: 'grpc' },
          ],
        }),
      ]),
    );
    expect(appOf(plan, 'web').targetGroup).toMatchObject({
      protocolVersion: 'GRPC',
      healthCheck: { matcher: '0' },
    });
  });

  it('names the target group after what replaces it, and creates the new one before deleting the old', () => {
    const tg = (publicPort: number, healthCheckPath: string) =>
      appOf(
        compile(
          specWith([
            webApp({
              containers: [
                { name: 'web', image: { repository: 'demo/web', tag: '1.0.0' }, port: publicPort },
              ],
              expose: {
                public: { hostnames: ['a.example.com'], container: 'web', port: publicPort, healthCheckPath },
              },
            }),
          ]),
        ),
        'web',
      ).targetGroup!;
    const base = tg(8080, '/');
    expect(base.createBeforeDestroy).toBe(true);
    // A new port replaces the group: a new name, so both can exist while the listener rule moves over.
    expect(tg(9090, '/').name).not.toBe(base.name);
    // A health-check change is in place: the same name.
    expect(tg(8080, '/healthz').name).toBe(base.name);
  });

  it('moves a derived priority past an explicit one instead of colliding', () => {
    const hosts = ['a', 'b', 'c', 'd', 'e'].map((h) => `${h}.example.com`);
    const plan = compile(
      specWith([
        webApp({
          name: 'a',
          expose: {
            public: { hostnames: hosts, paths: ['/x/*'], container: 'web', port: 8080, priority: 30200 },
          },
        }),
        webApp({ name: 'b' }),
      ]),
    );
    const explicit = appOf(plan, 'a').listenerRules.map((r) => r.priority);
    expect(explicit[0]).toBe(30200);
    for (const p of appOf(plan, 'b').listenerRules.map((r) => r.priority)) expect(explicit).not.toContain(p);
  });

  it('matches specific paths before a catch-all on the same host, whatever the app order', () => {
    const plan = compile(
      specWith([
        webApp({ name: 'site' }),
        webApp({
          name: 'api',
          expose: {
            public: { hostnames: ['www.example.com'], paths: ['/api/*'], container: 'web', port: 8080 },
          },
        }),
      ]),
    );
    const [site] = appOf(plan, 'site').listenerRules;
    const [api] = appOf(plan, 'api').listenerRules;
    expect(api.priority).toBeLessThan(site.priority);
  });

  it('validates through Route 53 where dropship has the zone and asks for manual records elsewhere', () => {
    const plan = compile(
      specWith([
        webApp({
          expose: {
            public: {
              hostnames: ['example.com', '*.example.com', 'shop.elsewhere.org'],
              container: 'web',
              port: 8080,
            },
          },
        }),
      ]),
    );
    const certificates = plan.apps.alb!.certificates;
    const cert = certificates.find((c) => c.domain === 'example.com')!;
    const elsewhere = certificates.find((c) => c.domain === 'elsewhere.org')!;
    // `*.example.com` shares the validation record of `example.com`.
    expect(cert.validations.map((v) => v.hostname)).toEqual(['example.com']);
    expect(cert.manualHostnames).toEqual([]);
    // The external domain has a certificate of its own, validated by hand.
    expect(elsewhere).toMatchObject({ domain: 'elsewhere.org', validations: [] });
    expect(elsewhere.manualHostnames).toEqual(['shop.elsewhere.org']);
    expect(planManualSteps(plan).map((s) => s.title)).toContain(
      'Create the certificate validation records by hand',
    );
  });
});

describe('names', () => {
  it('keeps every generated name within its AWS limit, without collisions', () => {
    const long = 'a-really-long-application-name-for-tests';
    const plan = compile(
      specFrom({
        ...specWith([]),
        project: 'abcdefghijklmnopqrst',
        environment: 'production12',
        ecr: { repositories: [{ name: 'demo/web' }] },
        apps: [
          webApp({ name: long, droplets: [] }),
          webApp({
            name: `${long}-2`,
            droplets: [],
            expose: { public: { hostnames: ['two.example.com'], container: 'web', port: 8080 } },
          }),
        ],
      } as MigrationSpecInput),
    );
    expect(plan.apps.alb!.name.length).toBeLessThanOrEqual(NAME_LIMITS.alb);
    const tgs = plan.apps.apps.map((a) => a.targetGroup!.name);
    for (const tg of tgs) expect(tg.length).toBeLessThanOrEqual(NAME_LIMITS.targetGroup);
    expect(new Set(tgs).size).toBe(2);
    for (const a of plan.apps.apps) {
      for (const role of [a.executionRole, a.taskRole])
        expect(role.name.length).toBeLessThanOrEqual(NAME_LIMITS.iamRole);
      for (const p of a.scaling?.policies ?? []) expect(p.name.length).toBeLessThanOrEqual(255);
    }
  });
});

describe('references', () => {
  it('uses only upstream keys from the refs contract', () => {
    const plan = compileExample('php-shop');
    const keys = new Set<string>();
    const walk = (v: unknown): void => {
      if (typeof v === 'string') embeddedRefs(v).forEach((k) => keys.add(k));
      else if (isRef(v)) keys.add(refId(v));
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(plan.apps);
    const upstream = [...keys].filter((k) => !/^shop-production-(apps|platform|app-[a-z0-9-]+)\//.test(k));
    for (const k of upstream)
      expect(k).toMatch(
        /^(shop-production-network\/(aws_vpc\.vpc\.id|aws_kms_key\.kms\.arn|local\.account_id\.value|aws_subnet\.subnet-(public|private)-\d+\.id)|shop-production-network\/aws_security_group\.sg-[a-z0-9-]+\.id|shop-production-registry\/aws_ecr_repository\.repo-[a-z0-9-]+\.(repository_url|arn)|shop-production-data\/aws_secretsmanager_secret\.secret-[a-z0-9-]+\.arn|shop-production-dns\/aws_route53_zone\.zone-[a-z0-9-]+\.zone_id|shop-production-data\/(aws_db_instance\.db-[a-z0-9-]+\.(address|port)|aws_elasticache_replication_group\.cache-[a-z0-9-]+\.(primary_endpoint_address|port)))$/,
      );
  });
});
