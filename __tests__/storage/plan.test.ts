/**
 * The storage part's plan over generated bucket grants: each app's task role names exactly the buckets it
 * is granted, writes only to the read-write ones, uses the environment key through S3 only, and its
 * containers receive each bucket's name and region; every bucket keeps its secure settings; the copy
 * runbook names each Space and bucket as one shell word.
 */
import fc from 'fast-check';
import { compile } from '../../compiler';
import { revalidated } from '../helpers/validate';
import { storageSpec } from './fixture';

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

describe('storage plan', () => {
  it('grants each app exactly its buckets and actions', () => {
    fc.assert(
      fc.property(grants, (modes) => {
        const plan = planFor(modes);
        const granted = modes.flatMap((m, i) => (m ? [`demo-staging-b${i}`] : []));
        const writable = modes.flatMap((m, i) => (m === 'read-write' ? [`demo-staging-b${i}`] : []));
        const web = plan.storage.apps.web;
        if (granted.length === 0) return expect(web).toBeUndefined();
        const resources = (sid: string) => web.statements.find((s) => s.Sid === sid)?.Resource ?? [];
        expect(resources('ListBuckets')).toEqual(granted.map((b) => `arn:aws:s3:::${b}`));
        expect(resources('ReadObjects')).toEqual(granted.map((b) => `arn:aws:s3:::${b}/*`));
        expect(resources('WriteObjects')).toEqual(writable.map((b) => `arn:aws:s3:::${b}/*`));
        const key = web.statements.find((s) => s.Sid === 'BucketKey')!;
        expect(key.Action).toEqual(
          writable.length > 0 ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
        );
        expect(key.Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } });
        // The task role carries them; the containers receive names and region.
        const role = plan.apps.apps.find((a) => a.name === 'web')!.taskRole;
        expect(JSON.parse(role.policyJson!).Statement).toEqual(expect.arrayContaining(web.statements));
        const names = web.environment.map((e) => e.name);
        expect(names).toEqual(
          granted.length === 1
            ? ['S3_BUCKET', 'S3_REGION']
            : modes.flatMap((m, i) => (m ? [`B${i}_S3_BUCKET`, `B${i}_S3_REGION`] : [])).sort(),
        );
        for (const b of plan.storage.buckets.filter((x) => !x.publicToday)) {
          expect(b.protections).toEqual({
            blockPublicAccess: true,
            versioning: 'Enabled',
            objectOwnership: 'BucketOwnerEnforced',
            sseAlgorithm: 'aws:kms',
            bucketKeyEnabled: true,
            forceDestroy: false,
          });
          expect(JSON.parse(b.policyJson!).Statement[0]).toMatchObject({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          });
        }
      }),
      { seed: 2121, numRuns: 27 },
    );
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
});
