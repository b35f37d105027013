/**
 * The data tier's rules (schema/rules/database-targets.ts, caches.ts, data-migration.ts, secret-names.ts): what
 * the compiler used to check while planning, now refused or warned about when the spec is loaded, with the
 * same codes, messages and paths, located in the file. Where schema/rules/databases.ts and caches.ts already
 * refused the same thing under their own code, that code is the one users see, once.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../../schema/diagnostics';
import type { MigrationSpecInput } from '../../schema/spec';
import { compile } from '../../compiler';
import { baseSpecInput, exampleFile } from '../helpers/synth';
import { diagnosticsOf, load, revalidated, specText } from '../helpers/validate';

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

/** A database `main` from a DigitalOcean MySQL, used by an app; `overrides` replace top-level fields. */
function spec(overrides: Record<string, unknown> = {}): MigrationSpecInput {
  return {
    ...baseSpecInput(),
    digitalocean: { databases: [mysqlSource] },
    databases: [{ name: 'main', from: 'legacy-mysql' }],
    ...overrides,
  } as MigrationSpecInput;
}

/** The diagnostics of the spec (not the unused-* warnings), with the text of the line each points at. */
function located(input: MigrationSpecInput | string): (Diagnostic & { text: string })[] {
  const lines = specText(input).split('\n');
  return diagnosticsOf(input)
    .filter((d) => !d.code.startsWith('unused-') && d.code !== 'unmigrated-database')
    .map((d) => ({ ...d, text: lines[d.line - 1] ?? '' }));
}

const codesOf = (input: MigrationSpecInput | string) =>
  located(input).map((d) => [d.severity, d.code, d.path]);

