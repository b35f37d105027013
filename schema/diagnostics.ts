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
  /** Spec path such as `apps[1].containers[0].port` (empty for the document root). */
  path: string;
  message: string;
  expected?: string;
  hint?: string;
}

/** Renders a spec path (array of keys and indexes) as `apps[1].containers[0].port`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}
