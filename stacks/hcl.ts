/**
 * HCL output (`dropship synth --hcl`). cdktf 0.21 renders it, with defects this module works around so the
 * files are valid, readable Terraform in which no value can become HCL structure:
 * - a string that contains a `${…}` reference is written without escaping its quotes
 *   (hashicorp/terraform-cdk#3911), so every JSON document with a reference — IAM and KMS policies, ECS
 *   container definitions — is a syntax error. `installHclEscaping` replaces cdktf's escaping function with
 *   one that escapes `\`, `"` and line breaks outside template sequences and leaves `${…}` / `%{…}`
 *   untouched (literal text reaches it already escaped: stacks/escape-templates.ts);
 * - a multi-line string is written as a `<<EOF` heredoc, which any line `EOF` of the value ends (the rest
 *   of the value becomes HCL); a map key that is not a bare identifier is quoted without escaping; a string
 *   starting with `[`, `{` or `"` is written unquoted. Every string and key is written quoted and escaped
 *   instead (a bare key only when it is an identifier other than `for`, which would start a for expression);
 * - the terraform block's settings other than required_providers and backend (required_version) are
 *   written as `0 = "required_version"`: the renderer is handed their names instead of their values;
 * - a lifecycle's `postcondition` and `precondition` are written as a list attribute, not as blocks: each
 *   item is written as a block of its own;
 * - nothing is indented, and depends_on, lifecycle ignore_changes and attributes hold quoted references
 *   ("${aws_lb.alb.arn}", "desired_count": deprecated since Terraform 0.12): `tidyHcl` indents by nesting and
 *   unquotes them;
 * - the layout is not `terraform fmt`'s (alignment, spacing): `formatHclFiles`
 *   runs HashiCorp's own formatter (hclwrite, compiled to WebAssembly in @cdktf/hcl-tools, the package
 *   `cdktf synth --hcl` formats with), so `terraform fmt -check` accepts every file.
 */
import { readdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluatePatchedModule } from './patch-module';
import type { App } from 'cdktf';

/**
 * A quoted HCL template string's body for `str`: `\` and `"` (and newlines) escaped outside `${…}` and
 * `%{…}`, whose contents are Terraform expressions and stay as they are. Self-contained on purpose: its
 * source text replaces cdktf's own function.
 */
export function escapeHclTemplate(str: string): string {
  let out = '';
  let depth = 0;
  let inString = false;
  for (let i = 0; i < str.length; i++) {
    const c = str[i];
    if (depth === 0) {
      if ((c === '$' || c === '%') && str[i + 1] === c && str[i + 2] === '{') {
        // `$${` / `%%{` is the escape for a literal `${` / `%{` in both syntaxes: text, not an expression.
        out += c + c + '{';
        i += 2;
      } else if ((c === '$' || c === '%') && str[i + 1] === '{') {
        depth = 1;
        out += c + '{';
        i++;
      } else if (c === '\\') out += '\\\\';
      else if (c === '"') out += '\\"';
      else if (c === '\n') out += '\\n';
      else if (c === '\r') out += '\\r';
      else out += c;
      continue;
    }
    out += c;
    if (inString) {
      if (c === '\\' && i + 1 < str.length) out += str[++i];
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
  }
  return out;
}

let installed = false;

/** escapeHclTemplate under the name it has inside cdktf's module, for hclObjectKey. */
const escapeQuotes = escapeHclTemplate;

/**
 * A map key as HCL writes it: bare when it is an identifier (and not `for`), else a quoted template string.
 * Its source text replaces cdktf's own function, so it calls nothing but `escapeQuotes`.
 */
export function hclObjectKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) && key !== 'for' ? key : `"${escapeQuotes(key)}"`;
}