describe('databases: what the spec asks RDS for', () => {
  it('takes Aurora MySQL 8.0 for an Aurora target of a MySQL 8 source with no version (no RDS 8.4 default)', () => {
    const input = spec({ databases: [{ name: 'main', from: 'legacy-mysql', aurora: true }] });
    expect(located(input).filter((d) => d.severity === 'error')).toEqual([]);
    const [db] = compile(revalidated(input)).data.databases;
    expect(db.engineVersion).toBe('8.0');
    expect(db.aurora).toMatchObject({
      engine: 'aurora-mysql',
      // The Aurora MySQL version 3 line: Aurora picks its current minor, as RDS does for 8.4.
      engineVersion: '8.0',
    });
    expect(db.autoMinorVersionUpgrade).toBe(true);
  });

  it('warns about a version past the end of RDS standard support as of the facts date, at the version', () => {
    const [d, ...rest] = located(
      spec({ databases: [{ name: 'main', from: 'legacy-mysql', version: '8.0' }] }),
    );
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      severity: 'warning',
      code: 'data/extended-support',
      path: 'databases[0].version',
      message:
        "mysql 8.0 left RDS standard support on 2026-07-31 (unverified), before these facts' date (2026-12-07): a new instance bills RDS Extended Support from its first hour (the plan states the price)",
      hint: 'plan an upgrade, or set version to a newer major (8.4)',
    });
    expect(d.text).toContain('version');
    expect(located(spec())).toEqual([]);
  });

  it('refuses a source size with no RDS class, at from', () => {
    const input = spec({ digitalocean: { databases: [{ ...mysqlSource, size: 'db-x-99vcpu-1gb' }] } });
    const [d] = located(input);
    expect(d).toMatchObject({
      severity: 'error',
      code: 'data/unknown-size',
      path: 'databases[0].from',
      message: 'no RDS class is known for the DigitalOcean size db-x-99vcpu-1gb',
      hint: 'set databases[].instanceClass, e.g. db.t4g.medium',
    });
    expect(d.text).toContain('from: legacy-mysql');
    // A class of its own needs no mapping.
    expect(
      located(
        spec({
          digitalocean: { databases: [{ ...mysqlSource, size: 'db-x-99vcpu-1gb' }] },
          databases: [{ name: 'main', from: 'legacy-mysql', instanceClass: 'db.r7g.large' }],
        }),
      ),
    ).toEqual([]);
  });

  it('refuses a storage ceiling at or below the allocated storage, at maxStorageGb', () => {
    // 30000 MiB → 30 GiB allocated: a ceiling of 25 leaves autoscaling no room.
    const [d] = located(spec({ databases: [{ name: 'main', from: 'legacy-mysql', maxStorageGb: 25 }] }));
    expect(d).toMatchObject({
      code: 'data/max-storage',
      path: 'databases[0].maxStorageGb',
      message: 'maxStorageGb (25) must exceed the allocated storage (30 GiB) for storage autoscaling',
      expected: 'a number > 30',
    });
    expect(d.text).toContain('maxStorageGb');
    // Equal to storageGb: storage-range (below) does not apply, this rule does.
    expect(
      codesOf(spec({ databases: [{ name: 'main', from: 'legacy-mysql', storageGb: 50, maxStorageGb: 50 }] })),
    ).toEqual([['error', 'data/max-storage', 'databases[0].maxStorageGb']]);
    // Below storageGb: the one rule of the two that users have always seen.
    expect(
      codesOf(spec({ databases: [{ name: 'main', from: 'legacy-mysql', storageGb: 50, maxStorageGb: 40 }] })),
    ).toEqual([['error', 'storage-range', 'databases[0].maxStorageGb']]);
  });

  it('warns that read-only nodes are not recreated without Aurora, at from; readReplicas is refused as written', () => {
    const input = spec({
      digitalocean: {
        databases: [{ ...mysqlSource, readOnlyNodes: [{ name: 'ro-1', size: 'db-s-4vcpu-8gb' }] }],
      },
    });
    const [d] = located(input);
    expect(d).toMatchObject({
      severity: 'warning',
      code: 'data/replicas-need-aurora',
      path: 'databases[0].from',
      message:
        'legacy-mysql has 1 read-only node(s) that are not recreated: RDS cannot replicate an instance whose master password it manages in Secrets Manager',
      hint: 'set aurora: true (readers join the cluster), or readReplicas: 0 to acknowledge',
    });
    expect(codesOf(spec({ databases: [{ name: 'main', from: 'legacy-mysql', readReplicas: 1 }] }))).toEqual([
      ['error', 'replicas-need-aurora', 'databases[0].readReplicas'],
    ]);
    expect(codesOf(spec({ databases: [{ name: 'main', from: 'legacy-mysql', readReplicas: 0 }] }))).toEqual(
      [],
    );
  });

  it('keeps an Aurora cluster within one writer and 15 replicas, at readReplicas or at from', () => {
    const aurora = (extra: Record<string, unknown>) =>
      spec({ databases: [{ name: 'main', from: 'legacy-mysql', aurora: true, version: '8.0', ...extra }] });
    expect(located(aurora({ multiAz: true, readReplicas: 15 }))).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'data/aurora-too-many-replicas',
        path: 'databases[0].readReplicas',
        message:
          '15 reader(s) plus the Multi-AZ standby make 17 Aurora instances; a cluster has one writer and at most 15 replicas (promotion tiers 0-15)',
        expected: 'readReplicas ≤ 14 with multiAz',
        hint: 'set readReplicas: 14 or fewer, or multiAz: false (the readers then cover failover)',
      }),
    ]);
    expect(located(aurora({ multiAz: true, readReplicas: 14 }))).toEqual([]);
    expect(located(aurora({ multiAz: false, readReplicas: 15 }))).toEqual([]);
    const readOnlyNodes = Array.from({ length: 15 }, (_, i) => ({ name: `ro-${i + 1}` }));
    const fromNodes = spec({
      digitalocean: { databases: [{ ...mysqlSource, nodes: 2, readOnlyNodes }] },
      databases: [{ name: 'main', from: 'legacy-mysql', aurora: true, version: '8.0' }],
    });
    expect(codesOf(fromNodes)).toEqual([['error', 'data/aurora-too-many-replicas', 'databases[0].from']]);
  });

  it('refuses a database whose RDS instance identifier an Aurora database already numbers, at its name', () => {
    const django = readFileSync(exampleFile('django-app'), 'utf8');
    // Aurora `main` has instances <prefix>-main-1..3; an RDS database `main-1` would be <prefix>-main-1 too.
    const clash =
      '\n  - name: main-1\n    engine: postgres\n    version: "16"\n    instanceClass: db.t4g.medium\n' +
      '    storageGb: 20\n';
    const text = django.replace('\ncaches:\n', `${clash}\ncaches:\n`);
    expect(text).not.toBe(django);
    const errors = located(text).filter((d) => d.severity === 'error');
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'data/instance-identifier-clash',
        path: 'databases[1].name',
        line: text.split('\n').indexOf('  - name: main-1') + 1,
        message:
          'database `main-1` needs the RDS instance identifier bookclub-production-main-1, which database `main` already uses (Aurora numbers its instances <database>-1, -2, …)',
        hint: 'rename `main-1` or `main` so that neither name is the other followed by -<number>',
      }),
    ]);
  });
});

