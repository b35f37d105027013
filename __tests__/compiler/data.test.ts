/**
 * compileData's decisions: engine/version mapping, Multi-AZ from a standby, replicas from read-only nodes,
 * storage rounding, production protections, ElastiCache, secrets, the dump runbook and the DMS plan, and the
 * app wiring of the php-shop example. What a spec may not ask of the data tier is the rules' (tested in
 * __tests__/schema/data-rules.test.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { runParts } from '../../compiler/parts';
import type { NetworkPlan } from '../../compiler/model/network';
import type { SecurityPlan } from '../../compiler/model/security';
import type { ValidSpec } from '../../schema/valid-spec';
import { type DataPlan } from '../../compiler/model/data';
import { createContext } from '../../compiler/context';
import { address, embed, isRef, ref, refId } from '../../compiler/refs';
import { awsName } from '../../schema/facts/aws-names';
import { monitoringRolePlan } from '../../compiler/data/rds';
import { chooseSize } from '../../compiler/data/common';
import type { MigrationSpecInput } from '../../schema/spec';
import type { Decision } from '../../compiler/model';
import { baseSpecInput, loadExample, specFrom } from '../helpers/synth';
import { diagnosticsOf } from '../helpers/validate';

/** The filter the MySQL dumps go through (compiler/data/migration.ts), as the runbook prints it. */
const STRIP_DEFINERS_COMMAND = "sed -E '/^INSERT INTO /!s/DEFINER=`[^`]*`@`[^`]*`//g'";

/** The ARN of the data stack's secret keyed `key` in the environment `prefix`. */
const secretArn = (prefix: string, key: string) =>
  ref(address(`${prefix}-data`, 'aws_secretsmanager_secret', `secret-${key}`), 'arn');

type DoDb = Record<string, unknown>;

const mysqlSource: DoDb = {
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
};

function spec(overrides: Partial<Record<string, unknown>> = {}, production = false): MigrationSpecInput {
  const base = baseSpecInput() as Record<string, unknown>;
  return {
    ...base,
    environment: production ? 'production' : 'staging',
    digitalocean: { databases: [mysqlSource] },
    databases: [{ name: 'main', from: 'legacy-mysql' }],
    ...overrides,
  } as MigrationSpecInput;
}

/** The data part and the parts it reads (network, security), compiled for `spec`. */
function dataOf(spec: ValidSpec): { data: DataPlan; network: NetworkPlan; security: SecurityPlan } {
  const plans = runParts(createContext(spec), ['data']);
  return { data: plans.data!, network: plans.network!, security: plans.security! };
}

function data(input: MigrationSpecInput): DataPlan {
  return dataOf(specFrom(input)).data;
}

/** The network of the specs below (demo-staging): the key and the private subnets the data tier uses. */
const network = (): NetworkPlan => dataOf(specFrom(spec())).network;

/** The id of the security group `key` of `input`'s graph. */
const groupId = (input: MigrationSpecInput, key: string) =>
  dataOf(specFrom(input)).security.nodes.find((n) => n.key === key)!.id;

describe('RDS engine and version', () => {
  it('maps DigitalOcean MySQL 8 to RDS MySQL 8.4 with its parameter family and TLS enforced', () => {
    const [db] = data(spec()).databases;
    expect(db.engine).toBe('mysql');
    expect(db.engineVersion).toBe('8.4');
    expect(db.parameterFamily).toBe('mysql8.4');
    expect(db.port).toBe(3306);
    // 0/1 in an RDS MySQL DB parameter group (ON/OFF only in an Aurora cluster group).
    expect(db.parameters).toContainEqual({
      name: 'require_secure_transport',
      value: '1',
      applyMethod: 'immediate',
    });
    expect(db.logExports).toEqual(['error', 'slowquery']);
    // RDS MySQL keeps binary logs: without this, only SUPER (which the master lacks) creates functions and
    // triggers, and restoring a dump that holds them stops with ERROR 1419.
    expect(db.parameters).toContainEqual({
      name: 'log_bin_trust_function_creators',
      value: '1',
      applyMethod: 'immediate',
    });
    // Restored events keep running as on the source (MySQL 8's default; dynamic, so applied in place).
    expect(db.parameters).toContainEqual({ name: 'event_scheduler', value: 'ON', applyMethod: 'immediate' });
  });

  it('keeps the PostgreSQL major and forces SSL', () => {
    const input = spec({
      digitalocean: { databases: [{ ...mysqlSource, name: 'pg', engine: 'pg', version: '16' }] },
      databases: [{ name: 'main', from: 'pg' }],
    });
    const [db] = data(input).databases;
    expect([db.engine, db.engineVersion, db.parameterFamily, db.port]).toEqual([
      'postgres',
      '16',
      'postgres16',
      5432,
    ]);
    expect(db.parameters).toContainEqual({ name: 'rds.force_ssl', value: '1', applyMethod: 'immediate' });
  });

  it('takes an explicit supported version', () => {
    expect(
      data(spec({ databases: [{ name: 'main', from: 'legacy-mysql', version: '8.0' }] })).databases[0]
        .engineVersion,
    ).toBe('8.0');
  });
});

describe('RDS sizing and availability', () => {
  it('takes the class from the DigitalOcean size unless given', () => {
    expect(data(spec()).databases[0].instanceClass).toBe('db.t4g.medium');
    const explicit = spec({
      databases: [{ name: 'main', from: 'legacy-mysql', instanceClass: 'db.r7g.large' }],
    });
    expect(data(explicit).databases[0].instanceClass).toBe('db.r7g.large');
  });

  it.each([
    [30000, 30, 100],
    [61440, 60, 120],
    [61441, 61, 122],
    [1000, 20, 100],
  ])('rounds %d MiB up to %d GiB gp3 with autoscaling to %d GiB', (storageMib, gb, max) => {
    const input = spec({ digitalocean: { databases: [{ ...mysqlSource, storageMib }] } });
    const [db] = data(input).databases;
    expect([db.allocatedStorageGb, db.maxAllocatedStorageGb]).toEqual([gb, max]);
  });

  it('is Multi-AZ exactly when the DigitalOcean cluster has a standby, unless the spec says', () => {
    const withNodes = (nodes: number, extra: DoDb = {}) =>
      data(spec({ digitalocean: { databases: [{ ...mysqlSource, nodes, ...extra }] } })).databases[0].multiAz;
    expect(withNodes(1)).toBe(false);
    expect(withNodes(2)).toBe(true);
    expect(withNodes(3)).toBe(true);
    expect(withNodes(2, { standbyNodes: 0 })).toBe(false);
    expect(
      data(spec({ databases: [{ name: 'main', from: 'legacy-mysql', multiAz: true }] })).databases[0].multiAz,
    ).toBe(true);
  });

  it('turns DigitalOcean read-only nodes into Aurora readers', () => {
    const input = spec({
      digitalocean: {
        databases: [{ ...mysqlSource, nodes: 2, readOnlyNodes: [{ name: 'ro-1' }, { name: 'ro-2' }] }],
      },
      databases: [{ name: 'main', from: 'legacy-mysql', aurora: true, version: '8.0' }],
    });
    const [db] = data(input).databases;
    // The writer first, then the standby: failover promotes the lowest tier.
    expect(db.aurora!.instances).toEqual([
      { identifier: 'demo-staging-main-1', promotionTier: 0 },
      { identifier: 'demo-staging-main-2', promotionTier: 1 },
      { identifier: 'demo-staging-main-3', promotionTier: 2 },
      { identifier: 'demo-staging-main-4', promotionTier: 3 },
    ]);
    // The cluster parameter group stores require_secure_transport as ON/OFF.
    expect(db.parameters).toContainEqual({
      name: 'require_secure_transport',
      value: 'ON',
      applyMethod: 'immediate',
    });
    // Aurora MySQL keeps no binary log unless asked: function creators need no trust setting.
    expect(db.parameters.map((p) => p.name)).not.toContain('log_bin_trust_function_creators');
    // event_scheduler is a cluster-level parameter in Aurora MySQL 3: the cluster group carries it.
    expect(db.parameters).toContainEqual({ name: 'event_scheduler', value: 'ON', applyMethod: 'immediate' });
    expect(db.replicas.map((r) => [r.identifier, r.from])).toEqual([
      ['demo-staging-main-3', 'ro-1'],
      ['demo-staging-main-4', 'ro-2'],
    ]);
  });

  it('follows the major line with automatic minor upgrades on RDS and Aurora alike (a pinned Aurora minor breaks when AWS retires it)', () => {
    const rds = data(spec({ databases: [{ name: 'main', from: 'legacy-mysql' }] }));
    const aurora = data(
      spec({ databases: [{ name: 'main', from: 'legacy-mysql', aurora: true, version: '8.0' }] }),
    );
    expect(rds.databases[0].autoMinorVersionUpgrade).toBe(true);
    expect(aurora.databases[0].autoMinorVersionUpgrade).toBe(true);
    expect(aurora.databases[0].aurora!.engineVersion).toBe('8.0');
    const decision = (plan: DataPlan) =>
      plan.decisions.find((d) => d.subject === 'databases.main.minorVersionUpgrades');
    expect(decision(rds)?.choice).toBe('automatic, in the maintenance window');
    expect(decision(aurora)?.choice).toBe('automatic, in the maintenance window');
    expect(decision(aurora)?.rule).toContain('engine_version is the aurora-mysql 8.0 line');
  });

  it('keeps an Aurora cluster within one writer and 15 replicas (promotion tiers 0-15)', () => {
    const aurora = (extra: Record<string, unknown>) =>
      spec({ databases: [{ name: 'main', from: 'legacy-mysql', aurora: true, version: '8.0', ...extra }] });
    // Writer, standby and 14 readers: 16 instances, tiers 0..15 (15 readers are refused by the rules).
    const mostWithStandby = aurora({ multiAz: true, readReplicas: 14 });
    const tiers = data(mostWithStandby).databases[0].aurora!.instances.map((i) => i.promotionTier);
    expect(tiers).toEqual(Array.from({ length: 16 }, (_, i) => i));

    // Without a standby the writer takes 15 readers; the schema stops 16.
    expect(data(aurora({ multiAz: false, readReplicas: 15 })).databases[0].aurora!.instances).toHaveLength(
      16,
    );
  });

  it('creates no RDS read replica (the managed master password forbids it) and says so', () => {
    const input = spec({
      digitalocean: {
        databases: [{ ...mysqlSource, readOnlyNodes: [{ name: 'ro-1', size: 'db-s-4vcpu-8gb' }] }],
      },
    });
    const plan = data(input);
    expect(plan.databases[0].replicas).toEqual([]);
    expect(plan.decisions).toContainEqual(
      expect.objectContaining({
        subject: 'databases.main.readReplicas',
        choice: 'none (RDS-managed master password)',
      }),
    );
  });
});

