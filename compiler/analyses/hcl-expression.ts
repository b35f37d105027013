/**
 * Reads the HCL expressions stacks write for JSON documents — `${jsonencode({"Version" = "2012-10-17", …})}`
 * for IAM policies and ECS container definitions — back into plain values, so the checks and `diff` see the
 * document. References and function calls inside it stay opaque strings (`${aws_x.y.arn}`), as they would in
 * Terraform JSON. Anything it cannot read returns undefined.
 */

/** `${jsonencode(<expr>)}` → the value of `<expr>`; other strings → undefined. */
export function parseJsonencode(text: string): unknown {
  const m = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(text.trim());
  if (!m) return undefined;
  try {
    const p = new Parser(m[1]);
    const value = p.value();
    p.skipSpace();
    return p.atEnd() ? value : undefined;
  } catch {
    return undefined;
  }
}

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  atEnd(): boolean {
    return this.i >= this.s.length;
  }

  skipSpace(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  value(): unknown {
    this.skipSpace();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.tuple();
    if (c === '"') return this.string();
    return this.bare();
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++; // {
    for (;;) {
      this.skipSeparators();
      if (this.s[this.i] === '}') {
        this.i++;
        return out;
      }
      const key = this.s[this.i] === '"' ? this.string() : this.identifier();
      this.skipSpace();
      if (this.s[this.i] !== '=' && this.s[this.i] !== ':') throw new Error(`expected = at ${this.i}`);
      this.i++;
      out[key] = this.value();
    }
  }

  private tuple(): unknown[] {
    const out: unknown[] = [];
    this.i++; // [
    for (;;) {
      this.skipSeparators();
      if (this.s[this.i] === ']') {
        this.i++;
        return out;
      }
      out.push(this.value());
    }
  }

  private skipSeparators(): void {
    while (this.i < this.s.length && (/\s/.test(this.s[this.i]) || this.s[this.i] === ',')) this.i++;
    if (this.atEnd()) throw new Error('unexpected end');
  }

  private identifier(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.s.slice(this.i));
    if (!m) throw new Error(`expected a key at ${this.i}`);
    this.i += m[0].length;
    return m[0];
  }

  /** A quoted template: escapes decoded, `${…}` / `%{…}` kept as written (they are Terraform's to evaluate). */
  private string(): string {
    let out = '';
    this.i++; // opening quote
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c === '\\') {
        const e = this.s[this.i + 1];
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
        if (e in simple) {
          out += simple[e];
          this.i += 2;
        } else if (e === 'u') {
          out += String.fromCharCode(parseInt(this.s.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
        } else throw new Error(`unknown escape at ${this.i}`);
        continue;
      }
      if ((c === '$' || c === '%') && this.s[this.i + 1] === c && this.s[this.i + 2] === '{') {
        out += `${c}{`; // $${ and %%{ are literal
        this.i += 3;
        continue;
      }
      if ((c === '$' || c === '%') && this.s[this.i + 1] === '{') {
        const end = this.templateEnd(this.i + 2);
        out += this.s.slice(this.i, end);
        this.i = end;
        continue;
      }
      out += c;
      this.i++;
    }
    throw new Error('unterminated string');
  }

  /** The index just past the `}` closing a template sequence that starts at `from` (inside it). */
  private templateEnd(from: number): number {
    let depth = 1;
    let inString = false;
    for (let j = from; j < this.s.length; j++) {
      const c = this.s[j];
      if (inString) {
        if (c === '\\') j++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) return j + 1;
    }
    throw new Error('unterminated template');
  }

  /** A number, true/false/null, or an expression kept opaque as `${…}` (tostring(x) → `${x}`). */
  private bare(): unknown {
    const start = this.i;
    let depth = 0;
    let inString = false;
    for (; this.i < this.s.length; this.i++) {
      const c = this.s[this.i];
      if (inString) {
        if (c === '\\') this.i++;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') inString = true;
      else if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c)) {
        if (depth === 0) break;
        depth--;
      } else if (c === ',' && depth === 0) break;
    }
    const raw = this.s.slice(start, this.i).trim();
    if (raw === '') throw new Error(`expected a value at ${start}`);
    if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(raw)) return Number(raw);
    if (raw === 'true' || raw === 'false') return raw === 'true';
    if (raw === 'null') return null;
    const tostring = /^tostring\(([\s\S]*)\)$/.exec(raw);
    return `\${${tostring ? tostring[1].trim() : raw}}`;
  }
}