describe('the data tier’s rules that schema/rules/databases.ts already held: one code each', () => {
  it.each([
    [
      'a version RDS does not offer',
      { databases: [{ name: 'main', from: 'legacy-mysql', version: '5.7' }] },
      'engine-version',
      'databases[0].version',
    ],
    [
      'a DigitalOcean version RDS does not offer',
      {
        digitalocean: { databases: [{ ...mysqlSource, name: 'old-pg', engine: 'pg', version: '12' }] },
        databases: [{ name: 'main', from: 'old-pg' }],
      },
      'engine-version',
      'databases[0].from',
    ],
    [
      'a Redis cluster as an RDS source',
      {
        digitalocean: { databases: [{ ...mysqlSource, name: 'r', engine: 'redis', version: '7' }] },
        databases: [{ name: 'main', from: 'r' }],
      },
      'wrong-engine',
      'databases[0].from',
    ],
    [
      'an engine that differs from the source',
      { databases: [{ name: 'main', from: 'legacy-mysql', engine: 'postgres' }] },
      'wrong-engine',
      'databases[0].engine',
    ],
    ['no engine and no source', { databases: [{ name: 'main' }] }, 'missing-engine', 'databases[0].engine'],
    [
      'a source not in the inventory',
      { databases: [{ name: 'main', from: 'nope' }] },
      'unresolved-reference',
      'databases[0].from',
    ],
    [
      'Aurora on a version without an Aurora edition',
      { databases: [{ name: 'main', from: 'legacy-mysql', aurora: true, version: '8.4' }] },
      'aurora-version',
      'databases[0].aurora',
    ],
  ])('%s: %s', (_what, overrides, code, path) => {
    const errors = located(spec(overrides)).filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.path])).toEqual([[code, path]]);
  });
});

describe('caches: what the spec asks ElastiCache for', () => {
  const cacheSpec = (source: DoDb, cache: Record<string, unknown>) =>
    spec({
      digitalocean: { databases: [{ name: 'do-cache', size: 'db-s-1vcpu-2gb', nodes: 1, ...source }] },
      databases: [],
      caches: [{ name: 'sessions', from: 'do-cache', ...cache }],
    });

  it('refuses a source size with no node type, at from', () => {
    const [d] = located(cacheSpec({ engine: 'valkey', version: '8', size: 'db-x-1vcpu-999gb' }, {}));
    expect(d).toMatchObject({
      code: 'data/unknown-size',
      path: 'caches[0].from',
      message: 'no ElastiCache node type is known for the DigitalOcean size db-x-1vcpu-999gb',
      hint: 'set caches[].nodeType, e.g. cache.t4g.small',
    });
  });

  it('refuses a source version dropship cannot map when only the engine is given, at from', () => {
    const [d] = located(cacheSpec({ engine: 'redis', version: '5' }, { engine: 'redis' }));
    expect(d).toMatchObject({
      code: 'data/unsupported-version',
      path: 'caches[0].from',
      message: 'do-cache runs redis 5, which dropship has no ElastiCache mapping for',
      expected: 'one of redis:7, redis:6, valkey:7, valkey:8',
      hint: 'set caches[0].engine and version',
    });
    expect(d.text).toContain('from: do-cache');
  });

  it('refuses a patch version ElastiCache does not name, at version; a bare major is its newest minor', () => {
    const [d] = located(cacheSpec({ engine: 'valkey', version: '8' }, { version: '8.0.1' }));
    expect(d).toMatchObject({
      code: 'data/unsupported-version',
      path: 'caches[0].version',
      message: 'ElastiCache valkey does not offer version 8.0.1',
      expected: 'one of 8.2, 8.1, 8.0, 7.2',
    });
    expect(located(cacheSpec({ engine: 'valkey', version: '8' }, { version: '8.1' }))).toEqual([]);
  });
});