describe('protections', () => {
  it('turns on deletion protection and a final snapshot in production only', () => {
    const prod = data(spec({}, true)).databases[0];
    expect([prod.deletionProtection, prod.finalSnapshotIdentifier, prod.skipFinalSnapshot]).toEqual([
      true,
      'demo-production-main-final',
      false,
    ]);
    const staging = data(spec()).databases[0];
    expect([staging.deletionProtection, staging.finalSnapshotIdentifier, staging.skipFinalSnapshot]).toEqual([
      false,
      undefined,
      true,
    ]);
  });

  it('lets the spec ask for deletion protection outside production (with a final snapshot)', () => {
    const db = data(spec({ databases: [{ name: 'main', from: 'legacy-mysql', deletionProtection: true }] }))
      .databases[0];
    expect([db.deletionProtection, db.finalSnapshotIdentifier, db.skipFinalSnapshot]).toEqual([
      true,
      'demo-staging-main-final',
      false,
    ]);
  });

  it('keeps backups ≥ 7 days, encrypts with the environment key, and lives in private subnets', () => {
    const db = data(spec()).databases[0];
    expect(db.backupRetentionDays).toBeGreaterThanOrEqual(7);
    expect(db.kmsKeyArn).toEqual(network().kms.arn);
    expect(db.securityGroupId).toEqual(groupId(spec(), 'db-main'));
    expect(data(spec()).dbSubnetGroup?.subnetIds).toEqual(network().privateSubnetIds);
    expect(network().privateSubnetIds).toHaveLength(2);
  });

  it('creates the exported log groups ahead of RDS, per log', () => {
    expect(data(spec()).databases[0].logGroups).toEqual([
      { name: '/aws/rds/instance/demo-staging-main/error', retentionDays: 30 },
      { name: '/aws/rds/instance/demo-staging-main/slowquery', retentionDays: 30 },
    ]);
  });

  it('turns Performance Insights off only where RDS does not offer it', () => {
    expect(data(spec()).databases[0].performanceInsights).toBe(true);
    const micro = spec({
      databases: [{ name: 'main', from: 'legacy-mysql', instanceClass: 'db.t4g.micro' }],
    });
    expect(data(micro).databases[0].performanceInsights).toBe(false);
    // Aurora MySQL has none on db.t3 (RDS MySQL and Aurora PostgreSQL have it there).
    const onT3 = (extra: Record<string, unknown>) =>
      data(
        spec({
          databases: [{ name: 'main', from: 'legacy-mysql', instanceClass: 'db.t3.medium', ...extra }],
        }),
      ).databases[0].performanceInsights;
    expect(onT3({ aurora: true, version: '8.0' })).toBe(false);
    expect(onT3({})).toBe(true);
  });

  it('sets recovery windows of 30 days in production and 7 otherwise', () => {
    const secrets = { secrets: [{ name: 'app-key' }] };
    expect(data(spec(secrets, true)).secrets[0].recoveryWindowDays).toBe(30);
    expect(data(spec(secrets)).secrets[0].recoveryWindowDays).toBe(7);
  });
});

describe('Aurora', () => {
  it('plans a cluster with a writer, a reader per standby, on the Aurora MySQL 8.0 line', () => {
    const input = spec({
      digitalocean: { databases: [{ ...mysqlSource, nodes: 2 }] },
      databases: [{ name: 'main', from: 'legacy-mysql', aurora: true, version: '8.0' }],
    });
    const db = data(input).databases[0];
    expect(db.aurora).toMatchObject({
      engine: 'aurora-mysql',
      clusterParameterFamily: 'aurora-mysql8.0',
      instances: [
        { identifier: 'demo-staging-main-1', promotionTier: 0 },
        { identifier: 'demo-staging-main-2', promotionTier: 1 },
      ],
    });
    expect(db.instanceClass).toBe('db.t4g.medium');
    expect(db.logGroups.map((g) => g.name)).toEqual([
      '/aws/rds/cluster/demo-staging-main/error',
      '/aws/rds/cluster/demo-staging-main/slowquery',
    ]);
  });
});

describe('settings the data stack renders as planned', () => {
  const pgSource = { ...mysqlSource, name: 'pg', engine: 'pg', version: '16', nodes: 2 };
  const rdsAndAurora = spec({
    digitalocean: { databases: [mysqlSource, pgSource] },
    databases: [
      { name: 'main', from: 'legacy-mysql' },
      { name: 'reports', from: 'pg', aurora: true },
    ],
    caches: [{ name: 'sessions', engine: 'valkey' }],
  });

  it('pins every instance, RDS and Aurora, to the RSA 2048 CA', () => {
    const databases = data(rdsAndAurora).databases;
    expect(databases.map((d) => [d.name, d.caCertIdentifier])).toEqual([
      ['main', 'rds-ca-rsa2048-g1'],
      ['reports', 'rds-ca-rsa2048-g1'],
    ]);
  });

  it('explains the TLS requirement and the pinned CA in the plan, for RDS and Aurora', () => {
    const plan = data(rdsAndAurora);
    for (const name of ['main', 'reports']) {
      const tls = plan.decisions.find((d) => d.subject === `databases.${name}.tls`);
      expect(tls?.choice).toBe(
        'TLS required by the parameter group; server certificate from rds-ca-rsa2048-g1',
      );
      expect(tls?.rule).toMatch(/pinned/);
    }
  });

  it('puts RDS instances on gp3', () => {
    expect(data(spec()).databases[0].storageType).toBe('gp3');
  });

  it('describes the parameter group by the database and what it enforces', () => {
    const [main, reports] = data(rdsAndAurora).databases;
    expect(main.parameterGroupDescription).toBe('demo-staging-main: TLS required, slow-query logging');
    expect(reports.aurora?.clusterIdentifier).toBe('demo-staging-reports');
    expect(reports.parameterGroupDescription).toBe('demo-staging-reports: TLS required, slow-query logging');
  });

  it('plans one DB subnet group and one cache subnet group per environment, in the private subnets', () => {
    const plan = data(rdsAndAurora);
    const privateSubnets = network().privateSubnetIds;
    expect(plan.dbSubnetGroup).toEqual({
      name: 'demo-staging-db',
      description: 'Private subnets for the demo-staging databases',
      subnetIds: privateSubnets,
    });
    expect(plan.cacheSubnetGroup).toEqual({
      name: 'demo-staging-cache',
      description: 'Private subnets for the demo-staging caches',
      subnetIds: privateSubnets,
    });
  });

  it('plans no subnet group for a tier with nothing in it', () => {
    const plan = data(spec({ databases: [], caches: [] }));
    expect([plan.dbSubnetGroup, plan.cacheSubnetGroup]).toEqual([undefined, undefined]);
  });

  it('exports the PostgreSQL upgrade log from RDS instances only (Aurora has none)', () => {
    const [pgInstance] = data(
      spec({ digitalocean: { databases: [pgSource] }, databases: [{ name: 'main', from: 'pg' }] }),
    ).databases;
    expect(pgInstance.logExports).toEqual(['postgresql', 'upgrade']);
    const reports = data(rdsAndAurora).databases[1];
    expect(reports.logExports).toEqual(['postgresql']);
    expect(reports.logGroups).toEqual([
      { name: '/aws/rds/cluster/demo-staging-reports/postgresql', retentionDays: 30 },
    ]);
  });
});

