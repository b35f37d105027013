/**
 * Scoped credentials (containers[].uses): over generated apps — first- and third-party images, a front proxy or
 * not, `uses` absent, short or with an `env` mapping, and the containers' own variables drawn from the same
 * names — a name clash is always a located error naming both sides, and a valid spec renders exactly the
 * expected variables into each container definition (settings' secrets by ARN, never in `environment`), a
 * third-party container gets no credential it does not list, and the execution role reads exactly the store
 * secrets some container receives.
 */
import fc from 'fast-check';
import { compile } from '../../compiler';
import type { ContainerDefinition } from '../../compiler/model/apps';
import { load } from '../helpers/validate';
import { stringify } from 'yaml';
import { baseSpecInput } from '../helpers/synth';
import { specArbitrary, specOf as wholeSpecOf } from '../helpers/spec-arbitrary';

type Kind = 'database' | 'cache';
const SETTINGS: Record<Kind, string[]> = {
  database: ['host', 'port', 'name', 'username', 'password', 'sslmode'],
  cache: ['host', 'port', 'tls', 'scheme', 'password'],
};
const SECRET_SETTINGS = new Set(['username', 'password']);
const SECRET_OF: Record<string, string> = {
  main: 'secret-db-main-app',
  reports: 'secret-db-reports-app',
  sessions: 'secret-cache-sessions-auth',
};
const KIND_OF: Record<string, Kind> = { main: 'database', reports: 'database', sessions: 'cache' };

/** Names that collide with the default ones, with each other's renames, or with nothing. */
const PLAIN_NAMES = ['DB_HOST', 'REDIS_HOST', 'MAIN_DB_HOST', 'WORDPRESS_DB_HOST', 'APP_HOST', 'DB_NAME'];
const SECRET_NAMES = ['DB_PASSWORD', 'REDIS_PASSWORD', 'WORDPRESS_DB_PASSWORD', 'CACHE_AUTH', 'DB_USERNAME'];
const ALL_NAMES = [...PLAIN_NAMES, ...SECRET_NAMES];

const envMapping = (kind: Kind) =>
  fc.dictionary(fc.constantFrom(...SETTINGS[kind]), fc.constantFrom(...ALL_NAMES), {
    minKeys: 1,
    maxKeys: 5,
  });

type UseEntry =
  | string
  | { database: string; env?: Record<string, string> }
  | { cache: string; env?: Record<string, string> };

const useOf = (store: string): fc.Arbitrary<UseEntry> => {
  const kind = KIND_OF[store];
  const long = (env?: Record<string, string>): UseEntry =>
    kind === 'database'
      ? { database: store, ...(env ? { env } : {}) }
      : { cache: store, ...(env ? { env } : {}) };
  return fc.oneof(
    fc.constant(store),
    fc.constant(long()),
    envMapping(kind).map((env) => long(env)),
  );
};

const containerArbitrary = (stores: string[]) =>
  fc.record({
    firstParty: fc.boolean(),
    uses: fc.option(
      fc
        .shuffledSubarray(stores)
        .chain((listed): fc.Arbitrary<UseEntry[]> =>
          listed.length ? fc.tuple(...listed.map(useOf)) : fc.constant([]),
        ),
      { nil: undefined },
    ),
    environment: fc.uniqueArray(fc.constantFrom(...PLAIN_NAMES), { maxLength: 2 }),
    secrets: fc.uniqueArray(fc.constantFrom(...SECRET_NAMES), { maxLength: 2 }),
  });

const appArbitrary = fc
  .record({
    databases: fc.shuffledSubarray(['main', 'reports']),
    caches: fc.shuffledSubarray(['sessions']),
    public: fc.boolean(),
  })
  .chain((app) =>
    fc.record({
      databases: fc.constant(app.databases),
      caches: fc.constant(app.caches),
      public: fc.constant(app.public),
      containers: fc.array(containerArbitrary([...app.databases, ...app.caches]), {
        minLength: 1,
        maxLength: 3,
      }),
    }),
  );

type GeneratedApp = typeof appArbitrary extends fc.Arbitrary<infer T> ? T : never;