describe('moving the data', () => {
  const dmsSpec = (source: DoDb) =>
    spec({
      secrets: [{ name: 'do-mysql', keys: ['username', 'password', 'host', 'port'] }],
      digitalocean: { databases: [{ ...mysqlSource, ...source }] },
      databases: [{ name: 'main', from: 'legacy-mysql', migration: { method: 'dms' } }],
    });

  it('refuses DMS without a source password secret, at the source', () => {
    const php = readFileSync(exampleFile('php-shop'), 'utf8');
    const text = php.replace('migration: { method: dump }', 'migration: { method: dms }');
    expect(text).not.toBe(php);
    expect(located(text)).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'data/dms-source-secret',
        path: 'digitalocean.databases[0].passwordSecret',
        line: 50,
        column: 7,
        message:
          'DMS needs the DigitalOcean password: set digitalocean.databases.shop-mysql.passwordSecret to a declared secret',
      }),
    ]);
  });

  it('refuses DMS with nat: none, at the method, for every database that uses it and no other', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('single', 'per-az', 'none'),
        fc.array(fc.constantFrom('dms', 'dump'), { minLength: 1, maxLength: 3 }),
        (nat, methods) => {
          const base = dmsSpec({ passwordSecret: 'do-mysql' }) as unknown as {
            aws: { network: { vpc: Record<string, unknown> } };
          };
          const input = {
            ...base,
            aws: { ...base.aws, network: { vpc: { ...base.aws.network.vpc, nat } } },
            databases: methods.map((method, i) => ({
              name: `db${i}`,
              from: 'legacy-mysql',
              migration: { method },
            })),
          } as unknown as MigrationSpecInput;
          const found = located(input).filter((d) => d.code === 'data/dms-needs-nat');
          const expected = nat === 'none' ? methods.flatMap((m, i) => (m === 'dms' ? [i] : [])) : [];
          expect(found.map((d) => [d.severity, d.path])).toEqual(
            expected.map((i) => ['error', `databases[${i}].migration.method`]),
          );
          found.forEach((d) => {
            expect(d.text).toContain('method');
            expect(d.hint).toContain('nat: single');
          });
        },
      ),
      { numRuns: 25 },
    );
  });

  it('refuses DMS without the DigitalOcean host; the dump runbook only warns', () => {
    expect(codesOf(dmsSpec({ passwordSecret: 'do-mysql', host: undefined }))).toEqual([
      ['error', 'data/source-connection', 'digitalocean.databases[0]'],
    ]);
    const [d] = located(
      spec({ digitalocean: { databases: [{ ...mysqlSource, host: undefined, port: undefined }] } }),
    );
    expect(d).toMatchObject({
      severity: 'warning',
      code: 'data/source-connection',
      path: 'digitalocean.databases[0]',
      message:
        'digitalocean.databases.legacy-mysql has no host or port; the dump runbook reads the host from the shell variable DO_HOST and uses port 25060 where they are missing',
    });
    expect(located(dmsSpec({ passwordSecret: 'do-mysql' }))).toEqual([]);
  });
});