/** The edits to cdktf/lib/hcl/render: each must apply exactly once. */
const RENDER_EDITS: [what: string | RegExp, by: () => string][] = [
  [
    /function escapeQuotes\(str\) \{[\s\S]*?\n\}/,
    () => escapeHclTemplate.toString().replace(/^function\s+escapeHclTemplate/, 'function escapeQuotes'),
  ],
  [
    /function wrapIdentifierInQuotesIfNeeded\(key\) \{[\s\S]*?\n\}/,
    () =>
      hclObjectKey.toString().replace(/^function\s+hclObjectKey/, 'function wrapIdentifierInQuotesIfNeeded'),
  ],
  // Multi-line strings: a quoted string with escapes, never a heredoc.
  [
    'const lines = str.split(/\\r\\n|[\\n\\r]/);\n    if (lines.length === 1)\n        return `"${escapeQuotes(str)}"`;\n    return `<<EOF\\n${lines.join("\\n")}\\nEOF`;',
    () => 'return `"${escapeQuotes(str)}"`;',
  ],
  // The terraform block's plain settings (required_version) are rendered from their names, not their values.
  [
    '${renderSimpleAttributes(otherAttributes)}',
    () =>
      '${renderSimpleAttributes(Object.fromEntries(otherAttributes.map((key) => [key, terraform[key]])))}',
  ],
  // A lifecycle's preconditions and postconditions are written as a list attribute (`postcondition = [{…}]`),
  // which Terraform refuses: each is a block of its own.
  [
    '${renderSimpleAttributes(v)}',
    () =>
      '${Object.entries(v).map(([key, item]) => (key === "precondition" || key === "postcondition") && Array.isArray(item) ? item.map((c) => `${key} {\\n${renderSimpleAttributes(c)}\\n}`).join("\\n") : renderSimpleAttributes({ [key]: item })).join("\\n")}',
  ],
  // The untyped-value path wraps any string holding a reference in quotes without escaping it, …
  ['return `"${jsonExpression}"`;', () => 'return `"${escapeQuotes(jsonExpression)}"`;'],
  // … and writes a string starting with `[`, `{` or `"` as it is.
  [
    /if \(jsonExpression\.startsWith\("\["\)\) \{[\s\S]*?if \(jsonExpression\.startsWith\('"'\)\) \{\n\s*return jsonExpression;\n\s*\}\n/,
    () => '',
  ],
];

/** Makes cdktf's HCL renderer escape strings correctly (once per process; JSON output is unaffected). */
export function installHclEscaping(): void {
  if (installed) return;
  let applied = false;
  const { original, patched } = evaluatePatchedModule('cdktf/lib/hcl/render', (source) => {
    let edited = source;
    applied = RENDER_EDITS.every(([what, by]) => {
      const count =
        typeof what === 'string'
          ? edited.split(what).length - 1
          : edited.match(new RegExp(what, 'g'))?.length;
      edited = edited.replace(what, by);
      return count === 1;
    });
    return edited;
  });
  if (!applied) {
    throw new Error(
      'cdktf/lib/hcl/render changed: cannot fix its HCL string escaping; synthesize JSON instead',
    );
  }
  // terraform-stack.js calls the renderer through these exports.
  Object.assign(original, patched);
  installed = true;
}

/**
 * Indents HCL by nesting (two spaces) and unquotes the references in depends_on, ignore_changes and
 * replace_triggered_by. Every string the renderer
 * writes is quoted on one line (no heredocs), so each line holds whole strings.
 */
export function tidyHcl(text: string): string {
  const out: string[] = [];
  // What each open bracket holds: a block's body (attributes) or an expression (a list, an object).
  const open: ('body' | 'expression')[] = [];
  let inReferenceList = false;
  let blank = false;
  for (const raw of text.split('\n')) {
    let line = raw.trim();
    if (line === '') {
      if (!blank && out.length > 0 && open.length === 0) out.push('');
      blank = true;
      continue;
    }
    blank = false;
    if (inReferenceList) line = line.replace(/^"(?:\$\{)?([A-Za-z0-9_.-]+)\}?"(,?)$/, '$1$2');
    if (REFERENCE_LIST.test(line)) inReferenceList = true;
    const { opens, closes, leadingCloses } = nesting(line);
    open.splice(Math.max(0, open.length - leadingCloses));
    if (open[open.length - 1] === 'body') line = unwrapInterpolationOnly(line);
    out.push(`${'  '.repeat(open.length)}${line}`);
    const net = opens - (closes - leadingCloses);
    if (net < 0) open.splice(Math.max(0, open.length + net));
    for (let i = 0; i < net; i++) open.push(net === 1 && BLOCK_HEADER.test(line) ? 'body' : 'expression');
    if (inReferenceList && line.startsWith(']')) inReferenceList = false;
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}

/**
 * Meta-arguments whose items are references or attribute names, not strings: quoted, terraform warns
 * "Quoted references are deprecated". cdktf writes each item on a line of its own.
 */
const REFERENCE_LIST = /^(?:depends_on|ignore_changes|replace_triggered_by) = \[$/;

/** `resource "aws_lb" "alb" {`, `default_action {`: a block opens (an attribute has `=`). */
const BLOCK_HEADER = /^[A-Za-z_][\w-]*(?: (?:"(?:[^"\\]|\\.)*"|[A-Za-z_][\w-]*))* \{$/;

/**
 * `name = "${expr}"` → `name = expr`, as `terraform fmt` writes an attribute whose string is one
 * interpolation and nothing else (a list element or an object's item keeps its quotes, as fmt leaves them).
 */
export function unwrapInterpolationOnly(line: string): string {
  const m = /^([A-Za-z_][\w-]* = )"\$\{(.*)\}"$/.exec(line);
  if (!m) return line;
  // The interpolation must close at the end, not earlier (`"${a}-${b}"` is a template, not one value).
  return expressionEnd(`${m[2]}}`, 0) === m[2].length + 1 ? `${m[1]}${m[2]}` : line;
}

/** Index past the `}` that closes a template sequence whose expression starts at `i`, or -1. */
function expressionEnd(s: string, i: number): number {
  let depth = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') {
      i = stringEnd(s, i + 1);
      if (i < 0) return -1;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && depth-- === 0) return i + 1;
    i++;
  }
  return -1;
}

/** Index past the `"` that closes a quoted template starting at `i` (after its opening quote), or -1. */
function stringEnd(s: string, i: number): number {
  while (i < s.length) {
    const c = s[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else if ((c === '$' || c === '%') && s[i + 1] === c && s[i + 2] === '{') i += 3;
    else if ((c === '$' || c === '%') && s[i + 1] === '{') {
      i = expressionEnd(s, i + 2);
      if (i < 0) return -1;
    } else i++;
  }
  return -1;
}

/**
 * Brackets that open and close blocks, lists and objects on a line, outside quoted strings: a string may
 * hold template sequences (`${…}`, `%{…}`, not the escapes `$${`, `%%{`), which may hold strings again.
 */
function nesting(line: string): { opens: number; closes: number; leadingCloses: number } {
  let opens = 0;
  let closes = 0;
  // Innermost last: 'string' inside quotes, a number inside a template sequence (its open braces).
  const stack: ('string' | number)[] = [];
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    const top = stack[stack.length - 1];
    if (top === 'string') {
      if (c === '\\') i++;
      else if (c === '"') stack.pop();
      else if ((c === '$' || c === '%') && line[i + 1] === c && line[i + 2] === '{') i += 2;
      else if ((c === '$' || c === '%') && line[i + 1] === '{') {
        stack.push(0);
        i++;
      }
    } else if (top !== undefined) {
      if (c === '"') stack.push('string');
      else if (c === '{') stack[stack.length - 1] = top + 1;
      else if (c === '}') {
        if (top === 0) stack.pop();
        else stack[stack.length - 1] = top - 1;
      }
    } else if (c === '"') stack.push('string');
    else if (c === '{' || c === '[' || c === '(') opens++;
    else if (c === '}' || c === ']' || c === ')') closes++;
  }
  const leadingCloses = /^[}\])]+/.exec(line)?.[0].length ?? 0;
  return { opens, closes, leadingCloses };
}

