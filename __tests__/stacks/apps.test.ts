import { TerraformStack, Testing } from 'cdktf';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsClusterCapacityProviders } from '@cdktf/provider-aws/lib/ecs-cluster-capacity-providers';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { EfsAccessPoint } from '@cdktf/provider-aws/lib/efs-access-point';
import { EfsFileSystem } from '@cdktf/provider-aws/lib/efs-file-system';
import { EfsMountTarget } from '@cdktf/provider-aws/lib/efs-mount-target';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { ServiceDiscoveryPrivateDnsNamespace } from '@cdktf/provider-aws/lib/service-discovery-private-dns-namespace';
import { ServiceDiscoveryService } from '@cdktf/provider-aws/lib/service-discovery-service';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { compile } from '../../compiler';
import { renderAppStack } from '../../stacks/apps';
import { RefRegistry } from '../../stacks/refs';
import {
  baseSpecInput,
  cleanupSynth,
  loadExample,
  resourcesOf,
  specFrom,
  specWithApps,
  synthExample,
  synthRoleJson,
  type AppInput,
} from '../helpers/synth';
import { describeTerraform, planStack } from '../helpers/terraform';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthAppStacks, writeAppStacks } from './apps-fixture';

Testing.setupJest();
afterAll(cleanupSynth);

/** Values that break naive rendering: template sequences, quotes, backslashes, control characters. */
const TRICKY_ENV = {
  TEMPLATE: '${HOME}/x and %{if y}',
  QUOTED: 'say "hi" \\ "bye"',
  LINES: 'a\nb\tc\r',
  WRAPPED: '"whole"',
  UNICODE: 'naïve ☃',
};

const phpShopPlan = compile(loadExample('php-shop'));
const phpShop = synthAppStacks(phpShopPlan)['shop-production-apps'];