function specOf(app: GeneratedApp): Record<string, unknown> {
  const containers = app.containers.map((c, j) => {
    // A variable the container sets both ways is another rule's error (env-secret-conflict).
    const environment = Object.fromEntries(
      c.environment.filter((n) => !c.secrets.includes(n)).map((n) => [n, 'plain']),
    );
    return {
      name: `c${j}`,
      image: c.firstParty
        ? { repository: 'demo/web', tag: '1.0.0' }
        : { uri: 'public.ecr.aws/datadog/agent:7' },
      ...(j === 0 ? { port: 8080 } : {}),
      environment,
      secrets: Object.fromEntries(c.secrets.map((n) => [n, 'api-key'])),
      ...(c.uses !== undefined ? { uses: c.uses } : {}),
    };
  });
  const mysql = { engine: 'mysql', version: '8', size: 'db-s-1vcpu-2gb', host: 'db.example', port: 25060 };
  return {
    ...baseSpecInput(),
    digitalocean: {
      databases: [
        { name: 'do-main', ...mysql, databases: ['main'] },
        { name: 'do-reports', ...mysql, databases: ['reports'] },
        { name: 'do-redis', engine: 'redis', version: '7', size: 'db-s-1vcpu-2gb' },
      ],
      domains: [{ name: 'example.com', dns: 'digitalocean' }],
    },
    ecr: { repositories: [{ name: 'demo/web' }] },
    secrets: [{ name: 'api-key' }],
    databases: [
      { name: 'main', from: 'do-main', databaseName: 'main' },
      { name: 'reports', from: 'do-reports', databaseName: 'reports' },
    ],
    caches: [{ name: 'sessions', from: 'do-redis' }],
    apps: [
      {
        name: 'web',
        containers,
        ...(app.public
          ? {
              expose: {
                public: {
                  hostnames: ['www.example.com'],
                  container: 'c0',
                  port: 8080,
                  healthCheckPath: '/up',
                },
              },
            }
          : {}),
        uses: { databases: app.databases, caches: app.caches },
      },
    ],
  };
}

interface Expected {
  variable: string;
  store: string;
  setting: string;
}

/** The variables container j receives, written out from docs/apps.md independently of the product code. */
function expectedVariables(app: GeneratedApp, j: number): Expected[] {
  const c = app.containers[j];
  let entries: { store: string; env?: Record<string, string> }[];
  if (c.uses === undefined) {
    const frontProxy = app.public && app.containers.length > 1 && j === 0;
    entries =
      c.firstParty && !frontProxy ? [...app.databases, ...app.caches].map((store) => ({ store })) : [];
  } else
    entries = c.uses.map((u) =>
      typeof u === 'string' ? { store: u } : { store: 'database' in u ? u.database : u.cache, env: u.env },
    );
  const count = (kind: Kind) => entries.filter((e) => KIND_OF[e.store] === kind).length;
  return entries.flatMap(({ store, env }) => {
    const kind = KIND_OF[store];
    const base = kind === 'database' ? 'DB_' : 'REDIS_';
    const prefix = count(kind) > 1 ? `${store.toUpperCase()}_${base}` : base;
    return SETTINGS[kind]
      .filter((s) => !env || s in env)
      .map((setting) => ({
        variable: env ? env[setting] : `${prefix}${setting.toUpperCase()}`,
        store,
        setting,
      }));
  });
}

const userVariables = (app: GeneratedApp, j: number) => {
  const c = app.containers[j];
  return [
    ...c.environment.filter((n) => !c.secrets.includes(n)).map((n) => ({ name: n, field: 'environment' })),
    ...c.secrets.map((n) => ({ name: n, field: 'secrets' })),
  ];
};

/** The paths of the user's variables that an injected one clashes with, and whether two injected ones clash. */
function expectedFindings(app: GeneratedApp): { conflicts: string[]; clash: boolean } {
  const conflicts: string[] = [];
  let clash = false;
  app.containers.forEach((_, j) => {
    const injected = expectedVariables(app, j).map((v) => v.variable);
    if (new Set(injected).size < injected.length) clash = true;
    for (const u of userVariables(app, j))
      if (injected.includes(u.name)) conflicts.push(`apps[0].containers[${j}].${u.field}.${u.name}`);
  });
  return { conflicts: conflicts.sort(), clash };
}

