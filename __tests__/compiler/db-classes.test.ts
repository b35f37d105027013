/**
 * Issue 19, Aurora and RDS: classes per engine (sized and explicit), the major line with minor upgrades,
 * support dates against the engine facts' date (not the clock) and what Extended Support costs, the T-class
 * warning in production with the alternative's price, the reader endpoint of a paid-for reader, and a cost
 * estimate that states no difference while a monthly item has no price.
 */
import fc from 'fast-check';
import { compile } from '../../compiler';
import { estimateCost } from '../../compiler/analyses/cost';
import type { StackJson } from '../../compiler/analyses/checks';
import { LINT_CODES, lintSpec } from '../../compiler/lints';
import { AURORA_INSTANCE_PRICES, AWS_PRICES, RDS_INSTANCE_PRICES } from '../../compiler/prices';
import {
  AURORA_OFFERED_CLASSES,
  RDS_OFFERED_CLASSES,
  findOfferedClass,
  offeredClasses,
} from '../../schema/facts/db-class-support';
import { DO_DB_SIZES } from '../../schema/facts/rds-classes';
import {
  ENGINE_FACTS_DATE,
  RDS_ENGINE_VERSIONS,
  supportStatus,
  type RdsEngine,
} from '../../schema/facts/engine-versions';
import type { MigrationSpecInput } from '../../schema/spec';
import { baseSpecInput } from '../helpers/synth';
import { diagnosticsOf, revalidated } from '../helpers/validate';

const DO_ENGINE: Record<RdsEngine, { engine: string; version: string }> = {
  mysql: { engine: 'mysql', version: '8' },
  postgres: { engine: 'pg', version: '16' },
};

interface Case {
  engine: RdsEngine;
  aurora: boolean;
  serverlessV2?: { minAcu: number; maxAcu: number };
  size: string;
  instanceClass?: string;
  version?: string;
  nodes?: number;
  readOnly?: number;
  production?: boolean;
}

function input(c: Case): MigrationSpecInput {
  const base = baseSpecInput() as Record<string, unknown>;
  return {
    ...base,
    environment: c.production ? 'production' : 'staging',
    ecr: { repositories: [{ name: 'demo/web' }] },
    digitalocean: {
      databases: [
        {
          name: 'src',
          ...DO_ENGINE[c.engine],
          size: c.size,
          nodes: c.nodes ?? 1,
          storageMib: 30000,
          readOnlyNodes: Array.from({ length: c.readOnly ?? 0 }, (_, i) => ({ name: `ro-${i}` })),
        },
      ],
    },
    databases: [
      {
        name: 'main',
        from: 'src',
        ...(c.aurora ? { aurora: true } : {}),
        ...(c.instanceClass ? { instanceClass: c.instanceClass } : {}),
        ...(c.version ? { version: c.version } : {}),
        ...(c.serverlessV2 ? { serverlessV2: c.serverlessV2 } : {}),
      },
    ],
    apps: [
      {
        name: 'web',
        containers: [{ name: 'app', image: { repository: 'demo/web', tag: '1.0.0' } }],
        uses: { databases: ['main'] },
      },
    ],
  } as unknown as MigrationSpecInput;
}

const errors = (i: MigrationSpecInput) => diagnosticsOf(i).filter((d) => d.severity === 'error');
const engineArb = fc.constantFrom<RdsEngine>('mysql', 'postgres');
/** DigitalOcean node sizes: the table's, and slugs DigitalOcean may add later (read from the name). */
const sizeArb = fc.oneof(
  fc.constantFrom(...DO_DB_SIZES.map((s) => s.slug)),
  fc
    .tuple(
      fc.constantFrom('db-s', 'db-amd', 'gd', 'so1_5', 'm'),
      fc.constantFrom(1, 2, 4, 6, 8, 12, 16, 24, 32),
      fc.constantFrom(1, 2, 4, 8),
    )
    .map(([f, v, perVcpu]) => `${f}-${v}vcpu-${v * perVcpu}gb`),
);

