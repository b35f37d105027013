/**
 * The Spaces the AWS tasks use in place of their buckets while the data stays on DigitalOcean
 * (cutover.dataMode digitalocean-until-100 until cutover.dataMoved), as the data tier does with the
 * DigitalOcean clusters (compiler/data/do-stores.ts): the droplets write the Space through every split
 * phase, so the tasks write there too and a file uploaded on either side is found on both. Per Space an
 * empty Secrets Manager secret for its keys (KMS-encrypted, filled by a manual step), which the containers
 * receive by ARN; the endpoint, name and region as plain variables. At dataMoved the tasks switch to S3 after
 * the final copy (compiler/storage/copy.ts).
 */
import { spaceInUse, spacesEndpoint } from '../../schema/inventory/buckets';
import { spacesKeysSecretKey } from '../../schema/inventory/secrets';
import type { BucketSpec } from '../../schema/spec';
import type { CompileContext } from '../context';
import type { SecretPlan } from '../model/data';
import type { Decision, ManualStep } from '../model/record';
import type { Value } from '../model/refs';
import type { BucketPlan } from '../model/storage';
import { recoveryWindowDays, secretIdentity, secretPath } from '../secret-identity';
import { sh, shComment, shVar, toCommands } from '../shell';
import { STEP_ORDER } from '../steps';

/** A Space the tasks use until dataMoved, with the secret of its keys. */
export interface SpaceInUse {
  bucket: string;
  space: string;
  region: string;
  endpoint: string;
  secret: SecretPlan;
}

/** The JSON keys of the Spaces keys secret. */
export const SPACES_SECRET_KEYS = { accessKeyId: 'accessKeyId', secretAccessKey: 'secretAccessKey' } as const;

/** By bucket name: the Spaces the tasks use (empty outside digitalocean-until-100 or once dataMoved). */
export function spacesInUse(ctx: CompileContext, kms: Value<'aws_kms_key'>): Map<string, SpaceInUse> {
  const out = new Map<string, SpaceInUse>();
  for (const bucket of ctx.spec.storage.buckets) {
    if (bucket.access.length === 0) continue;
    const space = spaceInUse(ctx.spec, bucket);
    if (!space) continue;
    const key = spacesKeysSecretKey(space.name);
    out.set(bucket.name, {
      bucket: bucket.name,
      space: space.name,
      region: space.region,
      endpoint: spacesEndpoint(space.region),
      secret: {
        key,
        declared: false,
        ...secretIdentity(ctx, key),
        secretName: secretPath(ctx, 'spaces', space.name, 'keys'),
        description: `Spaces keys {accessKeyId, secretAccessKey} for the Space ${space.name} (${space.region}), which the AWS tasks use until the data moves (cutover.dataMode digitalocean-until-100; set out of band)`,
        kmsKeyArn: kms,
        recoveryWindowDays: recoveryWindowDays(ctx),
        keys: [SPACES_SECRET_KEYS.accessKeyId, SPACES_SECRET_KEYS.secretAccessKey],
      },
    });
  }
  return out;
}

/** What the tasks use for each bucket that takes over a Space, and why. */
export function spaceDecisions(
  ctx: CompileContext,
  buckets: readonly BucketSpec[],
  plans: ReadonlyMap<string, BucketPlan>,
  inUse: ReadonlyMap<string, SpaceInUse>,
): Decision[] {
  const decisions: Decision[] = [];
  for (const bucket of buckets) {
    if (bucket.from === undefined || bucket.access.length === 0 || ctx.spec.cutover === undefined) continue;
    const used = inUse.get(bucket.name);
    const s3 = plans.get(bucket.name)!.bucketName;
    decisions.push(
      used
        ? {
            subject: `storage.buckets.${bucket.name}.tasksUse`,
            choice: `the Space ${used.space} (${used.endpoint}, keys from ${used.secret.secretName}) until cutover.dataMoved, then S3 ${s3}`,
            rule: 'cutover.dataMode digitalocean-until-100: the droplets write the Space through every split phase, so the AWS tasks use it too (one place for every file, as the databases stay the DigitalOcean clusters); the final copy at 100 % and cutover.dataMoved: true switch them to S3. Refusing split phases instead would take away the phased cutover of any app that stores files',
            from: `Space ${used.space} (${used.region})`,
          }
        : {
            subject: `storage.buckets.${bucket.name}.tasksUse`,
            choice: `S3 ${s3}`,
            rule:
              ctx.spec.cutover.dataMoved === true
                ? 'cutover.dataMoved: true: the files have moved, the tasks use S3'
                : 'cutover.dataMode move-first: the files are copied before phase 1 and the droplets serve their share read-only, so the tasks use S3 from the start',
            from: `Space ${bucket.from}`,
          },
    );
  }
  return decisions;
}

/** Fills each Space's keys secret, after the data stack and before the apps stack. */
export function spaceKeySteps(ctx: CompileContext, inUse: ReadonlyMap<string, SpaceInUse>): ManualStep[] {
  const region = ctx.spec.aws.region;
  return [...inUse.values()].map((used) => ({
    order: STEP_ORDER.afterData,
    title: `Set the Spaces keys of ${used.space} for the AWS tasks`,
    detail:
      `Until cutover.dataMoved the AWS tasks use the Space ${used.space} and read its keys from ${used.secret.secretName}. ` +
      'Create a Spaces access key limited to this Space (read-write where an app writes) in the control panel, export it as SPACES_ACCESS_KEY_ID and SPACES_SECRET_ACCESS_KEY, then run these after the data stack and before the apps stack. ' +
      'The keys reach jq through its environment and Secrets Manager on standard input, never on a command line. Delete the key at DigitalOcean once the data has moved.',
    commands: toCommands([
      shComment(`The Space ${used.space}:`),
      sh`: ${shVar('SPACES_ACCESS_KEY_ID', 'export SPACES_ACCESS_KEY_ID')} ${shVar('SPACES_SECRET_ACCESS_KEY', 'export SPACES_SECRET_ACCESS_KEY')}`,
      sh`jq -cn ${'{accessKeyId: $ENV.SPACES_ACCESS_KEY_ID, secretAccessKey: $ENV.SPACES_SECRET_ACCESS_KEY}'} | aws secretsmanager put-secret-value --region ${region} --secret-id ${used.secret.secretName!} --secret-string file:///dev/stdin`,
      sh`unset SPACES_ACCESS_KEY_ID SPACES_SECRET_ACCESS_KEY`,
    ]),
  }));
}
