import { compile } from '../../compiler';
import { LINT_CODES, lintSpec } from '../../compiler/lints';
import { loadSpecText } from '../../schema/load';
import type { MigrationSpecInput } from '../../schema/spec';
import { stringify } from 'yaml';
import { baseSpecInput, specWithApps, type AppInput } from '../helpers/synth';

/** A production spec with these apps (see specWithApps). */
function spec(apps: AppInput[], extra: Partial<MigrationSpecInput> = {}) {
  return specWithApps(apps, { environment: 'production', ...extra });
}

const twoContainers = (hint: string, env: Record<string, string> = {}): AppInput => ({
  name: 'web',
  desiredCount: 2,
  containers: [
    {
      name: 'nginx',
      image: { repository: 'demo/web', tag: '1.0.0' },
      port: 80,
      configHints: [hint],
      environment: env,
    },
    { name: 'php-fpm', image: { repository: 'demo/web', tag: '1.0.0' }, port: 9000 },
  ],
});

const codes = (s: ReturnType<typeof spec>) => lintSpec(s, { production: true }).map((d) => d.code);

describe('sibling container reached by name', () => {
  it.each(['php-fpm:9000', 'fastcgi_pass php-fpm:9000;', 'http://php-fpm:9000/status', 'tcp://php-fpm'])(
    'flags %s and suggests localhost',
    (hint) => {
      const [d] = lintSpec(spec([twoContainers(hint)]), { production: true });
      expect(d).toMatchObject({
        code: LINT_CODES.siblingByName,
        severity: 'warning',
        path: 'apps[0].containers[0].configHints[0]',
      });
      expect(d.hint).toBe('use 127.0.0.1:9000');
      expect(d.message).toMatch(/containers of one task share localhost/);
    },
  );

  it.each(['127.0.0.1:9000', 'php-fpm-exporter:9253', 'my-php-fpm:9000', 'php-fpm.example.com:9000'])(
    'does not flag %s',
    (hint) => {
      expect(codes(spec([twoContainers(hint)]))).toEqual([]);
    },
  );

  it('also reads environment values', () => {
    const [d] = lintSpec(spec([twoContainers('127.0.0.1:9000', { UPSTREAM: 'php-fpm:9000' })]), {
      production: true,
    });
    expect(d).toMatchObject({
      code: LINT_CODES.siblingByName,
      path: 'apps[0].containers[0].environment.UPSTREAM',
    });
  });
});

