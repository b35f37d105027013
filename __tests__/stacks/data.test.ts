/**
 * The data stack's resources, rendered from real plans by the real renderers (cdktf Testing matchers and
 * the synthesized JSON): RDS with a managed master secret and every protection, Aurora with readers,
 * ElastiCache with encryption, secrets without values, and DMS with secret-based endpoints.
 */
import { Testing } from 'cdktf';
// Brings the matchers' types (toHaveResourceWithProperties, ...) into scope.
import 'cdktf/lib/testing/adapters/jest';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { RdsCluster } from '@cdktf/provider-aws/lib/rds-cluster';
import { RdsClusterInstance } from '@cdktf/provider-aws/lib/rds-cluster-instance';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { DmsEndpoint } from '@cdktf/provider-aws/lib/dms-endpoint';
import { DmsReplicationInstance } from '@cdktf/provider-aws/lib/dms-replication-instance';
import { DmsReplicationSubnetGroup } from '@cdktf/provider-aws/lib/dms-replication-subnet-group';
import { DmsReplicationTask } from '@cdktf/provider-aws/lib/dms-replication-task';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { App, TerraformStack, Token } from 'cdktf';
import { compile } from '../../compiler';
import { embed, refId } from '../../compiler/refs';
import { RefRegistry } from '../../stacks/refs';
import { renderData } from '../../stacks/data';
import type { MigrationSpecInput } from '../../schema/spec';
import {
  baseSpecInput,
  cleanupSynth,
  compileExample,
  resourcesOfType,
  specFrom,
  synthRoleJson,
} from '../helpers/synth';

Testing.setupJest();
afterAll(cleanupSynth);

const phpShop = synthRoleJson(compileExample('php-shop'), 'data');

