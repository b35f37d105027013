/** What loading a spec gives: the typed spec with its warnings and source positions, or every diagnostic. */
import type { Diagnostic } from './diagnostics';
import type { SourceMap } from './source';
import type { MigrationSpec } from './spec';

export type LoadResult =
  | { ok: true; spec: MigrationSpec; warnings: Diagnostic[]; source: SourceMap }
  | { ok: false; diagnostics: Diagnostic[] };