describe('apps stack of php-shop (construct tests)', () => {
  it('has the cluster with Container Insights and Fargate capacity providers', () => {
    expect(phpShop).toHaveResourceWithProperties(EcsCluster, {
      name: 'shop-production',
      setting: [{ name: 'containerInsights', value: 'enabled' }],
    });
    expect(phpShop).toHaveResourceWithProperties(EcsClusterCapacityProviders, {
      capacity_providers: ['FARGATE', 'FARGATE_SPOT'],
    });
    // No app enables ECS Exec: no exec configuration, no audit log group.
    const [, , cluster] = resourcesOf(phpShop).find(([type]) => type === 'aws_ecs_cluster')!;
    expect(cluster.configuration).toBeUndefined();
    expect(resourcesOf(phpShop).map(([, id]) => id)).not.toContain('exec-audit-logs');
  });

  it('has a Fargate task definition with separate roles and the container JSON', () => {
    expect(phpShop).toHaveResourceWithProperties(EcsTaskDefinition, {
      family: 'shop-production-web',
      cpu: '1024',
      memory: '4096',
      network_mode: 'awsvpc',
      requires_compatibilities: ['FARGATE'],
      runtime_platform: { cpu_architecture: 'X86_64', operating_system_family: 'LINUX' },
      execution_role_arn: '${aws_iam_role.web-execution-role.arn}',
      task_role_arn: '${aws_iam_role.web-task-role.arn}',
      volume: [
        expect.objectContaining({
          name: 'uploads',
          efs_volume_configuration: expect.objectContaining({
            transit_encryption: 'ENABLED',
            authorization_config: expect.objectContaining({ iam: 'ENABLED' }),
          }),
        }),
      ],
    });
    const [, , td] = resourcesOf(phpShop).find(([type]) => type === 'aws_ecs_task_definition')!;
    // The compiler's JSON, rendered as a jsonencode() of the same value (valid in JSON and HCL output).
    const defs = td.container_definitions as string;
    expect(defs.startsWith('${jsonencode([{')).toBe(true);
    expect(defs).toContain('"name" = "nginx"');
    expect(defs).toMatch(/"image" = "\d{12}\.dkr\.ecr\.us-east-1\.amazonaws\.com\/shop\/nginx:1\.4\.2"/);
    // Until cutover.dataMoved the tasks use DigitalOcean's port, the inventory's literal.
    expect(defs).toMatch(/"name" = "DB_PORT", "value" = "25060"/);
    // After it, RDS's: a lone reference (the port is a number) is forced to a string, as ECS requires.
    const example = loadExample('php-shop');
    const moved = {
      ...example,
      cutover: { ...example.cutover!, current: 100, dataMoved: true },
    } as typeof example;
    const [, , movedTd] = resourcesOf(synthAppStacks(compile(moved))['shop-production-apps']).find(
      ([type]) => type === 'aws_ecs_task_definition',
    )!;
    expect(movedTd.container_definitions as string).toMatch(/"name" = "DB_PORT", "value" = tostring\(/);
  });

  it('has the service with circuit breaker, private networking and ignore_changes on desired_count', () => {
    expect(phpShop).toHaveResourceWithProperties(EcsService, {
      name: 'web',
      capacity_provider_strategy: [{ capacity_provider: 'FARGATE', weight: 1, base: 0 }],
      force_new_deployment: true,
      deployment_circuit_breaker: { enable: true, rollback: true },
      deployment_minimum_healthy_percent: 100,
      deployment_maximum_percent: 200,
      health_check_grace_period_seconds: 60,
      propagate_tags: 'SERVICE',
      enable_ecs_managed_tags: true,
      enable_execute_command: false,
      // Pinned mode: a rollout whose tasks cannot start fails the apply, and so does a rolled-back one.
      wait_for_steady_state: true,
      lifecycle: {
        ignore_changes: ['desired_count'],
        postcondition: [
          {
            condition: '${(self.task_definition == aws_ecs_task_definition.web-task.arn)}',
            error_message: expect.stringContaining('rolled it back to the previous revision') as string,
          },
        ],
      },
      load_balancer: [
        {
          container_name: 'nginx',
          container_port: 80,
          target_group_arn: '${aws_lb_target_group.web-target-group.arn}',
        },
      ],
      tags: { app: 'web' },
    });
    const [, , service] = resourcesOf(phpShop).find(([type]) => type === 'aws_ecs_service')!;
    expect((service.network_configuration as { assign_public_ip: boolean }).assign_public_ip).toBe(false);
    expect(service.depends_on).toContain('aws_lb_listener_rule.web-rule-0');
    // Its strategy names the cluster's capacity providers: it waits for their association.
    expect(service.depends_on).toContain('aws_ecs_cluster_capacity_providers.cluster-capacity-providers');
  });

  it('has the ALB, HTTP→HTTPS redirect, TLS 1.3 listener with a 404 default', () => {
    expect(phpShop).toHaveResourceWithProperties(Lb, {
      name: 'shop-production',
      internal: false,
      load_balancer_type: 'application',
      drop_invalid_header_fields: true,
      enable_deletion_protection: true,
    });
    expect(phpShop).toHaveResourceWithProperties(LbListener, {
      port: 80,
      protocol: 'HTTP',
      default_action: [
        { type: 'redirect', redirect: { port: '443', protocol: 'HTTPS', status_code: 'HTTP_301' } },
      ],
    });
    expect(phpShop).toHaveResourceWithProperties(LbListener, {
      port: 443,
      protocol: 'HTTPS',
      ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      certificate_arn: '${aws_acm_certificate_validation.certificate-validation.certificate_arn}',
      default_action: [expect.objectContaining({ type: 'fixed-response' })],
    });
  });

  it('writes ALB access logs to the bucket it creates in production, or to the one the spec names', () => {
    const lb = (json: string) => resourcesOf(json).find(([type]) => type === 'aws_lb')![2];
    expect(lb(phpShop)).toMatchObject({
      access_logs: { enabled: true, bucket: 'shop-production-alb-logs', prefix: 'alb' },
    });
    const spec = loadExample('php-shop');
    const withLogs = {
      ...spec,
      aws: {
        ...spec.aws,
        loadBalancer: { idleTimeout: 120, accessLogs: { bucket: 'shop-alb-logs', prefix: 'prod' } },
      },
    };
    expect(lb(synthRoleJson(compile(withLogs), 'apps'))).toMatchObject({
      idle_timeout: 120,
      access_logs: { enabled: true, bucket: 'shop-alb-logs', prefix: 'prod' },
    });
  });

  it('has a DNS-validated certificate with Route 53 validation records', () => {
    expect(phpShop).toHaveResourceWithProperties(AcmCertificate, {
      domain_name: 'shop-example.com',
      subject_alternative_names: ['www.shop-example.com'],
      validation_method: 'DNS',
    });
    expect(phpShop).toHaveResourceWithProperties(Route53Record, { ttl: 60, allow_overwrite: true });
    expect(phpShop).toHaveResourceWithProperties(AcmCertificateValidation, {
      validation_record_fqdns: [
        '${aws_route53_record.certificate-validation-shop-example-com.fqdn}',
        '${aws_route53_record.certificate-validation-www-shop-example-com.fqdn}',
      ],
    });
  });

  it('has the target group and host/path listener rule', () => {
    expect(phpShop).toHaveResourceWithProperties(LbTargetGroup, {
      // The hash of port and protocol version: a change creates the new group before the old one goes.
      name: expect.stringMatching(/^shop-production-web-[0-9a-f]{4}$/),
      lifecycle: { create_before_destroy: true },
      target_type: 'ip',
      protocol: 'HTTP',
      port: 80,
      deregistration_delay: '30',
      health_check: expect.objectContaining({ path: '/healthz', matcher: '200-399' }),
    });
    expect(phpShop).toHaveResourceWithProperties(LbListenerRule, {
      // Explicit hostnames, the catch-all band, the app's hashed slot (schema/inventory/listener-rules.ts).
      priority: 23216,
      condition: [
        { host_header: { values: ['shop-example.com', 'www.shop-example.com'] } },
        { path_pattern: { values: ['/*'] } },
      ],
    });
  });

  it('has a KMS-encrypted log group with retention', () => {
    expect(phpShop).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/ecs/shop-production/web',
      retention_in_days: 30,
    });
  });

  it('has autoscaling on CPU and requests per target', () => {
    expect(phpShop).toHaveResourceWithProperties(AppautoscalingTarget, {
      min_capacity: 2,
      max_capacity: 6,
      scalable_dimension: 'ecs:service:DesiredCount',
      resource_id:
        'service/${aws_ecs_cluster_capacity_providers.cluster-capacity-providers.cluster_name}/${aws_ecs_service.web-service.name}',
    });
    expect(phpShop).toHaveResourceWithProperties(AppautoscalingPolicy, {
      policy_type: 'TargetTrackingScaling',
      target_tracking_scaling_policy_configuration: expect.objectContaining({
        target_value: 500,
        predefined_metric_specification: {
          predefined_metric_type: 'ALBRequestCountPerTarget',
          resource_label: '${aws_lb.alb.arn_suffix}/${aws_lb_target_group.web-target-group.arn_suffix}',
        },
      }),
    });
  });

  it('has the EFS file system, mount targets, access point and NFS only from the app', () => {
    expect(phpShop).toHaveResourceWithProperties(EfsFileSystem, {
      encrypted: true,
      throughput_mode: 'elastic',
      lifecycle: { prevent_destroy: true },
    });
    expect(phpShop).toHaveResourceWithProperties(EfsAccessPoint, {
      posix_user: { uid: 1000, gid: 1000 },
      root_directory: expect.objectContaining({ path: '/uploads' }),
    });
    expect(resourcesOf(phpShop).filter(([type]) => type === 'aws_efs_mount_target')).toHaveLength(2);
    expect(phpShop).toHaveResource(EfsMountTarget);
    expect(phpShop).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
      from_port: 2049,
      to_port: 2049,
      ip_protocol: 'tcp',
    });
  });

  it('writes a file system policy that admits only the task role', () => {
    const [, , fsPolicy] = resourcesOf(phpShop).find(([type]) => type === 'aws_efs_file_system_policy')!;
    const policy = fsPolicy.policy as string;
    expect(policy).toMatch(
      /"Sid" = "AppTaskRoleViaAccessPoint".*"Principal" = \{\s*"AWS" = \[tostring\(aws_iam_role\.web-task-role\.arn\)\]/s,
    );
    expect(policy).toMatch(
      /"ArnNotEquals" = \{\s*"aws:PrincipalArn" = \[tostring\(aws_iam_role\.web-task-role\.arn\)\]/,
    );
    expect(policy).toContain('"Sid" = "DenyMountsOutsideTheAccessPoint"');
    expect(policy).not.toMatch(/:root|account_id/);
  });

  it('tags every taggable app resource with the app', () => {
    for (const [type, id, config] of resourcesOf(phpShop)) {
      if (!id.startsWith('web-') || !('tags' in config)) continue;
      expect([type, (config.tags as Record<string, string>).app]).toEqual([type, 'web']);
    }
    expect(phpShop).toHaveResourceWithProperties(IamRole, { name: 'shop-production-web-execution' });
  });
});