describe('php-shop data stack', () => {
  it('creates the MySQL instance with a managed master secret and every protection on', () => {
    expect(phpShop).toHaveResourceWithProperties(DbInstance, {
      identifier: 'shop-production-main',
      engine: 'mysql',
      engine_version: '8.4',
      instance_class: 'db.t4g.medium',
      allocated_storage: 60,
      max_allocated_storage: 120,
      storage_type: 'gp3',
      storage_encrypted: true,
      multi_az: true,
      publicly_accessible: false,
      manage_master_user_password: true,
      iam_database_authentication_enabled: true,
      performance_insights_enabled: true,
      performance_insights_retention_period: 7,
      backup_retention_period: 7,
      copy_tags_to_snapshot: true,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: 'shop-production-main-final',
      auto_minor_version_upgrade: true,
      enabled_cloudwatch_logs_exports: ['error', 'slowquery'],
      db_name: 'shop',
      username: 'app',
    });
  });

  it('never sets a password attribute', () => {
    for (const db of Object.values(resourcesOfType(phpShop, 'aws_db_instance'))) {
      expect(db).not.toHaveProperty('password');
      expect(db).not.toHaveProperty('password_wo');
    }
    for (const group of Object.values(resourcesOfType(phpShop, 'aws_elasticache_replication_group')))
      expect(group).not.toHaveProperty('auth_token');
    expect(phpShop).not.toHaveResource(SecretsmanagerSecretVersion);
  });

  it('encrypts storage, the master secret and Performance Insights with the environment key', () => {
    const [db] = Object.values(resourcesOfType(phpShop, 'aws_db_instance'));
    expect(db.kms_key_id).toMatch(/kms/);
    expect(db.master_user_secret_kms_key_id).toBe(db.kms_key_id);
    expect(db.performance_insights_kms_key_id).toBe(db.kms_key_id);
    expect(String(db.vpc_security_group_ids)).toMatch(/db-main|sg/);
  });

  it('requires TLS through the parameter group and uses a private subnet group', () => {
    expect(phpShop).toHaveResourceWithProperties(DbParameterGroup, {
      family: 'mysql8.4',
      parameter: expect.arrayContaining([
        { name: 'require_secure_transport', value: '1', apply_method: 'immediate' },
      ]),
    });
    expect(phpShop).toHaveResourceWithProperties(DbSubnetGroup, { name: 'shop-production-db' });
    const [group] = Object.values(resourcesOfType(phpShop, 'aws_db_subnet_group'));
    expect(group.subnet_ids).toHaveLength(2);
  });

  it('creates the Valkey replication group encrypted at rest and in transit', () => {
    expect(phpShop).toHaveResourceWithProperties(ElasticacheReplicationGroup, {
      replication_group_id: 'shop-production-sessions',
      engine: 'valkey',
      engine_version: '7.2',
      node_type: 'cache.t4g.medium',
      // A production session store: a replica in another zone and failover (schema/inventory/caches.ts).
      num_cache_clusters: 2,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
      lifecycle: { prevent_destroy: true },
      at_rest_encryption_enabled: 'true',
      transit_encryption_enabled: true,
      snapshot_retention_limit: 7,
      final_snapshot_identifier: 'shop-production-sessions-final',
    });
    expect(phpShop).toHaveResourceWithProperties(ElasticacheSubnetGroup, { name: 'shop-production-cache' });
  });

  it('creates the declared secrets, the cache AUTH secret and the DigitalOcean credentials, KMS-encrypted with a 30-day recovery window', () => {
    const secrets = Object.values(resourcesOfType(phpShop, 'aws_secretsmanager_secret'));
    expect(secrets.map((s) => s.name).sort()).toEqual([
      'shop-production/app-key',
      'shop-production/cache/sessions/auth-token',
      // digitalocean-until-100: the tasks use the DigitalOcean clusters until the data moves.
      'shop-production/do/shop-mysql/credentials',
      'shop-production/do/shop-redis/credentials',
      'shop-production/main/app',
      'shop-production/stripe',
    ]);
    for (const secret of secrets) {
      expect(secret.recovery_window_in_days).toBe(30);
      expect(String(secret.kms_key_id)).toMatch(/kms/);
      expect(secret.description).toBeTruthy();
    }
    expect(phpShop).toHaveResourceWithProperties(SecretsmanagerSecret, { description: 'Laravel APP_KEY' });
  });

  it('writes a secret description as text, not as a Terraform template (`${` and `%{` escaped)', () => {
    const json = synthRoleJson(
      compile(
        specFrom({
          ...(baseSpecInput() as Record<string, unknown>),
          secrets: [{ name: 'api', keys: ['token'], description: 'for ${HOME} and %{if x}' }],
        }),
      ),
      'data',
    );
    expect(json).toHaveResourceWithProperties(SecretsmanagerSecret, {
      description: 'for $${HOME} and %%{if x}',
    });
  });

  it('creates the RDS and ElastiCache log groups, KMS-encrypted and expiring, before the services write to them', () => {
    const groups = Object.entries(resourcesOfType(phpShop, 'aws_cloudwatch_log_group'));
    expect(groups.map(([, g]) => g.name).sort()).toEqual([
      '/aws/elasticache/shop-production-sessions/slow-log',
      '/aws/rds/instance/shop-production-main/error',
      '/aws/rds/instance/shop-production-main/slowquery',
    ]);
    for (const [, g] of groups) {
      expect(g.retention_in_days).toBe(30);
      expect(String(g.kms_key_id)).toMatch(/kms/);
    }
    const [db] = Object.values(resourcesOfType(phpShop, 'aws_db_instance'));
    expect(db.depends_on).toEqual([
      ...groups
        .filter(([, g]) => String(g.name).startsWith('/aws/rds/'))
        .map(([id]) => `aws_cloudwatch_log_group.${id}`),
      'aws_iam_role_policy_attachment.db-monitoring-policy',
    ]);
    expect(phpShop).toHaveResourceWithProperties(ElasticacheReplicationGroup, {
      log_delivery_configuration: [
        expect.objectContaining({
          destination_type: 'cloudwatch-logs',
          log_format: 'json',
          log_type: 'slow-log',
        }),
      ],
    });
    expect(phpShop).toHaveResourceWithProperties(CloudwatchLogGroup, { retention_in_days: 30 });
  });

  it('creates no DMS resources for a dump migration', () => {
    expect(phpShop).not.toHaveResource(DmsReplicationInstance);
  });
});

