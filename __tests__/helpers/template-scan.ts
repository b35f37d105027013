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
}

export const SEQUENCE_PLACEHOLDER = '\uFFFC';

/** `text` (the value of a JSON string) as a template. */
export function scanTemplate(text: string): ScannedTemplate {
  const s = new Scanner(text, false);
  const out = s.template(undefined);
  return out;
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
  constructor(
    private readonly s: string,
    /** Inside quoted HCL strings `\` escapes apply; in a JSON string's value they are already decoded. */
    private readonly quotedEscapes: boolean,
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
    let literal = '';
    const sequences: string[] = [];
    while (!this.atEnd()) {
      const c = this.peek();
      if (end !== undefined && c === end) {
        this.advance();
        return { literal, sequences };
      }
      if ((c === '$' || c === '%') && this.peek(1) === c && this.peek(2) === '{') {
        literal += `${c}{`;
        this.advance(3);
      } else if ((c === '$' || c === '%') && this.peek(1) === '{') {
        const start = this.i;
        this.advance(2);
        this.expression();
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
    return { literal, sequences };
  }

  /** An expression up to and including the `}` that closes its sequence. */
  private expression(): void {
    let depth = 0;
    while (!this.atEnd()) {
      const c = this.peek();
      this.advance();
      if (c === '"') {
        const inner = new Scanner(this.s, true);
        inner.i = this.i;
        inner.template('"');
        this.i = inner.i;
      } else if (c === '{') depth++;
      else if (c === '}') {
        if (depth === 0) return;
        depth--;
      }
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

/** Every string and object key of a parsed JSON document, with its path. */
export function jsonStrings(
  value: unknown,
  path: string[] = [],
  out: [string[], string][] = [],
): [string[], string][] {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => jsonStrings(v, [...path, String(i)], out));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      out.push([[...path, `<key>`], k]);
      jsonStrings(v, [...path, k], out);
    }
  return out;
}
