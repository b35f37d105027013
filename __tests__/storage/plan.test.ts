/**
 * The storage part's output over generated bucket grants: the task role's policy allows each app exactly
 * what its access needs on exactly its buckets, and the environment key only through S3; its containers
 * receive each bucket's name and region; the rendered buckets keep their secure settings; the copy runbook
 * names each Space and bucket as one shell word. Assertions read the plan's rendered documents and the
 * synthesized stack, not the compiler's intermediate fields.
 */
import fc from 'fast-check';
import { compile } from '../../compiler';
import type { PolicyStatement } from '../../compiler/model';
import { revalidated } from '../helpers/validate';
import { cleanupSynth, synthPlan } from '../helpers/synth';
import { ALL_PUBLIC_ACCESS_BLOCKED, storageSpec } from './fixture';

afterAll(cleanupSynth);

const mode = fc.constantFrom('read' as const, 'read-write' as const);
/** For each of three buckets: no access for web, read, or read-write. */
const grants = fc.tuple(fc.option(mode), fc.option(mode), fc.option(mode));

function planFor(modes: (null | 'read' | 'read-write')[]) {
  const buckets = modes.map((m, i) => ({
    name: `b${i}`,
    ...(i === 0 ? { from: 'shop-uploads' } : {}),
    access: m ? [{ app: 'web', mode: m }] : [],
  }));
  return compile(revalidated(storageSpec(buckets)));
}

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

/** The Allow statements of a policy that grant `action` on `resource` (exactly, or by `*`). */
const granting = (statements: PolicyStatement[], action: string, resource: string) =>
  statements.filter(
    (s) =>
      s.Effect === 'Allow' &&
      list(s.Action).some((a) => a === action || a === `${action.split(':')[0]}:*` || a === '*') &&
      list(s.Resource).some((r) => r === resource || r === '*'),
  );

const READ = ['s3:GetObject'];
const WRITE = ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'];

describe('storage plan', () => {
  it('grants each app exactly its buckets and actions, and tells its containers where they are', () => {
    fc.assert(
      fc.property(grants, (modes) => {
        const plan = planFor(modes);
        const web = plan.apps.apps.find((a) => a.name === 'web')!;
        const statements = web.taskRole.policyJson
          ? (JSON.parse(web.taskRole.policyJson) as { Statement: PolicyStatement[] }).Statement
          : [];
        const bucketNames: string[] = [];
        modes.forEach((m, i) => {
          const bucket = plan.storage.buckets.find((b) => b.name === `b${i}`)!;
          const arn = `arn:aws:s3:::${bucket.bucketName}`;
          const allowed = (action: string, resource: string) =>
            granting(statements, action, resource).length > 0;
          expect(allowed('s3:ListBucket', arn)).toBe(m !== null);
          for (const a of READ) expect(allowed(a, `${arn}/*`)).toBe(m !== null);
          for (const a of WRITE) expect(allowed(a, `${arn}/*`)).toBe(m === 'read-write');
          if (m) bucketNames.push(bucket.bucketName);
        });
        // No S3 grant on anything but the granted buckets, no wildcard action.
        const s3Resources = statements
          .filter((s) => list(s.Action).some((a) => a.startsWith('s3:')))
          .flatMap((s) => list(s.Resource));
        for (const r of s3Resources)
          expect(bucketNames).toContain(r.replace(/^arn:aws:s3:::/, '').replace(/\/\*$/, ''));
        for (const s of statements) for (const a of list(s.Action)) expect(a).not.toMatch(/\*/);
        // The environment key: decrypt to read, generate data keys only to write, and only through S3.
        const kms = statements.filter((s) => list(s.Action).some((a) => a.startsWith('kms:')));
        const kmsActions = kms.flatMap((s) => list(s.Action)).sort();
        const writes = modes.includes('read-write');
        expect(kmsActions).toEqual(
          bucketNames.length === 0 ? [] : writes ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
        );
        for (const s of kms)
          expect(s.Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } });
        // Every container receives each granted bucket's name and the region, by value.
        const containers = JSON.parse(web.taskDefinition.containerDefinitionsJson) as {
          environment?: { name: string; value: string }[];
        }[];
        for (const c of containers) {
          const values = (c.environment ?? []).map((e) => e.value);
          for (const name of bucketNames) expect(values).toContain(name);
          if (bucketNames.length > 0) expect(values).toContain('eu-west-1');
        }
      }),
      { seed: 2121, numRuns: 27 },
    );
  });

  it('renders every bucket private, versioned, SSE-KMS with a bucket key, owner-enforced and TLS-only', () => {
    const plan = planFor(['read-write', 'read', null]);
    const out = synthPlan(plan);
    const stack = out.stackJson(out.stackByRole('data').name) as {
      resource: Record<string, Record<string, Record<string, unknown>>>;
    };
    const of = (type: string) => Object.values(stack.resource[type] ?? {});
    expect(of('aws_s3_bucket')).toHaveLength(3);
    for (const b of of('aws_s3_bucket')) expect(b.force_destroy ?? false).toBe(false);
    for (const block of of('aws_s3_bucket_public_access_block'))
      expect(block).toMatchObject(ALL_PUBLIC_ACCESS_BLOCKED);
    expect(of('aws_s3_bucket_public_access_block')).toHaveLength(3);
    expect(of('aws_s3_bucket_versioning').map((v) => v.versioning_configuration)).toEqual(
      Array(3).fill({ status: 'Enabled' }),
    );
    expect(of('aws_s3_bucket_ownership_controls').map((o) => o.rule)).toEqual(
      Array(3).fill({ object_ownership: 'BucketOwnerEnforced' }),
    );
    for (const e of of('aws_s3_bucket_server_side_encryption_configuration')) {
      const [rule] = e.rule as {
        apply_server_side_encryption_by_default: Record<string, string>;
        bucket_key_enabled: boolean;
      }[];
      expect(rule.apply_server_side_encryption_by_default.sse_algorithm).toBe('aws:kms');
      expect(rule.apply_server_side_encryption_by_default.kms_master_key_id).toMatch(/kms|\$\{/);
      expect(rule.bucket_key_enabled).toBe(true);
    }
    expect(of('aws_s3_bucket_server_side_encryption_configuration')).toHaveLength(3);
    const policies = of('aws_s3_bucket_policy').map((p) => String(p.policy));
    expect(policies).toHaveLength(3);
    for (const p of policies) {
      expect(p).toContain('"Effect" = "Deny"');
      expect(p).toContain('"aws:SecureTransport" = "false"');
    }
  });

  it('carries the Space’s CORS rules over and copies it twice, before and right before the cutover', () => {
    const plan = planFor(['read-write', null, null]);
    expect(plan.storage.buckets[0].cors).toEqual([
      {
        allowedOrigins: ['https://shop.example.com'],
        allowedMethods: ['GET'],
        allowedHeaders: [],
        exposeHeaders: [],
      },
    ]);
    const steps = plan.storage.manualSteps;
    expect(steps.map((s) => s.title)).toEqual([
      'Copy the Spaces to S3 (first pass)',
      'Copy the Spaces to S3 again, right before traffic moves',
    ]);
    expect(steps[0].commands).toContain(
      'rclone copy --transfers=16 --checkers=32 -- spacesnyc3:shop-uploads aws:demo-staging-b0',
    );
    expect(steps[0].commands).toContain(
      'rclone size --json -- spacesnyc3:shop-uploads; rclone size --json -- aws:demo-staging-b0',
    );
  });

  it('serves a public Space’s files through CloudFront (cdn.test.ts), no longer leaving them on the Space', () => {
    const plan = compile(revalidated(storageSpec([{ name: 'assets', from: 'shop-assets' }])));
    expect(plan.storage.buckets[0].publicToday).toBe(true);
    expect(plan.storage.decisions.map((d) => d.subject)).toEqual([
      'storage.buckets.assets',
      'storage.buckets.assets.cdn',
    ]);
  });
});

