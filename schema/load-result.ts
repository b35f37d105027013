/** What loading a spec gives: the valid spec with its warnings and source positions, or every diagnostic. */
import type { Diagnostic } from './diagnostics';
import type { SourceMap } from './source';
import type { ValidSpec } from './valid-spec';

export type LoadResult =
  | { ok: true; spec: ValidSpec; warnings: Diagnostic[]; source: SourceMap }
  | {
      ok: false;
      diagnostics: Diagnostic[];
      /**
       * The spec as written is consistent (its YAML, its fields and the rules over how its parts refer to
       * each other passed): only the rules over what its parts become refused it (schema/rules/index.ts).
       */
      consistent?: true;
    };