describe('ElastiCache', () => {
  const redis: DoDb = { name: 'do-redis', engine: 'redis', version: '7', size: 'db-s-1vcpu-2gb', nodes: 1 };
  const cacheSpec = (nodes: number, cache: Record<string, unknown> = {}, production = false) =>
    spec(
      {
        digitalocean: { databases: [mysqlSource, { ...redis, nodes }] },
        caches: [{ name: 'sessions', from: 'do-redis', ...cache }],
      },
      production,
    );
  const withCache = (nodes: number, cache: Record<string, unknown> = {}, production = false) =>
    data(cacheSpec(nodes, cache, production));

  it('maps DigitalOcean Redis 7 to Valkey 7.2 on the node type of rule E', () => {
    const [cache] = withCache(1).caches;
    expect([cache.engine, cache.engineVersion, cache.parameterGroupName, cache.nodeType]).toEqual([
      'valkey',
      '7.2',
      'default.valkey7',
      'cache.t4g.medium',
    ]);
    expect(cache.securityGroupId).toEqual(groupId(cacheSpec(1), 'cache-sessions'));
  });

  it('keeps Redis OSS when the spec asks for it', () => {
    expect(withCache(1, { engine: 'redis' }).caches[0]).toMatchObject({
      engine: 'redis',
      engineVersion: '7.1',
    });
  });

  it('delivers the slow log as JSON to its own group', () => {
    expect(withCache(1).caches[0].slowLogGroup).toEqual({
      name: '/aws/elasticache/demo-staging-sessions/slow-log',
      retentionDays: 30,
    });
    expect(withCache(1).caches[0].slowLogFormat).toBe('json');
  });

  it('turns on automatic failover and Multi-AZ with more than one node', () => {
    expect(withCache(1).caches[0]).toMatchObject({
      numCacheClusters: 1,
      automaticFailover: false,
      multiAz: false,
    });
    expect(withCache(3).caches[0]).toMatchObject({
      numCacheClusters: 3,
      automaticFailover: true,
      multiAz: true,
    });
  });

  it('keeps the replication group id within 40 characters', () => {
    const long = 'a'.repeat(40);
    const input = spec({
      project: 'p'.repeat(20),
      digitalocean: { databases: [mysqlSource, redis] },
      caches: [{ name: long, from: 'do-redis' }],
    });
    const [cache] = data(input).caches;
    expect(cache.replicationGroupId.length).toBeLessThanOrEqual(40);
    expect(cache.replicationGroupId).not.toMatch(/--|-$/);
  });

  it('retains snapshots in production, with a final snapshot', () => {
    expect(withCache(1, {}, true).caches[0]).toMatchObject({
      snapshotRetentionDays: 7,
      finalSnapshotIdentifier: 'demo-production-sessions-final',
    });
    expect(withCache(1).caches[0].finalSnapshotIdentifier).toBeUndefined();
  });

  it('gives each cache an AUTH secret without a value and a manual step that sets it', () => {
    const plan = withCache(1);
    const secret = plan.secrets.find((s) => s.key === 'cache-sessions-auth')!;
    expect(secret).toMatchObject({
      address: address('demo-staging-data', 'aws_secretsmanager_secret', 'secret-cache-sessions-auth'),
      arn: secretArn('demo-staging', 'cache-sessions-auth'),
      secretName: 'demo-staging/cache/sessions/auth-token',
    });
    const step = plan.manualSteps.find((s) => s.title.includes('AUTH'))!;
    expect(step.commands!.join('\n')).toContain('--auth-token-update-strategy SET');
    expect(step.commands!.join('\n')).toContain('get-random-password');
  });
});

describe('secrets', () => {
  it('creates declared secrets without a value, references ARNs as given, and says how to set values', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shared/key-AbCdEf';
    const plan = data(
      spec({
        secrets: [
          { name: 'app-key', description: 'APP_KEY' },
          { name: 'shared', arn },
        ],
      }),
    );
    expect(plan.secrets.map((s) => [s.address.name, s.declared, s.secretName, s.existingArn])).toEqual([
      ['secret-app-key', true, 'demo-staging/app-key', undefined],
      ['secret-shared', true, undefined, arn],
      ['secret-db-main-app', false, 'demo-staging/main/app', undefined],
    ]);
    for (const s of plan.secrets) expect(s.arn).toEqual(ref(s.address, 'arn'));
    const steps = plan.manualSteps.filter((s) => s.title.startsWith('Set the value'));
    // The value goes through a file only its owner reads (mktemp), removed afterwards.
    expect(steps.map((s) => s.commands)).toEqual([
      [
        'SECRET_FILE=$(mktemp)',
        'aws secretsmanager put-secret-value --region eu-west-1 --secret-id demo-staging/app-key --secret-string "file://$SECRET_FILE"',
        'rm -f "$SECRET_FILE"',
      ],
    ]);
  });
});