/** Tidies every `stacks/<stack>/cdk.tf` under `outdir`. */
export function tidyHclFiles(outdir: string): void {
  const stacksDir = join(outdir, 'stacks');
  if (!existsSync(stacksDir)) return;
  for (const stack of readdirSync(stacksDir)) {
    const file = join(stacksDir, stack, 'cdk.tf');
    if (existsSync(file)) writeFileSync(file, tidyHcl(readFileSync(file, 'utf8')));
  }
}

/**
 * Formats HCL as `terraform fmt` does. The formatter's time grows faster than the text (1.2 MB: 4.3 s
 * whole, 1.4 s in ~20 kB pieces), so it formats groups of top-level blocks, which it aligns independently
 * anyway: the result is the same text.
 */
export async function formatHcl(text: string): Promise<string> {
  const { format } = require('@cdktf/hcl-tools') as typeof import('@cdktf/hcl-tools');
  let out = '';
  for (const piece of topLevelPieces(text, 20_000)) out += await format(piece);
  return out;
}

/** The text cut before top-level blocks (a line starting a block at column 0 after a closing `}` line). */
function topLevelPieces(text: string, size: number): string[] {
  const lines = text.split('\n');
  const pieces: string[] = [];
  let start = 0;
  let length = 0;
  for (let i = 0; i < lines.length; i++) {
    if (length >= size && i > 0 && lines[i - 1] === '}' && /^[A-Za-z]/.test(lines[i])) {
      pieces.push(`${lines.slice(start, i).join('\n')}\n`);
      start = i;
      length = 0;
    }
    length += lines[i].length + 1;
  }
  pieces.push(lines.slice(start).join('\n'));
  return pieces;
}

/** Formats every `stacks/<stack>/cdk.tf` under `outdir`; `onStack` hears of each before it is formatted. */
export async function formatHclFiles(outdir: string, onStack?: (stack: string) => void): Promise<void> {
  const stacksDir = join(outdir, 'stacks');
  if (!existsSync(stacksDir)) return;
  for (const stack of readdirSync(stacksDir).sort()) {
    const file = join(stacksDir, stack, 'cdk.tf');
    if (!existsSync(file)) continue;
    onStack?.(stack);
    writeFileSync(file, await formatHcl(readFileSync(file, 'utf8')));
  }
}

/** After `app.synth()` writes HCL, tidy the files it wrote. */
export function tidyAfterSynth(app: App, outdir: string): void {
  const synth = app.synth.bind(app);
  app.synth = () => {
    synth();
    tidyHclFiles(outdir);
  };
}