const mysqlSource = {
  name: 'legacy-mysql',
  engine: 'mysql',
  version: '8',
  size: 'db-s-2vcpu-4gb',
  nodes: 1,
  storageMib: 30000,
  host: 'legacy-mysql-do-user-1-0.db.ondigitalocean.com',
  port: 25060,
  user: 'doadmin',
  databases: ['legacy'],
  passwordSecret: 'do-mysql',
  readOnlyNodes: [{ name: 'ro-1' }],
};

function stagingSpec(extra: Record<string, unknown>): MigrationSpecInput {
  return {
    ...(baseSpecInput() as Record<string, unknown>),
    secrets: [{ name: 'do-mysql', keys: ['username', 'password', 'host', 'port'] }],
    digitalocean: { databases: [mysqlSource] },
    ...extra,
  } as MigrationSpecInput;
}

describe('Enhanced Monitoring', () => {
  it('sends OS metrics every 60 s through a role trusted by RDS monitoring, with the AWS managed policy', () => {
    const role = resourcesOfType(phpShop, 'aws_iam_role')['db-monitoring-role'];
    expect(role.name).toBe('shop-production-rds-monitoring');
    expect(JSON.stringify(role.assume_role_policy)).toContain('monitoring.rds.amazonaws.com');
    expect(Object.values(resourcesOfType(phpShop, 'aws_iam_role_policy_attachment'))).toEqual([
      {
        role: '${aws_iam_role.db-monitoring-role.name}',
        policy_arn: 'arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole',
      },
    ]);
    expect(phpShop).toHaveResourceWithProperties(DbInstance, {
      monitoring_interval: 60,
      monitoring_role_arn: '${aws_iam_role.db-monitoring-role.arn}',
    });
  });
});

