/** What every part of the compiler derives names, tags and protections from. */
import type { MigrationSpec } from '../schema/spec';

export interface CompileContext {
  readonly spec: MigrationSpec;
  /** `<project>-<environment>`: the prefix of every generated name. */
  readonly prefix: string;
  readonly production: boolean;
  /** Tags on every taggable resource (the provider's default_tags); per-app tags add `app`. */
  readonly tags: Readonly<Record<string, string>>;
}

export function createContext(spec: MigrationSpec): CompileContext {
  const production = spec.production ?? /^prod(uction)?$/.test(spec.environment);
  return {
    spec,
    prefix: `${spec.project}-${spec.environment}`,
    production,
    tags: {
      ...spec.aws.tags,
      project: spec.project,
      environment: spec.environment,
      'managed-by': 'dropship',
    },
  };
}
