/** What every part of the compiler derives names, tags and protections from. */
import type { MigrationSpec } from '../schema/spec';
import { cutoverOwnedRecords } from '../schema/inventory/hostnames';

export interface CompileContext {
  readonly spec: MigrationSpec;
  /** `<project>-<environment>`: the prefix of every generated name. */
  readonly prefix: string;
  readonly production: boolean;
  /** Tags on every taggable resource (the provider's default_tags); per-app tags add `app`. */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * The `<fqdn>|<type>` pairs the cutover's weighted records take over (dns.ts cutoverOwnedRecords), each
   * with the reason it is not copied: the dns copy leaves them out, the digitalocean stack lowers their
   * TTLs, the cutover waits out their old TTLs. Computed on first use, once per context.
   */
  readonly cutoverOwnedRecords: ReadonlyMap<string, string>;
}

export function createContext(spec: MigrationSpec): CompileContext {
  const production = spec.production ?? /^prod(uction)?$/.test(spec.environment);
  let owned: ReadonlyMap<string, string> | undefined;
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
    get cutoverOwnedRecords() {
      return (owned ??= cutoverOwnedRecords(spec));
    },
  };
}
