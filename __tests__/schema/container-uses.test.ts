/**
 * The rules of containers[].uses, located in the file: entries name a store of the app's uses, once and
 * unambiguously; an env mapping names at least one setting, each as a shell variable name; a store of the app
 * that no container receives is a warning (the third-party image case). The clashes of injected names are
 * covered over generated containers in __tests__/compiler/container-credentials.test.ts.
 */
import fc from 'fast-check';
import { diagnosticsOf } from '../helpers/validate';
import { baseSpecInput } from '../helpers/synth';

/** One app `web` using database `main` and cache `sessions`, with these containers. */
function specWith(
  containers: Record<string, unknown>[],
  uses = { databases: ['main'], caches: ['sessions'] },
) {
  return {
    ...baseSpecInput(),
    digitalocean: {
      databases: [
        {
          name: 'do-mysql',
          engine: 'mysql',
          version: '8',
          size: 'db-s-1vcpu-2gb',
          host: 'db.example',
          port: 25060,
        },
        { name: 'do-redis', engine: 'redis', version: '7', size: 'db-s-1vcpu-2gb' },
      ],
    },
    ecr: { repositories: [{ name: 'demo/web' }] },
    databases: [{ name: 'main', from: 'do-mysql' }],
    caches: [{ name: 'sessions', from: 'do-redis' }],
    apps: [{ name: 'web', containers, uses }],
  };
}

const FIRST_PARTY = { repository: 'demo/web', tag: '1.0.0' };
const AGENT = { uri: 'public.ecr.aws/datadog/agent:7' };

const findings = (input: Record<string, unknown>) =>
  diagnosticsOf(input).map((d) => ({ severity: d.severity, code: d.code, path: d.path }));

