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
 * - nothing is indented and depends_on lists hold quoted references (deprecated since Terraform 0.12):
 *   `tidyHcl` indents by nesting and unquotes them.
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
 * Indents HCL by nesting (two spaces) and unquotes depends_on references. Every string the renderer
 * writes is quoted on one line (no heredocs), so each line holds whole strings.
 */
export function tidyHcl(text: string): string {
  const out: string[] = [];
  let depth = 0;
  let inDependsOn = false;
  let blank = false;
  for (const raw of text.split('\n')) {
    let line = raw.trim();
    if (line === '') {
      if (!blank && out.length > 0 && depth === 0) out.push('');
      blank = true;
      continue;
    }
    blank = false;
    if (inDependsOn) line = line.replace(/^"([A-Za-z0-9_.-]+)"(,?)$/, '$1$2');
    if (/^depends_on = \[$/.test(line)) inDependsOn = true;
    const { opens, closes, leadingCloses } = nesting(line);
    out.push(`${'  '.repeat(Math.max(0, depth - leadingCloses))}${line}`);
    depth = Math.max(0, depth + opens - closes);
    if (inDependsOn && line.startsWith(']')) inDependsOn = false;
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
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

/** After `app.synth()` writes HCL, tidy the files it wrote. */
export function tidyAfterSynth(app: App, outdir: string): void {
  const synth = app.synth.bind(app);
  app.synth = () => {
    synth();
    tidyHclFiles(outdir);
  };
}
