/** What every part of the compiler derives names, tags and protections from, and where it reports problems. */
import type { ValidSpec } from '../schema/valid-spec';
import { Report } from '../schema/report';
import { cutoverOwnedRecords } from '../schema/inventory/hostnames';
import { namePrefix } from '../schema/inventory/prefix';
import { isProductionSpec } from '../schema/inventory/production';
import type { Layout } from './model';
import { DEFAULT_LAYOUT } from './layout';

export interface CompileContext {
  /** Valid: the rules have refused whatever the parts would otherwise have to check. */
  readonly spec: ValidSpec;
  /** `<project>-<environment>`: the prefix of every generated name. */
  readonly prefix: string;
  readonly production: boolean;
  /** Tags on every taggable resource (the provider's default_tags); per-app tags add `app`. */
  readonly tags: Readonly<Record<string, string>>;
  /** How the stacks are cut (`--layout`). */
  readonly layout: Layout;
  /** The apps `--only` selects; undefined when the command selects none. */
  readonly only?: readonly string[];
  /** Where every part reports the problems it finds in the spec (the one diagnostics sink). */
  readonly report: Report;
  /**
   * The `<fqdn>|<type>` pairs the cutover's weighted records take over (inventory cutoverOwnedRecords), each
   * with the reason it is not copied: the dns copy leaves them out, the digitalocean stack lowers their
   * TTLs, the cutover waits out their old TTLs. Computed on first use, once per context.
   */
  readonly cutoverOwnedRecords: ReadonlyMap<string, string>;
}

export interface ContextOptions {
  layout?: Layout;
  only?: readonly string[];
}

export function createContext(spec: ValidSpec, options: ContextOptions = {}): CompileContext {
  const production = isProductionSpec(spec);
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
    layout: options.layout ?? DEFAULT_LAYOUT,
    ...(options.only !== undefined ? { only: options.only } : {}),
    report: new Report(),
    get cutoverOwnedRecords() {
      return (owned ??= cutoverOwnedRecords(spec));
    },
  };
}
