/**
 * HCL output (`dropship synth --hcl`). cdktf 0.21 renders it, with defects this module works around so the
 * files are valid, readable Terraform:
 * - a string that contains a `${…}` reference is written without escaping its quotes
 *   (hashicorp/terraform-cdk#3911), so every JSON document with a reference — IAM and KMS policies, ECS
 *   container definitions — is a syntax error. `installHclEscaping` replaces cdktf's escaping function with
 *   one that escapes `\` and `"` outside template sequences and leaves `${…}` / `%{…}` untouched;
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

/** Makes cdktf's HCL renderer escape strings correctly (once per process; JSON output is unaffected). */
export function installHclEscaping(): void {
  if (installed) return;
  const ours = escapeHclTemplate.toString().replace(/^function\s+escapeHclTemplate/, 'function escapeQuotes');
  let applied = false;
  const { original, patched } = evaluatePatchedModule('cdktf/lib/hcl/render', (source) => {
    const edited = source
      .replace(/function escapeQuotes\(str\) \{[\s\S]*?\n\}/, () => ours)
      // The untyped-value path wraps any string holding a reference in quotes without escaping it.
      .replace('return `"${jsonExpression}"`;', () => 'return `"${escapeQuotes(jsonExpression)}"`;');
    applied = edited.includes(ours);
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

/** Indents HCL by nesting (two spaces, heredoc bodies untouched) and unquotes depends_on references. */
export function tidyHcl(text: string): string {
  const out: string[] = [];
  let depth = 0;
  let heredocEnd: string | undefined;
  let inDependsOn = false;
  let blank = false;
  for (const raw of text.split('\n')) {
    if (heredocEnd !== undefined) {
      out.push(raw);
      if (raw.trim() === heredocEnd) heredocEnd = undefined;
      continue;
    }
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
    const heredoc = /<<-?([A-Za-z_]+)$/.exec(line);
    if (heredoc) heredocEnd = heredoc[1];
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}

/** Brackets that open and close blocks, lists and objects on a line, outside quoted strings. */
function nesting(line: string): { opens: number; closes: number; leadingCloses: number } {
  let opens = 0;
  let closes = 0;
  let inString = false;
  let template = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      if (c === '\\') i++;
      else if (template === 0 && c === '"') inString = false;
      else if ((c === '$' || c === '%') && line[i + 1] === '{') {
        template++;
        i++;
      } else if (template > 0 && c === '{') template++;
      else if (template > 0 && c === '}') template--;
      continue;
    }
    if (c === '"') inString = true;
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
