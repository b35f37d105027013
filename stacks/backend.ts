/**
 * Sets the spec's Terraform backend on a stack (local by default; S3 with lockfile locking), and the
 * Terraform version every stack needs.
 */
import { LocalBackend, S3Backend, type TerraformStack } from 'cdktf';
import type { BackendPlan } from '../compiler/model';
import { localStatePath, s3StateKey } from '../compiler/backend';

export { localStatePath, s3StateKey };

/**
 * The oldest Terraform the stacks are for: S3 lockfile locking (`use_lockfile`) arrived in 1.10, and the
 * test suite runs 1.11. Every stack says so, so an older terraform stops at `init` with that message
 * instead of failing on a setting it does not know.
 */
export const REQUIRED_TERRAFORM = '>= 1.10';

export function applyBackend(stack: TerraformStack, stackName: string, backend: BackendPlan): void {
  stack.addOverride('terraform.required_version', REQUIRED_TERRAFORM);
  if (backend.type === 's3') {
    new S3Backend(stack, {
      bucket: backend.bucket,
      key: s3StateKey(backend, stackName),
      region: backend.region,
      encrypt: backend.encrypt,
    });
    // cdktf 0.21 predates S3-native locking (Terraform >= 1.10), so the flag is set by override.
    if (backend.useLockfile) stack.addOverride('terraform.backend.s3.use_lockfile', true);
  } else {
    new LocalBackend(stack, { path: localStatePath(backend, stackName) });
  }
}