describe('data migration', () => {
  it('prints a mysqldump/restore runbook with the DigitalOcean host and the downtime', () => {
    const [entry] = data(spec()).runbook;
    const text = entry.commands.join('\n');
    expect(entry.method).toBe('dump');
    expect(text).toContain(
      'mysqldump --host=legacy-mysql-do-user-1-0.db.ondigitalocean.com --port=25060 --user=doadmin',
    );
    expect(text).toContain('--single-transaction');
    // The DigitalOcean server is verified against its cluster's CA, not only encrypted.
    expect(text).toContain('--ssl-mode=VERIFY_IDENTITY --ssl-ca=do-ca.pem');
    expect(text).not.toMatch(/ssl-mode=REQUIRED|sslmode=require/);
    expect(text).toContain("save the cluster's CA certificate as do-ca.pem");
    expect(text).toContain('--db-instance-identifier demo-staging-main');
    expect(entry.downtime).toMatch(/Writes must stay stopped from the start of the dump until cutover/);
  });

  it('sets umask 077 before the first dump of every runbook, so dump files are readable by their owner alone', () => {
    const pg = spec({
      digitalocean: { databases: [{ ...mysqlSource, engine: 'pg', version: '15', databases: ['app'] }] },
    });
    const dms = spec({
      secrets: [{ name: 'do-mysql', keys: ['username', 'password', 'host', 'port'] }],
      digitalocean: { databases: [{ ...mysqlSource, passwordSecret: 'do-mysql' }] },
      databases: [{ name: 'main', from: 'legacy-mysql', migration: { method: 'dms' } }],
    });
    for (const input of [spec(), pg, dms]) {
      const lines = data(input).runbook[0].commands.map(String);
      const firstDump = lines.findIndex((l) => /^(mysqldump|pg_dump) /.test(l));
      expect(firstDump).toBeGreaterThan(0);
      expect(lines.slice(0, firstDump)).toContain('umask 077');
    }
  });

  it('pipes every mysqldump through the definer filter, and checks right after that the dump finished', () => {
    const dms = spec({
      secrets: [{ name: 'do-mysql', keys: ['username', 'password', 'host', 'port'] }],
      digitalocean: { databases: [{ ...mysqlSource, passwordSecret: 'do-mysql' }] },
      databases: [{ name: 'main', from: 'legacy-mysql', migration: { method: 'dms' } }],
    });
    for (const input of [spec(), dms]) {
      const lines = data(input).runbook[0].commands.map(String);
      const dumps = lines.filter((l) => l.startsWith('mysqldump '));
      expect(dumps.length).toBeGreaterThan(0);
      for (const dump of dumps) {
        expect(dump).toContain(` | ${STRIP_DEFINERS_COMMAND} > `);
        const file = dump.split(' > ')[1];
        expect(lines[lines.indexOf(dump) + 1]).toMatch(new RegExp(`^tail -n 1 ${file} \\| grep -q `));
      }
    }
  });

  it('the completion check, run by sh, warns about a dump cut short and is silent after a finished one', () => {
    const check = data(spec())
      .runbook[0].commands.map(String)
      .find((l) => l.startsWith('tail -n 1 '))!;
    const scratch = mkdtempSync(join(tmpdir(), 'dropship-dump-'));
    try {
      const run = (content: string) => {
        writeFileSync(join(scratch, 'main.sql'), content);
        return spawnSync('sh', ['-c', check], { cwd: scratch, encoding: 'utf8' }).stderr;
      };
      expect(run('CREATE TABLE a (id int);\n-- Dump completed on 2026-12-07 12:00:00\n')).toBe('');
      expect(run('CREATE TABLE a (id int);\nINSERT INTO a VALUES (1')).toContain(
        'main.sql is incomplete: the dump failed',
      );
      expect(run('')).toContain('main.sql is incomplete');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('the definer filter, run by sed, removes every DEFINER clause mysqldump writes and leaves rows alone', () => {
    const definer = fc
      .tuple(fc.stringMatching(/^[a-z_][a-z0-9_.-]{0,15}$/), fc.constantFrom('%', 'localhost', '10.0.0.%'))
      .map(([user, host]) => `DEFINER=\`${user}\`@\`${host}\``);
    fc.assert(
      fc.property(definer, fc.stringMatching(/^[ -~]{0,30}$/), (clause, rowText) => {
        const row = `INSERT INTO \`notes\` VALUES (1,'${rowText.replace(/'/g, '')} ${clause}');`;
        const dump = [
          `CREATE ${clause} PROCEDURE \`p\`()`,
          `/*!50003 CREATE*/ /*!50017 ${clause}*/ /*!50003 TRIGGER \`t\` BEFORE INSERT ON \`a\` FOR EACH ROW SET NEW.x = 1 */;;`,
          `/*!50013 ${clause} SQL SECURITY DEFINER */`,
          `/*!50106 CREATE*/ /*!50117 ${clause}*/ /*!50106 EVENT \`e\` ON SCHEDULE EVERY 1 DAY DO DELETE FROM a */ ;;`,
          row,
        ].join('\n');
        const out = execFileSync('sh', ['-c', STRIP_DEFINERS_COMMAND], { input: dump, encoding: 'utf8' });
        const lines = out.split('\n');
        expect(lines.slice(0, 4).join('\n')).not.toContain('DEFINER=');
        expect(lines[0]).toBe('CREATE  PROCEDURE `p`()');
        expect(lines[2]).toBe('/*!50013  SQL SECURITY DEFINER */');
        expect(lines[4]).toBe(row);
      }),
      { numRuns: 40 },
    );
  });

  it('lists a rehearsal of each move before the move itself, with what to check per engine', () => {
    const pg = spec({
      digitalocean: { databases: [{ ...mysqlSource, engine: 'pg', version: '15', databases: ['app'] }] },
    });
    for (const [input, check] of [
      [spec(), /SHOW TRIGGERS/],
      [pg, /extensions/],
    ] as const) {
      const titles = data(input).manualSteps.map((s) => s.title);
      const rehearsal = titles.indexOf('Rehearse moving legacy-mysql into demo-staging-main');
      expect(rehearsal).toBeGreaterThan(-1);
      expect(rehearsal).toBeLessThan(titles.findIndex((t) => t.includes('(dump and restore)')));
      expect(data(input).manualSteps[rehearsal].detail).toMatch(check);
    }
  });

  it('adds a manual step that points at the runbook instead of repeating its commands', () => {
    const plan = data(spec());
    const step = plan.manualSteps.find((s) => s.title.includes('dump and restore'))!;
    expect(step.detail).toContain('Writes must stay stopped');
    expect(step.commands).toBeUndefined();
  });

  it('every block that verifies against an RDS CA bundle or the DigitalOcean CA first fetches or names it', () => {
    const pg = spec({
      digitalocean: { databases: [{ ...mysqlSource, engine: 'pg', version: '15', databases: ['app'] }] },
    });
    for (const input of [spec(), pg]) {
      const plan = data(input);
      const blocks = [...plan.runbook, ...plan.manualSteps].map((b) => (b.commands ?? []).map(String));
      let checked = 0;
      for (const lines of blocks) {
        const firstRds = lines.findIndex(
          (l) => /global-bundle\.pem"?( |$)/.test(l) && !l.startsWith('test -s'),
        );
        if (firstRds >= 0) {
          checked++;
          const fetch = lines.indexOf(
            'test -s global-bundle.pem || curl -fsSo global-bundle.pem https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem',
          );
          expect(fetch).toBeGreaterThanOrEqual(0);
          expect(fetch).toBeLessThan(firstRds);
        }
        const firstDo = lines.findIndex((l) => l.includes('do-ca.pem') && !l.startsWith('#'));
        if (firstDo >= 0) expect(lines.slice(0, firstDo).join('\n')).toContain('CA certificate as do-ca.pem');
      }
      expect(checked).toBeGreaterThanOrEqual(2);
    }
  });

  it('prints pg_dump/pg_restore verifying both servers (verify-full) for PostgreSQL', () => {
    const input = spec({
      digitalocean: { databases: [{ ...mysqlSource, engine: 'pg', version: '15', databases: ['app'] }] },
    });
    const text = data(input).runbook[0].commands.join('\n');
    expect(text).toContain(
      'pg_dump "host=legacy-mysql-do-user-1-0.db.ondigitalocean.com port=25060 user=doadmin dbname=app sslmode=verify-full sslrootcert=do-ca.pem"',
    );
    expect(text).toMatch(
      /pg_restore --dbname="host=\$RDS_HOST port=5432 user=\S+ dbname=app sslmode=verify-full sslrootcert=global-bundle.pem"/,
    );
    expect(text).not.toContain('sslmode=require');
  });

  const dmsSpec = (extra: DoDb = { passwordSecret: 'do-mysql' }) =>
    spec({
      secrets: [{ name: 'do-mysql', keys: ['username', 'password', 'host', 'port'] }],
      digitalocean: { databases: [{ ...mysqlSource, ...extra }] },
      databases: [{ name: 'main', from: 'legacy-mysql', migration: { method: 'dms' } }],
    });

  it('plans DMS with secret-based endpoints, private placement and a full-load-and-cdc task', () => {
    const plan = data(dmsSpec());
    const dms = plan.dms!;
    expect(dms.securityGroupId).toEqual(groupId(dmsSpec(), 'dms'));
    expect(dms.subnetGroup.subnetIds).toHaveLength(2);
    const [task] = dms.tasks;
    expect(task.source).toMatchObject({
      engineName: 'mysql',
      sslMode: 'verify-full',
      certificate: 'do-cluster_legacy-mysql',
      secretArn: secretArn('demo-staging', 'do-mysql'),
    });
    expect(task.target).toMatchObject({
      engineName: 'mysql',
      secretArn: secretArn('demo-staging', 'dms-main-target'),
    });
    expect(JSON.parse(task.tableMappings).rules).toEqual([
      expect.objectContaining({
        'object-locator': { 'schema-name': 'legacy', 'table-name': '%' },
        'rule-action': 'include',
      }),
    ]);
    expect(plan.manualSteps[0].title).toContain('dms-vpc-role');
    expect(plan.manualSteps[0].title).toContain('dms-cloudwatch-logs-role');
    expect(plan.runbook[0].downtime).toMatch(/final switch/);
  });

  it('runs the task as full load + CDC, started from the runbook rather than on deploy', () => {
    const [task] = data(dmsSpec()).dms!.tasks;
    expect(task.migrationType).toBe('full-load-and-cdc');
    expect(task.startOnDeploy).toBe(false);
  });

  it('lets DMS read exactly the endpoint secrets, through a role only DMS in the region may assume', () => {
    const dms = data(dmsSpec()).dms!;
    expect(dms.subnetGroup).toEqual({
      name: 'demo-staging-dms',
      description: 'Private subnets for the demo-staging DMS replication instances',
      subnetIds: network().privateSubnetIds,
    });
    expect(dms.accessRoleName).toBe('demo-staging-dms-secrets');
    expect(JSON.parse(dms.accessRoleTrustPolicyJson)).toEqual({
      Version: '2012-10-17',
      Statement: [
        // trustPolicy(): with aws.accountId it also holds aws:SourceAccount (this spec gives none).
        {
          Sid: 'AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'dms.eu-west-1.amazonaws.com' },
          Action: ['sts:AssumeRole'],
        },
      ],
    });
    expect(dms.accessPolicyName).toBe('read-endpoint-secrets');
    expect(JSON.parse(dms.accessPolicyJson)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReadEndpointSecrets',
          Effect: 'Allow',
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          Resource: [
            embed(secretArn('demo-staging', 'do-mysql')),
            embed(secretArn('demo-staging', 'dms-main-target')),
          ],
        },
        {
          Sid: 'DecryptEndpointSecrets',
          Effect: 'Allow',
          Action: ['kms:Decrypt'],
          Resource: [embed(network().kms.arn)],
        },
      ],
    });
  });

  it('includes every schema for PostgreSQL', () => {
    const plan = data(dmsSpec({ passwordSecret: 'do-mysql', engine: 'pg', version: '16' }));
    expect(JSON.parse(plan.dms!.tasks[0].tableMappings).rules[0]['object-locator']).toEqual({
      'schema-name': '%',
      'table-name': '%',
    });
    expect(plan.dms!.tasks[0].source.databaseName).toBe('legacy');
  });
});

