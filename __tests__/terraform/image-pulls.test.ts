/**
 * terraform validate and an offline plan of the registry and apps stacks of a spec that pulls a Docker Hub
 * image through a pull-through cache rule (credentials by ARN) and a private GHCR image with
 * repositoryCredentials: the provider accepts the rule, the container definitions and the execution role.
 */
import { cleanupSynth, specWithApps, synthSpec, type AppInput } from '../helpers/synth';
import { describeTerraform, planStack } from '../helpers/terraform';

afterAll(cleanupSynth);

const CREDENTIALS =
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf';

const app = {
  name: 'web',
  containers: [
    { name: 'nginx', image: { uri: 'nginx:1.27', pullThroughCache: true }, port: 80 },
    { name: 'api', image: { uri: 'ghcr.io/acme/api:2.1' }, repositoryCredentials: 'ghcr-login' },
  ],
} as AppInput;

describeTerraform('image pulls: offline terraform validate + plan', () => {
  const spec = specWithApps([app], {
    ecr: {
      repositories: [{ name: 'demo/web' }],
      pullThroughCache: [{ upstream: 'docker-hub', credentialArn: CREDENTIALS }, { upstream: 'quay' }],
    },
    secrets: [{ name: 'ghcr-login' }],
  });

  it('plans the pull-through cache rules with their prefix, upstream URL and credentials ARN', () => {
    const out = synthSpec(spec);
    const result = planStack(out.outdir, out.stackByRole('registry').name);
    expect(result.validate.errorCount).toBe(0);
    const rules = result.resourceChanges
      .filter((c) => c.type === 'aws_ecr_pull_through_cache_rule')
      .map((c) => [
        c.after?.ecr_repository_prefix,
        c.after?.upstream_registry_url,
        c.after?.credential_arn ?? null,
      ]);
    expect(rules).toEqual([
      ['docker-hub', 'registry-1.docker.io', CREDENTIALS],
      ['quay', 'quay.io', null],
    ]);
  });

  it('plans the task definition and execution role that pull through the cache and with the registry login', () => {
    const out = synthSpec(spec);
    const result = planStack(out.outdir, out.stackByRole('apps').name);
    expect(result.validate.errorCount).toBe(0);
    const taskDef = result.resourceChanges.find((c) => c.type === 'aws_ecs_task_definition');
    expect(taskDef).toBeDefined();
    // The cross-stack values (the registry id, the secret ARN) are the offline plan's fake upstream outputs.
    const definitions = taskDef!.after?.container_definitions;
    expect(typeof definitions).toBe('string');
    const parsed = JSON.parse(definitions as string) as {
      name: string;
      image: string;
      repositoryCredentials?: unknown;
    }[];
    expect(parsed.find((c) => c.name === 'nginx')!.image).toMatch(
      /\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/docker-hub\/library\/nginx:1\.27$/,
    );
    expect(parsed.find((c) => c.name === 'api')!.repositoryCredentials).toEqual({
      credentialsParameter: expect.any(String),
    });
    const policies = result.resourceChanges.filter((c) => c.type === 'aws_iam_role_policy');
    expect(policies.length).toBeGreaterThan(0);
  });
});
