/**
 * terraform validate and an offline plan of the apps stack of a WordPress task with a third-party monitoring
 * sidecar: the WordPress image (a uri, third-party) receives the database under its own variable names
 * because its `uses` lists it, the sidecar receives nothing, and the execution role reads only the secret
 * the task's containers receive (the cache's host is received, its AUTH token is not).
 */
import { cleanupSynth, specFrom, baseSpecInput, synthSpec } from '../helpers/synth';
import { describeTerraform, planStack } from '../helpers/terraform';

afterAll(cleanupSynth);

const spec = () =>
  specFrom({
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
      domains: [{ name: 'example.com', dns: 'digitalocean' }],
    },
    databases: [{ name: 'main', from: 'do-mysql', databaseName: 'wordpress' }],
    caches: [{ name: 'objects', from: 'do-redis' }],
    apps: [
      {
        name: 'blog',
        containers: [
          {
            name: 'wordpress',
            image: { uri: 'wordpress:6.5-apache' },
            port: 80,
            uses: [
              {
                database: 'main',
                env: {
                  host: 'WORDPRESS_DB_HOST',
                  name: 'WORDPRESS_DB_NAME',
                  username: 'WORDPRESS_DB_USER',
                  password: 'WORDPRESS_DB_PASSWORD',
                },
              },
              { cache: 'objects', env: { host: 'WP_REDIS_HOST' } },
            ],
          },
          {
            name: 'datadog',
            image: { uri: 'public.ecr.aws/datadog/agent:7' },
            essential: false,
            environment: { DD_SITE: 'datadoghq.eu' },
          },
        ],
        expose: {
          public: { hostnames: ['blog.example.com'], container: 'wordpress', port: 80, healthCheckPath: '/' },
        },
        uses: { databases: ['main'], caches: ['objects'] },
      },
    ],
  });

interface Definition {
  name: string;
  environment: { name: string }[];
  secrets: { name: string; valueFrom: string }[];
}

describeTerraform('scoped credentials with a sidecar: offline terraform validate + plan', () => {
  it('plans the task with the chosen names, nothing for the sidecar, and a role that reads only the database secret', () => {
    const out = synthSpec(spec());
    const result = planStack(out.outdir, out.stackByRole('apps').name);
    expect(result.validate.errorCount).toBe(0);
    const task = result.resourceChanges.find((c) => c.type === 'aws_ecs_task_definition')!;
    const definitions = JSON.parse(String(task.after?.container_definitions)) as Definition[];
    const byName = new Map(definitions.map((d) => [d.name, d]));
    const wordpress = byName.get('wordpress')!;
    expect(wordpress.environment.map((e) => e.name)).toEqual([
      'WORDPRESS_DB_HOST',
      'WORDPRESS_DB_NAME',
      'WP_REDIS_HOST',
    ]);
    expect(wordpress.secrets.map((s) => s.name)).toEqual(['WORDPRESS_DB_PASSWORD', 'WORDPRESS_DB_USER']);
    expect(wordpress.secrets.map((s) => s.valueFrom.replace(/^.*:(\w+)::$/, '$1'))).toEqual([
      'password',
      'username',
    ]);
    const datadog = byName.get('datadog')!;
    expect(datadog.environment.map((e) => e.name)).toEqual(['DD_SITE']);
    expect(datadog.secrets).toEqual([]);

    // The policy reads the log group's ARN, unknown until apply: its statements are checked in the plan
    // model and the synthesized text, whose references name their resources.
    const statements = (
      JSON.parse(out.plan.apps.apps[0].executionRole.policyJson!) as {
        Statement: { Sid: string; Resource: string[] }[];
      }
    ).Statement;
    const read = JSON.stringify(statements.find((s) => s.Sid === 'ReadAppSecrets'));
    expect(read).toContain('secret-db-main-app');
    expect(read).not.toContain('secret-cache-objects-auth');
    const synthesized = JSON.stringify(
      out.stackJson(out.stackByRole('apps').name).resource?.aws_iam_role_policy,
    );
    expect(synthesized).toContain('secret-db-main-apparn');
    expect(synthesized).not.toContain('secret-cache-objects-autharn');
  });
});