describe('a database on a droplet (no from) under a cutover', () => {
  const php = readFileSync(exampleFile('php-shop'), 'utf8');
  /** php-shop with its database on a droplet (version given: there is no cluster to derive it from). */
  const onDroplet = (phases: string, dataMode: string | undefined) => {
    const replace = (text: string, from: string, to: string) => {
      expect(text).toContain(from);
      return text.replace(from, to);
    };
    let text = replace(php, '    from: shop-mysql ', '    engine: mysql\n    version: "8.4"\n    # ');
    text = replace(text, 'phases: [0, 10, 50, 100]', `phases: ${phases}`);
    return replace(
      text,
      '  dataMode: digitalocean-until-100',
      dataMode === undefined ? '' : `  dataMode: ${dataMode}`,
    );
  };
  const codes = (text: string) =>
    located(text)
      .filter((d) => d.code === 'droplet-database-split-writes' || d.code === 'move-first-split-phase')
      .map((d) => [d.severity, d.code, d.path]);

  it('refuses digitalocean-until-100 (explicit or default) with a split phase, at the database: the tasks would write to the empty RDS', () => {
    for (const dataMode of ['digitalocean-until-100', undefined]) {
      const text = onDroplet('[0, 10, 50, 100]', dataMode);
      expect(codes(text)).toEqual([['error', 'droplet-database-split-writes', 'databases[0]']]);
      const [error] = located(text).filter((d) => d.code === 'droplet-database-split-writes');
      expect(error.text).toContain('name: main');
      expect(error.message).toContain('phase 10 %');
      expect(error.hint).toContain('move-first');
      expect(error.hint).toContain('[0, 100]');
    }
  });

  it('accepts phases [0, 100]; move-first with a split phase warns as for a DigitalOcean cluster', () => {
    expect(
      located(onDroplet('[0, 100]', 'digitalocean-until-100')).filter((d) => d.severity === 'error'),
    ).toEqual([]);
    expect(codes(onDroplet('[0, 10, 100]', 'move-first'))).toEqual([
      ['warning', 'move-first-split-phase', 'cutover.phases[1]'],
    ]);
  });
});

describe('secret names', () => {
  it('refuses a spec secret named like one of dropship’s own, at its name', () => {
    for (const name of ['db-main-app', 'dms-main-target', `do-${mysqlSource.name}-app`]) {
      const input = spec({
        secrets: [{ name, keys: ['x'] }],
        databases: [
          {
            name: 'main',
            from: 'legacy-mysql',
            migration: { method: name.startsWith('dms') ? 'dms' : 'dump' },
          },
        ],
        digitalocean: { databases: [{ ...mysqlSource, passwordSecret: name }] },
      });
      expect(located(input).filter((d) => d.severity === 'error')).toEqual([
        expect.objectContaining({
          code: 'data/secret-name-reserved',
          path: 'secrets[0].name',
          message: `secret name \`${name}\` is the name dropship gives one of its own secrets (a database's app user, a cache's AUTH token, a DMS target, a DigitalOcean cluster's credentials or a Space's keys)`,
          hint: 'rename the secret',
        }),
      ]);
    }
  });

  it('warns about a name Secrets Manager would read as an ARN suffix', () => {
    const input = spec({
      secrets: [{ name: 'api-abc123' }],
      digitalocean: { databases: [{ ...mysqlSource, passwordSecret: 'api-abc123' }] },
    });
    expect(located(input)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'data/secret-name-suffix',
        path: 'secrets[0].name',
        message:
          'secret name demo-staging/api-abc123 ends with a hyphen and six characters, which Secrets Manager confuses with an ARN suffix',
      }),
    ]);
  });
});

describe('the rules over what a spec becomes run after the others found no error', () => {
  it('reports a rule error alone, as when the compiler checked these after loading', () => {
    const input = spec({
      digitalocean: { databases: [{ ...mysqlSource, size: 'db-x-99vcpu-1gb' }] },
      apps: [
        {
          name: 'web',
          containers: [{ name: 'c', image: { uri: 'nginx:1' }, port: 80, secrets: { X: 'nope' } }],
        },
      ],
    });
    expect(located(input).map((d) => d.code)).toEqual(['unresolved-reference']);
  });
});

