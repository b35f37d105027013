/**
 * Secrets Manager: the spec's `secrets:`, the caches' AUTH tokens and the DMS target credentials. dropship
 * creates each secret (KMS-encrypted, described, tagged) but never its value: values are put out of band
 * with the commands in the plan's manual steps, so no value reaches Terraform JSON or state.
 */
import type { CompileContext } from '../context';
import type { ManualStep } from '../model';
import { recoveryWindowDays } from './common';
import { secretIdentity, secretPath } from '../secret-identity';
import type { Value } from '../model/refs';
import type { CachePlan, DmsSourceConnection, SecretPlan } from '../model/data';
import { sh, shVar, toCommands, word } from '../shell';

export { secretAddress, secretIdentity, secretPath } from '../secret-identity';

export function compileSpecSecrets(ctx: CompileContext, kms: Value<'aws_kms_key'>): SecretPlan[] {
  return ctx.spec.secrets.map((secret) => {
    const secretName = secret.arn ? undefined : secretPath(ctx, secret.name);
    return {
      key: secret.name,
      declared: true,
      ...secretIdentity(ctx, secret.name),
      secretName,
      existingArn: secret.arn,
      description: secret.description ?? `${ctx.prefix} ${secret.name}`,
      kmsKeyArn: kms,
      recoveryWindowDays: recoveryWindowDays(ctx),
      keys: secret.keys,
    };
  });
}

export function cacheAuthSecret(
  ctx: CompileContext,
  cache: CachePlan,
  kms: Value<'aws_kms_key'>,
): SecretPlan {
  return {
    key: cache.authSecret,
    declared: false,
    ...secretIdentity(ctx, cache.authSecret),
    secretName: secretPath(ctx, 'cache', cache.name, 'auth-token'),
    description: `AUTH token of the ElastiCache replication group ${cache.replicationGroupId} (set out of band)`,
    kmsKeyArn: kms,
    recoveryWindowDays: recoveryWindowDays(ctx),
    keys: [],
  };
}

/** How to put a value into a secret dropship created, without the value touching Terraform. */
export function putSecretValueStep(
  ctx: CompileContext,
  secret: SecretPlan,
  order: number,
  dmsSource?: DmsSourceConnection,
): ManualStep {
  // DMS reads the whole connection from the secret and accepts only this JSON shape.
  const shape = dmsSource
    ? `the JSON object AWS DMS requires (all four keys; port a number), {"username":${JSON.stringify(dmsSource.username)},"password":"<from DigitalOcean>","host":${JSON.stringify(dmsSource.host)},"port":${dmsSource.port}}`
    : secret.keys.length > 0
      ? `a JSON object with the keys ${secret.keys.join(', ')}`
      : 'the value alone (no trailing newline)';
  const file = shVar('SECRET_FILE');
  return {
    order,
    title: `Set the value of secret ${secret.secretName}`,
    // The description is the user's words: a separate field, which the plans show as text (never markup).
    note: secret.description,
    detail:
      `The first command creates an empty file only you can read (mktemp, mode 600) and names it in SECRET_FILE: ` +
      `write ${shape} into it (with an editor; never on a command line, which ps and the shell history show), store it, then delete the file.`,
    commands: toCommands([
      sh`SECRET_FILE=$(mktemp)`,
      sh`aws secretsmanager put-secret-value --region ${ctx.spec.aws.region} --secret-id ${secret.secretName!} --secret-string ${word('file://', file)}`,
      sh`rm -f ${file}`,
    ]),
  };
}