describe('other app kinds (construct tests)', () => {
  const plan = compile(
    specWithApps([
      {
        name: 'api',
        containers: [
          {
            name: 'api',
            image: { repository: 'demo/web', tag: '2.0.0' },
            port: 9000,
            environment: { TEMPLATE: '${HOME}/x and %{y}' },
          },
        ],
        expose: { internal: { container: 'api', port: 9000 } },
        deployment: { imageTagMode: 'ci' },
      },
      {
        name: 'nightly',
        schedule: 'cron(0 3 * * ? *)',
        containers: [{ name: 'job', image: { repository: 'demo/web', tag: '2.0.0' } }],
      },
    ]),
  );
  const json = synthAppStacks(plan)['demo-staging-apps'];

  it('registers internal apps in the Cloud Map namespace', () => {
    expect(json).toHaveResourceWithProperties(ServiceDiscoveryPrivateDnsNamespace, {
      name: 'demo-staging.local',
    });
    expect(json).toHaveResourceWithProperties(ServiceDiscoveryService, {
      name: 'api',
      dns_config: expect.objectContaining({ routing_policy: 'MULTIVALUE' }),
    });
    expect(json).toHaveResourceWithProperties(EcsService, {
      name: 'api',
      service_registries: { registry_arn: '${aws_service_discovery_service.api-discovery.arn}' },
      lifecycle: { ignore_changes: ['task_definition'] },
      // ci mode: CI waits for its own rollouts.
      wait_for_steady_state: false,
    });
    expect(json).not.toHaveResource(Lb);
  });

  it('escapes Terraform template sequences in values', () => {
    const [, , td] = resourcesOf(json).find(
      ([type, id]) => type === 'aws_ecs_task_definition' && id === 'api-task',
    )!;
    expect(td.container_definitions).toContain('$${HOME}/x and %%{y}');
    expect(td.skip_destroy).toBe(true);
  });

  it('runs scheduled apps through EventBridge without a service', () => {
    expect(json).toHaveResourceWithProperties(CloudwatchEventRule, {
      schedule_expression: 'cron(0 3 * * ? *)',
    });
    expect(json).toHaveResourceWithProperties(CloudwatchEventTarget, {
      arn: '${aws_ecs_cluster.cluster.arn}',
      role_arn: '${aws_iam_role.nightly-events-role.arn}',
      ecs_target: expect.objectContaining({
        launch_type: 'FARGATE',
        task_definition_arn: '${aws_ecs_task_definition.nightly-task.arn}',
        network_configuration: expect.objectContaining({ assign_public_ip: false }),
      }),
    });
    expect(
      resourcesOf(json)
        .filter(([type]) => type === 'aws_ecs_service')
        .map(([, id]) => id),
    ).toEqual(['api-service']);
  });
});

