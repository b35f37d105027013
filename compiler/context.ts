/** What every part of the compiler derives names, tags and protections from. */
import type { ValidSpec } from '../schema/valid-spec';
import { cutoverOwnedRecords } from '../schema/inventory/hostnames';
import { namePrefix } from '../schema/inventory/prefix';

export interface CompileContext {
  /** Valid: the rules have refused whatever the parts would otherwise have to check. */
  readonly spec: ValidSpec;
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

export function createContext(spec: ValidSpec): CompileContext {
  const production = spec.production ?? /^prod(uction)?$/.test(spec.environment);
  let owned: ReadonlyMap<string, string> | undefined;
  return {
    spec,
    prefix: namePrefix(spec),
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
