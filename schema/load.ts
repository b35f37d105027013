/**
 * Parse migration.yaml keeping source positions, validate it with zod and the cross-field rules, and
 * return either the typed spec or every diagnostic with file:line:column. Never throws on bad input:
 * YAML syntax errors, duplicate keys, empty files, alias bombs and non-mapping documents are diagnostics.
 */
import { parseSpec } from './spec-parse';
import type { Diagnostic } from './diagnostics';
import type { Anchor, SourceMap } from './source';
import { readSimpleYaml } from './fast-yaml';
import { resolvePlainScalars } from './scalar-text';
import { checkRules } from './rules/index';
import type { LoadResult } from './load-result';
import type { ValidSpec } from './valid-spec';
import { InputReadError, inputName, readInputBytes, rememberText } from './read-text';

export type { SourceMap } from './source';
export type { LoadResult } from './load-result';
export type { ValidSpec } from './valid-spec';

export function loadSpecFile(file: string): LoadResult {
  const read = readSpecText(file);
  if (!read.ok) return { ok: false, diagnostics: [read.diagnostic] };
  return loadSpecText(read.text, inputName(file));
}

/**
 * The text of a spec file (`-`: standard input), or why it cannot be read: missing, a directory or a device,
 * larger than MAX_INPUT_BYTES, binary (NUL bytes, which would otherwise be echoed into a code frame) or not
 * UTF-8. `bytes` are the bytes read, for a command that rewrites the file to compare against before it does.
 */
export function readSpecText(
  file: string,
): { ok: true; text: string; bytes: Buffer } | { ok: false; diagnostic: Diagnostic } {
  const ioError = (reason: string) => ({
    ok: false as const,
    diagnostic: {
      severity: 'error' as const,
      code: 'io',
      file: inputName(file),
      line: 1,
      column: 1,
      path: '',
      message: `cannot read ${inputName(file)}: ${reason}`,
    },
  });
  let bytes: Buffer;
  try {
    bytes = readInputBytes(file);
  } catch (err) {
    if (err instanceof InputReadError) return ioError(err.reason);
    throw err;
  }
  if (bytes.includes(0)) return ioError('not a text file (it contains NUL bytes)');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return ioError('not a UTF-8 text file');
  }
  rememberText(inputName(file), text);
  return { ok: true, text, bytes };
}

export function loadSpecText(text: string, file = 'migration.yaml'): LoadResult {
  // A byte-order mark is invisible in editors: drop it so line 1 columns match what the user sees.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // A lone CR ends a line in YAML 1.2 (old Mac files), but `yaml` reads such a file as one line. As LF it
  // reads as YAML says; the offsets stay the same, so every position is still the user's.
  if (text.includes('\r')) text = text.replace(/\r(?!\n)/g, '\n');
  // Fast path: a plain block-style file that validates cleanly needs no positions at all. Anything else —
  // YAML outside the simple subset, or any diagnostic to place — goes through the positioned parse below,
  // so diagnostics are the same either way.
  const simple = readSimpleYaml(text);
  if (simple !== undefined) {
    const parsed = parseSpec(resolvePlainScalars(simple, false));
    if (parsed.success && checkRules(parsed.data).length === 0) {
      // Every rule passed: the one place (with load-positions.ts) a spec becomes a ValidSpec.
      return {
        ok: true,
        spec: parsed.data as ValidSpec,
        warnings: [],
        source: new LazySourceMap(file, text),
      };
    }
  }
  return positioned().loadWithPositions(text, file);
}

/** Positions for a spec that loaded through the fast path: the YAML is parsed again only if asked. */
class LazySourceMap implements SourceMap {
  private index: import('./source').SourceIndex | undefined;
  constructor(
    readonly file: string,
    private readonly text: string,
  ) {}
  locate(path: readonly PropertyKey[], anchor?: Anchor): { line: number; column: number; length: number } {
    this.index ??= positioned().parseWithPositions(this.text, this.file).index;
    return this.index.locate(path, anchor);
  }
}

/** The positioned loader, loaded on first use (it brings in `yaml`, ~70 modules). */
function positioned(): typeof import('./load-positions') {
  return require('./load-positions') as typeof import('./load-positions');
}
