/** The cost estimate: arithmetic on list prices, DigitalOcean side from the inventory, AWS side from Terraform. */
import { estimateCost } from '../../compiler/analyses/cost';
import {
  AURORA_INSTANCE_PRICES,
  AWS_PRICES,
  DO_DATABASE_NODE_PRICES,
  DROPLET_PRICES,
  ELASTICACHE_NODE_PRICES,
  PRICES_DATE,
  RDS_INSTANCE_PRICES,
} from '../../compiler/prices';
import type { StackJson } from '../../compiler/analyses/checks';
import { baseSpecInput, specFrom } from '../helpers/synth';

const spec = specFrom({
  ...baseSpecInput(),
  aws: { ...baseSpecInput().aws, region: 'us-east-1', availabilityZones: ['us-east-1a', 'us-east-1b'] },
  digitalocean: {
    droplets: [
      { name: 'web-1', size: 's-2vcpu-4gb', region: 'nyc3' },
      { name: 'odd', size: 'x-unknown-size', region: 'nyc3' },
    ],
    databases: [
      {
        name: 'pg',
        engine: 'pg',
        version: '16',
        size: 'db-s-2vcpu-4gb',
        nodes: 2,
        readOnlyNodes: [{ name: 'ro' }],
      },
    ],
    loadBalancers: [{ name: 'lb' }],
    volumes: [{ name: 'uploads', sizeGb: 50 }],
  },
});

const stacks: StackJson[] = [
  {
    name: 'apps',
    json: {
      resource: {
        aws_ecs_task_definition: {
          web: { cpu: '1024', memory: '2048' },
          arm: { cpu: '512', memory: '1024', runtime_platform: { cpu_architecture: 'ARM64' } },
        },
        aws_ecs_service: {
          web: { name: 'web', task_definition: '${aws_ecs_task_definition.web.arn}', desired_count: 2 },
          arm: {
            name: 'arm',
            task_definition: '${aws_ecs_task_definition.arm.arn}',
            capacity_provider_strategy: [
              { capacity_provider: 'FARGATE', weight: 1 },
              { capacity_provider: 'FARGATE_SPOT', weight: 3 },
            ],
          },
        },
        aws_appautoscaling_target: { arm: { resource_id: 'service/cluster/arm', min_capacity: 3 } },
        aws_lb: { alb: { name: 'alb', load_balancer_type: 'application' } },
      },
    },
  },
  {
    name: 'data',
    json: {
      resource: {
        aws_db_instance: {
          main: {
            identifier: 'main',
            instance_class: 'db.t4g.medium',
            multi_az: true,
            allocated_storage: 60,
          },
          replica: {
            identifier: 'main-ro',
            instance_class: 'db.t4g.medium',
            replicate_source_db: '${aws_db_instance.main.identifier}',
          },
          odd: { identifier: 'odd', instance_class: 'db.x9.huge' },
        },
        aws_elasticache_replication_group: {
          c: { replication_group_id: 'c', node_type: 'cache.t4g.small', num_cache_clusters: 2 },
        },
        aws_secretsmanager_secret: { a: {}, b: {} },
        aws_nat_gateway: { a: {}, b: {} },
        aws_cloudwatch_metric_alarm: {
          cpu: {},
          storage: {},
          memory: {},
          // A 5XX rate: two metrics and the expression over them.
          rate: {
            metric_query: [
              { id: 'errors', metric: {} },
              { id: 'total', metric: {} },
              { id: 'rate', expression: 'x' },
            ],
          },
        },
      },
    },
  },
];

const estimate = estimateCost(spec, stacks);
const awsLine = (prefix: string) => estimate.aws.find((l) => l.item.startsWith(prefix));

