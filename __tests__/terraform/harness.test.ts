/**
 * The offline terraform harness itself: a producer stack and a consumer that reads it through a cdktf
 * cross-stack reference both validate and plan offline, with fake upstream values of the right shape.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import {
  cacheScope,
  describeTerraform,
  TerraformFailure,
  detectToolchain,
  findPluginMirror,
  fakeValue,
  planStack,
  terraformGate,
  type StackPlanResult,
} from '../helpers/terraform';
import { cleanupSynth, loadExample, synthExample, synthSpec } from '../helpers/synth';

afterAll(cleanupSynth);

describe('fakeValue', () => {
  it.each([
    ['${aws_vpc.vpc.id}', /^vpc-[0-9a-f]{17}$/],
    ['${aws_subnet.private-0.id}', /^subnet-[0-9a-f]{17}$/],
    ['${aws_security_group.sg-app-web.id}', /^sg-[0-9a-f]{17}$/],
    ['${aws_kms_key.kms.arn}', /^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/],
    ['${aws_ecr_repository.repo.repository_url}', /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/repo$/],
    ['${aws_lb.alb.arn}', /^arn:aws:elasticloadbalancing:/],
    ['${aws_db_instance.main.master_user_secret[0].secret_arn}', /^arn:aws:secretsmanager:/],
  ])('%s looks like a real value', (expression, shape) => {
    expect(String(fakeValue(expression, 'out'))).toMatch(shape);
  });

  it('gives lists for list attributes', () => {
    expect(Array.isArray(fakeValue('${aws_route53_zone.zone.name_servers}', 'ns'))).toBe(true);
  });
});

describe('skip logic', () => {
  const missing = detectToolchain({ DROPSHIP_TERRAFORM: '/nonexistent/terraform' });

  it('reports a missing terraform with the reason', () => {
    expect(missing.available).toBe(false);
    expect(missing.reason).toMatch(/terraform is not on PATH/);
  });

  it('caches plans across runs on workstations, within one run in CI, and not at all on request', () => {
    expect(cacheScope({})).toBe('persistent');
    expect(cacheScope({ CI: 'true' })).toBe('run');
    expect(cacheScope({ CI: 'true', DROPSHIP_TF_CACHE: '0' })).toBe('off');
  });

  it('skips on a workstation but fails in CI', () => {
    expect(terraformGate(missing, {})).toBe('skip');
    expect(terraformGate(missing, { CI: 'true' })).toBe('fail');
    expect(terraformGate({ ...missing, available: true }, { CI: 'true' })).toBe('run');
  });

  it('finds the mirror from the override first, then the known places', () => {
    const root = mkdtempSync(join(tmpdir(), 'dropship-mirror-'));
    const good = join(root, 'good');
    mkdirSync(join(good, 'registry.terraform.io', 'hashicorp', 'aws'), { recursive: true });
    const empty = join(root, 'empty');
    mkdirSync(empty);
    try {
      expect(findPluginMirror(good, [empty])).toBe(good);
      expect(findPluginMirror(empty, [good])).toBe(good);
      expect(findPluginMirror(undefined, [empty])).toBeUndefined();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describeTerraform('offline terraform harness', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'dropship-harness-'));
  let producer: StackPlanResult;
  let consumer: StackPlanResult;

  beforeAll(() => {
    const app = new App({ outdir });
    const up = new TerraformStack(app, 'up');
    new LocalBackend(up, { path: 'state/up.tfstate' });
    // allowed_account_ids is set on purpose: the harness must neutralize it offline.
    new AwsProvider(up, 'aws', { region: 'us-east-1', allowedAccountIds: ['111111111111'] });
    const vpc = new Vpc(up, 'vpc', { cidrBlock: '10.1.0.0/16' });
    const key = new KmsKey(up, 'key', { enableKeyRotation: true });
    const down = new TerraformStack(app, 'down');
    new LocalBackend(down, { path: 'state/down.tfstate' });
    new AwsProvider(down, 'aws', { region: 'us-east-1' });
    new Subnet(down, 'subnet', { vpcId: vpc.id, cidrBlock: '10.1.1.0/24' });
    new CloudwatchLogGroup(down, 'logs', { name: 'x', kmsKeyId: key.arn });
    app.synth();
    producer = planStack(outdir, 'up');
    consumer = planStack(outdir, 'down');
  });

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('serves an unchanged stack from the plan cache, values included', () => {
    if (cacheScope() === 'off') return; // DROPSHIP_TF_CACHE=0 always runs terraform
    const again = planStack(outdir, 'down');
    expect(again.cached).toBe(true);
    expect(again.createdByType).toEqual(consumer.createdByType);
    expect(again.resourceChanges.map((r) => r.after?.vpc_id)).toEqual(
      consumer.resourceChanges.map((r) => r.after?.vpc_id),
    );
  });

  it('plans the producer offline despite allowed_account_ids', () => {
    expect(producer.validate.valid).toBe(true);
    expect(producer.createdByType).toEqual({ aws_vpc: 1, aws_kms_key: 1 });
  });

  it('plans the consumer with fake upstream outputs of the right shape', () => {
    expect(consumer.createdByType).toEqual({ aws_subnet: 1, aws_cloudwatch_log_group: 1 });
    const subnet = consumer.resourceChanges.find((r) => r.type === 'aws_subnet')!;
    expect(subnet.after?.vpc_id).toMatch(/^vpc-[0-9a-f]{17}$/);
    const logs = consumer.resourceChanges.find((r) => r.type === 'aws_cloudwatch_log_group')!;
    expect(logs.after?.kms_key_id).toMatch(/^arn:aws:kms:/);
  });
});

describeTerraform('offline terraform harness: validation without a separate validate run', () => {
  it('fails a stack terraform validate would refuse, with the diagnostic, as a plan failure', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'dropship-harness-invalid-'));
    try {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, 'invalid');
      new LocalBackend(stack, { path: 'state/invalid.tfstate' });
      new AwsProvider(stack, 'aws', { region: 'us-east-1' });
      // The provider's own check of an argument: it runs in terraform's validation walk.
      new Vpc(stack, 'vpc', { cidrBlock: 'not-a-cidr' });
      app.synth();
      let failure: unknown;
      try {
        planStack(outdir, 'invalid');
      } catch (err) {
        failure = err;
      }
      expect(failure).toBeInstanceOf(TerraformFailure);
      expect((failure as Error).message).toMatch(
        /terraform plan failed for invalid:\n.*invalid CIDR address: not-a-cidr \(aws_vpc\.vpc\)/,
      );
      expect((failure as Error).message).toContain('cidr_block');
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describeTerraform('offline terraform harness with an S3 backend', () => {
  it('replaces the S3 backend and the S3 remote states, and plans like the local-backend stack', () => {
    const spec = loadExample('php-shop');
    const s3 = synthSpec({
      ...spec,
      aws: {
        ...spec.aws,
        backend: {
          type: 's3',
          bucket: 'shop-tf-state',
          keyPrefix: 'dropship',
          region: 'us-east-1',
          useLockfile: true,
          encrypt: true,
        },
      },
    });
    const data = s3.stackByRole('data').name;
    expect(JSON.stringify(s3.stackJson(data).data)).toContain('"backend":"s3"');
    const viaS3 = planStack(s3.outdir, data);
    const local = synthExample('php-shop');
    const viaLocal = planStack(local.outdir, data);
    expect(viaS3.createdByType).toEqual(viaLocal.createdByType);
    expect(Object.keys(viaS3.fakeUpstream)).toEqual(Object.keys(viaLocal.fakeUpstream));
  });
});