describe('DMS correctness', () => {
  const pgDms = () =>
    data(
      spec({
        secrets: [{ name: 'do-pg', keys: ['username', 'password', 'host', 'port'] }],
        digitalocean: {
          databases: [
            { ...mysqlSource, engine: 'pg', version: '16', databases: ['app'], passwordSecret: 'do-pg' },
          ],
        },
        databases: [{ name: 'main', from: 'legacy-mysql', migration: { method: 'dms' } }],
      }),
    );
  const mysqlDms = (
    secret: Record<string, unknown> = { name: 'do-mysql', keys: ['username', 'password', 'host', 'port'] },
  ) =>
    data(
      spec({
        secrets: [secret],
        digitalocean: { databases: [{ ...mysqlSource, passwordSecret: 'do-mysql' }] },
        databases: [{ name: 'main', from: 'legacy-mysql', migration: { method: 'dms' } }],
      }),
    );

  it('tells to store the source secret as the JSON DMS requires, even when declared without keys', () => {
    const step = mysqlDms({ name: 'do-mysql' }).manualSteps.find((s) =>
      s.title.includes('demo-staging/do-mysql'),
    )!;
    expect(step.detail).not.toContain('the value alone');
    expect(step.detail).toContain(
      '{"username":"doadmin","password":"<from DigitalOcean>","host":"legacy-mysql-do-user-1-0.db.ondigitalocean.com","port":25060}',
    );
    expect(step.commands![1]).toContain(
      '--secret-id demo-staging/do-mysql --secret-string "file://$SECRET_FILE"',
    );
  });

  it('copies LOBs in full LOB mode (limited LOB mode truncates silently) and says why', () => {
    const plan = mysqlDms();
    expect(JSON.parse(plan.dms!.tasks[0].taskSettings)).toEqual({
      FullLoadSettings: { TargetTablePrepMode: 'TRUNCATE_BEFORE_LOAD' },
      TargetMetadata: {
        FullLobMode: true,
        InlineLobMaxSize: 64,
        LimitedSizeLobMode: false,
        LobChunkSize: 64,
        SupportLobs: true,
      },
      Logging: { EnableLogging: true },
      ValidationSettings: { EnableValidation: true },
    });
    expect(plan.decisions.find((d) => d.subject === 'databases.main.migration.lobs')!.rule).toMatch(
      /truncates/,
    );
  });

  it('loads PostgreSQL as a replica session (no FK checks, no user triggers) and syncs sequences at cutover', () => {
    const plan = pgDms();
    const { target } = plan.dms!.tasks[0];
    expect(target.afterConnectScript).toBe("SET session_replication_role = 'replica'");
    expect(target.extraConnectionAttributes).toBeUndefined();
    // PostgreSQL cannot TRUNCATE referenced tables, replica session or not: the empty schema is loaded as is.
    expect(JSON.parse(plan.dms!.tasks[0].taskSettings).FullLoadSettings).toEqual({
      TargetTablePrepMode: 'DO_NOTHING',
    });
    const commands = plan.runbook[0].commands;
    const sync = commands.findIndex((c) => c.startsWith('# 6. Sync sequences'));
    expect(sync).toBeGreaterThan(commands.findIndex((c) => c.includes('stop-replication-task')));
    const line = commands.slice(sync).find((c) => c.includes('psql'))!;
    expect(line).toContain("format('SELECT setval(%L, COALESCE(max(%I), 0) + 1, false) FROM %I.%I;'");
    expect(line).toContain('pg_get_serial_sequence');
    expect(line).toMatch(
      /--tuples-only --no-align -c ".*" \| PGPASSFILE="\$RDS_CREDENTIALS" psql .* -v ON_ERROR_STOP=1$/,
    );
  });

  it('loads MySQL without FK checks and creates triggers and events only at cutover (they would act twice)', () => {
    const plan = mysqlDms();
    expect(plan.dms!.tasks[0].target.extraConnectionAttributes).toBe('Initstmt=SET FOREIGN_KEY_CHECKS=0');
    const commands = plan.runbook[0].commands;
    const schema = commands.find((c) => c.includes('> main-schema.sql'))!;
    expect(schema).toContain('--skip-triggers');
    // Events too: with event_scheduler ON they would run on RDS while DMS still replicates their effects.
    expect(schema).toContain('--skip-events');
    expect(schema).not.toMatch(/--events\b/);
    const kept = commands.find((c) => c.includes('> main-triggers.sql'))!;
    expect(kept).toContain('--no-create-info');
    expect(kept).toMatch(/--events\b/);
    expect(kept).toContain('--triggers');
    const apply = commands.findIndex((c) => c.endsWith('< main-triggers.sql'));
    expect(apply).toBeGreaterThan(commands.findIndex((c) => c.includes('stop-replication-task')));
    expect(commands.join('\n')).toContain('auto_increment FROM information_schema.tables');
  });
});

