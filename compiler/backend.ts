/**
 * Where each stack keeps its Terraform state. The decision lives here so the backend block and every
 * remote-state read of the same stack agree.
 */
import { posix } from 'node:path';
import type { BackendPlan } from './model';

/**
 * Terraform runs each stack in `<out>/stacks/<stack>/` and resolves a relative local state path from there,
 * including in the `terraform_remote_state` reads of other stacks. A relative state directory is therefore
 * anchored three levels up — beside the synth output (normally the project root), never inside it, since
 * `synth` replaces the output directory whole and would delete the state with it.
 */
export function localStatePath(backend: Extract<BackendPlan, { type: 'local' }>, stackName: string): string {
  const { directory } = backend;
  const file = `${stackName}.tfstate`;
  return posix.isAbsolute(directory)
    ? posix.join(directory, file)
    : posix.join('..', '..', '..', directory, file);
}

/** The S3 object key of a stack's state. */
export function s3StateKey(backend: Extract<BackendPlan, { type: 's3' }>, stackName: string): string {
  return posix.join(backend.keyPrefix, `${stackName}.tfstate`);
}
