import type { SourceMap } from './source';
import { redactPath, redactText } from './secrets/mask';

/** A located, explained problem in migration.yaml (or a lint warning about it). */
export interface Diagnostic {
  severity: 'error' | 'warning';
  /** Stable identifier, e.g. `unknown-key`, `unresolved-reference`, `lint/latest-tag`. */
  code: string;
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Characters to underline in a code frame, starting at `column` (default 1). */
  length?: number;
  /** Spec path such as `apps[1].containers[0].port` (empty for the document root). */
  path: string;
  message: string;
  expected?: string;
  hint?: string;
}

/**
 * A problem found in the parsed document, before it has a position: the path it is about and which part
 * of the node it points at (the value, its key for unknown keys, or the enclosing mapping for missing keys).
 */
export interface Finding {
  severity?: 'error' | 'warning';
  code: string;
  path: readonly PropertyKey[];
  anchor?: 'value' | 'key' | 'parent';
  message: string;
  expected?: string;
  hint?: string;
}

/**
 * A finding at its place in the file: the file:line:column of its path (and the width to underline) when
 * `source` is given, else the top of migration.yaml (a spec that came from no file, e.g. in a test). Every
 * layer locates its findings here: the loader, the cross-field rules and the compiler's checks and warnings;
 * a secret in the text is masked here (secrets/mask.ts).
 */
export function locateFinding(
  finding: Finding,
  source: SourceMap | undefined,
  severity: 'error' | 'warning' = 'error',
): Diagnostic {
  const at = source ? source.locate(finding.path, finding.anchor ?? 'value') : { line: 1, column: 1 };
  return {
    severity: finding.severity ?? severity,
    code: finding.code,
    file: source?.file ?? 'migration.yaml',
    line: at.line,
    column: at.column,
    ...(at.length !== undefined ? { length: at.length } : {}),
    // No diagnostic repeats a secret it quotes (a zod message quoting a value, a lint quoting an image URI),
    // nor one in a key its path names (`apps[0].containers[0].environment.AKIA****`).
    path: redactPath(formatPath(finding.path)),
    message: redactText(finding.message),
    ...(finding.expected !== undefined ? { expected: redactText(finding.expected) } : {}),
    ...(finding.hint !== undefined ? { hint: redactText(finding.hint) } : {}),
  };
}

/** Renders a spec path (array of keys and indexes) as `apps[1].containers[0].port`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && !/^[A-Za-z_$][\w$-]*$/.test(key)) out += `[${JSON.stringify(key)}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Sorts diagnostics by file position (stable), so output reads top to bottom. */
export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line || a.column - b.column;
}
