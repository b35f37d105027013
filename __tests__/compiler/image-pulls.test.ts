/**
 * Image pulls: pull-through cache rules (Docker Hub, GHCR, Quay, ECR Public), `repositoryCredentials` for
 * private registries, and `copyFrom` for images copied into ECR; over generated images × NAT modes ×
 * credentials: what validate says, what the task pulls, what the execution role may do, and the manual steps.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { compile } from '../../compiler';
import { embed } from '../../compiler/refs';
import type { AppPlan, Plan } from '../../compiler/model';
import { loadSpecText } from '../../schema/load';
import { parseImageReference } from '../../schema/inventory/images';
import { baseSpecInput } from '../helpers/synth';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const credentialArn = (name: string, region = REGION) =>
  `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:ecr-pullthroughcache/${name}`;

type Upstream = 'docker-hub' | 'github-container-registry' | 'quay' | 'ecr-public';
const HOSTS: Record<Upstream, string[]> = {
  'docker-hub': ['', 'docker.io/', 'index.docker.io/', 'registry-1.docker.io/'],
  'github-container-registry': ['ghcr.io/'],
  quay: ['quay.io/'],
  'ecr-public': ['public.ecr.aws/'],
};
const NEEDS_CREDENTIALS: Upstream[] = ['docker-hub', 'github-container-registry'];

// No dot: a first component with one would be read as a registry host (as Docker reads it).
const segment = fc.stringMatching(/^[a-z0-9]{1,8}(?:[_-][a-z0-9]{1,4})?$/);
const tag = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,12}$/);

/** An image on an upstream, as a user writes it, and the path and reference ECR caches it under. */
const upstreamImage = fc
  .record({
    upstream: fc.constantFrom<Upstream>('docker-hub', 'github-container-registry', 'quay', 'ecr-public'),
    hostIndex: fc.nat(),
    segments: fc.array(segment, { minLength: 1, maxLength: 3 }),
    tag: fc.option(tag, { nil: undefined }),
  })
  .filter((i) => i.upstream === 'docker-hub' || i.segments.length > 1)
  .map((i) => {
    const hosts = HOSTS[i.upstream];
    const host = hosts[i.hostIndex % hosts.length];
    const name = i.segments.join('/');
    const path = i.upstream === 'docker-hub' && i.segments.length === 1 ? `library/${name}` : name;
    return {
      upstream: i.upstream,
      uri: `${host}${name}${i.tag !== undefined ? `:${i.tag}` : ''}`,
      cachedPath: `${path}:${i.tag ?? 'latest'}`,
    };
  });

interface Shape {
  nat: 'single' | 'none';
  rules: { upstream: Upstream; credentialArn?: string }[];
  containers: Record<string, unknown>[];
  secrets?: { name: string }[];
}

const specText = (s: Shape) =>
  stringify({
    ...baseSpecInput(),
    aws: {
      ...baseSpecInput().aws,
      accountId: ACCOUNT,
      network: {
        vpc: {
          cidr: '10.0.0.0/16',
          publicSubnets: ['10.0.0.0/24', '10.0.1.0/24'],
          privateSubnets: ['10.0.10.0/24', '10.0.11.0/24'],
          nat: s.nat,
        },
      },
    },
    ecr: { repositories: [{ name: 'demo/web' }], pullThroughCache: s.rules },
    secrets: s.secrets ?? [],
    apps: [{ name: 'web', containers: s.containers }],
  });

const load = (s: Shape) => loadSpecText(specText(s), 'images.yaml');
const codes = (s: Shape, severity: 'error' | 'warning') => {
  const result = load(s);
  const all = result.ok ? result.warnings : result.diagnostics;
  return all.filter((d) => d.severity === severity).map((d) => d.code);
};
const compiled = (s: Shape): Plan => {
  const result = load(s);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
  return compile(result.spec);
};
const containersOf = (app: AppPlan) =>
  JSON.parse(app.taskDefinition.containerDefinitionsJson) as {
    image: string;
    repositoryCredentials?: { credentialsParameter: string };
  }[];
const web = (plan: Plan): AppPlan => plan.apps.apps.find((a) => a.name === 'web')!;
const statements = (policy: string | undefined) =>
  (
    JSON.parse(policy ?? '{"Statement":[]}') as {
      Statement: { Sid: string; Action: string[]; Resource: string[] }[];
    }
  ).Statement;

describe('parseImageReference', () => {
  it.each([
    ['nginx', 'docker.io', 'docker-hub', 'library/nginx', ':latest'],
    ['nginx:1.27', 'docker.io', 'docker-hub', 'library/nginx', ':1.27'],
    ['bitnami/redis:7', 'docker.io', 'docker-hub', 'bitnami/redis', ':7'],
    ['docker.io/library/nginx@sha256:abc', 'docker.io', 'docker-hub', 'library/nginx', '@sha256:abc'],
    ['ghcr.io/acme/api:2.1', 'ghcr.io', 'github-container-registry', 'acme/api', ':2.1'],
    ['public.ecr.aws/nginx/nginx:1.27', 'public.ecr.aws', 'ecr-public', 'nginx/nginx', ':1.27'],
    ['localhost:5000/app:1', 'localhost:5000', undefined, 'app', ':1'],
    ['registry.example.com/team/app', 'registry.example.com', undefined, 'team/app', ':latest'],
  ])('%s', (uri, host, upstream, path, reference) => {
    expect(parseImageReference(uri)).toEqual({ host, upstream, path, reference });
  });

  it('reads generated upstream images as the cache path ECR stores them under', () => {
    fc.assert(
      fc.property(upstreamImage, (image) => {
        const ref = parseImageReference(image.uri)!;
        expect(ref.upstream).toBe(image.upstream);
        expect(`${ref.path}${ref.reference}`).toBe(image.cachedPath);
      }),
    );
  });
});