describe('non-production, DMS', () => {
  const json = synthRoleJson(
    compile(
      specFrom(
        stagingSpec({ databases: [{ name: 'main', from: 'legacy-mysql', migration: { method: 'dms' } }] }),
      ),
    ),
    'data',
  );

  it('creates no RDS read replica for the read-only node (the managed master password forbids it)', () => {
    expect(Object.keys(resourcesOfType(json, 'aws_db_instance'))).toEqual(['db-main']);
  });

  it('skips deletion protection and the final snapshot outside production', () => {
    expect(json).toHaveResourceWithProperties(DbInstance, {
      identifier: 'demo-staging-main',
      deletion_protection: false,
      skip_final_snapshot: true,
    });
  });

  it('creates DMS in private subnets with secret-based endpoints and a full-load-and-cdc task', () => {
    expect(json).toHaveResourceWithProperties(DmsReplicationSubnetGroup, {
      replication_subnet_group_id: 'demo-staging-dms',
    });
    expect(json).toHaveResourceWithProperties(DmsReplicationInstance, {
      replication_instance_class: 'dms.t3.medium',
      publicly_accessible: false,
    });
    const endpoints = Object.values(resourcesOfType(json, 'aws_dms_endpoint'));
    expect(endpoints.map((e) => e.endpoint_type).sort()).toEqual(['source', 'target']);
    for (const e of endpoints) {
      expect(e).not.toHaveProperty('password');
      expect(e).not.toHaveProperty('username');
      expect(String(e.secrets_manager_arn)).toMatch(/aws_secretsmanager_secret\./);
      expect(String(e.secrets_manager_access_role_arn)).toMatch(/aws_iam_role\./);
      // Verified against an imported CA: DMS refuses `require` on MySQL, and it verifies nothing.
      expect(e.ssl_mode).toBe('verify-full');
      expect(String(e.certificate_arn)).toMatch(
        /^\$\{aws_dms_certificate\.dms-certificate-(rds|do-cluster_legacy-mysql)\.certificate_arn\}$/,
      );
    }
    const certificates = resourcesOfType(json, 'aws_dms_certificate');
    expect(Object.keys(certificates).sort()).toEqual([
      'dms-certificate-do-cluster_legacy-mysql',
      'dms-certificate-rds',
    ]);
    // The PEM is a Terraform variable the reader sets, never a value from the spec.
    expect(certificates['dms-certificate-rds'].certificate_pem).toBe('${var.dms_rds_ca_pem}');
    expect(certificates['dms-certificate-do-cluster_legacy-mysql'].certificate_pem).toBe(
      '${var.dms_do_ca_pem_main}',
    );
    // One certificate per cluster now: the applied per-database one (at do-main) follows it.
    const moved = (
      (typeof json === 'string' ? JSON.parse(json) : json) as { moved?: { from: string; to: string }[] }
    ).moved;
    expect(moved).toEqual([
      {
        from: 'aws_dms_certificate.dms-certificate-do-main',
        to: 'aws_dms_certificate.dms-certificate-do-cluster_legacy-mysql',
      },
    ]);
    const parsed = (typeof json === 'string' ? JSON.parse(json) : json) as { variable?: object };
    expect(Object.keys(parsed.variable ?? {}).sort()).toEqual(['dms_do_ca_pem_main', 'dms_rds_ca_pem']);
    expect(json).toHaveResourceWithProperties(DmsReplicationInstance, {
      engine_version: '3.6.1',
      auto_minor_version_upgrade: false,
    });
    expect(json).toHaveResourceWithProperties(DmsEndpoint, { endpoint_type: 'source', engine_name: 'mysql' });
    // The schema exists first: DMS must not trip over foreign keys while it loads tables in parallel.
    expect(json).toHaveResourceWithProperties(DmsEndpoint, {
      endpoint_type: 'target',
      extra_connection_attributes: 'Initstmt=SET FOREIGN_KEY_CHECKS=0',
    });
    expect(json).toHaveResourceWithProperties(DmsReplicationTask, {
      migration_type: 'full-load-and-cdc',
      start_replication_task: false,
      // Modifying these would stop the running replication (and Terraform would not start it again).
      lifecycle: { ignore_changes: ['table_mappings', 'replication_task_settings'] },
    });
    const [task] = Object.values(resourcesOfType(json, 'aws_dms_replication_task'));
    expect(JSON.parse(String(task.table_mappings)).rules[0]['object-locator']).toEqual({
      'schema-name': 'legacy',
      'table-name': '%',
    });
    expect(JSON.parse(String(task.replication_task_settings)).TargetMetadata).toMatchObject({
      FullLobMode: true,
      LimitedSizeLobMode: false,
    });
  });

  it('lets DMS read only the endpoint secrets, through a role trusted by the regional DMS principal', () => {
    const role = resourcesOfType(json, 'aws_iam_role')['dms-secrets-role'];
    expect(String(role.assume_role_policy)).toContain('dms.eu-west-1.amazonaws.com');
    expect(json).toHaveResourceWithProperties(IamRole, { name: 'demo-staging-dms-secrets' });
    const [policy] = Object.values(resourcesOfType(json, 'aws_iam_role_policy'));
    const text = String(policy.policy);
    expect(text).toContain('secretsmanager:GetSecretValue');
    expect(text).not.toContain('"*"');
    expect(text).toContain('aws_secretsmanager_secret.secret-do-mysql.arn');
    expect(text).toContain('aws_secretsmanager_secret.secret-dms-main-target.arn');
  });
});

describe('Aurora', () => {
  const json = synthRoleJson(
    compile(
      specFrom(
        stagingSpec({
          digitalocean: {
            databases: [{ ...mysqlSource, engine: 'pg', version: '16', nodes: 2 }],
          },
          databases: [{ name: 'main', from: 'legacy-mysql', aurora: true }],
        }),
      ),
    ),
    'data',
  );

  it('monitors every cluster instance through the Enhanced Monitoring role', () => {
    const instances = Object.values(resourcesOfType(json, 'aws_rds_cluster_instance'));
    expect(instances.length).toBeGreaterThan(0);
    for (const i of instances) {
      expect(i.monitoring_interval).toBe(60);
      expect(i.monitoring_role_arn).toBe('${aws_iam_role.db-monitoring-role.arn}');
    }
  });

  it('creates an encrypted cluster with a managed master secret and one instance per node and reader', () => {
    expect(json).toHaveResourceWithProperties(RdsCluster, {
      cluster_identifier: 'demo-staging-main',
      engine: 'aurora-postgresql',
      manage_master_user_password: true,
      storage_encrypted: true,
      iam_database_authentication_enabled: true,
      copy_tags_to_snapshot: true,
      backup_retention_period: 7,
    });
    const instances = Object.values(resourcesOfType(json, 'aws_rds_cluster_instance'));
    // Writer, standby, and a reader for the DigitalOcean read-only node; the writer first for failover.
    expect(instances.map((i) => [i.identifier, i.promotion_tier])).toEqual([
      ['demo-staging-main-1', 0],
      ['demo-staging-main-2', 1],
      ['demo-staging-main-3', 2],
    ]);
    expect(json).toHaveResourceWithProperties(RdsClusterInstance, { publicly_accessible: false });
    expect(json).not.toHaveResource(DbInstance);
  });
});

