/**
 * The one sink for problems found in a spec: the cross-field rules and the compiler's parts report here, each
 * finding at its spec path with its code; the command places them in the file (schema/diagnostics.ts
 * locateFinding) and prints them. Nothing is thrown for a problem in the spec.
 */
import type { Finding } from './diagnostics';

export type FindingPath = readonly PropertyKey[];
export type FindingExtra = Pick<Finding, 'expected' | 'hint' | 'anchor'>;

export class Report {
  readonly findings: Finding[] = [];

  error(path: FindingPath, code: string, message: string, extra: FindingExtra = {}): void {
    this.findings.push({ severity: 'error', code, path, message, ...defined(extra) });
  }

  warn(path: FindingPath, code: string, message: string, extra: FindingExtra = {}): void {
    this.findings.push({ severity: 'warning', code, path, message, ...defined(extra) });
  }

  /** A finding made elsewhere, with its own severity (a warning when it has none). */
  add(finding: Finding): void {
    this.findings.push({ ...finding, severity: finding.severity ?? 'warning' });
  }

  get hasErrors(): boolean {
    return this.findings.some((f) => f.severity === 'error');
  }
}

/** The extra fields that are set: a finding never carries `hint: undefined`. */
function defined(extra: FindingExtra): FindingExtra {
  const out: FindingExtra = {};
  if (extra.expected !== undefined) out.expected = extra.expected;
  if (extra.hint !== undefined) out.hint = extra.hint;
  if (extra.anchor !== undefined) out.anchor = extra.anchor;
  return out;
}