describe('cost estimate', () => {
  it('is labelled an estimate and dated', () => {
    expect(estimate.label).toMatch(/ESTIMATE/);
    expect(estimate.pricesDate).toBe(PRICES_DATE);
    expect(PRICES_DATE).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('prices Fargate as tasks × (vCPU + GB) × 730 h, x86 or ARM, with the autoscaling minimum as fallback', () => {
    const x86 = 2 * (1 * AWS_PRICES.fargateVcpuX86.usd + 2 * AWS_PRICES.fargateGbX86.usd) * 730;
    expect(awsLine('Fargate web')!.monthlyUsd).toBeCloseTo(x86, 2);
    expect(awsLine('Fargate web')!.monthlyUsd).toBeCloseTo(72.08, 2); // the reference table's figure
    const arm = 3 * (0.5 * AWS_PRICES.fargateVcpuArm.usd + 1 * AWS_PRICES.fargateGbArm.usd) * 730;
    expect(awsLine('Fargate arm')!.monthlyUsd).toBeCloseTo(arm, 2);
    expect(awsLine('Fargate arm')!.detail).toContain('3 tasks');
    expect(awsLine('Fargate arm')!.detail).toContain('Spot share priced on-demand');
    expect(awsLine('Fargate web')!.detail).not.toContain('Spot');
  });

  it('doubles Multi-AZ instance hours and storage, prices replicas with their source’s storage', () => {
    const medium = RDS_INSTANCE_PRICES.get('db.t4g.medium')!.usd;
    expect(estimate.aws.find((l) => l.item === 'RDS main')!.monthlyUsd).toBeCloseTo(2 * 730 * medium, 2);
    expect(awsLine('RDS main storage')!.monthlyUsd).toBeCloseTo(60 * 2 * AWS_PRICES.rdsGp3GbMonth.usd, 2);
    expect(awsLine('RDS main-ro (read replica)')!.monthlyUsd).toBeCloseTo(730 * medium, 2);
    expect(awsLine('RDS main-ro storage')!.monthlyUsd).toBeCloseTo(60 * AWS_PRICES.rdsGp3GbMonth.usd, 2);
  });

  it('counts ElastiCache nodes, NAT gateways, secrets and the ALB', () => {
    expect(awsLine('ElastiCache c')!.monthlyUsd).toBeCloseTo(
      2 * 730 * ELASTICACHE_NODE_PRICES.get('cache.t4g.small')!.usd,
      2,
    );
    expect(awsLine('NAT gateways')!.monthlyUsd).toBeCloseTo(2 * 730 * AWS_PRICES.natHour.usd, 2);
    expect(awsLine('Secrets Manager')!.monthlyUsd).toBeCloseTo(2 * AWS_PRICES.secretMonth.usd, 2);
    expect(awsLine('ALB alb')!.monthlyUsd).toBeCloseTo(
      730 * (AWS_PRICES.albHour.usd + AWS_PRICES.albLcuHour.usd),
      2,
    );
  });

  it('prices every CloudWatch alarm metric at the standard-resolution alarm-month, each metric of a metric-math alarm', () => {
    // 3 single-metric alarms and a rate over 2 metrics: 5 alarm metrics.
    expect(awsLine('CloudWatch alarms')!.monthlyUsd).toBeCloseTo(5 * AWS_PRICES.cloudwatchAlarmMonth.usd, 2);
    expect(awsLine('CloudWatch alarms')!.detail).toMatch(/^4 alarms, 5 alarm metrics/);
    expect(AWS_PRICES.cloudwatchAlarmMonth.usd).toBe(0.1);
  });

  it('prices the DigitalOcean inventory and lists what it cannot price', () => {
    const doLine = (p: string) => estimate.digitalocean.find((l) => l.item.startsWith(p))!;
    expect(doLine('Droplet web-1').monthlyUsd).toBe(DROPLET_PRICES.get('s-2vcpu-4gb')!.usd);
    expect(doLine('Database pg').monthlyUsd).toBe(3 * DO_DATABASE_NODE_PRICES.get('db-s-2vcpu-4gb')!.usd);
    expect(doLine('Database pg').verified).toBe(false);
    expect(doLine('Volume uploads').monthlyUsd).toBeCloseTo(5, 2);
    // Billed every month but not in the price table: the estimate is incomplete, not silently lower.
    expect(estimate.incomplete).toEqual(
      expect.arrayContaining([
        expect.stringContaining('odd: no list price'),
        expect.stringContaining('db.x9.huge'),
      ]),
    );
  });

  it('totals the lines, and states no difference while a monthly item has no price', () => {
    const total = (lines: { monthlyUsd: number }[]) => lines.reduce((t, l) => t + l.monthlyUsd, 0);
    expect(estimate.totals.awsUsd).toBeCloseTo(total(estimate.aws), 2);
    expect(estimate.totals.digitaloceanUsd).toBeCloseTo(total(estimate.digitalocean), 2);
    expect(estimate.incomplete.length).toBeGreaterThan(0);
    expect(estimate.totals.differenceUsd).toBeNull();
    expect(estimate.notes.some((n) => /^Incomplete: \d+ gaps? listed as "missing"/.test(n))).toBe(true);
  });

  it('prices Aurora writer and readers by class, and storage at the DigitalOcean disk size', () => {
    const auroraSpec = specFrom({
      ...baseSpecInput(),
      digitalocean: {
        databases: [{ name: 'pg', engine: 'pg', version: '16', size: 'db-s-2vcpu-4gb', storageMib: 40960 }],
      },
      databases: [{ name: 'main', from: 'pg', aurora: true }],
    });
    const aurora: StackJson[] = [
      {
        name: 'data',
        json: {
          resource: {
            aws_rds_cluster: { main: { cluster_identifier: 'demo-staging-main' } },
            aws_rds_cluster_instance: {
              w: {
                identifier: 'main-1',
                instance_class: 'db.t4g.medium',
                cluster_identifier: '${aws_rds_cluster.main.id}',
              },
              r: {
                identifier: 'main-2',
                instance_class: 'db.t4g.medium',
                cluster_identifier: '${aws_rds_cluster.main.id}',
              },
            },
          },
        },
      },
    ];
    const e = estimateCost(auroraSpec, aurora);
    const hourly = AURORA_INSTANCE_PRICES.get('db.t4g.medium')!.usd;
    expect(e.aws.filter((l) => l.item.startsWith('Aurora main-')).map((l) => l.monthlyUsd)).toEqual([
      Math.round(730 * hourly * 100) / 100,
      Math.round(730 * hourly * 100) / 100,
    ]);
    expect(e.aws.find((l) => l.item === 'Aurora demo-staging-main storage')!.monthlyUsd).toBeCloseTo(
      40 * 0.1,
      2,
    );
  });

  it('matches an Aurora cluster to its own database, not to one whose name it ends with', () => {
    const spec = specFrom({
      ...baseSpecInput(),
      digitalocean: {
        databases: [
          { name: 'small', engine: 'pg', version: '16', size: 'db-s-2vcpu-4gb', storageMib: 10240 },
          { name: 'big', engine: 'pg', version: '16', size: 'db-s-2vcpu-4gb', storageMib: 102400 },
        ],
      },
      // `main` comes first and `app-main` ends with `-main`.
      databases: [
        { name: 'main', from: 'small', aurora: true },
        { name: 'app-main', from: 'big', aurora: true },
      ],
    });
    const stacks: StackJson[] = [
      {
        name: 'data',
        json: { resource: { aws_rds_cluster: { app: { cluster_identifier: 'demo-staging-app-main' } } } },
      },
    ];
    const storage = estimateCost(spec, stacks).aws.find(
      (l) => l.item === 'Aurora demo-staging-app-main storage',
    );
    expect(storage!.monthlyUsd).toBeCloseTo(100 * 0.1, 2);
  });

  it('takes each service’s own autoscaling minimum, not that of a service whose name contains its name', () => {
    // As dropship writes them: resource_id references the service; `web2` comes first and contains `web`.
    const service = (name: string) => ({ name, task_definition: '${aws_ecs_task_definition.t.arn}' });
    const target = (resourceId: string, min: number) => ({ resource_id: resourceId, min_capacity: min });
    const fleet = (targets: Record<string, ReturnType<typeof target>>): StackJson[] => [
      {
        name: 'apps',
        json: {
          resource: {
            aws_ecs_task_definition: { t: { cpu: '256', memory: '512' } },
            aws_ecs_service: { 'web2-service': service('web2'), 'web-service': service('web') },
            aws_appautoscaling_target: targets,
          },
        },
      },
    ];
    const tasks = (stacks: StackJson[], name: string) =>
      estimateCost(spec, stacks).aws.find((l) => l.item === `Fargate ${name}`)!.detail;
    const byReference = fleet({
      'web2-target': target('service/${aws_ecs_cluster.c.name}/${aws_ecs_service.web2-service.name}', 5),
      'web-target': target('service/${aws_ecs_cluster.c.name}/${aws_ecs_service.web-service.name}', 2),
    });
    expect(tasks(byReference, 'web')).toContain('2 tasks');
    expect(tasks(byReference, 'web2')).toContain('5 tasks');
    const byName = fleet({ a: target('service/cluster/web2', 5), b: target('service/cluster/web', 2) });
    expect(tasks(byName, 'web')).toContain('2 tasks');
    expect(tasks(byName, 'web2')).toContain('5 tasks');
  });

  it('every price names its source; the droplet table matches the reference capture', () => {
    const all = [
      ...Object.values(AWS_PRICES),
      ...DROPLET_PRICES.values(),
      ...DO_DATABASE_NODE_PRICES.values(),
      ...RDS_INSTANCE_PRICES.values(),
      ...ELASTICACHE_NODE_PRICES.values(),
    ];
    for (const p of all) {
      expect(p.source.length).toBeGreaterThan(10);
      expect(p.usd).toBeGreaterThan(0);
    }
    expect(DROPLET_PRICES.get('s-1vcpu-1gb')!.usd).toBe(6);
    expect(DROPLET_PRICES.get('s-8vcpu-16gb')!.usd).toBe(96);
    expect(DROPLET_PRICES.get('c-2')!.usd).toBe(42);
  });
});

describe('Route 53 health checks in the estimate', () => {
  const withChecks = (checks: Record<string, Record<string, string | number>>): StackJson[] => [
    ...stacks,
    { name: 'cutover', json: { resource: { aws_route53_health_check: checks } } },
  ];
  const lineOf = (s: StackJson[]) =>
    estimateCost(spec, s).aws.find((l) => l.item === 'Route 53 health checks');

  it('prices each check of a non-AWS endpoint, plus HTTPS and the 10 s interval as optional features', () => {
    const line = lineOf(
      withChecks({
        a: { type: 'HTTPS', request_interval: 30 },
        b: { type: 'HTTP', request_interval: 10 },
        c: { type: 'HTTP', request_interval: 30 },
      }),
    )!;
    const expected =
      3 * AWS_PRICES.route53HealthCheckNonAwsMonth.usd + 2 * AWS_PRICES.route53HealthCheckOptionMonth.usd;
    expect(line.monthlyUsd).toBeCloseTo(expected, 2);
    expect(line.verified).toBe(false); // the optional-feature price is marked unverified
  });

  it('has no line without health checks', () => {
    expect(lineOf(stacks)).toBeUndefined();
  });
});