describe('scoped credentials over generated containers', () => {
  it('refuses every clash of an injected variable, at the user’s variable, naming the store', () => {
    fc.assert(
      fc.property(appArbitrary, (app) => {
        const result = load(specOf(app));
        const { conflicts, clash } = expectedFindings(app);
        const errors = result.ok ? [] : result.diagnostics.filter((d) => d.severity === 'error');
        const conflictErrors = errors.filter((d) => d.code === 'injected-variable-conflict');
        expect(conflictErrors.map((d) => d.path).sort()).toEqual(conflicts);
        for (const d of conflictErrors) {
          // The message names the store the injected variable comes from, the hint the way out.
          expect(d.message).toMatch(/ of (database|cache) `(main|reports|sessions)`/);
          expect(d.hint).toContain('env:');
        }
        expect(errors.some((d) => d.code === 'injected-variable-clash')).toBe(clash);
        expect(errors.filter((d) => !/^injected-variable-(conflict|clash)$/.test(d.code))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('renders exactly the expected variables per container, secrets by ARN, and scopes the execution role', () => {
    const valid = appArbitrary.filter((app) => {
      const { conflicts, clash } = expectedFindings(app);
      return conflicts.length === 0 && !clash;
    });
    fc.assert(
      fc.property(valid, (app) => {
        const result = load(specOf(app));
        if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
        const plan = compile(result.spec);
        const web = plan.apps.apps[0];
        const definitions = JSON.parse(web.taskDefinition.containerDefinitionsJson) as ContainerDefinition[];
        const readable = new Set<string>();
        definitions.forEach((definition, j) => {
          const expected = expectedVariables(app, j);
          const user = userVariables(app, j);
          const plain = expected.filter((v) => !SECRET_SETTINGS.has(v.setting)).map((v) => v.variable);
          const secret = expected.filter((v) => SECRET_SETTINGS.has(v.setting));
          expect(definition.environment.map((e) => e.name).sort()).toEqual(
            [...plain, ...user.filter((u) => u.field === 'environment').map((u) => u.name)].sort(),
          );
          expect(definition.secrets.map((s) => s.name).sort()).toEqual(
            [
              ...secret.map((v) => v.variable),
              ...user.filter((u) => u.field === 'secrets').map((u) => u.name),
            ].sort(),
          );
          for (const v of secret) {
            const valueFrom = definition.secrets.find((s) => s.name === v.variable)!.valueFrom;
            expect(valueFrom).toContain(SECRET_OF[v.store]);
            if (KIND_OF[v.store] === 'database') expect(valueFrom).toMatch(new RegExp(`:${v.setting}::$`));
            readable.add(SECRET_OF[v.store]);
          }
          // No store's secret reaches a container that does not receive that store's credentials.
          const stores = new Set(secret.map((v) => v.store));
          for (const [store, key] of Object.entries(SECRET_OF))
            if (!stores.has(store)) expect(JSON.stringify(definition.secrets)).not.toContain(key);
          // A third-party image without `uses` never gets a credential, whatever its app uses.
          if (!app.containers[j].firstParty && app.containers[j].uses === undefined)
            expect(definition.secrets.map((s) => s.name).sort()).toEqual(
              [...app.containers[j].secrets].sort(),
            );
        });
        const policy = JSON.stringify(
          (JSON.parse(web.executionRole.policyJson!) as { Statement: { Sid: string }[] }).Statement.find(
            (s) => s.Sid === 'ReadAppSecrets',
          ) ?? {},
        );
        for (const [, key] of Object.entries(SECRET_OF)) expect(policy.includes(key)).toBe(readable.has(key));
      }),
      { numRuns: 40 },
    );
  });
});

describe('the plan’s decision', () => {
  it('lists what each container receives once a container has uses or a third-party image', () => {
    const app: GeneratedApp = {
      databases: ['main'],
      caches: ['sessions'],
      public: true,
      containers: [
        { firstParty: false, uses: ['main'], environment: [], secrets: [] },
        { firstParty: false, uses: undefined, environment: [], secrets: [] },
        { firstParty: true, uses: undefined, environment: [], secrets: [] },
      ],
    };
    const result = load(specOf(app));
    if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
    const decision = compile(result.spec).apps.decisions.find((d) => d.subject === 'apps.web.wiring')!;
    expect(decision.choice).toBe('c0: main; c1: none; c2: main, sessions');
    expect(decision.rule).toContain('third-party');
  });
});

describe('whole generated specs (spec-arbitrary)', () => {
  it('never give the third-party sidecar a credential, and give the main container what its uses names', () => {
    fc.assert(
      fc.property(specArbitrary, (shape) => {
        const result = load(stringify(wholeSpecOf(shape)));
        if (!result.ok) return;
        const plan = compile(result.spec);
        shape.apps.forEach((a, i) => {
          const definitions = JSON.parse(
            plan.apps.apps[i].taskDefinition.containerDefinitionsJson,
          ) as ContainerDefinition[];
          const agent = definitions.find((d) => d.name === 'agent');
          if (agent) expect(agent.secrets).toEqual([]);
          const main = definitions.find((d) => d.name === 'main')!;
          const names = [...main.environment, ...main.secrets].map((e) => e.name);
          const database = a.usesDatabase && shape.database !== 'none';
          if (a.credentials === 'renamed') {
            expect(names.includes('APP_DB_PASSWORD')).toBe(database);
            expect(names.some((n) => n.startsWith('DB_') || n.startsWith('REDIS_'))).toBe(false);
          } else if (a.credentials === 'listed') expect(names.includes('DB_PASSWORD')).toBe(database);
          else {
            // By default: a first-party image that is no front proxy (the public container beside a sibling).
            const frontProxy = a.kind === 'web' && a.sidecar;
            const receives = !a.externalImage && !frontProxy;
            expect(names.includes('DB_PASSWORD')).toBe(database && receives);
            if (!receives) expect(main.secrets).toEqual([]);
          }
        });
      }),
      { numRuns: 30, seed: 20261207 },
    );
  });
});
