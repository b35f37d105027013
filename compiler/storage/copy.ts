/**
 * The runbook that copies each Space's files into its bucket with rclone, whose DigitalOcean Spaces provider
 * reads one endpoint while its AWS provider writes another in one command (`aws s3 sync` takes one
 * endpoint). It runs once when the buckets exist and again right before traffic moves, each time comparing
 * the object counts and sizes of both sides. `rclone copy` never deletes on S3: a file deleted from the
 * Space after a pass stays in the bucket (its versions too), which the reader removes by name if needed.
 */
import type { CompileContext } from '../context';
import type { ManualStep } from '../model/record';
import type { BucketPlan } from '../model/storage';
import { sh, shComment, shVar, toCommands, type ShellText } from '../shell';
import { STEP_ORDER } from '../steps';
import { switchedServices } from '../../schema/inventory/switched-services';

/** An rclone remote per Spaces region, configured through rclone's RCLONE_CONFIG_<NAME>_<OPTION> variables. */
const spacesRemote = (region: string) => `spaces${region}`;

function remoteSetup(ctx: CompileContext, regions: string[]): ShellText[] {
  const lines: ShellText[] = [
    shComment('Spaces keys with read access to the Spaces below; the AWS side uses your AWS credentials.'),
  ];
  for (const region of regions) {
    const name = spacesRemote(region).toUpperCase();
    lines.push(
      sh`export ${`RCLONE_CONFIG_${name}_TYPE=s3`} ${`RCLONE_CONFIG_${name}_PROVIDER=DigitalOcean`} ${`RCLONE_CONFIG_${name}_ENDPOINT=${region}.digitaloceanspaces.com`}`,
      sh`export ${`RCLONE_CONFIG_${name}_ACCESS_KEY_ID`}=${shVar('SPACES_ACCESS_KEY_ID', 'set SPACES_ACCESS_KEY_ID')} ${`RCLONE_CONFIG_${name}_SECRET_ACCESS_KEY`}=${shVar('SPACES_SECRET_ACCESS_KEY', 'set SPACES_SECRET_ACCESS_KEY')}`,
    );
  }
  // ACLs are disabled on the buckets (BucketOwnerEnforced): a PUT may name only bucket-owner-full-control.
  lines.push(
    sh`export RCLONE_CONFIG_AWS_TYPE=s3 RCLONE_CONFIG_AWS_PROVIDER=AWS RCLONE_CONFIG_AWS_ENV_AUTH=true ${`RCLONE_CONFIG_AWS_REGION=${ctx.spec.aws.region}`} RCLONE_CONFIG_AWS_ACL=bucket-owner-full-control`,
  );
  return lines;
}

/** The Spaces keys leave the shell's environment once the copy is done. */
const unsetKeys = (regions: string[]): ShellText =>
  sh`unset ${regions.flatMap((r) => {
    const name = spacesRemote(r).toUpperCase();
    return [`RCLONE_CONFIG_${name}_ACCESS_KEY_ID`, `RCLONE_CONFIG_${name}_SECRET_ACCESS_KEY`];
  })}`;

function bucketLines(bucket: BucketPlan & { from: { space: string; region: string } }): ShellText[] {
  const source = `${spacesRemote(bucket.from.region)}:${bucket.from.space}`;
  const target = `aws:${bucket.bucketName}`;
  return [
    shComment(`${bucket.from.space} → ${bucket.bucketName}`),
    sh`rclone copy --transfers=16 --checkers=32 -- ${source} ${target}`,
    // Counts and sizes, side by side; --size-only: an SSE-KMS object's ETag is not its MD5.
    sh`rclone size --json -- ${source}; rclone size --json -- ${target}`,
    sh`rclone check --one-way --size-only -- ${source} ${target}`,
  ];
}

/**
 * `untilDataMoved`: cutover.dataMode digitalocean-until-100, where the tasks use the Spaces until
 * cutover.dataMoved (compiler/storage/spaces-in-use.ts): the last pass runs at 100 % with the writes stopped,
 * right before that switch.
 */
export function copySteps(ctx: CompileContext, buckets: BucketPlan[], untilDataMoved: boolean): ManualStep[] {
  const moved = buckets.filter(
    (b): b is BucketPlan & { from: { space: string; region: string } } => !!b.from,
  );
  if (moved.length === 0) return [];
  const regions = [...new Set(moved.map((b) => b.from.region))].sort();
  const commands = toCommands([
    ...remoteSetup(ctx, regions),
    ...moved.flatMap(bucketLines),
    unsetKeys(regions),
  ]);
  const names = moved.map((b) => `${b.from.space} → ${b.bucketName}`).join(', ');
  const outside = switchedServices(ctx.spec).outside.map((a) => a.name);
  const final: ManualStep = {
    order: STEP_ORDER.copyBucketsFinal,
    title: 'Copy the Spaces to S3 a last time, then switch the tasks to S3',
    detail:
      'Once the cutover is at 100 %, in the downtime window of the data move (writes stopped: the tasks still write the Spaces until now): ' +
      'run the same commands once more and compare the counts and sizes; then set cutover.dataMoved: true in migration.yaml (the same switch as the databases’, once they have moved too), synth, ' +
      'and apply the data, then the apps stack: the services redeploy with the buckets’ names and no Spaces keys' +
      (outside.length > 0
        ? ` (${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} deployed by CI or CodeDeploy, which ignore the task definition: deploy the family's newest revision as the data runbook shows, or run the deploy workflow)`
        : '') +
      '; then the cutover stack, which moves the Spaces CDN host names to CloudFront (they stay on the Spaces CDN until dataMoved). ' +
      'From here on rolling the cutover back needs the files written to S3 copied back to the Spaces (rclone copy the other way) and cutover.dataMoved set to false first.',
    commands,
  };
  return [
    {
      order: STEP_ORDER.copyBuckets,
      title: 'Copy the Spaces to S3 (first pass)',
      detail:
        `Once the data stack created the buckets, copy each Space's files with rclone (${names}). ` +
        'The two `rclone size` lines print {"count", "bytes"} of each side: they must match, and `rclone check` must report 0 differences. ' +
        'Needs rclone ≥ 1.50 (its DigitalOcean Spaces provider), a Spaces access key and AWS credentials that may write the buckets and use the environment key.',
      commands,
    },
    {
      order: STEP_ORDER.copyBucketsAgain,
      title: 'Copy the Spaces to S3 again, right before traffic moves',
      detail: untilDataMoved
        ? 'The same commands, right before the first phase that sends traffic to AWS: only new and changed files travel. Compare the counts and sizes again. ' +
          'Until cutover.dataMoved both sides write the Spaces (the tasks use them), so the last pass runs at 100 %. rclone copy never deletes from the bucket.'
        : 'The same commands, right before the first phase that sends traffic to AWS: only new and changed files travel. Compare the counts and sizes again. ' +
          'Files the DigitalOcean side writes while both sides serve land only in the Space: run the copy once more at 100 %. rclone copy never deletes from the bucket.',
      commands,
    },
    ...(untilDataMoved ? [final] : []),
  ];
}
