/**
 * A fast reader for the plain block-style subset of YAML that migration.yaml files are written in: block
 * mappings and sequences, plain and quoted scalars, one-line flow collections and comments. It returns
 * exactly what `yaml` would (YAML 1.2 core schema) or `undefined` ("not sure"), and the loader then uses
 * `yaml`. Anything outside the subset — anchors, aliases, tags, block scalars, multi-line scalars, merge
 * keys, complex keys, directives, tabs, duplicate keys, numbers other than plain decimals — is "not sure".
 *
 * Why: building `yaml`'s document with positions costs ~0.6 s of CPU for a 1,000-app file, before zod
 * starts; this reader takes a tenth of that. Positions are only needed when there is a diagnostic, and then
 * the loader parses again with `yaml` (see load.ts).
 */

/** Thrown inside the reader for "not in the subset"; never escapes `readSimpleYaml`. */
class NotSimple extends Error {}

type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

interface Line {
  indent: number;
  /** The line without its indentation (comments still in). */
  text: string;
}

/** Deeper than this is not a hand-written migration.yaml: leave it to yaml (and its resource limits). */
const MAX_DEPTH = 64;
const MAX_INDENT = 256;

const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`]/;

/** A plain scalar may start with `-`, `?` or `:` only when a non-space character follows (`--bind`, `::/0`). */
function badPlainStart(text: string, flow: boolean): boolean {
  if (/^[-?:]/.test(text)) {
    const next = text[1];
    return next === undefined || next === ' ' || (flow && /[,[\]{}]/.test(next));
  }
  return INDICATOR_START.test(text);
}

export function readSimpleYaml(source: string): Record<string, unknown> | undefined {
  try {
    return new Reader(source).document();
  } catch (err) {
    if (err instanceof NotSimple) return undefined;
    throw err;
  }
}

class Reader {
  private readonly lines: Line[] = [];
  private index = 0;

  constructor(source: string) {
    if (source.includes('\r') && /\r(?!\n)/.test(source)) throw new NotSimple();
    for (const raw of source.split(/\r?\n/)) {
      const indent = leadingSpaces(raw);
      const text = raw.slice(indent);
      if (text.startsWith('\t')) throw new NotSimple(); // tabs in indentation: let yaml report it
      if (text.trim() === '' || text.startsWith('#')) continue; // blank and comment-only lines
      if (/^(---|\.\.\.)(\s|$)/.test(text) || (indent === 0 && text.startsWith('%'))) throw new NotSimple();
      this.lines.push({ indent, text: trimEndBlanks(text) });
    }
  }

  document(): Record<string, unknown> {
    if (this.lines.length === 0 || this.lines[0].indent !== 0 || isSeqItem(this.lines[0].text)) {
      throw new NotSimple(); // empty or not a mapping: the full parser words the diagnostic
    }
    const value = this.mapping(0);
    if (this.index !== this.lines.length) throw new NotSimple();
    return value;
  }

  private peek(): Line | undefined {
    return this.lines[this.index];
  }

  private mapping(indent: number): Record<string, Value> {
    if (indent > MAX_INDENT) throw new NotSimple();
    const out: Record<string, Value> = {};
    for (
      let line = this.peek();
      line && line.indent === indent && !isSeqItem(line.text);
      line = this.peek()
    ) {
      const { key, rest } = splitKey(line.text);
      if (Object.prototype.hasOwnProperty.call(out, key) || key === '<<' || key === '__proto__') {
        throw new NotSimple();
      }
      this.index++;
      out[key] = this.valueAfterKey(rest, indent);
    }
    const next = this.peek();
    if (next && next.indent > indent) throw new NotSimple();
    return out;
  }

  private valueAfterKey(rest: string, indent: number): Value {
    const inline = lineValue(rest);
    if (inline.present) {
      const value = inline.value;
      const next = this.peek();
      if (next && next.indent > indent) throw new NotSimple(); // a continuation line: multi-line scalar
      return value;
    }
    const next = this.peek();
    if (!next || next.indent < indent) return null;
    if (next.indent === indent) return isSeqItem(next.text) ? this.sequence(indent) : null;
    return isSeqItem(next.text) ? this.sequence(next.indent) : this.mapping(next.indent);
  }

  private sequence(indent: number): Value[] {
    if (indent > MAX_INDENT) throw new NotSimple();
    const out: Value[] = [];
    for (let line = this.peek(); line && line.indent === indent && isSeqItem(line.text); line = this.peek()) {
      const after = line.text.slice(1);
      const gap = after.length - after.replace(/^ +/, '').length;
      const content = after.slice(gap);
      if (content === '' || content.startsWith('#') || isSeqItem(content)) throw new NotSimple();
      if (startsMapping(content)) {
        // `- key: value` starts a mapping whose keys line up with `key`.
        this.lines[this.index] = { indent: indent + 1 + gap, text: content };
        out.push(this.mapping(indent + 1 + gap));
      } else {
        this.index++;
        out.push(lineValue(content).value);
        const next = this.peek();
        if (next && next.indent > indent) throw new NotSimple();
      }
    }
    const next = this.peek();
    if (next && next.indent > indent) throw new NotSimple();
    return out;
  }
}

/** How many spaces the string starts with (a loop: this runs for every line of a 1 MB file). */
function leadingSpaces(s: string): number {
  let i = 0;
  while (s.charCodeAt(i) === 32) i++;
  return i;
}

/** The string without trailing spaces and tabs. */
function trimEndBlanks(s: string): string {
  let end = s.length;
  for (let c = s.charCodeAt(end - 1); c === 32 || c === 9; c = s.charCodeAt(end - 1)) end--;
  return end === s.length ? s : s.slice(0, end);
}

function isSeqItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

/** True when the text is `key: ...` (a plain or quoted key followed by a colon and a space or the end). */
function startsMapping(text: string): boolean {
  if (text.startsWith('"') || text.startsWith("'")) {
    const end = quotedEnd(text, 0);
    return end > 0 && /^:( |$)/.test(text.slice(end));
  }
  if (INDICATOR_START.test(text)) return false;
  return /^[^#]*?:( |$)/.test(text) && !/ #/.test(text.slice(0, text.search(/:( |$)/)));
}

function splitKey(text: string): { key: string; rest: string } {
  let key: string;
  let after: number;
  if (text.startsWith('"') || text.startsWith("'")) {
    after = quotedEnd(text, 0);
    if (after < 0) throw new NotSimple();
    key = unquote(text.slice(0, after));
  } else {
    if (INDICATOR_START.test(text)) throw new NotSimple();
    const colon = text.search(/:( |$)/);
    if (colon <= 0) throw new NotSimple();
    const raw = text.slice(0, colon);
    if (/ #|\t/.test(raw)) throw new NotSimple();
    key = raw.replace(/ +$/, '');
    if (typeof plainScalar(key) !== 'string') throw new NotSimple(); // 1:, true:, null: keys
    after = colon;
  }
  if (!/^:( |$)/.test(text.slice(after))) throw new NotSimple();
  return { key, rest: text.slice(after + 1) };
}

/**
 * The value written on the same line as its key or dash, and whether there is one: a flow collection or a
 * quoted scalar (then only a comment may follow), or a plain scalar (which a ` #` ends).
 */
