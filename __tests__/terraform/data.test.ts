/**
 * The data stack passes offline `terraform validate` and `terraform plan` (hashicorp/aws 5.100 from the
 * mirror, fake upstream network state): php-shop with its exact resource set, and a staging variant with
 * Aurora (with a reader) and DMS, so every data resource type is checked by the real provider schema.
 */
import type { MigrationSpecInput } from '../../schema/spec';
import { baseSpecInput, cleanupSynth, specFrom, synthExample, synthSpec } from '../helpers/synth';
import { describeTerraform, DUMMY_PEM, planStack, type StackPlanResult } from '../helpers/terraform';

afterAll(cleanupSynth);

describeTerraform('data stack: terraform validate + plan', () => {
  describe('php-shop', () => {
    let result: StackPlanResult;
    beforeAll(() => {
      const synth = synthExample('php-shop');
      result = planStack(synth.outdir, synth.stackByRole('data').name);
    });

    it('validates', () => {
      expect(result.validate.valid).toBe(true);
      expect(result.validate.errorCount).toBe(0);
    });

    it('plans exactly the data resources of the example', () => {
      expect(result.createdByType).toEqual({
        aws_cloudwatch_log_group: 3,
        // main: CPU and free storage; sessions: memory of each of its two nodes.
        aws_cloudwatch_metric_alarm: 4,
        aws_db_instance: 1,
        aws_db_parameter_group: 1,
        aws_db_subnet_group: 1,
        aws_elasticache_replication_group: 1,
        aws_elasticache_subnet_group: 1,
        // Enhanced Monitoring's role and its AWS managed policy.
        aws_iam_role: 1,
        aws_iam_role_policy_attachment: 1,
        // app-key, stripe, the cache AUTH token, the app user's secret of main, and the credentials of the two
        // DigitalOcean clusters the tasks use until cutover.dataMoved.
        aws_secretsmanager_secret: 6,
      });
      expect(result.resourceChanges).toHaveLength(20);
      expect(result.resourceChanges.every((c) => c.actions.join() === 'create')).toBe(true);
    });

    it('plans the production session store on two nodes with failover, and checks its AUTH on every plan', () => {
      const group = result.resourceChanges.find((c) => c.type === 'aws_elasticache_replication_group')!;
      expect(group.after).toMatchObject({
        num_cache_clusters: 2,
        automatic_failover_enabled: true,
        multi_az_enabled: true,
      });
      // Terraform evaluates the check (unknown until the group exists) and reads the group's AUTH flag.
      const checks = (result.raw.checks ?? []) as { address: { to_display: string }; status: string }[];
      expect(checks.map((c) => [c.address.to_display, c.status])).toContainEqual([
        'check.cache-sessions-auth',
        'unknown',
      ]);
    });

    it('plans the database with its managed secret and no password', () => {
      const db = result.resourceChanges.find((c) => c.type === 'aws_db_instance')!;
      expect(db.after).toMatchObject({
        manage_master_user_password: true,
        publicly_accessible: false,
        storage_encrypted: true,
      });
      expect(db.after?.password).toBeNull();
      expect(db.after?.monitoring_interval).toBe(60);
    });
  });

  describe('staging with Aurora readers and DMS', () => {
    let result: StackPlanResult;
    beforeAll(() => {
      const source = {
        engine: 'mysql',
        version: '8',
        size: 'db-s-2vcpu-4gb',
        nodes: 2,
        storageMib: 30000,
        host: 'legacy-do-user-1-0.db.ondigitalocean.com',
        port: 25060,
        user: 'doadmin',
        databases: ['legacy'],
        passwordSecret: 'do-source',
      };
      const input = {
        ...(baseSpecInput() as Record<string, unknown>),
        secrets: [{ name: 'do-source', keys: ['username', 'password', 'host', 'port'] }],
        digitalocean: {
          databases: [
            { ...source, name: 'legacy-mysql' },
            {
              ...source,
              name: 'legacy-pg',
              engine: 'pg',
              version: '16',
              databases: ['reports'],
              readOnlyNodes: [{ name: 'ro-1' }],
            },
          ],
        },
        databases: [
          // Tables without a primary key stay out of the task (the runbook copies them by dump).
          {
            name: 'main',
            from: 'legacy-mysql',
            migration: { method: 'dms', dumpTables: ['legacy.audit_log'] },
          },
          {
            name: 'reports',
            from: 'legacy-pg',
            aurora: true,
            migration: { method: 'dms', dumpTables: ['public.audit_log'] },
          },
        ],
        caches: [{ name: 'queue', engine: 'redis', nodes: 2 }],
      } as MigrationSpecInput;
      const synth = synthSpec(specFrom(input));
      result = planStack(synth.outdir, synth.stackByRole('data').name);
    });

    it('validates and plans every data resource type', () => {
      expect(result.validate.valid).toBe(true);
      expect(result.createdByType).toEqual({
        aws_cloudwatch_log_group: 4,
        // main (RDS): CPU and free storage; reports: CPU per Aurora instance (3); queue: memory per node (2).
        aws_cloudwatch_metric_alarm: 7,
        aws_db_instance: 1,
        aws_db_parameter_group: 1,
        aws_db_subnet_group: 1,
        // One CA per DigitalOcean cluster (two databases) and the RDS regional bundle.
        aws_dms_certificate: 3,
        aws_dms_endpoint: 4,
        aws_dms_replication_instance: 2,
        aws_dms_replication_subnet_group: 1,
        aws_dms_replication_task: 2,
        aws_elasticache_replication_group: 1,
        aws_elasticache_subnet_group: 1,
        // DMS's secret reader and Enhanced Monitoring's role.
        aws_iam_role: 2,
        aws_iam_role_policy: 1,
        aws_iam_role_policy_attachment: 1,
        aws_rds_cluster: 1,
        aws_rds_cluster_instance: 3,
        aws_rds_cluster_parameter_group: 1,
        // do-source, the cache AUTH token, and per database its DMS target and app user secrets.
        aws_secretsmanager_secret: 6,
      });
    });

    it('plans the PostgreSQL target endpoint as a replica session and full LOB mode', () => {
      const targets = result.resourceChanges.filter(
        (c) => c.type === 'aws_dms_endpoint' && c.after?.endpoint_type === 'target',
      );
      const pg = targets.find((c) => c.after?.engine_name === 'aurora-postgresql')!;
      expect(pg.after?.postgres_settings).toEqual([
        expect.objectContaining({ after_connect_script: "SET session_replication_role = 'replica'" }),
      ]);
      const task = result.resourceChanges.find((c) => c.type === 'aws_dms_replication_task')!;
      expect(JSON.parse(String(task.after?.replication_task_settings)).TargetMetadata.FullLobMode).toBe(true);
    });

    it('verifies every endpoint against a certificate, reads PostgreSQL CDC without DDL capture, pins the engine', () => {
      const endpoints = result.resourceChanges.filter((c) => c.type === 'aws_dms_endpoint');
      expect(endpoints.map((e) => e.after?.ssl_mode)).toEqual(Array(4).fill('verify-full'));
      const pgSource = endpoints.find(
        (c) => c.after?.endpoint_type === 'source' && c.after?.engine_name === 'postgres',
      )!;
      expect(pgSource.after?.postgres_settings).toEqual([
        expect.objectContaining({ capture_ddls: false, heartbeat_enable: true, slot_name: null }),
      ]);
      const certificates = result.resourceChanges.filter((c) => c.type === 'aws_dms_certificate');
      expect(certificates.every((c) => c.after?.certificate_pem === DUMMY_PEM)).toBe(true);
      const instances = result.resourceChanges.filter((c) => c.type === 'aws_dms_replication_instance');
      expect(instances.map((i) => [i.after?.engine_version, i.after?.auto_minor_version_upgrade])).toEqual([
        ['3.6.1', false],
        ['3.6.1', false],
      ]);
      const task = result.resourceChanges.find((c) => c.type === 'aws_dms_replication_task')!;
      const settings = JSON.parse(String(task.after?.replication_task_settings));
      expect(settings.Logging.EnableLogging).toBe(true);
      expect(settings.ValidationSettings.EnableValidation).toBe(true);
    });

    it('keeps migration.dumpTables out of each task, named literally', () => {
      const tasks = result.resourceChanges.filter((c) => c.type === 'aws_dms_replication_task');
      const excluded = tasks
        .map((t) => JSON.parse(String(t.after?.table_mappings)).rules)
        .map((rules: { 'rule-action': string; 'object-locator': Record<string, string> }[]) =>
          rules.filter((r) => r['rule-action'] === 'exclude').map((r) => r['object-locator']),
        );
      expect(excluded).toEqual(
        expect.arrayContaining([
          [{ 'schema-name': 'legacy', 'table-name': 'audit[_]log' }],
          [{ 'schema-name': 'public', 'table-name': 'audit[_]log' }],
        ]),
      );
    });
  });

  describe('Aurora MySQL from a MySQL 8 source, with a reader', () => {
    let result: StackPlanResult;
    beforeAll(() => {
      const input = {
        ...(baseSpecInput() as Record<string, unknown>),
        digitalocean: {
          databases: [
            {
              name: 'legacy-mysql',
              engine: 'mysql',
              version: '8',
              size: 'db-s-4vcpu-8gb',
              nodes: 1,
              storageMib: 30000,
              readOnlyNodes: [{ name: 'ro-1' }],
            },
          ],
        },
        databases: [{ name: 'main', from: 'legacy-mysql', aurora: true }],
      } as MigrationSpecInput;
      const synth = synthSpec(specFrom(input));
      result = planStack(synth.outdir, synth.stackByRole('data').name);
    });

    it('plans the Aurora MySQL 3 line, minor upgrades on, and a class Aurora offers', () => {
      expect(result.validate.valid).toBe(true);
      const cluster = result.resourceChanges.find((c) => c.type === 'aws_rds_cluster')!;
      expect(cluster.after).toMatchObject({ engine: 'aurora-mysql', engine_version: '8.0' });
      const instances = result.resourceChanges.filter((c) => c.type === 'aws_rds_cluster_instance');
      expect(instances).toHaveLength(2);
      for (const i of instances)
        expect(i.after).toMatchObject({
          // db-s-4vcpu-8gb: RDS would take db.m7g.xlarge, which Aurora does not offer.
          instance_class: 'db.r7g.xlarge',
          auto_minor_version_upgrade: true,
        });
    });
  });

  describe('Aurora Serverless v2', () => {
    let result: StackPlanResult;
    beforeAll(() => {
      const input = {
        ...(baseSpecInput() as Record<string, unknown>),
        digitalocean: {
          databases: [{ name: 'legacy-pg', engine: 'pg', version: '16', size: 'db-s-2vcpu-4gb', nodes: 2 }],
        },
        databases: [
          { name: 'main', from: 'legacy-pg', aurora: true, serverlessV2: { minAcu: 0.5, maxAcu: 8 } },
        ],
      } as MigrationSpecInput;
      const synth = synthSpec(specFrom(input));
      result = planStack(synth.outdir, synth.stackByRole('data').name);
    });

    it('plans db.serverless instances in a cluster with its capacity range', () => {
      expect(result.validate.valid).toBe(true);
      const cluster = result.resourceChanges.find((c) => c.type === 'aws_rds_cluster')!;
      expect(cluster.after?.serverlessv2_scaling_configuration).toEqual([
        expect.objectContaining({ min_capacity: 0.5, max_capacity: 8 }),
      ]);
      const instances = result.resourceChanges.filter((c) => c.type === 'aws_rds_cluster_instance');
      expect(instances.map((i) => i.after?.instance_class)).toEqual(['db.serverless', 'db.serverless']);
    });
  });
});
