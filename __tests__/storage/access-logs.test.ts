/**
 * ALB access logs: on by default in production, in a bucket dropship creates beside the ALB with the
 * log-delivery policy of the region (its ELB account before August 2022, the service principal after), SSE-S3
 * and an expiry; off by default elsewhere; an explicit opt-out in production warns; a region the table does
 * not know is a located error, never a crash.
 */
import { compile } from '../../compiler';
import { lintSpec } from '../../compiler/lints';
import { estimateCost } from '../../compiler/analyses/cost';
import type { MigrationSpec } from '../../schema/spec';
import { ELB_LOG_ACCOUNTS, ELB_LOG_PRINCIPAL_REGIONS } from '../../schema/facts/elb-log-delivery';
import { cleanupSynth, loadExample, resourcesOfType, synthPlan, synthRoleJson } from '../helpers/synth';
import { diagnosticsOf, load, revalidated } from '../helpers/validate';
import { synthesizeFile } from '../../cli/plan/synthesize';
import { exampleFile } from '../helpers/examples';

afterAll(cleanupSynth);

type LogsInput = Record<string, unknown> | undefined;

/** php-shop (production, us-east-1) in another region and with these accessLogs settings. */
function shop(options: { region?: string; accessLogs?: LogsInput; environment?: string } = {}) {
  const spec = loadExample('php-shop') as MigrationSpec;
  const region = options.region ?? spec.aws.region;
  return {
    ...spec,
    ...(options.environment ? { environment: options.environment } : {}),
    aws: {
      ...spec.aws,
      region,
      availabilityZones: [`${region}a`, `${region}b`],
      loadBalancer: {
        idleTimeout: 60,
        ...(options.accessLogs ? { accessLogs: options.accessLogs } : {}),
      },
    },
  };
}

function appsStack(input: Record<string, unknown>) {
  const json = synthRoleJson(compile(revalidated(input)), 'apps');
  return {
    lb: Object.values(resourcesOfType(json, 'aws_lb'))[0],
    of: (type: string) => resourcesOfType(json, type),
  };
}

