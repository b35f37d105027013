/**
 * terraform validate and an offline plan of php-shop (cutover.dataMode digitalocean-until-100) before and
 * after cutover.dataMoved: before, the task receives the DigitalOcean cluster's host and port and the
 * credentials from the DigitalOcean secret, which the data stack creates KMS-encrypted and without a value;
 * after, the RDS endpoint. No stack holds a secret value (no aws_secretsmanager_secret_version).
 */
import { cleanupSynth, loadExample, specFrom, synthSpec } from '../helpers/synth';
import { describeTerraform, planStack } from '../helpers/terraform';

afterAll(cleanupSynth);

interface Definition {
  name: string;
  environment: { name: string; value: string }[];
  secrets: { name: string; valueFrom: string }[];
}

const shop = (dataMoved: boolean) => {
  const spec = loadExample('php-shop');
  // The data moves at 100 % (data-moved-before-100 refuses dataMoved below it).
  return specFrom({
    ...spec,
    cutover: { ...spec.cutover!, dataMoved, ...(dataMoved ? { current: 100 } : {}) },
  });
};

function phpFpm(dataMoved: boolean) {
  const out = synthSpec(shop(dataMoved));
  const apps = planStack(out.outdir, out.stackByRole('apps').name);
  expect(apps.validate.errorCount).toBe(0);
  const task = apps.resourceChanges.find(
    (c) => c.type === 'aws_ecs_task_definition' && String(c.address).includes('web'),
  )!;
  const definitions = JSON.parse(String(task.after?.container_definitions)) as Definition[];
  const container = definitions.find((d) => d.name === 'php-fpm')!;
  const env = Object.fromEntries(container.environment.map((e) => [e.name, e.value]));
  return { out, env, container };
}

describeTerraform('digitalocean-until-100 wiring: offline terraform validate + plan', () => {
  it('plans the tasks on the DigitalOcean cluster before the data moves, and the secret without a value', () => {
    const { out, env, container } = phpFpm(false);
    expect(env.DB_HOST).toBe('shop-mysql-do-user-1-0.db.ondigitalocean.com');
    expect(env.DB_PORT).toBe('25060');
    expect(env.DB_SSLMODE).toBe('VERIFY_IDENTITY');
    expect(container.secrets.map((s) => s.name)).toEqual(
      expect.arrayContaining(['DB_PASSWORD', 'DB_USERNAME', 'REDIS_HOST', 'REDIS_PASSWORD']),
    );
    const appsJson = JSON.stringify(out.stackJson(out.stackByRole('apps').name));
    expect(appsJson).toContain('secret-do-shop-mysql-apparn');
    expect(appsJson).not.toContain('aws_db_instancedb-mainaddress');

    const data = planStack(out.outdir, out.stackByRole('data').name);
    expect(data.validate.errorCount).toBe(0);
    const secret = data.resourceChanges.find(
      (c) => c.type === 'aws_secretsmanager_secret' && c.name === 'secret-do-shop-mysql-app',
    )!;
    expect(secret.after?.name).toBe('shop-production/do/shop-mysql/credentials');
    expect(data.resourceChanges.some((c) => c.type === 'aws_secretsmanager_secret_version')).toBe(false);
    const dataJson = out.stackJson(out.stackByRole('data').name);
    const rendered = (dataJson.resource?.aws_secretsmanager_secret ?? {}) as Record<
      string,
      Record<string, unknown>
    >;
    expect(rendered['secret-do-shop-mysql-app'].kms_key_id).toBeDefined();
    for (const stack of out.plan.stacks)
      expect(JSON.stringify(out.stackJson(stack.name))).not.toContain('aws_secretsmanager_secret_version');
  });

  it('plans the tasks on RDS once the data moved', () => {
    const { out, env } = phpFpm(true);
    expect(env.DB_HOST).not.toBe('shop-mysql-do-user-1-0.db.ondigitalocean.com');
    expect(env.DB_SSLMODE).toBe('VERIFY_IDENTITY');
    const appsJson = JSON.stringify(out.stackJson(out.stackByRole('apps').name));
    expect(appsJson).not.toContain('secret-do-shop-mysql-apparn');
    expect(appsJson).toContain('secret-db-main-apparn');
  });
});