describe('renders what the plan decided, deciding nothing itself', () => {
  // Values no compiler would choose: each must reach the resource as planned.
  const plan = compile(
    specFrom(
      stagingSpec({
        digitalocean: {
          databases: [mysqlSource, { ...mysqlSource, name: 'pg', engine: 'pg', version: '16' }],
        },
        databases: [
          { name: 'main', from: 'legacy-mysql', readReplicas: 0 },
          { name: 'reports', from: 'pg', aurora: true },
        ],
        caches: [{ name: 'sessions', engine: 'valkey' }],
      }),
    ),
  );
  for (const db of plan.data.databases) {
    db.caCertIdentifier = `ca-of-${db.name}`;
    db.parameterGroupDescription = `parameters of ${db.name}`;
  }
  plan.data.dbSubnetGroup!.description = 'planned database subnets';
  (plan.data.databases[0] as { storageType: string }).storageType = 'io2';
  plan.data.cacheSubnetGroup!.description = 'planned cache subnets';
  (plan.data.caches[0] as { slowLogFormat: string }).slowLogFormat = 'text';
  for (const instance of plan.data.databases[1].aurora!.instances) instance.promotionTier += 5;
  const json = synthRoleJson(plan, 'data');

  it('takes the CA of RDS and Aurora instances from the plan', () => {
    expect(json).toHaveResourceWithProperties(DbInstance, {
      ca_cert_identifier: 'ca-of-main',
      storage_type: 'io2',
    });
    const aurora = Object.values(resourcesOfType(json, 'aws_rds_cluster_instance'));
    expect(aurora.map((i) => i.ca_cert_identifier)).toEqual(aurora.map(() => 'ca-of-reports'));
    expect(aurora.length).toBeGreaterThan(0);
  });

  it('takes Aurora promotion tiers and the slow log format from the plan', () => {
    const aurora = Object.values(resourcesOfType(json, 'aws_rds_cluster_instance'));
    expect(aurora.map((i) => i.promotion_tier)).toEqual(aurora.map((_, i) => i + 5));
    const [cache] = Object.values(resourcesOfType(json, 'aws_elasticache_replication_group'));
    expect(cache.log_delivery_configuration).toEqual([expect.objectContaining({ log_format: 'text' })]);
  });

  it('takes parameter and subnet group descriptions from the plan', () => {
    expect(json).toHaveResourceWithProperties(DbParameterGroup, { description: 'parameters of main' });
    expect(Object.values(resourcesOfType(json, 'aws_rds_cluster_parameter_group'))).toEqual([
      expect.objectContaining({ description: 'parameters of reports' }),
    ]);
    expect(json).toHaveResourceWithProperties(DbSubnetGroup, { description: 'planned database subnets' });
    expect(json).toHaveResourceWithProperties(ElasticacheSubnetGroup, {
      description: 'planned cache subnets',
    });
  });
});

