/**
 * What the data tier hands each app: environment variables and secrets (by ARN) for its containers.
 */
import type { Value } from './refs';

/** A container secret: ECS `valueFrom` is `<secretArn>` or `<secretArn>:<jsonKey>::` (rendered by stacks/). */
export interface SecretValueFrom {
  secretArn: Value;
  jsonKey?: string;
}

export interface AppWiring {
  /** Plain (non-secret) settings, e.g. DB_HOST, DB_PORT, DB_NAME, REDIS_HOST. */
  environment: { name: string; value: Value }[];
  /** Credentials, injected by ECS from Secrets Manager. */
  secrets: { name: string; valueFrom: SecretValueFrom }[];
  /** Exactly the secrets the execution role may read (secretsmanager:GetSecretValue). */
  secretArns: Value[];
  /** KMS keys those secrets are encrypted with (kms:Decrypt for the execution role). */
  kmsKeyArns: Value[];
}
