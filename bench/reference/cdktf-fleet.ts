/**
 * The reference workload for `synth`, rebuilt so the benchmark can measure it beside dropship in
 * the same minutes: a plain cdktf app (deep imports, `app.synth()` in process, cdktf's defaults, none of
 * dropship's changes to cdktf) with the per-service work, N times over. Issue 8 measured it at about
 * 0.9 s for 100 services and 7 s for 1,000 on its 2-core machine; what it reads here says how fast the
 * machine is right now, in the same currency as the budgets.
 *
 *   node dist/bench/reference/cdktf-fleet.js --services 100 --out /tmp/ref
 *
 * Per service (15 resources): ECR repository, log group, execution and task roles, a secret, a security
 * group with its ingress rule, target group, listener rule, task definition, service, RDS instance,
 * ElastiCache cluster and two weighted Route 53 records. Shared once: provider, cluster, ALB, its security
 * group and HTTPS listener. Every cross-resource value is a cdktf reference, as in a hand-written app.
 *
 * This is the one module outside stacks/ and main.ts that imports cdktf (eslint.config.js names it): it
 * measures cdktf itself, so it must not go through dropship's stacks.
 */
import { App, Fn, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { ElasticacheCluster } from '@cdktf/provider-aws/lib/elasticache-cluster';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';

/** The per-service resources of the reference, in the order they are created. */
export const REFERENCE_RESOURCES_PER_SERVICE = 15;

const VPC_ID = 'vpc-0123456789abcdef0';
const SUBNETS = ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'];
const ZONE_ID = 'Z0123456789ABCDEFGHIJ';
const ECS_TASKS_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});