describe('instance classes per engine', () => {
  it('sizes every DigitalOcean node to a class its engine offers (Aurora from its own table), or refuses the size', () => {
    fc.assert(
      fc.property(engineArb, fc.boolean(), sizeArb, (engine, aurora, size) => {
        const spec = input({ engine, aurora, size });
        const errs = errors(spec);
        if (errs.length > 0) {
          expect(errs.map((e) => e.code)).toEqual(['data/unknown-size']);
          return;
        }
        const [db] = compile(revalidated(spec)).data.databases;
        expect(findOfferedClass(engine, aurora, db.instanceClass)).toBeDefined();
      }),
      { numRuns: 60 },
    );
  });

  it('accepts exactly the explicit classes the engine offers; any other is located at instanceClass with offered neighbours', () => {
    const names = [
      ...new Set([
        ...RDS_OFFERED_CLASSES.map((c) => c.name),
        ...AURORA_OFFERED_CLASSES.mysql.map((c) => c.name),
      ]),
    ];
    const classArb = fc.oneof(
      fc.constantFrom(...names),
      fc
        .tuple(
          fc.constantFrom('t3', 't4g', 'm5', 'm7g', 'r7g', 'r8g', 'x2g', 'z9', 'serverless'),
          fc.constantFrom('micro', 'small', 'medium', 'large', 'xlarge', '3xlarge', '16xlarge', '48xlarge'),
        )
        .map(([f, s]) => `db.${f}.${s}`),
    );
    fc.assert(
      fc.property(engineArb, fc.boolean(), classArb, (engine, aurora, instanceClass) => {
        const spec = input({ engine, aurora, size: 'db-s-2vcpu-4gb', instanceClass });
        const errs = errors(spec);
        const offered = findOfferedClass(engine, aurora, instanceClass);
        if (offered) {
          expect(errs).toEqual([]);
          expect(compile(revalidated(spec)).data.databases[0].instanceClass).toBe(instanceClass);
          return;
        }
        expect(errs.map((e) => [e.code, e.path])).toEqual([
          ['data/instance-class', 'databases[0].instanceClass'],
        ]);
        const hinted = [...errs[0].hint!.matchAll(/db\.[a-z0-9]+\.[a-z0-9]+/g)].map((m) => m[0]);
        expect(hinted.length).toBeGreaterThan(0);
        for (const h of hinted) expect(findOfferedClass(engine, aurora, h)).toBeDefined();
      }),
      { numRuns: 120 },
    );
  });

  it('refuses what issue 19 found: db.m7g.* and db.t4g.xlarge for Aurora, naming the nearest Aurora classes', () => {
    const [e] = errors(
      input({ engine: 'postgres', aurora: true, size: 'db-s-2vcpu-4gb', instanceClass: 'db.m7g.large' }),
    );
    expect(e.message).toBe('Aurora PostgreSQL does not offer the instance class db.m7g.large');
    expect(e.hint).toBe(
      'nearest offered: db.r7g.large (2 vCPU, 16 GiB), db.r8g.large (2 vCPU, 16 GiB), db.r6g.large (2 vCPU, 16 GiB)',
    );
    expect(
      errors(
        input({ engine: 'mysql', aurora: true, size: 'db-s-2vcpu-4gb', instanceClass: 'db.t4g.xlarge' }),
      ),
    ).toHaveLength(1);
    expect(
      errors(
        input({ engine: 'mysql', aurora: false, size: 'db-s-2vcpu-4gb', instanceClass: 'db.t4g.xlarge' }),
      ),
    ).toEqual([]);
    expect(offeredClasses('mysql', true).some((c) => c.family === 'm7g')).toBe(false);
  });
});