function lineValue(rest: string): { present: boolean; value: Value } {
  const text = rest.slice(leadingSpaces(rest));
  if (text === '' || text.startsWith('#')) return { present: false, value: null };
  const c = text[0];
  if (c === '[' || c === '{' || c === '"' || c === "'") {
    const flow = new FlowReader(text);
    const value = flow.node();
    flow.endOfLine();
    return { present: true, value };
  }
  const comment = text.search(/[ \t]#/);
  const plain = trimEndBlanks(comment < 0 ? text : text.slice(0, comment));
  if (badPlainStart(plain, false) || /: |:$|\t/.test(plain)) throw new NotSimple();
  return { present: true, value: plainScalar(plain) };
}

/** The YAML 1.2 core schema for plain scalars, restricted to forms whose value is unambiguous. */
function plainScalar(text: string): Value {
  // Most scalars start with a letter that no null, boolean or number starts with: a string, at once.
  if (/^[a-eg-mo-su-zA-EG-MO-SU-Z_/]/.test(text)) return text;
  if (/^(null|Null|NULL|~)$/.test(text)) return null;
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  if (/^[-+]?[0-9]+$/.test(text)) {
    const n = Number(text);
    if (!Number.isSafeInteger(n)) throw new NotSimple();
    return n;
  }
  if (/^[-+]?(\.[0-9]+|[0-9]+\.[0-9]*)$/.test(text)) return Number(text);
  // Other numeric forms (0x.., 0o.., exponents, .inf, .nan): leave them to yaml.
  if (/^[-+]?(\.|[0-9])/.test(text) && /^[-+]?(\.(inf|Inf|INF|nan|NaN|NAN)|0x|0o|[0-9.]+[eE])/.test(text)) {
    throw new NotSimple();
  }
  return text;
}

function quotedEnd(text: string, start: number): number {
  const q = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (q === '"' && text[i] === '\\') i++;
    else if (text[i] === q) {
      if (q === "'" && text[i + 1] === "'") i++;
      else return i + 1;
    }
  }
  return -1;
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

function unquote(token: string): string {
  const body = token.slice(1, -1);
  if (token[0] === "'") return body.replace(/''/g, "'");
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e.length > 1) {
      const code = parseInt(e.slice(1), 16);
      if (code >= 0xd800 && code <= 0xdfff) throw new NotSimple();
      return String.fromCharCode(code);
    }
    const out = ESCAPES[e];
    if (out === undefined) throw new NotSimple();
    return out;
  });
}

