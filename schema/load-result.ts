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

/**
 * Diagnostics about the input rather than the spec: it could not be read (`io`), or reading it would take
 * more than dropship allows (a document of too many nodes, an alias expansion): exit 2, like a usage error.
 */
export const INPUT_LIMIT_CODES: readonly string[] = ['io', 'yaml/node-limit', 'yaml/alias-limit'];

export const isInputFailure = (diagnostics: readonly Diagnostic[]): boolean =>
  diagnostics.some((d) => INPUT_LIMIT_CODES.includes(d.code));