const lintsOf = (input: Record<string, unknown>) => compile(revalidated(input)).warnings;

describe('lint/public-acl-upload', () => {
  const variable = fc.constantFrom('AWS_DEFAULT_ACL', 'S3_ACL', 'UPLOAD_ACL', 'AWS_QUERYSTRING_AUTH');
  const value = fc.constantFrom(
    'public-read',
    ' Public-Read ',
    'private',
    'public-read-write',
    'bucket-owner-full-control',
  );
  it('warns exactly an app that writes a bucket with a public ACL in its environment', () => {
    fc.assert(
      fc.property(variable, value, mode, (name, acl, m) => {
        const warnings = lintsOf(
          storageSpec([{ name: 'b0', access: [{ app: 'web', mode: m }] }], { [name]: acl }),
        ).filter((d) => d.code === 'lint/public-acl-upload');
        const expected =
          m === 'read-write' && name.includes('ACL') && acl.trim().toLowerCase().startsWith('public-read');
        expect(warnings.map((w) => w.path)).toEqual(
          expected ? [`apps[0].containers[0].environment.${name}`] : [],
        );
      }),
      { seed: 2122, numRuns: 60 },
    );
  });

  it('warns a writer of a Space whose files are uploaded public-read', () => {
    const spec = storageSpec([
      { name: 'b0', from: 'shop-uploads', access: [{ app: 'web', mode: 'read-write' }] },
    ]);
    (spec.digitalocean.spaces[0] as { publicFiles?: boolean }).publicFiles = true;
    expect(
      lintsOf(spec)
        .filter((d) => d.code === 'lint/public-acl-upload')
        .map((d) => d.path),
    ).toEqual(['storage.buckets[0].from']);
  });

  it('warns a writer of a Space the public reads through a CDN or its ACL, at the bucket from, with the hint; not a reader', () => {
    // shop-assets: public-read ACL and a CDN endpoint; each alone makes it public.
    const cases: [string, ((s: ReturnType<typeof storageSpec>) => void) | undefined, string][] = [
      ['both', undefined, 'public-read ACL, CDN endpoint'],
      ['cdn only', (s) => delete (s.digitalocean.spaces[1] as { acl?: string }).acl, 'CDN endpoint'],
      ['acl only', (s) => (s.digitalocean.cdnEndpoints = []), 'public-read ACL'],
    ];
    for (const [, edit, how] of cases)
      for (const mode of ['read-write', 'read'] as const) {
        const spec = storageSpec([
          { name: 'plain', from: 'shop-uploads', access: [{ app: 'web', mode }] },
          { name: 'assets', from: 'shop-assets', access: [{ app: 'web', mode }] },
        ]);
        edit?.(spec);
        const found = lintsOf(spec).filter((d) => d.code === 'lint/public-acl-upload');
        if (mode === 'read') {
          expect(found).toEqual([]);
          continue;
        }
        expect(found.map((d) => d.path)).toEqual(['storage.buckets[1].from']);
        expect(found[0].message).toContain(`whose Space shop-assets the public reads (${how})`);
        expect(found[0].message).toContain('AccessControlListNotSupported');
        expect(found[0].hint).toMatch(/drop the ACL from the uploads/);
      }
  });
});