describe('pull-through cache', () => {
  const credentials = (u: Upstream) =>
    NEEDS_CREDENTIALS.includes(u) ? { credentialArn: credentialArn(u) } : {};

  it('images × NAT modes × rules: a cached image is pulled from ECR, with import rights on its repository only', () => {
    fc.assert(
      fc.property(
        upstreamImage,
        fc.constantFrom<'single' | 'none'>('single', 'none'),
        fc.boolean(),
        fc.boolean(),
        (image, nat, cache, declareRule) => {
          const shape: Shape = {
            nat,
            rules: declareRule ? [{ upstream: image.upstream, ...credentials(image.upstream) }] : [],
            containers: [{ name: 'main', image: { uri: image.uri, pullThroughCache: cache } }],
          };
          if (cache && !declareRule) {
            expect(codes(shape, 'error')).toEqual(['pull-through-cache-no-rule']);
            return;
          }
          if (!cache && nat === 'none') {
            expect(codes(shape, 'error')).toEqual(['nat-none-external-image']);
            return;
          }
          expect(codes(shape, 'error')).toEqual([]);
          const seedWarning = codes(shape, 'warning').includes('nat-none-pull-through-seed');
          expect(seedWarning).toBe(cache && nat === 'none');
          const plan = compiled(shape);
          const app = web(plan);
          const container = containersOf(app)[0];
          const seed = plan.apps.manualSteps.find((s) => s.title.startsWith('Seed the pull-through cache'));
          const cachedStatement = statements(app.executionRole.policyJson).find(
            (s) => s.Sid === 'EcrPullThroughCache',
          );
          if (!cache) {
            expect(container.image).toBe(image.uri);
            expect(cachedStatement).toBeUndefined();
            expect(seed).toBeUndefined();
            return;
          }
          const rule = plan.registry.pullThroughCacheRules[0];
          expect(container.image).toBe(
            `${embed(rule.registryId)}.dkr.ecr.${REGION}.amazonaws.com/${image.upstream}/${image.cachedPath}`,
          );
          const repository = `${image.upstream}/${image.cachedPath.replace(/:[^:]*$/, '')}`;
          expect(cachedStatement!.Action).toEqual(
            expect.arrayContaining([
              'ecr:BatchImportUpstreamImage',
              'ecr:CreateRepository',
              'ecr:BatchGetImage',
            ]),
          );
          expect(cachedStatement!.Resource).toEqual([
            `arn:aws:ecr:${REGION}:${embed(rule.registryId)}:repository/${repository}`,
          ]);
          // Seeding is a step only where the tasks cannot make the first pull themselves.
          if (nat === 'none')
            expect(seed!.commands).toContain(`docker pull "$REGISTRY/${image.upstream}/${image.cachedPath}"`);
          else expect(seed).toBeUndefined();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('Docker Hub and GHCR rules need an ecr-pullthroughcache/ secret of the account and region; Quay and ECR Public take none', () => {
    const rule = (r: Shape['rules'][number]): Shape => ({
      nat: 'single',
      rules: [r],
      containers: [{ name: 'main', image: { repository: 'demo/web', tag: '1' } }],
    });
    for (const upstream of NEEDS_CREDENTIALS) {
      expect(codes(rule({ upstream }), 'error')).toEqual(['pull-through-cache-credentials']);
      expect(codes(rule({ upstream, credentialArn: credentialArn('x') }), 'error')).toEqual([]);
      expect(codes(rule({ upstream, credentialArn: credentialArn('x', 'us-east-1') }), 'error')).toEqual([
        'pull-through-cache-credentials',
      ]);
      // Any other secret name is refused by the field itself: AWS requires the prefix.
      const other = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:dockerhub`;
      expect(load(rule({ upstream, credentialArn: other })).ok).toBe(false);
    }
    for (const upstream of ['quay', 'ecr-public'] as const) {
      expect(codes(rule({ upstream }), 'error')).toEqual([]);
      expect(codes(rule({ upstream, credentialArn: credentialArn('x') }), 'error')).toEqual([
        'pull-through-cache-credentials',
      ]);
    }
    const two: Shape = { ...rule({ upstream: 'quay' }), rules: [{ upstream: 'quay' }, { upstream: 'quay' }] };
    expect(codes(two, 'error')).toEqual(['pull-through-cache-duplicate', 'pull-through-cache-duplicate']);
  });

  it('refuses a cached image whose path or tag ECR cannot hold, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }), (rest) => {
        const shape: Shape = {
          nat: 'single',
          rules: [{ upstream: 'quay' }],
          containers: [{ name: 'main', image: { uri: `quay.io/${rest}`, pullThroughCache: true } }],
        };
        const result = load(shape);
        if (!result.ok) return;
        const [container] = containersOf(web(compile(result.spec)));
        expect(container.image).toMatch(
          /\.amazonaws\.com\/quay\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]*)?(?:@sha256:[a-f0-9]{64})?$/,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('renders the rule in the registry stack with its credentials by ARN', () => {
    const plan = compiled({
      nat: 'single',
      rules: [{ upstream: 'docker-hub', credentialArn: credentialArn('hub') }],
      containers: [{ name: 'main', image: { uri: 'nginx:1.27', pullThroughCache: true } }],
    });
    expect(plan.registry.pullThroughCacheRules).toEqual([
      expect.objectContaining({
        prefix: 'docker-hub',
        upstreamRegistryUrl: 'registry-1.docker.io',
        credentialArn: credentialArn('hub'),
      }),
    ]);
    expect(plan.stacks.map((s) => s.role)).toContain('registry');
  });
});

describe('repositoryCredentials', () => {
  it('a private image gets the declared secret by ARN, and the execution role reads exactly it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('ghcr.io/acme/api:2.1', 'acme/private:1', 'docker.io/acme/worker:3'),
        fc.constantFrom<'single' | 'none'>('single', 'none'),
        fc.boolean(),
        (uri, nat, otherSecret) => {
          const shape: Shape = {
            nat,
            rules: [],
            secrets: [{ name: 'registry-login' }, ...(otherSecret ? [{ name: 'unused-one' }] : [])],
            containers: [{ name: 'main', image: { uri }, repositoryCredentials: 'registry-login' }],
          };
          if (nat === 'none') {
            expect(codes(shape, 'error')).toEqual(['nat-none-external-image']);
            return;
          }
          const plan = compiled(shape);
          const secret = plan.data.secrets.find((s) => s.key === 'registry-login')!;
          const app = web(plan);
          expect(containersOf(app)[0].repositoryCredentials).toEqual({
            credentialsParameter: embed(secret.arn),
          });
          const read = statements(app.executionRole.policyJson).find((s) => s.Sid === 'ReadAppSecrets')!;
          expect(read.Action).toEqual(['secretsmanager:GetSecretValue']);
          expect(read.Resource).toEqual([embed(secret.arn)]);
          // The secret is encrypted with the environment key: the role may decrypt through Secrets Manager.
          const decrypt = statements(app.executionRole.policyJson).find(
            (s) => s.Sid === 'DecryptAppSecrets',
          )!;
          expect(decrypt.Resource).toEqual([embed(plan.network.kms.arn)]);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('is refused on an ECR image and on an undeclared secret', () => {
    const shape = (image: Record<string, unknown>, secret = 'login'): Shape => ({
      nat: 'single',
      rules: [{ upstream: 'quay' }],
      secrets: [{ name: 'login' }],
      containers: [{ name: 'main', image, repositoryCredentials: secret }],
    });
    expect(codes(shape({ repository: 'demo/web', tag: '1' }), 'error')).toEqual([
      'repository-credentials-ecr',
    ]);
    expect(codes(shape({ uri: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/x:1` }), 'error')).toEqual([
      'repository-credentials-ecr',
    ]);
    expect(codes(shape({ uri: 'quay.io/a/b:1', pullThroughCache: true }), 'error')).toEqual([
      'repository-credentials-ecr',
    ]);
    expect(codes(shape({ uri: 'ghcr.io/a/b:1' }, 'logn'), 'error')).toEqual(['unresolved-reference']);
  });
});

describe('copyFrom', () => {
  it('the push step copies the external image for the task platform; nat: none runs it', () => {
    const plan = compiled({
      nat: 'none',
      rules: [],
      containers: [
        {
          name: 'main',
          image: { repository: 'demo/web', tag: '1.27', copyFrom: 'docker.io/library/nginx:1.27' },
        },
      ],
    });
    const push = plan.apps.manualSteps.find((s) => s.title.startsWith('Push the app images'))!;
    expect(push.commands).toEqual(
      expect.arrayContaining([
        'docker pull --platform linux/amd64 docker.io/library/nginx:1.27',
        'docker tag docker.io/library/nginx:1.27 "$REGISTRY/demo/web:1.27"',
        'docker push "$REGISTRY/demo/web:1.27"',
      ]),
    );
    expect(push.detail).toContain('demo/web:1.27 from docker.io/library/nginx:1.27');
  });

  it('two sources for one tag are refused', () => {
    expect(
      codes(
        {
          nat: 'single',
          rules: [],
          containers: [
            { name: 'a', image: { repository: 'demo/web', tag: '1', copyFrom: 'nginx:1' } },
            { name: 'b', image: { repository: 'demo/web', tag: '1', copyFrom: 'httpd:1' }, essential: false },
          ],
        },
        'error',
      ),
    ).toEqual(['copy-from-conflict']);
  });
});
