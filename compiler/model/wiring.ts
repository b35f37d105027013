/**
 * What the data tier hands each app: per container, the environment variables and secrets (by ARN) of the
 * databases and caches it receives, and the secrets the app's execution role may read.
 */
import type { Value } from './refs';

/** A container secret: ECS `valueFrom` is `<secretArn>` or `<secretArn>:<jsonKey>::` (rendered by stacks/). */
export interface SecretValueFrom {
  secretArn: Value;
  jsonKey?: string;
}

/** What one container receives from the data stores it uses (schema/inventory/container-uses.ts). */
export interface ContainerWiring {
  /** Plain (non-secret) settings, e.g. DB_HOST, DB_PORT, DB_NAME, REDIS_HOST, sorted by name. */
  environment: { name: string; value: Value }[];
  /** Credentials, injected by ECS from Secrets Manager, sorted by name. */
  secrets: { name: string; valueFrom: SecretValueFrom }[];
}

export interface AppWiring {
  /** By container name; a container that receives no database or cache is absent. */
  containers: Record<string, ContainerWiring>;
  /**
   * Exactly the secrets the execution role may read (secretsmanager:GetSecretValue): those of the stores
   * some container receives, and the declared secrets the containers reference.
   */
  secretArns: Value[];
  /** KMS keys those secrets are encrypted with (kms:Decrypt for the execution role). */
  kmsKeyArns: Value[];
}
