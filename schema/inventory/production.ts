/** Whether the spec describes a production environment: the rules and the compiler read one answer. */
import type { MigrationSpec } from '../spec';

/** `production:` when given, else an environment named `prod` or `production`. */
export function isProductionSpec(spec: Pick<MigrationSpec, 'production' | 'environment'>): boolean {
  return spec.production ?? /^prod(uction)?$/.test(spec.environment);
}
