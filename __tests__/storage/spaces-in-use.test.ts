/**
 * A bucket that takes over a Space, over generated cutover shapes: in dataMode digitalocean-until-100 until
 * cutover.dataMoved the AWS tasks use the Space itself (its name, region and endpoint as variables, its keys
 * from a Secrets Manager secret by ARN, which the execution role may read), as the droplets still write it;
 * in move-first or once the data moved they use the S3 bucket with the task role. The runbook's last copy
 * runs at 100 % before the switch. An env mapping that names no variable for the endpoint or keys while the
 * tasks use the Space is refused, as dataMoved below 100 and the Space without NAT.
 */
import fc from 'fast-check';
import { compile } from '../../compiler';
import { STEP_ORDER } from '../../compiler/steps';
import { embed } from '../../compiler/refs';
import { diagnosticsOf, revalidated } from '../helpers/validate';
import { storageSpec } from './fixture';

interface Shape {
  dataMode?: 'digitalocean-until-100' | 'move-first';
  current: number;
  dataMoved: boolean;
  nat: 'single' | 'none';
  mode: 'read' | 'read-write';
  /** An env mapping naming only the bucket (true), or the default names (false). */
  partialEnv: boolean;
}

const shape: fc.Arbitrary<Shape> = fc.record(
  {
    dataMode: fc.constantFrom('digitalocean-until-100' as const, 'move-first' as const),
    current: fc.constantFrom(0, 10, 100),
    dataMoved: fc.boolean(),
    nat: fc.constantFrom('single' as const, 'none' as const),
    mode: fc.constantFrom('read' as const, 'read-write' as const),
    partialEnv: fc.boolean(),
  },
  { requiredKeys: ['current', 'dataMoved', 'nat', 'mode', 'partialEnv'] },
);

function input(s: Shape) {
  const base = storageSpec([
    {
      name: 'uploads',
      from: 'shop-uploads',
      access: [{ app: 'web', mode: s.mode, ...(s.partialEnv ? { env: { bucket: 'UPLOADS' } } : {}) }],
    },
  ]);
  const vpc = (base.aws.network as { vpc: Record<string, unknown> }).vpc;
  return {
    ...ownImage(base),
    aws: { ...base.aws, network: { vpc: { ...vpc, nat: s.nat } } },
    cutover: {
      phases: [0, 10, 100],
      current: s.current,
      ...(s.dataMoved ? { dataMoved: true } : {}),
      ...(s.dataMode ? { dataMode: s.dataMode } : {}),
    },
  };
}

/** The fixture's app on an image of its own (the Spaces keys go only to such a container). */
function ownImage<T extends ReturnType<typeof storageSpec>>(base: T): T {
  const [app] = base.apps;
  return {
    ...base,
    ecr: { repositories: [{ name: 'demo/web' }] },
    apps: [
      { ...app, containers: [{ ...app.containers[0], image: { repository: 'demo/web', tag: '1.0.0' } }] },
    ],
  };
}

const effectiveMode = (s: Shape) =>
  s.dataMode ?? (s.nat === 'none' ? 'move-first' : 'digitalocean-until-100');

/** The error codes validate must report, in no order. */
function expectedErrors(s: Shape): string[] {
  const untilMoved = effectiveMode(s) === 'digitalocean-until-100';
  const onSpace = untilMoved && !s.dataMoved;
  return [
    ...(untilMoved && s.dataMoved && s.current < 100 ? ['data-moved-before-100'] : []),
    ...(onSpace && s.nat === 'none' ? ['data-mode-needs-nat'] : []),
    ...(onSpace && s.partialEnv ? ['bucket-space-variables-missing'] : []),
  ].sort();
}

const CODES = ['data-moved-before-100', 'data-mode-needs-nat', 'bucket-space-variables-missing'];

