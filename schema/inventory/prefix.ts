/** The prefix of every name dropship generates for a spec. */
import type { MigrationSpec } from '../spec';

/** `<project>-<environment>`. */
export const namePrefix = (spec: MigrationSpec): string => `${spec.project}-${spec.environment}`;
