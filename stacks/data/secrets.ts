/**
 * Secrets Manager secrets without values (set out of band: see the plan's manual steps), or references to
 * existing ones by ARN. No `aws_secretsmanager_secret_version` is ever generated.
 */
import type { TerraformStack } from 'cdktf';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import type { StackContext } from '../context';
import type { SecretPlan } from '../../compiler/model';

export function renderSecrets(stack: TerraformStack, ctx: StackContext, secrets: SecretPlan[]): void {
  const { refs } = ctx;
  for (const secret of secrets) {
    if (secret.existingArn) {
      // Not created here: its ARN as the spec gives it, at the address every consumer refers to.
      refs.provide(secret.address, { arn: secret.existingArn });
      continue;
    }
    const created = new SecretsmanagerSecret(stack, secret.address.name, {
      name: secret.secretName,
      // Free text from the spec: escaped with every other literal (stacks/escape-templates.ts).
      description: secret.description,
      kmsKeyId: refs.resolve(secret.kmsKeyArn),
      recoveryWindowInDays: secret.recoveryWindowDays,
    });
    refs.provide(secret.address, { arn: created.arn });
  }
}
