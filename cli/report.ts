/** Prints diagnostics like a compiler (file:line:col, spec path, message, hint) or as JSON. */
import type { Diagnostic } from '../schema/diagnostics';

export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.file}:${d.line}:${d.column}`;
  const lines = [`${where}: ${d.severity}: ${d.message}${d.path ? ` (at ${d.path})` : ''}`];
  if (d.expected) lines.push(`  expected: ${d.expected}`);
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return lines.join('\n');
}

export function printDiagnostics(diagnostics: Diagnostic[], format: 'text' | 'json', valid: boolean): void {
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify({ valid, diagnostics }, null, 2)}\n`);
    return;
  }
  for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
}