describe('subnet groups: rendered from the data plan when it has them', () => {
  it('renders the planned DB and cache subnet groups, and the databases and caches use them', () => {
    const plan = compileExample('php-shop');
    const json = synthRoleJson(plan, 'data');
    expect(Object.keys(resourcesOfType(json, 'aws_db_subnet_group'))).toEqual(['db-subnet-group']);
    expect(
      Object.values(resourcesOfType(json, 'aws_db_instance')).map((d) => d.db_subnet_group_name),
    ).toEqual(plan.data.databases.map(() => '${aws_db_subnet_group.db-subnet-group.name}'));
    expect(
      Object.values(resourcesOfType(json, 'aws_elasticache_replication_group')).map(
        (c) => c.subnet_group_name,
      ),
    ).toEqual(plan.data.caches.map(() => '${aws_elasticache_subnet_group.cache-subnet-group.name}'));
  });

  it('renders a group the plan holds even beside no database or cache (the stack decides nothing)', () => {
    const plan = compile(specFrom(stagingSpec({ databases: [], caches: [] })));
    expect([plan.data.dbSubnetGroup, plan.data.cacheSubnetGroup]).toEqual([undefined, undefined]);
    const none = synthRoleJson(plan, 'data');
    expect(resourcesOfType(none, 'aws_db_subnet_group')).toEqual({});
    expect(resourcesOfType(none, 'aws_elasticache_subnet_group')).toEqual({});
    const group = {
      name: 'given',
      description: 'given subnets',
      subnetIds: plan.network.privateSubnetIds.slice(0, 1),
    };
    plan.data.dbSubnetGroup = group;
    plan.data.cacheSubnetGroup = { ...group, name: 'given-cache' };
    const json = synthRoleJson(plan, 'data');
    expect(json).toHaveResourceWithProperties(DbSubnetGroup, { name: 'given', description: 'given subnets' });
    expect(json).toHaveResourceWithProperties(ElasticacheSubnetGroup, { name: 'given-cache' });
  });
});

describe('renders the planned DMS role, policy and task settings', () => {
  const plan = compile(
    specFrom(
      stagingSpec({ databases: [{ name: 'main', from: 'legacy-mysql', migration: { method: 'dms' } }] }),
    ),
  );
  const dms = plan.data.dms!;
  dms.subnetGroup.description = 'planned DMS subnets';
  dms.accessRoleDescription = 'planned role';
  dms.accessRoleTrustPolicyJson = JSON.stringify({
    Statement: [{ Principal: { Service: 'planned.example' } }],
  });
  dms.accessPolicyName = 'planned-policy';
  dms.accessPolicyJson = JSON.stringify({
    Statement: [
      { Sid: 'Planned', Effect: 'Allow', Action: 'planned:Action', Resource: embed(plan.network.kms.arn) },
    ],
  });
  (dms.tasks[0] as { startOnDeploy: boolean }).startOnDeploy = true;
  const json = synthRoleJson(plan, 'data');

  it('takes the role, its trust and its inline policy from the plan, resolving references', () => {
    const role = resourcesOfType(json, 'aws_iam_role')['dms-secrets-role'];
    expect(role.description).toBe('planned role');
    expect(String(role.assume_role_policy)).toContain('planned.example');
    const policy = resourcesOfType(json, 'aws_iam_role_policy')['dms-secrets-policy'];
    expect(policy.name).toBe('planned-policy');
    expect(String(policy.policy)).toMatch(
      /"Sid" = "Planned".*"Action" = "planned:Action", "Resource" = tostring\(aws_kms_key\.kms\.arn\)}/,
    );
    expect(String(policy.policy)).not.toContain('secretsmanager:');
  });

  it('takes the subnet group description and whether the task starts on deploy from the plan', () => {
    expect(json).toHaveResourceWithProperties(DmsReplicationSubnetGroup, {
      replication_subnet_group_description: 'planned DMS subnets',
    });
    expect(json).toHaveResourceWithProperties(DmsReplicationTask, { start_replication_task: true });
  });
});

