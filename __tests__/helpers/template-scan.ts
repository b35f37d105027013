/**
 * Reads Terraform templates the way Terraform's scanner does (hashicorp/hcl hclsyntax/scan_tokens.rl), for
 * tests that ask which parts of a synthesized string Terraform would evaluate:
 * - `scanTemplate(text)`: a JSON string of a `.tf.json` file, as a template: its literal text (escapes
 *   `$${` / `%%{` read as `${` / `%{`) and its template sequences (`${…}`, `%{…}`, as written);
 * - `scanHcl(text)`: a native-syntax file (`cdk.tf`): the text outside quoted strings (the structure), and
 *   each quoted string read as a template (with its `\` escapes decoded).
 * A `$` before `${` reads as the escape `$${` (the scanner's `'$' TemplateInterp`), so `a$` + `${x}` is
 * literal text: the property the escaping of a trailing `$` exists for.
 */

export interface ScannedTemplate {
  /** The literal text, escapes decoded; each sequence stands as U+FFFC. */
  literal: string;
  /** Every interpolation and directive, as written (nested ones inside their outer one). */
  sequences: string[];
  /**
   * What Terraform evaluates: each sequence, at any depth, as its opener (`${` or `%{`) and its expression
   * text with the contents of its string literals left out (`""`): a string literal inside an expression is
   * a template again, whose own sequences are listed too.
   */
  code: string[];
  /** The literal text of the template and of every string literal inside its sequences. */
  texts: string[];
}

export const SEQUENCE_PLACEHOLDER = '\uFFFC';

/** `text` (the value of a JSON string) as a template. */
export function scanTemplate(text: string): ScannedTemplate {
  return new Scanner(text, false).template(undefined);
}

export interface ScannedHcl {
  /** Everything outside quoted strings. */
  structure: string;
  strings: ScannedTemplate[];
}

/** A native-syntax file: its structure and its quoted strings. Heredocs are structure here (none expected). */
export function scanHcl(text: string): ScannedHcl {
  const s = new Scanner(text, true);
  let structure = '';
  const strings: ScannedTemplate[] = [];
  while (!s.atEnd()) {
    const c = s.peek();
    if (c === '"') {
      s.advance();
      strings.push(s.template('"'));
    } else {
      structure += c;
      s.advance();
    }
  }
  return { structure, strings };
}

class Scanner {
  private i = 0;
  /** Shared by the scanners of nested strings: code and literal texts at every depth. */
  private code: string[] = [];
  private texts: string[] = [];
  constructor(
    private readonly s: string,
    /** Inside quoted HCL strings `\` escapes apply; in a JSON string's value they are already decoded. */
    private quotedEscapes: boolean,
  ) {}

  atEnd(): boolean {
    return this.i >= this.s.length;
  }

  peek(offset = 0): string {
    return this.s[this.i + offset] ?? '';
  }

  advance(n = 1): void {
    this.i += n;
  }

  /** Literal text and sequences up to `end` (a closing quote) or the end of the text. */
  template(end: '"' | undefined): ScannedTemplate {
    const outer = { code: this.code, texts: this.texts };
    this.code = [];
    this.texts = [];
    const done = (literal: string, sequences: string[]): ScannedTemplate => {
      const result = { literal, sequences, code: this.code, texts: [literal, ...this.texts] };
      outer.code.push(...result.code);
      outer.texts.push(...result.texts);
      this.code = outer.code;
      this.texts = outer.texts;
      return result;
    };
    let literal = '';
    const sequences: string[] = [];
    while (!this.atEnd()) {
      const c = this.peek();
      if (end !== undefined && c === end) {
        this.advance();
        return done(literal, sequences);
      }
      if ((c === '$' || c === '%') && this.peek(1) === c && this.peek(2) === '{') {
        literal += `${c}{`;
        this.advance(3);
      } else if ((c === '$' || c === '%') && this.peek(1) === '{') {
        const start = this.i;
        this.advance(2);
        this.expression(`${c}{`);
        sequences.push(this.s.slice(start, this.i));
        literal += SEQUENCE_PLACEHOLDER;
      } else if (c === '\\' && this.quotedEscapes) {
        literal += this.escape();
      } else {
        literal += c;
        this.advance();
      }
    }
    if (end !== undefined) throw new Error('unterminated string');
    return done(literal, sequences);
  }

  /** An expression up to and including the `}` that closes its sequence; its code outside strings noted. */
  private expression(opener: string): void {
    let depth = 0;
    let code = opener;
    while (!this.atEnd()) {
      const c = this.peek();
      this.advance();
      if (c === '"') {
        // A string literal in an expression: a quoted template, with `\` escapes.
        const quoted = this.quotedEscapes;
        this.quotedEscapes = true;
        this.template('"');
        this.quotedEscapes = quoted;
        code += '""';
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}') {
        if (depth === 0) {
          this.code.push(code);
          return;
        }
        depth--;
      }
      code += c;
    }
    throw new Error('unterminated template sequence');
  }

  private escape(): string {
    const e = this.peek(1);
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
    if (e in simple) {
      this.advance(2);
      return simple[e];
    }
    if (e === 'u' || e === 'U') {
      const len = e === 'u' ? 4 : 8;
      const hex = this.s.slice(this.i + 2, this.i + 2 + len);
      this.advance(2 + len);
      return String.fromCodePoint(parseInt(hex, 16));
    }
    throw new Error(`unknown escape \\${e}`);
  }
}

/** The functions dropship's own expressions call: a payload must call another (file, templatefile, …). */
const DROPSHIP_FUNCTIONS = new Set([
  'jsonencode',
  'tostring',
  'one',
  'element',
  'split',
  'join',
  'cidrsubnet',
]);

/**
 * Why a piece of code (a `code` entry, or HCL structure) cannot be one dropship wrote: a directive, or a
 * call of a function dropship never calls. Undefined when it could be.
 */
export function foreignCode(code: string): string | undefined {
  if (code.startsWith('%{')) return 'a directive';
  const call = [...code.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)].find(
    (m) => !DROPSHIP_FUNCTIONS.has(m[1]),
  );
  return call ? `a call of ${call[1]}()` : undefined;
}

/**
 * Every string and object key of a parsed `cdk.tf.json` that Terraform reads as a template, with its path:
 * not the `terraform` block (read literally), output descriptions (literal), nor `//` comments
 * (developer.hashicorp.com/terraform/language/syntax/json).
 */
export function templateStrings(doc: Record<string, unknown>): [string[], string][] {
  const out: [string[], string][] = [];
  for (const [block, value] of Object.entries(doc)) {
    if (block === 'terraform' || block === '//') continue;
    if (block === 'output') {
      for (const [name, body] of Object.entries(value as Record<string, Record<string, unknown>>))
        jsonStrings(body.value, [block, name, 'value'], out);
      continue;
    }
    jsonStrings(value, [block], out);
  }
  return out;
}

/** Every string and object key of a parsed JSON document, with its path (`//` comments left out). */
export function jsonStrings(
  value: unknown,
  path: string[] = [],
  out: [string[], string][] = [],
): [string[], string][] {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => jsonStrings(v, [...path, String(i)], out));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (k === '//') continue;
      out.push([[...path, `<key>`], k]);
      jsonStrings(v, [...path, k], out);
    }
  return out;
}