describe('DMS TLS, CDC and hygiene (issue 19)', () => {
  const dmsOf = (engine: 'mysql' | 'pg', aurora: boolean, source: DoDb = {}) =>
    data(
      spec({
        secrets: [{ name: 'do-src', keys: ['username', 'password', 'host', 'port'] }],
        digitalocean: {
          databases: [
            {
              ...mysqlSource,
              ...(engine === 'pg' ? { engine: 'pg', version: '16' } : {}),
              databases: ['app', 'reports'],
              passwordSecret: 'do-src',
              ...source,
            },
          ],
        },
        databases: [{ name: 'main', from: 'legacy-mysql', aurora, migration: { method: 'dms' } }],
      }),
    );
  const engines = fc.tuple(fc.constantFrom('mysql' as const, 'pg' as const), fc.boolean());

  it('verifies both endpoints (verify-full) against a certificate of the plan, never require', () => {
    fc.assert(
      fc.property(engines, ([engine, aurora]) => {
        const dms = dmsOf(engine, aurora).dms!;
        const keys = dms.certificates.map((c) => c.key);
        expect(keys).toEqual(['rds', 'do-cluster_legacy-mysql']);
        for (const endpoint of [dms.tasks[0].source, dms.tasks[0].target]) {
          expect(endpoint.sslMode).toBe('verify-full');
          expect(keys).toContain(endpoint.certificate);
        }
        expect(dms.tasks[0].target.certificate).toBe('rds');
        expect(dms.certificates.map((c) => c.variableName)).toEqual(['dms_rds_ca_pem', 'dms_do_ca_pem_main']);
      }),
      { numRuns: 8 },
    );
  });

  it('shares one certificate among the databases of one cluster, keeping the first one’s id and variable', () => {
    const dms = data(
      spec({
        secrets: [{ name: 'do-src', keys: ['username', 'password', 'host', 'port'] }],
        digitalocean: {
          databases: [{ ...mysqlSource, databases: ['app', 'reports'], passwordSecret: 'do-src' }],
        },
        databases: [
          { name: 'main', from: 'legacy-mysql', databaseName: 'app', migration: { method: 'dms' } },
          { name: 'reports', from: 'legacy-mysql', databaseName: 'reports', migration: { method: 'dms' } },
        ],
      }),
    ).dms!;
    expect(dms.certificates.map((c) => [c.key, c.certificateId, c.variableName, c.movedFrom])).toEqual([
      ['rds', 'demo-staging-rds-ca', 'dms_rds_ca_pem', undefined],
      // The id and variable earlier output gave main's certificate: certificate_id forces replacement.
      ['do-cluster_legacy-mysql', 'demo-staging-main-do-ca', 'dms_do_ca_pem_main', 'do-main'],
    ]);
    expect(dms.tasks.map((t) => t.source.certificate)).toEqual([
      'do-cluster_legacy-mysql',
      'do-cluster_legacy-mysql',
    ]);
  });

  it('writes the certificates into a var file from doctl and the regional RDS bundle, in a prerequisite', () => {
    const withId = dmsOf('pg', false, { firewallId: '9cc10173-e9ea-4176-9dbc-a4cee4c4ff30' });
    const step = withId.manualSteps.find((s) => s.title.includes('CA certificates'))!;
    const text = step.commands!.join('\n');
    expect(text).toContain(
      "doctl databases get-ca 9cc10173-e9ea-4176-9dbc-a4cee4c4ff30 --output json | jq -r '.certificate | @base64d' > do-ca-legacy-mysql.pem",
    );
    expect(text).toContain(
      'curl -fsSo rds-ca-eu-west-1.pem https://truststore.pki.rds.amazonaws.com/eu-west-1/eu-west-1-bundle.pem',
    );
    expect(text).toContain(
      `jq -n --rawfile c0 rds-ca-eu-west-1.pem --rawfile c1 do-ca-legacy-mysql.pem '{"dms_rds_ca_pem": $c0, "dms_do_ca_pem_main": $c1}' > dms-certificates.tfvars.json`,
    );
    expect(step.detail).toContain('-var-file');
    // Without the cluster id the reader sets it: the command stops rather than asking doctl for nothing.
    const without = dmsOf('pg', false).manualSteps.find((s) => s.title.includes('CA certificates'))!;
    expect(without.commands!.join('\n')).toContain('doctl databases get-ca "${DO_CLUSTER_ID_LEGACY_MYSQL:?');
  });

  it('reads PostgreSQL CDC without DDL capture and with a heartbeat; MySQL sources get no such settings', () => {
    fc.assert(
      fc.property(engines, ([engine, aurora]) => {
        const { source } = dmsOf(engine, aurora).dms!.tasks[0];
        if (engine === 'pg') expect(source.cdc).toEqual({ captureDdls: false, heartbeatEnable: true });
        else expect(source.cdc).toBeUndefined();
      }),
      { numRuns: 8 },
    );
  });

  it('freezes the schema, checks lag and validation while it runs, and drops only the slot DMS left, after the stop', () => {
    const commands = dmsOf('pg', false).runbook[0].commands;
    const at = (pred: (c: string) => boolean) => commands.findIndex(pred);
    const freeze = at((c) => c.startsWith('# 4. Freeze the schema'));
    const before = at((c) => c.includes('> main-slots-before.txt'));
    const start = at((c) => c.includes('start-replication-task'));
    const lagSource = at((c) => c.includes('--metric-name CDCLatencySource'));
    const lagTarget = at((c) => c.includes('--metric-name CDCLatencyTarget'));
    const validation = at((c) => c.includes('describe-table-statistics'));
    const stop = at((c) => c.includes('stop-replication-task'));
    const sequences = at((c) => c.startsWith('# 6. Sync sequences'));
    const find = at((c) => c.includes('> main-slots-dms.txt'));
    const drop = at((c) => c.includes('pg_drop_replication_slot'));
    expect([freeze, before, start, lagSource, lagTarget, validation, stop, sequences, find, drop]).toEqual(
      [freeze, before, start, lagSource, lagTarget, validation, stop, sequences, find, drop]
        .slice()
        .sort((a, b) => a - b),
    );
    expect(Math.min(freeze, before, lagSource, validation, find, drop)).toBeGreaterThanOrEqual(0);
    // The slots that existed before the start are spared; only inactive logical ones of this database go.
    expect(commands[find]).toContain(
      "slot_type = 'logical' AND NOT active AND database = current_database()",
    );
    expect(commands[find]).toContain('grep -vxF -f main-slots-before.txt');
    expect(commands[drop]).toMatch(
      /^sed -n .*main-slots-dms\.txt \| PGOPTIONS='-c default_transaction_read_only=off' psql "host=legacy-mysql-do-user-1-0\.db\.ondigitalocean\.com port=25060 user=doadmin dbname=app sslmode=verify-full sslrootcert=do-ca\.pem" -v ON_ERROR_STOP=1$/,
    );
    expect(commands[lagSource]).toContain('Name=ReplicationInstanceIdentifier,Value=demo-staging-main-dms');
    expect(commands[lagSource]).toContain('"Name=ReplicationTaskIdentifier,Value=$TASK_RESOURCE"');
    const mysql = dmsOf('mysql', false).runbook[0].commands.join('\n');
    expect(mysql).not.toContain('pg_replication_slots');
    expect(mysql).toContain('CDCLatencyTarget');
  });

  it('fills the DMS target secret with a dedicated user, never with the RDS master credentials', () => {
    fc.assert(
      fc.property(engines, ([engine, aurora]) => {
        const plan = dmsOf(engine, aurora);
        const commands = plan.runbook[0].commands;
        const put = commands.filter((c) => c.includes('--secret-id demo-staging/dms/main/target'));
        expect(put).toHaveLength(1);
        expect(put[0]).toMatch(
          /^printf '\{"username":"%s","password":"%s","host":"%s","port":%s\}' app_dms "\$DMS_PASSWORD" "\$RDS_HOST" \d+ \| aws secretsmanager put-secret-value/,
        );
        const sql = commands.find((c) => c.includes('DMS_PASSWORD') && c.startsWith("printf '%s\\n'"))!;
        if (engine === 'mysql') {
          expect(sql).toContain("CREATE USER 'app_dms'@'%' IDENTIFIED BY '$DMS_PASSWORD' REQUIRE SSL;");
          expect(sql).toContain('ON \\`app\\`.* TO');
          expect(sql).toContain('ON \\`reports\\`.* TO');
          expect(sql).toContain('ALL PRIVILEGES ON awsdms_control.*');
        } else {
          expect(sql).toContain("CREATE ROLE app_dms LOGIN PASSWORD '$DMS_PASSWORD';");
          expect(sql).toContain('GRANT rds_superuser TO app_dms;');
        }
        expect(plan.secrets.find((s) => s.key === 'dms-main-target')!.description).toContain('app_dms');
      }),
      { numRuns: 8 },
    );
  });

  it('pins the replication engine with automatic upgrades off, and names the last day it can be created', () => {
    const plan = dmsOf('pg', false);
    expect(plan.dms!.tasks[0].instanceSettings).toMatchObject({
      engineVersion: '3.6.1',
      autoMinorVersionUpgrade: false,
      engineVersionCreatableUntil: '2027-04-30',
    });
    const decision = plan.decisions.find((d) => d.subject === 'databases.main.migration.engine')!;
    expect(decision.choice).toContain('until 2027-04-30');
    expect(decision.rule).toContain(
      'https://docs.aws.amazon.com/dms/latest/userguide/CHAP_ReleaseNotes.html',
    );
  });
});

describe('a database with no DigitalOcean from: dumped on its droplet over SSH', () => {
  const dropletDb = (engine: 'mysql' | 'postgres', name: string) =>
    data(spec({ digitalocean: { databases: [] }, databases: [{ name, engine }] }));

  it('dumps through ssh as the local superuser, with no managed CA, no DO_HOST and no port 25060', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('mysql' as const, 'postgres' as const),
        fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/),
        (engine, name) => {
          const [entry] = dropletDb(engine, name).runbook;
          const text = entry.commands.join('\n');
          expect(text).not.toMatch(/do-ca\.pem|DO_HOST|25060|doadmin/);
          const dump = entry.commands.find((c) => c.startsWith('ssh ') && /_dump|mysqldump/.test(c))!;
          expect(dump).toMatch(
            /^ssh "\$\{DB_DROPLET:\?set DB_DROPLET to the ssh destination of the droplet that runs the database\}" '/,
          );
          const dbName = name.replace(/-/g, '_');
          expect(dump).toContain(
            engine === 'mysql'
              ? `'sudo mysqldump --no-tablespaces --single-transaction --routines --triggers --events --set-gtid-purged=OFF --databases -- ${dbName}' | sed -E`
              : `'sudo -u postgres pg_dump --format=custom --no-owner --no-acl -- ${dbName}' > ${dbName}.dump`,
          );
          // The dump is taken before the restore, and the restore verifies RDS.
          expect(text.indexOf('ssh ')).toBeLessThan(text.indexOf('RDS_CREDENTIALS=$(mktemp)'));
          expect(text).toMatch(/VERIFY_IDENTITY|verify-full/);
          expect(entry.title).toContain('from its droplet');
        },
      ),
      { numRuns: 20 },
    );
  });

  it('warns that the runbook reads it from its droplet, not from DO_HOST', () => {
    const input = spec({ digitalocean: { databases: [] }, databases: [{ name: 'main', engine: 'mysql' }] });
    const warning = diagnosticsOf(input).find((w) => w.code === 'data/source-connection')!;
    expect(warning.message).toContain('over SSH');
    expect(warning.message).not.toContain('DO_HOST');
  });
});