describe('containers[].uses', () => {
  it('names stores of the app’s uses, once, unambiguously', () => {
    expect(findings(specWith([{ name: 'api', image: FIRST_PARTY, uses: ['mian'] }]))).toContainEqual({
      severity: 'error',
      code: 'uses-not-in-app',
      path: 'apps[0].containers[0].uses[0]',
    });
    expect(
      findings(specWith([{ name: 'api', image: FIRST_PARTY, uses: [{ cache: 'main' }] }])),
    ).toContainEqual({
      severity: 'error',
      code: 'uses-not-in-app',
      path: 'apps[0].containers[0].uses[0].cache',
    });
    expect(
      findings(specWith([{ name: 'api', image: FIRST_PARTY, uses: ['main', { database: 'main' }] }])),
    ).toContainEqual({ severity: 'error', code: 'uses-duplicate', path: 'apps[0].containers[0].uses[1]' });
    expect(
      findings(specWith([{ name: 'api', image: FIRST_PARTY, uses: [{ database: 'main', env: {} }] }])),
    ).toContainEqual({
      severity: 'error',
      code: 'uses-empty-env',
      path: 'apps[0].containers[0].uses[0].env',
    });
  });

  it('reads a short name that is both a database and a cache of the app as ambiguous', () => {
    const input = specWith([{ name: 'api', image: FIRST_PARTY, uses: ['main'] }], {
      databases: ['main'],
      caches: ['main'],
    });
    (input.caches as { name: string }[])[0].name = 'main';
    expect(findings(input)).toContainEqual({
      severity: 'error',
      code: 'uses-ambiguous',
      path: 'apps[0].containers[0].uses[0]',
    });
  });

  it('warns, at the app’s uses, about a store no container receives: a third-party image without uses', () => {
    const diagnostics = diagnosticsOf(
      specWith([{ name: 'wordpress', image: { uri: 'wordpress:6.5-apache' } }]),
    );
    const warnings = diagnostics.filter((d) => d.code === 'uses-not-received');
    expect(warnings.map((d) => [d.severity, d.path])).toEqual([
      ['warning', 'apps[0].uses.databases[0]'],
      ['warning', 'apps[0].uses.caches[0]'],
    ]);
    expect(warnings[0].message).toContain('`wordpress`');
    expect(warnings[0].hint).toContain('uses: [main]');
    // Listing it is enough, and the sidecar beside it needs nothing.
    const listed = specWith([
      { name: 'wordpress', image: { uri: 'wordpress:6.5-apache' }, uses: ['main', 'sessions'] },
      { name: 'agent', image: AGENT, essential: false },
    ]);
    expect(findings(listed).filter((f) => f.code === 'uses-not-received')).toEqual([]);
  });

  it('warns, located at the env mapping, when it leaves out the TLS setting of a store that accepts TLS only', () => {
    const withEnv = (database: Record<string, unknown>, cache: Record<string, unknown>) =>
      diagnosticsOf(
        specWith([
          {
            name: 'api',
            image: FIRST_PARTY,
            uses: [
              { database: 'main', env: database },
              { cache: 'sessions', env: cache },
            ],
          },
        ]),
      ).filter((d) => d.code === 'uses-without-tls-setting');
    const dropped = withEnv({ host: 'DB_HOST' }, { host: 'REDIS_HOST' });
    expect(dropped.map((d) => [d.severity, d.path])).toEqual([
      ['warning', 'apps[0].containers[0].uses[0].env'],
      ['warning', 'apps[0].containers[0].uses[1].env'],
    ]);
    for (const d of dropped) {
      expect(d.line).toBeGreaterThan(1);
      expect(d.column).toBeGreaterThan(0);
      expect(d.hint).toMatch(/sslmode: false|tls: false/);
    }
    expect(dropped[0].message).toMatch(/leaves out sslmode.*RDS accepts TLS connections only/);
    expect(dropped[1].message).toMatch(/leaves out tls and scheme.*transit encryption/);
    // Named, or left out on purpose with false: quiet, and false injects nothing.
    expect(withEnv({ host: 'H', sslmode: 'PGSSLMODE' }, { host: 'R', scheme: 'REDIS_SCHEME' })).toEqual([]);
    expect(withEnv({ host: 'H', sslmode: false }, { host: 'R', tls: false })).toEqual([]);
    // Without env every setting is injected under its default name: nothing dropped, nothing to say.
    expect(
      diagnosticsOf(specWith([{ name: 'api', image: FIRST_PARTY, uses: ['main', 'sessions'] }])).filter(
        (d) => d.code === 'uses-without-tls-setting',
      ),
    ).toEqual([]);
  });

  it('locates the conflict at the user’s variable, naming the store, where the injected name comes from, and the fix', () => {
    const [conflict] = diagnosticsOf(
      specWith([
        {
          name: 'api',
          image: FIRST_PARTY,
          environment: { DB_HOST: 'legacy.example' },
        },
      ]),
    ).filter((d) => d.code === 'injected-variable-conflict');
    expect(conflict).toMatchObject({
      severity: 'error',
      path: 'apps[0].containers[0].environment.DB_HOST',
      message: expect.stringContaining('the host of database `main` (named by apps[0].uses.databases[0])'),
      hint: expect.stringContaining('{ database: main, env: { host: <another name> } }'),
    });
    expect(conflict.line).toBeGreaterThan(0);
  });

  it('refuses a variable name the shell cannot read, at the env key, and accepts every one it can', () => {
    const at = 'apps[0].containers[0].uses[0].env.host';
    const withName = (host: string) =>
      specWith([{ name: 'api', image: FIRST_PARTY, uses: [{ database: 'main', env: { host } }] }]);
    fc.assert(
      fc.property(
        fc.string({ minLength: 0, maxLength: 12 }).filter((s) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)),
        (name) => {
          const errors = diagnosticsOf(withName(name)).filter((d) => d.severity === 'error' && d.path === at);
          expect(errors.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 60 },
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,30}$/), (name) => {
        expect(diagnosticsOf(withName(name)).filter((d) => d.path === at)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
