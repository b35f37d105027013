/**
 * DS040 over the synthesized example: every bucket dropship renders passes, and a bucket whose public access
 * block is removed, or has any one of its four settings off, is a finding on exactly that bucket.
 */
import fc from 'fast-check';
import { runChecks, CHECKS } from '../../compiler/analyses/checks';
import { synthesizeFile } from '../../cli/plan/synthesize';
import { exampleFile } from '../helpers/examples';

const ds040 = CHECKS.filter((c) => c.id === 'DS040');
const result = synthesizeFile(exampleFile('spaces-app'));
if (!result.ok) throw new Error('spaces-app does not synthesize');
const stacks = result.value.stacks;
const SETTINGS = [
  'block_public_acls',
  'block_public_policy',
  'ignore_public_acls',
  'restrict_public_buckets',
];

describe('DS040: S3 buckets block public access', () => {
  it('passes on the buckets dropship renders', () => {
    expect(runChecks(stacks, { production: true, checks: ds040 }).findings).toEqual([]);
  });

  it('finds exactly the bucket whose block is gone or has a setting off', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('uploads', 'assets'),
        fc.option(fc.constantFrom(...SETTINGS)),
        (bucket, off) => {
          const broken = JSON.parse(JSON.stringify(stacks)) as typeof stacks;
          const data = broken.find((s) => s.json.resource?.aws_s3_bucket_public_access_block)!;
          const blocks = data.json.resource!.aws_s3_bucket_public_access_block;
          if (off === null) delete blocks[`bucket-${bucket}-public-access`];
          else blocks[`bucket-${bucket}-public-access`][off] = false;
          const found = runChecks(broken, { production: true, checks: ds040 }).findings.map(
            (f) => f.resource,
          );
          expect(found).toEqual([`aws_s3_bucket.bucket-${bucket}`]);
        },
      ),
      { seed: 40, numRuns: 20 },
    );
  });
});