describe('application database user', () => {
  const plan = data(spec());
  const step = plan.manualSteps.find((s) => s.title.startsWith('Create the application user'))!;

  it('creates a KMS-encrypted secret <prefix>/<db>/app without a value, holding username and password', () => {
    const [db] = plan.databases;
    expect(db.appUsername).toBe('legacy_app');
    expect(plan.secrets.find((s) => s.key === db.appSecret)).toMatchObject({
      arn: secretArn('demo-staging', db.appSecret),
      secretName: 'demo-staging/main/app',
      kmsKeyArn: network().kms.arn,
      keys: ['username', 'password'],
    });
  });

  it('creates the MySQL user with TLS and only its database’s privileges, as the master read from its secret', () => {
    const text = step.commands!.join('\n');
    expect(text).toContain(
      `--query SecretString --output text | jq -r '"[client]", "password=" + (.password | @json)' > "$RDS_CREDENTIALS"`,
    );
    expect(text).toContain(`"CREATE USER 'legacy_app'@'%' IDENTIFIED BY '$APP_PASSWORD' REQUIRE SSL;"`);
    expect(text).toContain(
      "\"GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES, EXECUTE ON \\`legacy\\`.* TO 'legacy_app'@'%';\"",
    );
    expect(text).toContain(
      'mysql --defaults-extra-file="$RDS_CREDENTIALS" --host="$RDS_HOST" --port=3306 --user=app --ssl-mode=VERIFY_IDENTITY --ssl-ca=global-bundle.pem',
    );
    expect(text).toContain(
      `printf '{"username":"%s","password":"%s"}' legacy_app "$APP_PASSWORD" | aws secretsmanager put-secret-value --region eu-west-1 --secret-id demo-staging/main/app --secret-string file:///dev/stdin`,
    );
    expect(text).not.toMatch(/GRANT ALL|\*\.\*/);
  });

  it('comes after the data move, and records why apps do not use the master user', () => {
    const titles = plan.manualSteps.map((s) => s.title);
    expect(titles.indexOf(step.title)).toBeGreaterThan(
      titles.findIndex((t) => t.includes('dump and restore')),
    );
    const decision = plan.decisions.find((d) => d.subject === 'databases.main.credentials')!;
    expect(decision.choice).toContain('apps connect as legacy_app');
    expect(decision.rule).toMatch(/rotates the master password every 7 days/);
  });

  it('creates a PostgreSQL login role with DML, sequences and ownership of the restored objects', () => {
    const pg = data(
      spec({
        digitalocean: { databases: [{ ...mysqlSource, engine: 'pg', version: '16', databases: ['app'] }] },
      }),
    );
    const text = pg.manualSteps
      .find((s) => s.title.startsWith('Create the application user'))!
      .commands!.join('\n');
    expect(text).toContain(`"CREATE ROLE app_app LOGIN PASSWORD '$APP_PASSWORD';"`);
    expect(text).toContain('"GRANT app_app TO app;"');
    expect(text).toContain('"GRANT CONNECT, TEMPORARY ON DATABASE app TO app_app;"');
    expect(text).toContain(
      '"GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public TO app_app;"',
    );
    expect(text).toContain('"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO app_app;"');
    expect(text).toContain("format('ALTER %s %s OWNER TO %I;'");
    expect(text).toContain('--secret-id demo-staging/main/app');
  });

  it('keeps the generated password out of process lists and files, and removes the master credentials file', () => {
    for (const c of step.commands!) {
      // printf is a shell builtin: its arguments are no process's command line; it writes only into a pipe.
      if (c.includes('$APP_PASSWORD') && !c.startsWith('printf')) expect(c).toMatch(/^unset /);
      if (c.includes('$APP_PASSWORD') && c.startsWith('printf')) expect(c).not.toMatch(/>/);
    }
    const commands: string[] = step.commands!;
    const created = commands.findIndex((c) => c.startsWith('RDS_CREDENTIALS=$(mktemp) && '));
    const lastUse = commands.reduce(
      (last, c, i) => (c.includes('--defaults-extra-file="$RDS_CREDENTIALS"') ? i : last),
      -1,
    );
    expect(created).toBeGreaterThanOrEqual(0);
    expect(commands.indexOf('rm -f "$RDS_CREDENTIALS"')).toBeGreaterThan(lastUse);
    expect(commands.at(-1)).toBe('unset APP_PASSWORD');
  });

  it('names the app user within MySQL’s 32 characters', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,62}$/), (dbName) => {
        const [db] = data(
          spec({ databases: [{ name: 'main', from: 'legacy-mysql', databaseName: dbName }] }),
        ).databases;
        expect(db.appUsername.length).toBeLessThanOrEqual(32);
        expect(db.appUsername).toMatch(/^[a-z][a-z0-9_]*_app$/);
      }),
      { numRuns: 30 },
    );
  });
});