const policyOf = (stack: ReturnType<typeof appsStack>) => {
  const text = String(stack.of('aws_s3_bucket_policy')['alb_access-logs-policy'].policy);
  // jsonencode({"k" = v}) → JSON: the document's strings hold no ' = '.
  return JSON.parse(text.slice('${jsonencode('.length, -2).replace(/" = /g, '": ')) as {
    Statement: { Sid: string; Principal: Record<string, string>; Resource: string | string[] }[];
  };
};

describe('ALB access logs', () => {
  it('are on in production by default: a log bucket beside the ALB, SSE-S3, expiring, TLS only', () => {
    const stack = appsStack(shop());
    expect(stack.lb.access_logs).toEqual({
      enabled: true,
      bucket: 'shop-production-alb-logs',
      prefix: 'alb',
    });
    // ELB checks that it may write before it accepts the attribute: the ALB waits for the policy.
    expect(stack.lb.depends_on).toEqual(
      expect.arrayContaining([
        'aws_s3_bucket_policy.alb_access-logs-policy',
        'aws_s3_bucket_server_side_encryption_configuration.alb_access-logs-encryption',
      ]),
    );
    expect(stack.of('aws_s3_bucket')['alb_access-logs']).toMatchObject({
      bucket: 'shop-production-alb-logs',
      force_destroy: false,
    });
    expect(
      stack.of('aws_s3_bucket_server_side_encryption_configuration')['alb_access-logs-encryption'].rule,
    ).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]);
    expect(stack.of('aws_s3_bucket_public_access_block')['alb_access-logs-public-access']).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(stack.of('aws_s3_bucket_ownership_controls')['alb_access-logs-ownership'].rule).toEqual({
      object_ownership: 'BucketOwnerEnforced',
    });
    expect(stack.of('aws_s3_bucket_lifecycle_configuration')['alb_access-logs-lifecycle'].rule).toEqual([
      expect.objectContaining({ status: 'Enabled', expiration: [{ days: 90 }] }),
    ]);
    const policy = policyOf(stack);
    expect(policy.Statement.map((s) => s.Sid)).toEqual(['ElbAccessLogsWrite', 'DenyInsecureTransport']);
    expect(policy.Statement[0].Principal).toEqual({ AWS: 'arn:aws:iam::127311923021:root' });
    // The regional ELB account writes for every customer: only this account's load balancers' keys (the
    // network stack's local; a single-stack synth leaves the cross-stack read as the producer's token).
    expect(policy.Statement[0].Resource).toBe(
      'arn:aws:s3:::shop-production-alb-logs/alb/AWSLogs/${local.account_id}/*',
    );
  });

  it('grant the writer only this account’s keys: aws.accountId, else the network stack’s account id', () => {
    const named = shop();
    named.aws = { ...named.aws, accountId: '123456789012' } as typeof named.aws;
    expect(policyOf(appsStack(named)).Statement[0].Resource).toBe(
      'arn:aws:s3:::shop-production-alb-logs/alb/AWSLogs/123456789012/*',
    );
    // Synthesized as an app: the ALB's stack reads the network stack's account id through remote state.
    for (const layout of ['single', 'per-app'] as const) {
      const out = synthPlan(compile(revalidated(shop()), { layout }));
      const albStack = out.plan.apps.alb!.address.stack;
      const text = JSON.stringify(out.stackJson(albStack).resource!.aws_s3_bucket_policy);
      const network = out.stackByRole('network').name;
      expect(text).toMatch(
        new RegExp(
          `/alb/AWSLogs/\\$\\{data\\.terraform_remote_state\\.[\\w-]*${network.replace(/-/g, '[-_]')}[\\w-]*\\.outputs\\.[\\w-]+\\}/\\*`,
        ),
      );
      expect(out.plan.stacks.find((s) => s.name === albStack)!.dependsOn).toContain(network);
    }
  });

  it('grant each region its writer: the ELB account before August 2022, the service principal after', () => {
    const cases = [
      ['eu-west-1', { AWS: `arn:aws:iam::${ELB_LOG_ACCOUNTS.get('eu-west-1')}:root` }],
      ['eu-central-2', { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' }],
    ] as const;
    for (const [region, principal] of cases)
      expect(policyOf(appsStack(shop({ region }))).Statement[0].Principal).toEqual(principal);
    // The two lists never overlap: a region has one writer.
    for (const r of ELB_LOG_PRINCIPAL_REGIONS) expect(ELB_LOG_ACCOUNTS.has(r)).toBe(false);
  });

  it('refuse a region the table does not know with a located error, unless logs are off or the bucket is yours', () => {
    const refused = load(shop({ region: 'ap-southeast-9' }));
    expect(refused.ok).toBe(false);
    const found = (refused.ok ? [] : refused.diagnostics).find((d) => d.code === 'access-logs-region');
    expect(found).toMatchObject({ severity: 'error', path: 'aws.region' });
    expect(found!.line).toBeGreaterThan(1);
    for (const accessLogs of [{ enabled: false }, { bucket: 'my-alb-logs' }])
      expect(diagnosticsOf(shop({ region: 'ap-southeast-9', accessLogs })).map((d) => d.code)).not.toContain(
        'access-logs-region',
      );
  });

  it('are off by default outside production, and on there when asked', () => {
    const staging = appsStack(shop({ environment: 'staging' }));
    expect(staging.lb).not.toHaveProperty('access_logs');
    expect(staging.of('aws_s3_bucket')).toEqual({});
    const asked = appsStack(
      shop({ environment: 'staging', accessLogs: { enabled: true, expirationDays: 14 } }),
    );
    expect(asked.lb.access_logs).toMatchObject({ bucket: 'shop-staging-alb-logs' });
    expect(asked.of('aws_s3_bucket_lifecycle_configuration')['alb_access-logs-lifecycle'].rule).toEqual([
      expect.objectContaining({ expiration: [{ days: 14 }] }),
    ]);
  });

  it('keep a prefix literal text: no Terraform template in access_logs or the policy', () => {
    const prefix = 'p${file("/etc/hostname")}%{if true}x%{endif}"q';
    const stack = appsStack(shop({ accessLogs: { prefix } }));
    expect((stack.lb.access_logs as { prefix: string }).prefix).toBe(
      'p$${file("/etc/hostname")}%%{if true}x%%{endif}"q',
    );
    const policy = String(stack.of('aws_s3_bucket_policy')['alb_access-logs-policy'].policy);
    expect(policy).toContain('/p$${file(\\"/etc/hostname\\")}%%{if true}x%%{endif}\\"q/AWSLogs/');
    expect(policy).not.toMatch(/[^$]\$\{file/);
  });

  it('write to an existing bucket as named, creating none', () => {
    const stack = appsStack(shop({ accessLogs: { bucket: 'corp-alb-logs', prefix: 'shop' } }));
    expect(stack.lb.access_logs).toEqual({ enabled: true, bucket: 'corp-alb-logs', prefix: 'shop' });
    expect(stack.lb).not.toHaveProperty('depends_on');
    expect(stack.of('aws_s3_bucket')).toEqual({});
  });

  it('opted out in production: no bucket, the decision says so, and a lint warns', () => {
    const input = shop({ accessLogs: { enabled: false } });
    const plan = compile(revalidated(input));
    expect(plan.apps.alb!.accessLogs).toBeUndefined();
    expect(plan.apps.decisions.find((d) => d.subject === 'apps.alb.accessLogs')!.choice).toBe('off');
    expect(lintSpec(input as MigrationSpec, { production: true }).map((d) => d.code)).toContain(
      'lint/alb-access-logs-off',
    );
    expect(lintSpec(shop() as MigrationSpec, { production: true }).map((d) => d.code)).not.toContain(
      'lint/alb-access-logs-off',
    );
  });

  it('put the bucket in the platform stack with --layout per-app (the ALB’s stack)', () => {
    const plan = compile(revalidated(shop()), { layout: 'per-app' });
    expect(plan.apps.alb!.accessLogs!.createdBucket!.address.stack).toBe(plan.apps.alb!.address.stack);
    expect(plan.apps.alb!.address.stack).toMatch(/-platform$/);
  });

  it('refuse contradictory settings, a clashing bucket name and a prefix holding AWSLogs', () => {
    const codes = (accessLogs: LogsInput, extra: Record<string, unknown> = {}) =>
      diagnosticsOf({ ...shop({ accessLogs }), ...extra })
        .filter((d) => d.severity === 'error')
        .map((d) => `${d.code} ${d.path}`);
    expect(codes({ enabled: false, expirationDays: 30 })).toContain(
      'access-logs-disabled-with-settings aws.loadBalancer.accessLogs.expirationDays',
    );
    expect(codes({ bucket: 'corp-alb-logs', expirationDays: 30 })).toContain(
      'access-logs-existing-bucket-lifecycle aws.loadBalancer.accessLogs.expirationDays',
    );
    expect(codes({ prefix: 'x/AWSLogs' }).join()).toContain('aws.loadBalancer.accessLogs.prefix');
    expect(codes(undefined, { storage: { buckets: [{ name: 'alb-logs' }] } })).toContain(
      'access-logs-bucket-clash storage.buckets[0].name',
    );
  });
});

describe('S3 cost lines', () => {
  const result = synthesizeFile(exampleFile('spaces-app'));
  if (!result.ok) throw new Error('spaces-app does not synthesize');
  const { spec, stacks } = result.value;

  it('price each bucket at its Space’s size and the access logs as a range', () => {
    const cost = estimateCost(spec, stacks);
    const uploads = cost.aws.find((l) => l.item === 'S3 bucket gallery-production-uploads')!;
    expect(uploads.monthlyUsd).toBeCloseTo(120 * 0.023, 2);
    const logs = cost.aws.find((l) => l.item.includes('access logs'))!;
    // 2 nodes × one file per 5 minutes × 730 h × $0.005 per 1,000 PUTs.
    expect(logs.monthlyUsd).toBeCloseTo((2 * 12 * 730 * 0.005) / 1000, 2);
    expect(logs.maxMonthlyUsd).toBeGreaterThan(logs.monthlyUsd);
    expect(logs.detail).toContain('180 days');
    // DigitalOcean today: one Spaces subscription covers both Spaces (124 GB < 250 GiB included).
    expect(cost.digitalocean.find((l) => l.item === 'Spaces')!.monthlyUsd).toBe(5);
  });

  it('list a bucket whose Space has no size as missing', () => {
    const withoutSize = {
      ...spec,
      digitalocean: {
        ...spec.digitalocean,
        spaces: spec.digitalocean.spaces.map(({ sizeGb: _size, ...s }) => s),
      },
    } as MigrationSpec;
    const cost = estimateCost(withoutSize, stacks);
    expect(cost.incomplete.join()).toContain('gallery-production-uploads');
    expect(cost.totals.differenceUsd).toBeNull();
  });
});