describe('a spec the rules accept, the compiler plans', () => {
  it('compiles every generated data tier that loads, and refuses the others with a located error', () => {
    // Mostly what loads, now and then something a rule refuses, so both sides of the property are exercised.
    const weighted = <T>(...choices: [number, T][]) =>
      fc.oneof(...choices.map(([weight, value]) => ({ weight, arbitrary: fc.constant(value) })));
    const sometimes = <T>(arbitrary: fc.Arbitrary<T>, weight = 1) =>
      fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight, arbitrary });
    const source = (engineVersion: fc.Arbitrary<[string, string]>) =>
      fc.record({
        engineVersion,
        size: weighted<string>(
          [2, 'db-s-1vcpu-1gb'],
          [2, 'db-s-2vcpu-4gb'],
          [2, 'gd-8vcpu-32gb'],
          [1, 'db-x-99vcpu-1gb'],
        ),
        nodes: fc.integer({ min: 1, max: 3 }),
        storageMib: fc.option(fc.integer({ min: 1, max: 200_000 }), { nil: undefined }),
        readOnlyNodes: fc.oneof(
          { weight: 4, arbitrary: fc.constant([] as null[]) },
          { weight: 1, arbitrary: fc.array(fc.constant(null), { maxLength: 16 }) },
        ),
        host: sometimes(fc.constant('db.example'), 20),
        port: sometimes(fc.constant(25060), 20),
        passwordSecret: weighted<string | undefined>([6, 'src'], [1, undefined], [1, 'db-main-app']),
      });
    const dbSources = source(
      weighted<[string, string]>(
        [3, ['mysql', '8']],
        [1, ['mysql', '8.0']],
        [3, ['pg', '16']],
        [2, ['pg', '17']],
        [1, ['pg', '12']],
        [1, ['redis', '7']],
      ),
    );
    const cacheSources = source(
      weighted<[string, string]>(
        [3, ['valkey', '8']],
        [3, ['redis', '7']],
        [1, ['valkey', '7']],
        [1, ['redis', '6']],
        [1, ['redis', '5']],
        [1, ['mysql', '8']],
      ),
    );
    const database = fc.record({
      version: sometimes(fc.constantFrom('8.0', '8.4', '16', '17', '5.7')),
      aurora: sometimes(fc.boolean(), 3),
      multiAz: sometimes(fc.boolean(), 3),
      readReplicas: sometimes(fc.integer({ min: 0, max: 16 })),
      storageGb: sometimes(fc.integer({ min: 20, max: 200 }), 3),
      maxStorageGb: sometimes(fc.integer({ min: 20, max: 400 })),
      method: fc.constantFrom('dump', 'dms'),
    });
    const cache = fc.record({
      engine: sometimes(fc.constantFrom('redis', 'valkey')),
      version: sometimes(fc.constantFrom('7', '7.2', '7.2.4', '8', '8.0', '6.2')),
    });
    let compiled = 0;
    fc.assert(
      fc.property(
        dbSources,
        cacheSources,
        database,
        cache,
        weighted([8, false], [1, true]),
        (dbSource, cacheSource, db, c, clash) => {
          const asSource = (name: string, { engineVersion, ...s }: typeof dbSource, secret: boolean) => ({
            name,
            engine: engineVersion[0],
            version: engineVersion[1],
            ...s,
            readOnlyNodes: s.readOnlyNodes.map((_, i) => ({ name: `${name}-ro-${i}` })),
            passwordSecret: secret ? s.passwordSecret : undefined,
          });
          const { method, ...target } = db;
          const input = spec({
            secrets: [
              { name: 'src', keys: ['username', 'password', 'host', 'port'] },
              ...(clash ? [{ name: 'db-main-app' }] : []),
            ],
            digitalocean: {
              databases: [
                asSource('do-db', dbSource, clash || dbSource.passwordSecret !== 'db-main-app'),
                asSource('do-cache', cacheSource, false),
              ],
            },
            databases: [{ name: 'main', from: 'do-db', migration: { method }, ...target }],
            caches: [{ name: 'sessions', from: 'do-cache', ...c }],
          });
          const result = load(input);
          if (!result.ok) {
            expect(result.diagnostics.some((d) => d.severity === 'error' && d.line >= 1)).toBe(true);
            return;
          }
          compiled++;
          const plan = compile(result.spec);
          expect(plan.data.databases).toHaveLength(1);
          expect(plan.data.caches).toHaveLength(1);
        },
      ),
      { numRuns: 500 },
    );
    // About one generated spec in ten loads: enough that the property is about compiling, not refusing.
    expect(compiled).toBeGreaterThan(20);
  });
});