class ReferenceFleet extends TerraformStack {
  constructor(scope: Construct, id: string, services: number) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: 'eu-west-1' });
    const cluster = new EcsCluster(this, 'cluster', { name: 'reference' });
    const albGroup = new SecurityGroup(this, 'alb-sg', { name: 'reference-alb', vpcId: VPC_ID });
    const alb = new Lb(this, 'alb', { name: 'reference', securityGroups: [albGroup.id], subnets: SUBNETS });
    const listener = new LbListener(this, 'https', {
      loadBalancerArn: alb.arn,
      port: 443,
      protocol: 'HTTPS',
      sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
      defaultAction: [
        { type: 'fixed-response', fixedResponse: { contentType: 'text/plain', statusCode: '404' } },
      ],
    });
    for (let i = 0; i < services; i++) this.service(`svc${i}`, i, { cluster, alb, albGroup, listener });
  }

  /** One service's 15 resources, created in the order REFERENCE_RESOURCES_PER_SERVICE lists them. */
  private service(name: string, index: number, shared: Shared): void {
    const repository = new EcrRepository(this, `${name}-repo`, { name, imageTagMutability: 'IMMUTABLE' });
    const logs = new CloudwatchLogGroup(this, `${name}-logs`, { name: `/ecs/${name}`, retentionInDays: 30 });
    const roles = this.taskRoles(name);
    const secret = new SecretsmanagerSecret(this, `${name}-secret`, { name: `${name}/env` });
    const group = this.serviceGroup(name, shared.albGroup);
    const targetGroup = this.albRoute(name, index, shared.listener);
    const taskDefinition = this.taskDefinition(name, { repository, logs, secret, ...roles });
    new EcsService(this, `${name}-svc`, {
      name,
      cluster: shared.cluster.arn,
      taskDefinition: taskDefinition.arn,
      desiredCount: 2,
      launchType: 'FARGATE',
      networkConfiguration: { subnets: SUBNETS, securityGroups: [group.id] },
      loadBalancer: [{ targetGroupArn: targetGroup.arn, containerName: 'app', containerPort: 8080 }],
    });
    this.dataStores(name, group);
    this.weightedRecords(name, index, shared.alb);
  }

  private taskRoles(name: string): { executionRole: IamRole; taskRole: IamRole } {
    const executionRole = new IamRole(this, `${name}-exec`, {
      name: `${name}-exec`,
      assumeRolePolicy: ECS_TASKS_TRUST,
      managedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'],
    });
    const taskRole = new IamRole(this, `${name}-task`, {
      name: `${name}-task`,
      assumeRolePolicy: ECS_TASKS_TRUST,
    });
    return { executionRole, taskRole };
  }

  /** The service's security group, open to the ALB's on the app port. */
  private serviceGroup(name: string, albGroup: SecurityGroup): SecurityGroup {
    const group = new SecurityGroup(this, `${name}-sg`, { name: `${name}-app`, vpcId: VPC_ID });
    new VpcSecurityGroupIngressRule(this, `${name}-from-alb`, {
      securityGroupId: group.id,
      referencedSecurityGroupId: albGroup.id,
      ipProtocol: 'tcp',
      fromPort: 8080,
      toPort: 8080,
    });
    return group;
  }

  /** The target group and the listener rule that forwards the service's host name to it. */
  private albRoute(name: string, index: number, listener: LbListener): LbTargetGroup {
    const targetGroup = new LbTargetGroup(this, `${name}-tg`, {
      name: `${name}-tg`,
      port: 8080,
      protocol: 'HTTP',
      targetType: 'ip',
      vpcId: VPC_ID,
      healthCheck: { path: '/health', matcher: '200' },
    });
    new LbListenerRule(this, `${name}-rule`, {
      listenerArn: listener.arn,
      priority: index + 1,
      condition: [{ hostHeader: { values: [`${name}.example.com`] } }],
      action: [{ type: 'forward', targetGroupArn: targetGroup.arn }],
    });
    return targetGroup;
  }

  private taskDefinition(
    name: string,
    refs: {
      repository: EcrRepository;
      logs: CloudwatchLogGroup;
      secret: SecretsmanagerSecret;
      executionRole: IamRole;
      taskRole: IamRole;
    },
  ): EcsTaskDefinition {
    return new EcsTaskDefinition(this, `${name}-td`, {
      family: name,
      cpu: '512',
      memory: '1024',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      executionRoleArn: refs.executionRole.arn,
      taskRoleArn: refs.taskRole.arn,
      containerDefinitions: Fn.jsonencode([
        {
          name: 'app',
          image: `${refs.repository.repositoryUrl}:latest`,
          portMappings: [{ containerPort: 8080 }],
          secrets: [{ name: 'APP_ENV', valueFrom: refs.secret.arn }],
          logConfiguration: {
            logDriver: 'awslogs',
            options: {
              'awslogs-group': refs.logs.name,
              'awslogs-region': 'eu-west-1',
              'awslogs-stream-prefix': name,
            },
          },
        },
      ]),
    });
  }

  /** The service's own RDS instance and ElastiCache cluster, inside its security group. */
  private dataStores(name: string, group: SecurityGroup): void {
    new DbInstance(this, `${name}-db`, {
      identifier: `${name}-db`,
      engine: 'postgres',
      instanceClass: 'db.t4g.small',
      allocatedStorage: 20,
      storageEncrypted: true,
      manageMasterUserPassword: true,
      username: 'app',
      vpcSecurityGroupIds: [group.id],
    });
    new ElasticacheCluster(this, `${name}-cache`, {
      clusterId: `${name}-cache`,
      engine: 'redis',
      nodeType: 'cache.t4g.small',
      numCacheNodes: 1,
      securityGroupIds: [group.id],
    });
  }

  /** The cutover pair: 10% of the host name to the ALB, 90% to the droplet. */
  private weightedRecords(name: string, index: number, alb: Lb): void {
    new Route53Record(this, `${name}-aws`, {
      zoneId: ZONE_ID,
      name: `${name}.example.com`,
      type: 'A',
      setIdentifier: 'aws',
      weightedRoutingPolicy: { weight: 10 },
      alias: { name: alb.dnsName, zoneId: alb.zoneId, evaluateTargetHealth: true },
    });
    new Route53Record(this, `${name}-do`, {
      zoneId: ZONE_ID,
      name: `${name}.example.com`,
      type: 'A',
      setIdentifier: 'digitalocean',
      weightedRoutingPolicy: { weight: 90 },
      ttl: 60,
      records: [`203.0.113.${index % 250}`],
    });
  }
}

/** What every service refers to: created once per stack. */
interface Shared {
  cluster: EcsCluster;
  alb: Lb;
  albGroup: SecurityGroup;
  listener: LbListener;
}

function main(argv: readonly string[]): void {
  const at = (flag: string) => argv[argv.indexOf(flag) + 1];
  const services = Number(at('--services'));
  const outdir = at('--out');
  if (!Number.isInteger(services) || services < 1 || !argv.includes('--out') || !outdir) {
    process.stderr.write('usage: cdktf-fleet --services N --out DIR\n');
    process.exitCode = 2;
    return;
  }
  const app = new App({ outdir });
  new ReferenceFleet(app, 'reference', services);
  app.synth();
}

if (require.main === module) main(process.argv.slice(2));