describe('engine lines and support dates', () => {
  it('takes Aurora MySQL version 3 for `version: 8` with aurora, and follows the major line with minor upgrades on', () => {
    expect(errors(input({ engine: 'mysql', aurora: true, size: 'db-s-2vcpu-4gb', version: '8' }))).toEqual(
      [],
    );
    const [db] = compile(
      revalidated(input({ engine: 'mysql', aurora: true, size: 'db-s-2vcpu-4gb', version: '8' })),
    ).data.databases;
    expect(db.aurora).toMatchObject({ engine: 'aurora-mysql', engineVersion: '8.0' });
    expect(db.autoMinorVersionUpgrade).toBe(true);
    // Every Aurora line is a major (no pinned minor that AWS could retire).
    for (const v of RDS_ENGINE_VERSIONS.filter((v) => v.aurora))
      expect(v.aurora!.version).toMatch(/^\d+(\.0)?$/);
  });

  it('states support ends against the facts date, never "ends" for a past date, and plans the same on any clock', () => {
    const versions = RDS_ENGINE_VERSIONS.map((v) => v);
    fc.assert(
      fc.property(fc.constantFrom(...versions), fc.boolean(), (version, multiAz) => {
        const engine = version.engine;
        const spec = input({
          engine,
          aurora: false,
          size: 'db-s-2vcpu-4gb',
          version: version.version,
          nodes: multiAz ? 2 : 1,
        });
        const plan = () => {
          const p = compile(revalidated(spec));
          return JSON.stringify({ decisions: p.data.decisions, diagnostics: diagnosticsOf(spec) });
        };
        jest.useFakeTimers().setSystemTime(new Date('2020-01-01T00:00:00Z'));
        const early = plan();
        jest.setSystemTime(new Date('2031-06-30T00:00:00Z'));
        const late = plan();
        jest.useRealTimers();
        expect(late).toBe(early);
        for (const [, date] of early.matchAll(/\bends (\d{4}-\d{2}-\d{2})/g))
          expect(date >= ENGINE_FACTS_DATE).toBe(true);
        const extended = supportStatus(version).state === 'extended';
        const decisions = compile(revalidated(spec)).data.decisions;
        const cost = decisions.find((d) => d.subject === 'databases.main.extendedSupport');
        expect(Boolean(cost)).toBe(extended);
        if (cost) {
          // 2 vCPU of db.t4g.medium, the standby billed too, at the years-1-2 rate.
          const instances = multiAz ? 2 : 1;
          const monthly = 2 * instances * AWS_PRICES.rdsExtendedSupportVcpuHourYears1to2.usd * 730;
          expect(cost.choice).toContain(`$${monthly.toFixed(2)} per month`);
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('production databases on T classes', () => {
  it('warns in production with both monthly prices, never outside production or off T classes', () => {
    fc.assert(
      fc.property(engineArb, fc.boolean(), sizeArb, fc.boolean(), (engine, aurora, size, production) => {
        const spec = input({ engine, aurora, size, production });
        if (errors(spec).length > 0) return;
        const valid = revalidated(spec);
        const [db] = compile(valid).data.databases;
        const found = lintSpec(valid, { production }).filter((d) => d.code === LINT_CODES.burstableDatabase);
        const burstable = /^db\.t/.test(db.instanceClass);
        expect(found.length).toBe(production && burstable ? 1 : 0);
        if (found.length) {
          const prices = aurora ? AURORA_INSTANCE_PRICES : RDS_INSTANCE_PRICES;
          const now = prices.get(db.instanceClass)!.usd * 730;
          expect(found[0].message).toContain(`$${now.toFixed(2)} per month`);
          expect(found[0].hint).toMatch(/^set instanceClass: db\.(m7g|r7g)\.\S+ .*\$\d+\.\d\d per month/);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('reader endpoint', () => {
  it('gives apps DB_READER_HOST exactly when an Aurora cluster has a reader (standby or replica)', () => {
    fc.assert(
      fc.property(
        engineArb,
        fc.boolean(),
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 0, max: 2 }),
        (engine, aurora, nodes, readOnly) => {
          const plan = compile(
            revalidated(input({ engine, aurora, size: 'db-s-2vcpu-4gb', nodes, readOnly })),
          );
          const environment = Object.values(plan.data.wiring.web.containers).flatMap((c) => c.environment);
          const names = environment.map((e) => e.name);
          const readers = aurora && (nodes > 1 || readOnly > 0);
          expect(names.includes('DB_READER_HOST')).toBe(readers);
          if (readers)
            expect(environment.find((e) => e.name === 'DB_READER_HOST')!.value).toMatchObject({
              attribute: 'reader_endpoint',
            });
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('cost completeness', () => {
  const spec = revalidated(input({ engine: 'postgres', aurora: true, size: 'db-s-2vcpu-4gb' }));
  const cluster = (classes: string[]): StackJson[] => [
    {
      name: 'data',
      json: {
        resource: {
          aws_rds_cluster: { main: { cluster_identifier: 'demo-staging-main' } },
          aws_rds_cluster_instance: Object.fromEntries(
            classes.map((c, i) => [
              `i${i}`,
              {
                identifier: `main-${i + 1}`,
                instance_class: c,
                cluster_identifier: '${aws_rds_cluster.main.id}',
              },
            ]),
          ),
        },
      },
    },
  ];

  it('states a difference only when every Aurora instance is priced, and names each one that is not', () => {
    const classArb = fc.constantFrom(...AURORA_OFFERED_CLASSES.postgres.map((c) => c.name));
    fc.assert(
      fc.property(fc.array(classArb, { minLength: 1, maxLength: 4 }), (classes) => {
        const e = estimateCost(spec, cluster(classes));
        const unpriced = classes.filter((c) => !AURORA_INSTANCE_PRICES.has(c));
        expect(e.incomplete.filter((i) => i.startsWith('Aurora instance'))).toHaveLength(unpriced.length);
        if (e.incomplete.length > 0) expect(e.totals.differenceUsd).toBeNull();
        else expect(e.totals.differenceUsd).toBeCloseTo(e.totals.awsUsd - e.totals.digitaloceanUsd, 2);
      }),
    );
  });

  it('prices every class rules R and A pick', () => {
    for (const engine of ['mysql', 'postgres'] as const)
      for (const aurora of [false, true])
        for (const { slug } of DO_DB_SIZES) {
          const i = input({ engine, aurora, size: slug });
          if (errors(i).length > 0) continue;
          const cls = compile(revalidated(i)).data.databases[0].instanceClass;
          expect([cls, (aurora ? AURORA_INSTANCE_PRICES : RDS_INSTANCE_PRICES).has(cls)]).toEqual([
            cls,
            true,
          ]);
        }
  });

  it('prices Extended Support of an RDS instance past its standard support', () => {
    const stacks: StackJson[] = [
      {
        name: 'data',
        json: {
          resource: {
            aws_db_instance: {
              main: {
                identifier: 'demo-staging-main',
                engine: 'mysql',
                engine_version: '8.0',
                instance_class: 'db.m7g.large',
                multi_az: true,
              },
            },
          },
        },
      },
    ];
    const line = estimateCost(spec, stacks).aws.find((l) => l.item.endsWith('Extended Support'))!;
    expect(line.monthlyUsd).toBeCloseTo(2 * 2 * 0.1 * 730, 2);
    expect(line.verified).toBe(false);
    // A class whose vCPUs are unknown: the Extended Support charge is missing, not silently zero.
    const db = stacks[0].json.resource!.aws_db_instance.main;
    db.instance_class = 'db.z9.large';
    const e = estimateCost(spec, stacks);
    expect(e.incomplete).toEqual(
      expect.arrayContaining([
        'RDS demo-staging-main Extended Support: the vCPUs of db.z9.large are not known',
      ]),
    );
    expect(e.totals.differenceUsd).toBeNull();
  });
});

describe('Aurora Serverless v2', () => {
  const acu = fc.integer({ min: 1, max: 512 }).map((n) => n / 2);
  // The schema takes a maximum from 1 ACU (Aurora's own floor for it); below that is a plain range error.
  const maxAcu = fc.integer({ min: 2, max: 512 }).map((n) => n / 2);
  it('plans db.serverless instances with the cluster range, refused without Aurora, with a class, or with min above max', () => {
    fc.assert(
      fc.property(engineArb, fc.boolean(), acu, maxAcu, fc.boolean(), (engine, aurora, a, b, withClass) => {
        const serverlessV2 = { minAcu: a, maxAcu: b };
        const spec = input({
          engine,
          aurora,
          size: 'db-s-2vcpu-4gb',
          serverlessV2,
          instanceClass: withClass ? 'db.r7g.large' : undefined,
        });
        const codes = errors(spec).map((e) => e.code);
        const wanted = [
          ...(!aurora || withClass ? ['serverless-needs-aurora'] : []),
          ...(a > b ? ['serverless-range'] : []),
        ];
        expect([...codes].sort()).toEqual([...wanted].sort());
        if (wanted.length > 0) return;
        const [db] = compile(revalidated(spec)).data.databases;
        expect(db.instanceClass).toBe('db.serverless');
        expect(db.aurora!.serverlessV2).toEqual(serverlessV2);
      }),
      { numRuns: 60 },
    );
  });

  it('prices a serverless instance as a range: its minimum to its maximum ACUs all month', () => {
    const spec = revalidated(input({ engine: 'postgres', aurora: true, size: 'db-s-2vcpu-4gb' }));
    const stacks: StackJson[] = [
      {
        name: 'data',
        json: {
          resource: {
            aws_rds_cluster: {
              main: {
                cluster_identifier: 'demo-staging-main',
                serverlessv2_scaling_configuration: { min_capacity: 2, max_capacity: 8 },
              },
            },
            aws_rds_cluster_instance: {
              w: {
                identifier: 'main-1',
                instance_class: 'db.serverless',
                cluster_identifier: '${aws_rds_cluster.main.id}',
              },
            },
          },
        },
      },
    ];
    const e = estimateCost(spec, stacks);
    const l = e.aws.find((x) => x.item === 'Aurora main-1')!;
    expect(l.monthlyUsd).toBeCloseTo(2 * AWS_PRICES.auroraServerlessV2AcuHour.usd * 730, 2);
    expect(l.maxMonthlyUsd).toBeCloseTo(8 * AWS_PRICES.auroraServerlessV2AcuHour.usd * 730, 2);
    expect(l.detail).toContain('2–8 ACU');
    // The totals carry the range too: the plan shows the top where the cost depends on load.
    expect(e.totals.awsMaxUsd! - e.totals.awsUsd).toBeCloseTo(l.maxMonthlyUsd! - l.monthlyUsd, 2);
    expect(e.incomplete.filter((i) => i.startsWith('Aurora instance'))).toEqual([]);
  });
});
