/**
 * Where every secret dropship creates lives: `aws_secretsmanager_secret.secret-<key>` in the data stack, its
 * Secrets Manager name under the environment's prefix and its recovery window. Shared by the parts that
 * plan secrets (data; storage's Spaces keys), so each refers to a secret the same way.
 */
import { secretPath as secretPathOf } from '../schema/inventory/secrets';
import type { CompileContext } from './context';
import type { SecretPlan } from './model/data';
import type { Address } from './model/refs';
import { address, ref } from './refs';
import { dataStackName } from './stack-names';

/**
 * `aws_secretsmanager_secret.secret-<key>` in the data stack. An existing secret (`arn:` in the spec) keeps
 * the address too: the data stack provides its ARN there, as the literal the spec gives, so every consumer
 * refers to a secret the same way whoever created it.
 */
export function secretAddress(ctx: CompileContext, key: string): Address<'aws_secretsmanager_secret'> {
  return address(dataStackName(ctx.prefix), 'aws_secretsmanager_secret', `secret-${key}`);
}

/** The address and ARN of the secret keyed `key`. */
export function secretIdentity(ctx: CompileContext, key: string): Pick<SecretPlan, 'address' | 'arn'> {
  const at = secretAddress(ctx, key);
  return { address: at, arn: ref(at, 'arn') };
}

/** The Secrets Manager name of a secret dropship creates, under the environment's prefix. */
export function secretPath(ctx: CompileContext, ...parts: string[]): string {
  return secretPathOf(ctx.prefix, ...parts);
}

/** Secrets Manager recovery window: 30 days in production (the maximum), 7 otherwise (the minimum). */
export function recoveryWindowDays(ctx: CompileContext): number {
  return ctx.production ? 30 : 7;
}