describe('references the data stack registers', () => {
  const plan = compileExample('php-shop');
  const refs = new RefRegistry();
  // Stand-ins for the network stack's values (plain strings are enough to resolve against).
  refs.provide(plan.network.kms.address, {
    arn: 'arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000',
    key_id: '00000000-0000-0000-0000-000000000000',
  });
  if (plan.network.mode !== 'new') throw new Error('php-shop creates its VPC');
  for (const subnet of plan.network.subnets) refs.provide(subnet.address, { id: `subnet-0${subnet.key}` });
  for (const node of plan.security.nodes) refs.provide(node.address, { id: `sg-0${node.key}` });
  const stackPlan = plan.stacks.find((s) => s.role === 'data')!;
  renderData(new TerraformStack(new App(), stackPlan.name), { plan, stackPlan, refs });

  it('registers endpoints and secret ARNs as tokens of the resources', () => {
    const [db] = plan.data.databases;
    const [cache] = plan.data.caches;
    for (const value of [db.endpoint.host, cache.endpoint.host, ...plan.data.secrets.map((s) => s.arn)])
      expect(Token.isUnresolved(refs.resolve(value))).toBe(true);
    expect(plan.data.secrets.map((s) => s.key)).toEqual(
      expect.arrayContaining(['app-key', 'stripe', 'db-main-app', 'cache-sessions-auth']),
    );
  });

  it('registers ports as literal strings (container environment values must be strings)', () => {
    expect(refs.resolve(plan.data.databases[0].endpoint.port)).toBe('3306');
    expect(refs.resolve(plan.data.caches[0].endpoint.port)).toBe('6379');
  });

  it('resolves every reference the app wiring uses', () => {
    const wiring = plan.data.wiring.web;
    const values = [
      ...Object.values(wiring.containers).flatMap((c) => c.environment.map((e) => e.value)),
      ...Object.values(wiring.containers).flatMap((c) => c.secrets.map((s) => s.valueFrom.secretArn)),
      ...wiring.secretArns,
    ].filter((v) => typeof v !== 'string' && !refId(v).includes('-network/'));
    for (const v of values) expect(() => refs.resolve(v)).not.toThrow();
  });
});

describe('fixed settings come from the plan', () => {
  // Each setting is a literal type in the plan model; flipping it through a cast must change what the
  // stack writes, or the stack would be deciding it.
  const set = (target: object, values: Record<string, unknown>) => Object.assign(target, values);

  it('renders each database, cache and DMS instance setting as the plan gives it', () => {
    const plan = compileExample('django-app');
    expect(plan.data.databases.some((d) => d.aurora)).toBe(true);
    expect(plan.data.caches.length).toBeGreaterThan(0);
    expect(plan.data.dms?.tasks.length).toBeGreaterThan(0);
    for (const db of plan.data.databases) {
      set(db.protections, {
        storageEncrypted: false,
        manageMasterUserPassword: false,
        iamDatabaseAuthentication: false,
        publiclyAccessible: true,
        copyTagsToSnapshot: false,
      });
      db.autoMinorVersionUpgrade = !db.autoMinorVersionUpgrade;
      set(db, { allowMajorVersionUpgrade: false });
    }
    for (const cache of plan.data.caches)
      set(cache.protections, {
        atRestEncryption: false,
        transitEncryption: false,
        autoMinorVersionUpgrade: false,
      });
    for (const task of plan.data.dms!.tasks)
      set(task.instanceSettings, {
        publiclyAccessible: true,
        autoMinorVersionUpgrade: false,
        applyImmediately: false,
      });

    const json = synthRoleJson(plan, 'data');
    const flipped = {
      storage_encrypted: false,
      manage_master_user_password: false,
      iam_database_authentication_enabled: false,
      copy_tags_to_snapshot: false,
      allow_major_version_upgrade: false,
    };
    expect(json).toHaveResourceWithProperties(RdsCluster, flipped);
    expect(json).toHaveResourceWithProperties(RdsClusterInstance, {
      publicly_accessible: true,
      auto_minor_version_upgrade: false, // true in the plan as compiled (Aurora follows its major line)
    });
    expect(json).toHaveResourceWithProperties(ElasticacheReplicationGroup, {
      at_rest_encryption_enabled: 'false',
      transit_encryption_enabled: false,
      auto_minor_version_upgrade: 'false',
    });
    expect(json).toHaveResourceWithProperties(DmsReplicationInstance, {
      publicly_accessible: true,
      auto_minor_version_upgrade: false,
      apply_immediately: false,
    });
  });
});