describe('other lints', () => {
  const publicApp = (over: Partial<AppInput> = {}): AppInput => ({
    name: 'web',
    desiredCount: 2,
    containers: [{ name: 'web', image: { repository: 'demo/web', tag: '1.0.0' }, port: 80 }],
    expose: {
      public: { hostnames: ['www.example.com'], container: 'web', port: 80, healthCheckPath: '/healthz' },
    },
    ...over,
  });

  it('is quiet for a well-configured production app', () => {
    expect(codes(spec([publicApp()]))).toEqual([]);
  });

  it('flags a public app without a health check path', () => {
    expect(
      codes(
        spec([
          publicApp({ expose: { public: { hostnames: ['www.example.com'], container: 'web', port: 80 } } }),
        ]),
      ),
    ).toEqual([LINT_CODES.noHealthCheckPath]);
  });

  it('flags a production service with one task, but not outside production', () => {
    const one = spec([publicApp({ desiredCount: 1 })]);
    expect(codes(one)).toEqual([LINT_CODES.singleTask]);
    expect(lintSpec(one, { production: false })).toEqual([]);
    expect(codes(spec([publicApp({ desiredCount: undefined, scaling: { min: 1, max: 3 } })]))).toEqual([
      LINT_CODES.singleTask,
    ]);
  });

  it('flags latest and missing tags, not digests or versions', () => {
    const image = (img: AppInput['containers'][number]['image']) =>
      publicApp({ containers: [{ name: 'web', image: img, port: 80 }] });
    expect(codes(spec([image({ repository: 'demo/web', tag: 'latest' })]))).toEqual([LINT_CODES.latestTag]);
    expect(codes(spec([image({ repository: 'demo/web' })]))).toEqual([LINT_CODES.latestTag]);
    expect(codes(spec([image({ uri: 'nginx' })]))).toEqual([LINT_CODES.latestTag]);
    expect(codes(spec([image({ uri: 'registry.example.com:5000/nginx' })]))).toEqual([LINT_CODES.latestTag]);
    expect(codes(spec([image({ uri: 'public.ecr.aws/nginx/nginx:1.27' })]))).toEqual([]);
    expect(codes(spec([image({ uri: `nginx@sha256:${'a'.repeat(64)}` })]))).toEqual([]);
  });

  it('says what a moving tag outside the spec’s ECR means: mutable upstream, with a digest or copyFrom as the fix', () => {
    const image = (uri: string) =>
      lintSpec(spec([publicApp({ containers: [{ name: 'web', image: { uri }, port: 80 }] })]), {
        production: true,
      }).find((d) => d.code === LINT_CODES.latestTag)!;
    const bare = image('nginx');
    // Not the message about the spec's own repositories: nginx is not in ECR, and its tags are not immutable.
    expect(bare.message).not.toMatch(/immutable tags, so/);
    expect(bare.message).toMatch(/nginx, with no tag, so "latest": a tag on Docker Hub is mutable upstream/);
    expect(bare.hint).toContain('nginx@sha256:<digest>');
    expect(bare.hint).toContain('copyFrom: nginx:<version>');
    expect(bare.path).toBe('apps[0].containers[0].image.uri');
    const ghcr = image('ghcr.io/acme/api:latest');
    expect(ghcr.message).toMatch(/the tag "latest": a tag on ghcr\.io is mutable upstream/);
    expect(ghcr.hint).toContain('copyFrom: ghcr.io/acme/api:<version>');
    expect(image('docker.io/library/redis').message).toMatch(/a tag on Docker Hub/);
    const ecr = image('123456789012.dkr.ecr.eu-west-1.amazonaws.com/other/app');
    expect(ecr.message).toMatch(/unless that repository has immutable tags/);
  });

  it('flags waiting for HEALTHY on a container without a health check', () => {
    const app = twoContainers('127.0.0.1:9000');
    const nginx = app.containers[0] as { dependsOn?: unknown };
    nginx.dependsOn = [{ container: 'php-fpm', condition: 'HEALTHY' }];
    const [d] = lintSpec(spec([app]), { production: true });
    expect(d).toMatchObject({
      code: LINT_CODES.healthyWithoutCheck,
      path: 'apps[0].containers[0].dependsOn[0].condition',
    });
    (app.containers[1] as { healthCheck?: unknown }).healthCheck = { command: ['CMD', 'true'] };
    expect(codes(spec([app]))).toEqual([]);
  });

  it('flags scaling settings that cannot apply', () => {
    expect(
      codes(
        spec([
          publicApp({
            name: 'job',
            expose: undefined,
            schedule: 'rate(1 hour)',
            desiredCount: undefined,
            scaling: { min: 2, max: 3 },
          }),
        ]),
      ),
    ).toEqual([LINT_CODES.ignoredScaling]);
    expect(
      codes(
        spec([
          publicApp({
            expose: undefined,
            desiredCount: undefined,
            scaling: { min: 2, max: 3, requestsPerTarget: 100 },
          }),
        ]),
      ),
    ).toEqual([LINT_CODES.ignoredScaling]);
  });

  it('flags a single-AZ production database', () => {
    const withDb = (multiAz: boolean | undefined, nodes: number, source: object = {}, target: object = {}) =>
      spec([publicApp()], {
        digitalocean: {
          domains: [{ name: 'example.com', dns: 'digitalocean' }],
          databases: [
            // A dedicated-CPU size: on a burstable class lint/burstable-database would join in.
            { name: 'do-db', engine: 'pg', version: '16', size: 'gd-2vcpu-8gb', nodes, ...source },
          ],
        },
        databases: [
          { name: 'main', from: 'do-db', ...(multiAz === undefined ? {} : { multiAz }), ...target },
        ],
      });
    expect(codes(withDb(false, 2))).toEqual([LINT_CODES.singleAzDatabase]);
    expect(codes(withDb(undefined, 1))).toEqual([LINT_CODES.singleAzDatabase]);
    expect(codes(withDb(undefined, 2))).toEqual([]);
    expect(codes(withDb(true, 1))).toEqual([]);
    // Two nodes, neither a standby (a read-only node): the plan makes it single-AZ, and the lint says so.
    expect(codes(withDb(undefined, 2, { standbyNodes: 0 }))).toEqual([LINT_CODES.singleAzDatabase]);
    // An Aurora reader is a failover target in another zone.
    expect(codes(withDb(false, 1, {}, { aurora: true, readReplicas: 1 }))).toEqual([]);
  });
});

describe('positions', () => {
  it('points at file:line:col with the loader’s source map', () => {
    const input = {
      ...baseSpecInput(),
      environment: 'production',
      ecr: { repositories: [{ name: 'demo/web' }] },
      apps: [twoContainers('php-fpm:9000')],
    };
    const text = stringify(input);
    const loaded = loadSpecText(text, 'm.yaml');
    if (!loaded.ok) throw new Error('invalid');
    const plan = compile(loaded.spec, { source: loaded.source });
    const d = plan.warnings.find((w) => w.code === LINT_CODES.siblingByName)!;
    expect(d.file).toBe('m.yaml');
    const line = text.split('\n')[d.line - 1];
    expect(line.slice(d.column - 1)).toMatch(/^php-fpm:9000/);
  });

  it('falls back to 1:1 without a source map', () => {
    const [d] = lintSpec(spec([twoContainers('php-fpm:9000')]), { production: true });
    expect([d.file, d.line, d.column]).toEqual(['migration.yaml', 1, 1]);
  });
});