/** One-line flow collections: `[a, "b", { c: 1 }]`. */
class FlowReader {
  private i = 0;
  constructor(private readonly text: string) {}

  /** After the node: nothing, or a comment after whitespace. */
  endOfLine(): void {
    const rest = this.text.slice(this.i);
    if (rest.trim() !== '' && !/^[ \t]+#/.test(rest)) throw new NotSimple();
  }

  private depth = 0;

  node(): Value {
    if (++this.depth > MAX_DEPTH) throw new NotSimple(); // deep nesting: yaml reports it properly
    try {
      return this.nodeAt();
    } finally {
      this.depth--;
    }
  }

  private nodeAt(): Value {
    this.space();
    const c = this.text[this.i];
    if (c === '[') return this.seq();
    if (c === '{') return this.map();
    if (c === '"' || c === "'") {
      const end = quotedEnd(this.text, this.i);
      if (end < 0) throw new NotSimple();
      const value = unquote(this.text.slice(this.i, end));
      this.i = end;
      return value;
    }
    return this.plain();
  }

  private plain(): Value {
    const start = this.i;
    while (this.i < this.text.length && !/[,[\]{}]/.test(this.text[this.i])) this.i++;
    const raw = this.text.slice(start, this.i).trim();
    if (raw === '' || badPlainStart(raw, true) || raw.includes(':') || raw.includes(' #')) {
      throw new NotSimple();
    }
    return plainScalar(raw);
  }

  private seq(): Value[] {
    this.i++; // [
    const out: Value[] = [];
    this.space();
    if (this.text[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.node());
      this.space();
      const c = this.text[this.i++];
      if (c === ']') return out;
      if (c !== ',') throw new NotSimple();
      this.space();
      if (this.text[this.i] === ']') throw new NotSimple(); // trailing comma: leave to yaml
    }
  }

  private map(): Record<string, Value> {
    this.i++; // {
    const out: Record<string, Value> = {};
    this.space();
    if (this.text[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.space();
      const key = this.key();
      if (Object.prototype.hasOwnProperty.call(out, key) || key === '<<' || key === '__proto__') {
        throw new NotSimple();
      }
      out[key] = this.node();
      this.space();
      const c = this.text[this.i++];
      if (c === '}') return out;
      if (c !== ',') throw new NotSimple();
      this.space();
      if (this.text[this.i] === '}') throw new NotSimple();
    }
  }

  /** `key: ` inside a flow mapping (the colon must be followed by a space). */
  private key(): string {
    let key: string;
    const c = this.text[this.i];
    if (c === '"' || c === "'") {
      const end = quotedEnd(this.text, this.i);
      if (end < 0) throw new NotSimple();
      key = unquote(this.text.slice(this.i, end));
      this.i = end;
    } else {
      const start = this.i;
      while (this.i < this.text.length && !/[,[\]{}:]/.test(this.text[this.i])) this.i++;
      const raw = this.text.slice(start, this.i).trim();
      if (raw === '' || INDICATOR_START.test(raw) || raw.includes(' #')) throw new NotSimple();
      if (typeof plainScalar(raw) !== 'string') throw new NotSimple();
      key = raw;
    }
    if (this.text[this.i] !== ':' || this.text[this.i + 1] !== ' ') throw new NotSimple();
    this.i += 2;
    return key;
  }

  private space(): void {
    while (this.text[this.i] === ' ') this.i++;
  }
}