describe('a Space the tasks use until cutover.dataMoved', () => {
  it('wires the tasks to the Space until the data moves, else to S3, and refuses what would split the files', () => {
    fc.assert(
      fc.property(shape, (s) => {
        const all = diagnosticsOf(input(s)).filter((d) => d.severity === 'error');
        // nat: none also refuses the fixture's image from Docker Hub: only this file's codes are compared.
        const errors = all
          .map((d) => d.code)
          .filter((c) => CODES.includes(c))
          .sort();
        expect(errors).toEqual(expectedErrors(s));
        if (all.length > 0) return;
        const plan = compile(revalidated(input(s)));
        const onSpace = effectiveMode(s) === 'digitalocean-until-100' && !s.dataMoved;
        const app = plan.apps.apps.find((a) => a.name === 'web')!;
        const [container] = JSON.parse(app.taskDefinition.containerDefinitionsJson) as {
          environment: { name: string; value: string }[];
          secrets?: { name: string; valueFrom: string }[];
        }[];
        const env = Object.fromEntries(container.environment.map((e) => [e.name, e.value]));
        const secrets = Object.fromEntries((container.secrets ?? []).map((e) => [e.name, e.valueFrom]));
        const bucketVar = s.partialEnv ? 'UPLOADS' : 'S3_BUCKET';
        const executionPolicy = app.executionRole.policyJson ?? '';
        if (onSpace) {
          expect(env[bucketVar]).toBe('shop-uploads');
          expect(env).toMatchObject({
            S3_REGION: 'nyc3',
            S3_ENDPOINT: 'https://nyc3.digitaloceanspaces.com',
          });
          expect(plan.storage.secrets.map((x) => x.secretName)).toEqual([
            'demo-staging/spaces/shop-uploads/keys',
          ]);
          const arn = embed(plan.storage.secrets[0].arn);
          expect(arn).toContain('aws_secretsmanager_secret.secret-spaces-shop-uploads-keys');
          expect(secrets).toEqual({
            S3_ACCESS_KEY_ID: `${arn}:accessKeyId::`,
            S3_SECRET_ACCESS_KEY: `${arn}:secretAccessKey::`,
          });
          expect(executionPolicy).toContain(arn);
        } else {
          expect(env[bucketVar]).toBe('demo-staging-uploads');
          expect(Object.keys(env)).not.toContain('S3_ENDPOINT');
          expect(secrets).toEqual({});
          expect(plan.storage.secrets).toEqual([]);
          expect(executionPolicy).not.toContain('spaces-shop-uploads-keys');
        }
        // The task role may use the bucket in every case: the switch at dataMoved needs no new grant.
        expect(app.taskRole.policyJson).toContain('arn:aws:s3:::demo-staging-uploads');
        const final = plan.storage.manualSteps.filter((m) => m.order === STEP_ORDER.copyBucketsFinal);
        expect(final).toHaveLength(effectiveMode(s) === 'digitalocean-until-100' ? 1 : 0);
        const decision = plan.storage.decisions.find((d) => d.subject === 'storage.buckets.uploads.tasksUse');
        expect(
          decision?.choice.startsWith(onSpace ? 'the Space shop-uploads' : 'S3 demo-staging-uploads'),
        ).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('fills the keys secret without a key on a command line', () => {
    const plan = compile(
      revalidated(
        input({ current: 10, dataMoved: false, nat: 'single', mode: 'read-write', partialEnv: false }),
      ),
    );
    const step = plan.storage.manualSteps.find((m) => m.title.startsWith('Set the Spaces keys'))!;
    expect(step.order).toBe(STEP_ORDER.afterData);
    const commands = step.commands!.join('\n');
    expect(commands).toContain('$ENV.SPACES_ACCESS_KEY_ID');
    expect(commands).toContain('--secret-string file:///dev/stdin');
    expect(commands).not.toMatch(/--secret-string [^f]/);
  });

  it('keeps a CDN host name on the Spaces CDN until dataMoved, with CloudFront at weight 0 beside it, then on CloudFront', () => {
    const records = (current: number, dataMoved: boolean, access: unknown[]) => {
      const spec = {
        ...ownImage(storageSpec([{ name: 'assets', from: 'shop-assets', access }])),
        cutover: { phases: [0, 10, 100], current, ...(dataMoved ? { dataMoved: true } : {}) },
      };
      return compile(revalidated(spec)).cutover!.records.filter((r) => r.name === 'cdn.example.com');
    };
    const at = (current: number, dataMoved: boolean, access: unknown[]) =>
      records(current, dataMoved, access)
        .map((r) => `${r.setIdentifier} ${r.weight}`)
        .sort();
    const used = [{ app: 'web', mode: 'read-write' }];
    // Phase 0 is applied before the apps stack creates the distribution: the Spaces CDN alone.
    expect(at(0, false, used)).toEqual(['digitalocean-spaces-cdn 100']);
    // From the first phase above 0 the AWS side is published at weight 0 (no traffic while the Space's has some).
    expect(at(10, false, used)).toEqual(['aws 0', 'digitalocean-spaces-cdn 100']);
    expect(at(100, false, used)).toEqual(['aws 0', 'digitalocean-spaces-cdn 100']);
    expect(at(100, true, used)).toEqual(['aws 100']);
    // dataMoved changes the AWS record's weight in place (same address, same target): the name has a record
    // at every moment of that apply, whichever of the update and the Spaces side's deletion runs first.
    const before = records(100, false, used).find((r) => r.setIdentifier === 'aws')!;
    const after = records(100, true, used).find((r) => r.setIdentifier === 'aws')!;
    expect({ ...before, weight: 100 }).toEqual(after);
    // No app writes it from AWS: the phases' weights, as before.
    expect(at(0, false, [])).toEqual(['digitalocean-spaces-cdn 100']);
    expect(at(10, false, [])).toEqual(['aws 10', 'digitalocean-spaces-cdn 90']);
  });

  it('refuses a Space in use by an app whose containers take no credentials (third-party images only)', () => {
    const spec = {
      ...storageSpec([
        { name: 'uploads', from: 'shop-uploads', access: [{ app: 'web', mode: 'read-write' }] },
      ]),
      cutover: { phases: [0, 10, 100], current: 0 },
    };
    const found = diagnosticsOf(spec).filter((d) => d.code === 'bucket-space-keys-unreceived');
    expect(found.map((d) => d.path)).toEqual(['storage.buckets[0].access[0].app']);
    const moveFirst = { ...spec, cutover: { ...spec.cutover, dataMode: 'move-first' } };
    expect(diagnosticsOf(moveFirst).filter((d) => d.code === 'bucket-space-keys-unreceived')).toEqual([]);
  });
});
