/**
 * Prints diagnostics like a compiler — `file:line:col: error: message (at spec.path)`, the expectation, a
 * code frame with a caret under the column, and a hint — or as JSON ({ valid, diagnostics }) for editors/CI.
 */
import type { Diagnostic } from '../schema/diagnostics';
import { printable, printableInPlace } from './printable';
import { redactPath, redactSource, redactText, type RedactedSource } from '../schema/secrets/mask';
import { readInputBytes, textRead } from '../schema/read-text';
import { workflowCommands } from './annotations';

export interface ReportOptions {
  /** Source text per file, for code frames; files not given are read from disk (best effort). */
  sources?: ReadonlyMap<string, string>;
  /** ANSI colours; default: the stream is a terminal and NO_COLOR is unset. */
  color?: boolean;
  /** Where the text goes (default: stderr). */
  stream?: NodeJS.WriteStream;
}

/**
 * Whether cdktf-cli runs dropship as its app (`cdktf synth|diff|deploy` with `"app": "dropship synth"`):
 * it sets CDKTF_CONTEXT_JSON and CDKTF_OUTDIR, and prints every line of the app's stderr as `[ERROR]`.
 */
export function runByCdktf(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CDKTF_CONTEXT_JSON !== undefined && env.CDKTF_OUTDIR !== undefined;
}

/**
 * Warnings of a valid spec: on stderr, or on stdout under cdktf-cli, which shows the app's stdout as it is
 * and its stderr as errors.
 */
export function printWarnings(warnings: Diagnostic[], options: ReportOptions = {}): void {
  printDiagnostics(warnings, 'text', true, {
    stream: runByCdktf() ? process.stdout : process.stderr,
    ...options,
  });
}

const paint = (on: boolean, code: string, text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

/** One diagnostic without a code frame (safe to use as a `map` callback). */
export function formatDiagnostic(d: Diagnostic): string {
  return renderDiagnostic(d);
}

/** One diagnostic, with a code frame when the source text is given. */
export function renderDiagnostic(d: Diagnostic, source?: string, color = false): string {
  // Values quoted in a message (a DNS record, a name) are shown as they are, never as terminal escapes.
  const label = d.severity === 'error' ? paint(color, '1;31', 'error') : paint(color, '1;33', 'warning');
  const where = paint(color, '1', `${printable(d.file)}:${d.line}:${d.column}`);
  const lines = [`${where}: ${label}: ${printable(d.message)}${d.path ? ` (at ${printable(d.path)})` : ''}`];
  if (d.expected) lines.push(`  expected: ${printable(d.expected)}`);
  const frame = source === undefined ? undefined : codeFrame(source, d.line, d.column, d.length ?? 1);
  if (frame) lines.push(frame);
  if (d.hint) lines.push(`  ${paint(color, '36', 'hint')}: ${printable(d.hint)}`);
  return lines.join('\n');
}

/** Longer lines are cut to FRAME_CONTEXT characters either side of the column in a code frame. */
const MAX_FRAME_LINE = 1000;
const FRAME_CONTEXT = 100;

/**
 * ```
 *    12 |         port: "8080"
 *       |               ^^^^^^
 * ```
 */
export function codeFrame(source: string, line: number, column: number, length = 1): string | undefined {
  const lines = source.split(/\r\n|\r|\n/); // a lone CR ends a line too (YAML 1.2)
  const text = lines[line - 1];
  if (text === undefined) return undefined;
  const gutter = String(line).length;
  // One character for one: the caret below stays under the column.
  let shown = printableInPlace(text.replace(/\t/g, ' '));
  let start = Math.max(0, Math.min(column - 1, shown.length));
  if (shown.length > MAX_FRAME_LINE) {
    // A line of megabytes (a flow list on one line) is shown around the column, not whole.
    const from = Math.max(0, start - FRAME_CONTEXT);
    const to = Math.min(shown.length, start + FRAME_CONTEXT);
    shown = `${from > 0 ? '…' : ''}${shown.slice(from, to)}${to < shown.length ? '…' : ''}`;
    start = start - from + (from > 0 ? 1 : 0);
  }
  const width = Math.max(1, Math.min(length, Math.max(1, shown.length - start)));
  return [
    `  ${String(line).padStart(gutter)} | ${shown}`,
    `  ${' '.repeat(gutter)} | ${' '.repeat(start)}${'^'.repeat(width)}`,
  ].join('\n');
}

/**
 * Every diagnostic's text with the secrets of its file masked, and that file with its secrets masked for
 * code frames: the one place where printed diagnostics pass, so no frame, message or JSON field shows a
 * secret, whichever diagnostic it belongs to (schema/secrets/mask.ts).
 */
export function redactDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string> = new Map(),
): { diagnostics: Diagnostic[]; sourceOf: (file: string) => string | undefined } {
  const cache = new Map<string, RedactedSource | undefined>();
  const redacted = (file: string): RedactedSource | undefined => {
    if (!cache.has(file)) {
      // The text a command read (standard input, a pipe) is never read a second time; any other file is read
      // with the same bound and refusals as a spec (never a device).
      let text = sources.get(file) ?? textRead(file);
      if (text === undefined) {
        try {
          text = readInputBytes(file).toString('utf8');
        } catch {
          text = undefined;
        }
      }
      cache.set(file, text === undefined ? undefined : redactSource(text));
    }
    return cache.get(file);
  };
  const masked = diagnostics.map((d) => {
    // An I/O error's file may be anything (binary, huge, a device): it is neither read nor framed.
    const known = d.code === 'io' ? [] : (redacted(d.file)?.secrets ?? []);
    return {
      ...d,
      path: redactPath(d.path, known),
      message: redactText(d.message, known),
      ...(d.expected !== undefined ? { expected: redactText(d.expected, known) } : {}),
      ...(d.hint !== undefined ? { hint: redactText(d.hint, known) } : {}),
    };
  });
  return { diagnostics: masked, sourceOf: (file) => redacted(file)?.text };
}

export function printDiagnostics(
  diagnostics: Diagnostic[],
  format: 'text' | 'json',
  valid: boolean,
  options: ReportOptions = {},
): void {
  const { diagnostics: shown, sourceOf } = redactDiagnostics(diagnostics, options.sources);
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify({ valid, diagnostics: shown }, null, 2)}\n`);
    return;
  }
  const stream = options.stream ?? process.stderr;
  const color = options.color ?? (stream.isTTY === true && !process.env.NO_COLOR);
  // An I/O error has no source line worth framing (and the file may be binary).
  for (const d of shown)
    stream.write(`${renderDiagnostic(d, d.code === 'io' ? undefined : sourceOf(d.file), color)}\n`);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length > 0) {
    const parts = [
      errors && `${errors} ${errors === 1 ? 'error' : 'errors'}`,
      warnings && `${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`,
    ];
    stream.write(`${parts.filter(Boolean).join(', ')}\n`);
  }
}

/** Diagnostics as GitHub workflow annotations at their file:line:column (secrets masked, as everywhere). */
export function diagnosticAnnotations(diagnostics: readonly Diagnostic[]): string {
  const { diagnostics: shown } = redactDiagnostics(diagnostics);
  return workflowCommands(
    shown.map((d) => ({
      level: d.severity,
      file: d.file,
      line: d.line,
      column: d.column,
      title: d.code,
      message: [
        d.path ? `${d.message} (at ${d.path})` : d.message,
        d.expected && `expected: ${d.expected}`,
        d.hint && `hint: ${d.hint}`,
      ]
        .filter(Boolean)
        .join('\n'),
    })),
    'the job log lists every problem',
  );
}