describe('ECS Exec audit (construct tests)', () => {
  const exec = (name: string, repository = 'demo/web'): AppInput => ({
    name,
    containers: [{ name, image: { repository, tag: '2.0.0' } }],
    deployment: { exec: true },
  });
  const plan = compile(specWithApps([exec('worker')]));
  const json = synthAppStacks(plan)['demo-staging-apps'];
  const kmsArn = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555';

  it('logs every session to a KMS-encrypted group and encrypts it with the environment key', () => {
    expect(json).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/ecs-exec/demo-staging',
      retention_in_days: 365,
      kms_key_id: kmsArn,
    });
    expect(json).toHaveResourceWithProperties(EcsCluster, {
      configuration: {
        execute_command_configuration: {
          kms_key_id: kmsArn,
          logging: 'OVERRIDE',
          log_configuration: {
            cloud_watch_encryption_enabled: true,
            cloud_watch_log_group_name: '${aws_cloudwatch_log_group.exec-audit-logs.name}',
          },
        },
      },
    });
  });

  it('lets the task role write only to the audit group and decrypt only with the environment key', () => {
    const [, , policy] = resourcesOf(json).find(
      ([type, id]) => type === 'aws_iam_role_policy' && id === 'worker-task-policy',
    )!;
    expect(policy.policy).toMatch(
      /"Sid" = "EcsExecWriteAuditLog"[^}]*"Resource" = \["\$\{aws_cloudwatch_log_group\.exec-audit-logs\.arn\}:\*"\]/s,
    );
    expect(policy.policy).toMatch(/"Sid" = "EcsExecSessionKey"[^}]*"Action" = \["kms:Decrypt"\]/);
    expect(policy.policy).toContain(`"Resource" = [tostring("${kmsArn}")]`);
  });

  it('reads the audit group across stacks in the per-app layout', () => {
    const stacks = synthAppStacks(compile(specWithApps([exec('worker')]), { layout: 'per-app' }));
    expect(stacks['demo-staging-platform']).toHaveResource(EcsCluster);
    expect(resourcesOf(stacks['demo-staging-app-worker']).map(([, id]) => id)).not.toContain(
      'exec-audit-logs',
    );
    const [, , policy] = resourcesOf(stacks['demo-staging-app-worker']).find(
      ([type, id]) => type === 'aws_iam_role_policy' && id === 'worker-task-policy',
    )!;
    // The platform stack's log group: cdktf turns it into a cross-stack reference when the app synthesizes.
    expect(policy.policy).toContain('${aws_cloudwatch_log_group.exec-audit-logs.arn}:*');
  });
});