describe('Enhanced Monitoring', () => {
  it('is on every 60 s by default, through one role per environment, and explained', () => {
    const plan = data(spec());
    expect(plan.databases[0]).toMatchObject({
      monitoringIntervalSeconds: 60,
      monitored: true,
      monitoringRoleName: 'demo-staging-rds-monitoring',
    });
    expect(plan.decisions.find((d) => d.subject === 'databases.main.monitoring')!.choice).toContain('60 s');
    // The role itself is planned here: trusted by RDS monitoring only, with AWS's managed policy.
    expect(plan.monitoringRole).toMatchObject({
      name: 'demo-staging-rds-monitoring',
      managedPolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole',
    });
    expect(JSON.parse(plan.monitoringRole!.assumeRolePolicyJson).Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'monitoring.rds.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
  });

  it('plans no role when no database is monitored', () => {
    expect(data(spec({ databases: [] })).monitoringRole).toBeUndefined();
    // The role follows the databases' `monitored` decision, which the stacks copy.
    const [db] = data(spec()).databases;
    expect(monitoringRolePlan([{ ...db, monitored: false }])).toBeUndefined();
    expect(monitoringRolePlan([{ ...db, monitored: false }, db])?.name).toBe(db.monitoringRoleName);
  });
});

/** php-shop once its data has moved (cutover.dataMoved): the tasks use RDS and ElastiCache. */
function phpShopDataMoved(): ValidSpec {
  const shop = loadExample('php-shop');
  return specFrom({ ...shop, cutover: { ...shop.cutover!, current: 100, dataMoved: true } });
}

describe('app wiring (php-shop, data moved)', () => {
  const { data: plan, network: phpShopNetwork } = dataOf(phpShopDataMoved());
  const web = plan.wiring.web;
  const phpFpm = web.containers['php-fpm'];

  const db = address('shop-production-data', 'aws_db_instance', 'db-main');
  const cache = address('shop-production-data', 'aws_elasticache_replication_group', 'cache-sessions');
  const appUser = secretArn('shop-production', 'db-main-app');
  const cacheAuth = secretArn('shop-production', 'cache-sessions-auth');

  it('injects host, port and name as plain environment', () => {
    expect(plan.databases[0].address).toEqual(db);
    expect(plan.caches[0].address).toEqual(cache);
    expect(phpFpm.environment).toEqual([
      { name: 'DB_HOST', value: ref(db, 'address') },
      { name: 'DB_NAME', value: 'shop' },
      { name: 'DB_PORT', value: ref(db, 'port') },
      { name: 'DB_SSLMODE', value: 'VERIFY_IDENTITY' },
      { name: 'REDIS_HOST', value: ref(cache, 'primary_endpoint_address') },
      { name: 'REDIS_PORT', value: ref(cache, 'port') },
      { name: 'REDIS_SCHEME', value: 'tls' },
      { name: 'REDIS_TLS', value: 'true' },
    ]);
  });

  it('injects credentials as secrets from the app user secret (never the master secret) and the cache AUTH secret', () => {
    expect(phpFpm.secrets).toEqual([
      {
        name: 'DB_PASSWORD',
        valueFrom: { secretArn: appUser, jsonKey: 'password' },
      },
      {
        name: 'DB_USERNAME',
        valueFrom: { secretArn: appUser, jsonKey: 'username' },
      },
      { name: 'REDIS_PASSWORD', valueFrom: { secretArn: cacheAuth } },
    ]);
  });

  it('lets the execution role read exactly those secrets and the app’s own, and decrypt with the key', () => {
    expect(web.secretArns).toEqual([
      appUser,
      cacheAuth,
      secretArn('shop-production', 'app-key'),
      secretArn('shop-production', 'stripe'),
    ]);
    expect(web.kmsKeyArns).toEqual([phpShopNetwork.kms.arn]);
  });

  it('tells how to give the apps the CA their database connections verify', () => {
    const step = plan.manualSteps.find((s) => s.title.startsWith('Give the apps the CA certificates'))!;
    expect(step.title).toContain('(main)');
    expect(step.commands![0]).toContain('truststore.pki.rds.amazonaws.com/global/global-bundle.pem');
    // The DigitalOcean cluster's CA too: the mode is digitalocean-until-100, a forced rollback returns there.
    expect(step.commands!.join('\n')).toContain('doctl databases get-ca');
  });

  it('records that the tasks use RDS and ElastiCache because the data moved', () => {
    const decision = plan.decisions.find((d) => d.subject === 'databases.main.tasksConnectTo')!;
    expect(decision.choice).toBe('RDS');
    expect(decision.rule).toContain('cutover.dataMoved: true');
  });

  it('never puts a secret reference into plain environment', () => {
    for (const env of phpFpm.environment)
      if (isRef(env.value)) expect(refId(env.value)).not.toMatch(/secret/);
  });
});

describe('app wiring (php-shop, digitalocean-until-100 before the data moves)', () => {
  const { data: plan, network: phpShopNetwork } = dataOf(loadExample('php-shop'));
  const web = plan.wiring.web;
  const phpFpm = web.containers['php-fpm'];
  const mysql = secretArn('shop-production', 'do-shop-mysql-app');
  const redis = secretArn('shop-production', 'do-shop-redis-app');

  it('injects the DigitalOcean cluster under the same names: the public host, its port, the database name', () => {
    expect(phpFpm.environment).toEqual([
      { name: 'DB_HOST', value: 'shop-mysql-do-user-1-0.db.ondigitalocean.com' },
      { name: 'DB_NAME', value: 'shop' },
      { name: 'DB_PORT', value: '25060' },
      { name: 'DB_SSLMODE', value: 'VERIFY_IDENTITY' },
      // shop-redis has no host in the inventory: REDIS_HOST comes from its secret (below).
      { name: 'REDIS_PORT', value: '25061' },
      { name: 'REDIS_SCHEME', value: 'tls' },
      { name: 'REDIS_TLS', value: 'true' },
    ]);
    expect(phpFpm.secrets).toEqual([
      { name: 'DB_PASSWORD', valueFrom: { secretArn: mysql, jsonKey: 'password' } },
      { name: 'DB_USERNAME', valueFrom: { secretArn: mysql, jsonKey: 'username' } },
      { name: 'REDIS_HOST', valueFrom: { secretArn: redis, jsonKey: 'host' } },
      { name: 'REDIS_PASSWORD', valueFrom: { secretArn: redis, jsonKey: 'password' } },
    ]);
  });

  it('lets the execution role read the DigitalOcean secrets, not the RDS/ElastiCache ones', () => {
    expect(web.secretArns).toEqual([
      mysql,
      redis,
      secretArn('shop-production', 'app-key'),
      secretArn('shop-production', 'stripe'),
    ]);
    expect(web.kmsKeyArns).toEqual([phpShopNetwork.kms.arn]);
  });

  it('creates one KMS-encrypted secret per DigitalOcean cluster, without a value, and a step that fills it from doctl', () => {
    const secret = plan.secrets.find((s) => s.key === 'do-shop-mysql-app')!;
    expect(secret.secretName).toBe('shop-production/do/shop-mysql/credentials');
    expect(secret.kmsKeyArn).toEqual(phpShopNetwork.kms.arn);
    const step = plan.manualSteps.find((s) => s.title.includes('DigitalOcean credentials of shop-mysql'))!;
    const commands = step.commands!.join('\n');
    expect(commands).toContain('doctl databases user get --format Password --no-header --');
    expect(commands).toContain(
      '--secret-id shop-production/do/shop-mysql/credentials --secret-string file:///dev/stdin',
    );
    // The password travels on standard input only.
    expect(commands).not.toMatch(/--arg password/);
  });

  it('records which endpoints the tasks use and why', () => {
    const decision = plan.decisions.find((d) => d.subject === 'databases.main.tasksConnectTo')!;
    expect(decision.choice).toContain('DigitalOcean shop-mysql');
    expect(decision.rule).toContain('cutover.dataMoved is false');
  });
});

describe('app wiring (move-first)', () => {
  it('wires the tasks to RDS and ElastiCache from the start, and creates no DigitalOcean secret', () => {
    const shop = loadExample('php-shop');
    const { data: plan } = dataOf(
      specFrom({ ...shop, cutover: { ...shop.cutover!, dataMode: 'move-first' } }),
    );
    const env = plan.wiring.web.containers['php-fpm'].environment;
    expect(env.find((e) => e.name === 'DB_HOST')!.value).toEqual(
      ref(address('shop-production-data', 'aws_db_instance', 'db-main'), 'address'),
    );
    expect(plan.secrets.some((s) => s.key.startsWith('do-'))).toBe(false);
    expect(plan.decisions.find((d) => d.subject === 'databases.main.tasksConnectTo')!.rule).toContain(
      'move-first',
    );
  });
});

describe('app wiring with several databases and caches', () => {
  it('prefixes each with its upper-cased name', () => {
    const input = spec({
      digitalocean: {
        databases: [mysqlSource, { ...mysqlSource, name: 'reports-pg', engine: 'pg', version: '16' }],
      },
      databases: [
        { name: 'main', from: 'legacy-mysql' },
        { name: 'read-model', from: 'reports-pg' },
      ],
      caches: [
        { name: 'sessions', engine: 'valkey' },
        { name: 'queue', engine: 'valkey' },
      ],
      ecr: { repositories: [{ name: 'shop/api' }] },
      apps: [
        {
          name: 'api',
          containers: [{ name: 'api', image: { repository: 'shop/api', tag: '1.0.0' } }],
          uses: { databases: ['main', 'read-model'], caches: ['sessions', 'queue'] },
        },
      ],
    });
    const api = data(input).wiring.api;
    const names = api.containers.api.environment.map((e) => e.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'MAIN_DB_HOST',
        'READ_MODEL_DB_PORT',
        'SESSIONS_REDIS_HOST',
        'QUEUE_REDIS_TLS',
      ]),
    );
    expect(names).not.toContain('DB_HOST');
    expect(api.containers.api.secrets.map((s) => s.name)).toEqual(
      expect.arrayContaining(['MAIN_DB_PASSWORD', 'READ_MODEL_DB_USERNAME', 'QUEUE_REDIS_PASSWORD']),
    );
    expect(api.secretArns).toHaveLength(4);
  });
});

describe('generated names stay within AWS rules', () => {
  it('cuts a DMS identifier at the replication instance identifier limit, 63', () => {
    const long = awsName('dmsIdentifier', 'p'.repeat(40), 'd'.repeat(48), 'full-load-cdc');
    expect(long).toHaveLength(63);
    expect(long).not.toBe(awsName('dmsIdentifier', 'p'.repeat(40), 'd'.repeat(48), 'source'));
  });

  it('keeps RDS (63), ElastiCache (40) and DMS identifiers legal for long project, environment and names', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9-]{0,18}[a-z0-9]$/),
        fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/),
        fc.stringMatching(/^[a-z][a-z0-9-]{0,46}[a-z0-9]$/),
        (project, environment, name) => {
          const input = spec({
            project,
            environment,
            secrets: [{ name: 'src', keys: ['username', 'password', 'host', 'port'] }],
            digitalocean: {
              databases: [
                { ...mysqlSource, passwordSecret: 'src' },
                { name: 'cache-src', engine: 'valkey', version: '8', size: 'db-s-1vcpu-1gb' },
              ],
            },
            databases: [{ name, from: 'legacy-mysql', migration: { method: 'dms' } }],
            caches: [{ name, from: 'cache-src' }],
          });
          const plan = data(input);
          const legal = (id: string, max: number) =>
            id.length <= max && /^[a-z][a-z0-9-]*[a-z0-9]$/.test(id) && !id.includes('--');
          const [db] = plan.databases;
          const [task] = plan.dms!.tasks;
          return (
            legal(db.identifier, 63) &&
            legal(db.parameterGroupName, 255) &&
            legal(plan.caches[0].replicationGroupId, 40) &&
            [task.replicationInstanceId, task.source.endpointId, task.target.endpointId, task.taskId].every(
              (id) => legal(id, 63),
            )
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('chooseSize (instance class and node type alike)', () => {
  const choice = (given: string | undefined, size: string | undefined) => {
    const decisions: Decision[] = [];
    const chosen = chooseSize(
      {
        subject: 'databases.main.instanceClass',
        given,
        source: size === undefined ? undefined : { size },
        from: 'legacy',
        map: (s) => (s === 'known' ? { name: 'db.mapped' } : undefined),
        mapped: (m, s) => ({ choice: m.name, rule: `${s} → ${m.name}` }),
        fallback: { choice: 'db.default', field: 'instanceClass' },
      },
      decisions,
    );
    return { chosen, decisions };
  };

  it('takes the spec’s value first, then the source’s size mapped, then the default', () => {
    expect(choice('db.given', 'known')).toMatchObject({
      chosen: 'db.given',
      decisions: [{ choice: 'db.given', rule: 'given in the spec', from: 'legacy' }],
    });
    expect(choice(undefined, 'known')).toMatchObject({
      chosen: 'db.mapped',
      decisions: [{ choice: 'db.mapped', rule: 'known → db.mapped', from: 'legacy' }],
    });
    const fallback = choice(undefined, undefined);
    expect(fallback.chosen).toBe('db.default');
    expect(fallback.decisions).toEqual([
      {
        subject: 'databases.main.instanceClass',
        choice: 'db.default',
        rule: 'no source and no instanceClass: the default',
      },
    ]);
  });
});