describe('layouts and determinism', () => {
  it('names an app stack whose app the plan lacks as a dropship bug', () => {
    const perApp = compile(loadExample('php-shop'), { layout: 'per-app' });
    const stackPlan = { ...perApp.stacks.find((s) => s.role === 'app')!, app: 'ghost' };
    expect(() =>
      renderAppStack(new TerraformStack(Testing.app(), 'app-ghost'), {
        plan: perApp,
        stackPlan,
        refs: new RefRegistry(),
      }),
    ).toThrow(/no app ghost in the plan \(a dropship bug: please report it\)/);
  });

  it('splits into a platform stack and one stack per app', () => {
    const perApp = compile(loadExample('php-shop'), { layout: 'per-app' });
    const stacks = synthAppStacks(perApp);
    expect(Object.keys(stacks).sort()).toEqual(['shop-production-app-web', 'shop-production-platform']);
    expect(stacks['shop-production-platform']).toHaveResource(Lb);
    expect(stacks['shop-production-platform']).not.toHaveResource(EcsService);
    expect(stacks['shop-production-app-web']).toHaveResource(EcsService);
    expect(stacks['shop-production-app-web']).not.toHaveResource(Lb);
  });

  it('synthesizes byte-identical output twice', () => {
    const again = synthAppStacks(compile(loadExample('php-shop')))['shop-production-apps'];
    expect(again).toBe(phpShop);
  });
});

describeTerraform('apps stack of php-shop (terraform)', () => {
  it('validates and plans offline with the expected resources', () => {
    const synth = synthExample('php-shop');
    const result = planStack(synth.outdir, 'shop-production-apps');
    expect(result.validate.errorCount).toBe(0);
    expect(result.createdByType).toEqual({
      aws_acm_certificate: 1,
      aws_acm_certificate_validation: 1,
      aws_appautoscaling_policy: 2,
      aws_appautoscaling_target: 1,
      aws_cloudwatch_log_group: 1,
      // the ALB's own 5XX; web's target 5XX and no healthy target; web's Route 53 signal (weighted hostnames)
      aws_cloudwatch_metric_alarm: 4,
      aws_ecs_cluster: 1,
      aws_ecs_cluster_capacity_providers: 1,
      aws_ecs_service: 1,
      aws_ecs_task_definition: 1,
      aws_efs_access_point: 1,
      aws_efs_backup_policy: 1,
      aws_efs_file_system: 1,
      aws_efs_file_system_policy: 1,
      aws_efs_mount_target: 2,
      aws_iam_role: 2,
      aws_iam_role_policy: 2,
      aws_lb: 1,
      aws_lb_listener: 2,
      aws_lb_listener_rule: 1,
      aws_lb_target_group: 1,
      aws_route53_health_check: 1, // the CLOUDWATCH_METRIC check on that alarm, beside the target group
      aws_route53_record: 2,
      // The access-log bucket (production: on by default) and its settings.
      aws_s3_bucket: 1,
      aws_s3_bucket_lifecycle_configuration: 1,
      aws_s3_bucket_ownership_controls: 1,
      aws_s3_bucket_policy: 1,
      aws_s3_bucket_public_access_block: 1,
      aws_s3_bucket_server_side_encryption_configuration: 1,
      aws_security_group: 1,
      aws_vpc_security_group_egress_rule: 1,
      aws_vpc_security_group_ingress_rule: 1,
    });
    expect(result.resourceChanges).toHaveLength(41);
  });

  it('validates and plans the django-app example (web, worker, scheduled job)', () => {
    const synth = synthExample('django-app');
    const result = planStack(synth.outdir, synth.stackByRole('apps').name);
    // 48 + the ECS Exec audit log group (web enables exec) + 4 alarms (the ALB; web's two, the only public
    // app; the worker's running tasks) + web's Route 53 alarm and CLOUDWATCH_METRIC check (its hostnames
    // are weighted) + the access-log bucket and its 5 settings (production).
    expect(result.resourceChanges).toHaveLength(61);
    expect(result.createdByType).toMatchObject({
      aws_cloudwatch_metric_alarm: 5,
      aws_route53_health_check: 1,
      aws_cloudwatch_log_group: 4, // one per app and the exec audit group
      aws_ecs_task_definition: 3,
      aws_ecs_service: 2,
      aws_cloudwatch_event_target: 1,
      aws_iam_role: 7, // execution + task per app, and the scheduler's role
      aws_efs_mount_target: 3,
    });
  });

  it('validates and plans every other app kind (internal, scheduled, ci, exec, spot, external DNS)', () => {
    const spec = specFrom({
      ...baseSpecInput(),
      digitalocean: {
        domains: [
          { name: 'example.com', dns: 'route53', route53ZoneId: 'Z0123456789ABC' },
          { name: 'elsewhere.org', dns: 'external' },
        ],
      },
      ecr: { repositories: [{ name: 'demo/web' }] },
      apps: [
        {
          name: 'site',
          containers: [{ name: 'site', image: { repository: 'demo/web', tag: '2.0.0' }, port: 8080 }],
          expose: {
            public: {
              hostnames: ['example.com', '*.example.com', 'shop.elsewhere.org'],
              container: 'site',
              port: 8080,
              healthCheckPath: '/healthz',
            },
          },
          scaling: { min: 2, max: 8, memoryTarget: 70 },
          deployment: { exec: true, spot: { fargate: 1, fargateSpot: 2 } },
        },
        {
          name: 'api',
          architecture: 'arm64',
          containers: [
            {
              name: 'api',
              image: { repository: 'demo/web', tag: '2.0.0' },
              port: 9000,
              environment: TRICKY_ENV,
              healthCheck: {
                command: [
                  'CMD-SHELL',
                  `python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:9000/')"`,
                ],
              },
            },
          ],
          expose: { internal: { container: 'api', port: 9000 } },
          deployment: { imageTagMode: 'ci' },
        },
        {
          name: 'nightly',
          schedule: 'cron(0 3 * * ? *)',
          containers: [{ name: 'job', image: { repository: 'demo/web', tag: '2.0.0' } }],
        },
      ],
    });
    const outdir = mkdtempSync(join(tmpdir(), 'dropship-apps-kinds-'));
    try {
      writeAppStacks(compile(spec), outdir);
      const result = planStack(outdir, 'demo-staging-apps');
      expect(result.createdByType.aws_ecs_service).toBe(2);
      expect(result.createdByType.aws_cloudwatch_event_target).toBe(1);
      expect(result.createdByType.aws_service_discovery_service).toBe(1);
      expect(result.createdByType.aws_route53_record).toBe(1); // example.com and *.example.com share one
      expect(result.outputs).toContain('certificate_validation_records');
      const after = (address: string) =>
        result.resourceChanges.find((r) => r.address === address)?.after as Record<string, unknown>;
      // site enables exec: sessions are audited; pinned site waits for steady state, ci api does not.
      expect(after('aws_ecs_cluster.cluster').configuration).toEqual([
        expect.objectContaining({
          execute_command_configuration: [
            expect.objectContaining({
              logging: 'OVERRIDE',
              log_configuration: [
                expect.objectContaining({
                  cloud_watch_encryption_enabled: true,
                  cloud_watch_log_group_name: '/ecs-exec/demo-staging',
                }),
              ],
            }),
          ],
        }),
      ]);
      expect(after('aws_ecs_service.site-service').wait_for_steady_state).toBe(true);
      expect(after('aws_ecs_service.api-service').wait_for_steady_state).toBe(false);
      const api = result.resourceChanges.find((r) => r.address === 'aws_ecs_task_definition.api-task')!;
      // Every value reaches ECS exactly as written in the spec.
      const [container] = JSON.parse(String(api.after?.container_definitions)) as {
        environment: { name: string; value: string }[];
        healthCheck: { command: string[] };
      }[];
      expect(Object.fromEntries(container.environment.map((e) => [e.name, e.value]))).toEqual(TRICKY_ENV);
      expect(container.healthCheck.command[1]).toBe(
        `python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:9000/')"`,
      );
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
