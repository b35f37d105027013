/**
 * A fast reader for the plain block-style subset of YAML that migration.yaml files are written in: block
 * mappings and sequences, plain and quoted scalars, one-line flow collections and comments. It returns
 * exactly what load-positions.ts reads with `yaml` (YAML 1.2 core schema; unquoted numbers and booleans as
 * PlainScalar, see plain-scalar.ts) or `undefined` ("not sure"), and the loader then uses `yaml`. Anything
 * outside the subset — anchors, aliases, tags, block scalars, multi-line scalars, merge keys, complex keys,
 * directives, tabs, duplicate keys, numbers other than plain decimals, a byte-order mark, more than MAX_NODES
 * nodes — is "not sure".
 *
 * Why: building `yaml`'s document with positions costs ~0.6 s of CPU for a 1,000-app file, before zod
 * starts; this reader takes a tenth of that. Positions are only needed when there is a diagnostic, and then
 * the loader parses again with `yaml` (see load.ts).
 */

import { PlainScalar } from './plain-scalar';

/** Thrown inside the reader for "not in the subset"; never escapes `readSimpleYaml`. */
class NotSimple extends Error {}

type Value = null | string | PlainScalar | Value[] | { [key: string]: Value };

/**
 * The most YAML nodes (keys, values, list items, collections) a spec may hold, aliases expanded. The 16 MiB
 * input cap does not bound what a document expands to (a flow list of 8 million `1`s fits in it, and ran
 * the positioned loader out of memory); a 1,000-app fleet holds about 103,000 nodes, so this is ten times
 * the largest spec measured.
 */
export const MAX_NODES = 1_000_000;

/** What each character adds to nodeLimitOffset's bound (see there); 0 for the rest. */
const NODE_WEIGHT = new Uint8Array(128);
for (const c of ':,{?') NODE_WEIGHT[c.charCodeAt(0)] = 2;
for (const c of '-[') NODE_WEIGHT[c.charCodeAt(0)] = 1;

/**
 * The offset at which a document may hold more than `limit` nodes, or -1 when it cannot, counted without
 * parsing it. Every node but the root follows a character that starts or separates nodes: a block item
 * follows `-`; a key and its value follow the `:` between them or an explicit `?`; a flow item follows `[`
 * or `,`, a flow pair `{` or `,` (two nodes each). So the weights of these characters bound the count from
 * above (a colon inside a value counts too), and a file of fewer than `limit / 2` characters is never read.
 */
export function nodeLimitOffset(text: string, limit = MAX_NODES): number {
  if (2 * text.length + 1 <= limit) return -1;
  let nodes = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128 && NODE_WEIGHT[c] !== 0) {
      nodes += NODE_WEIGHT[c];
      if (nodes > limit) return i;
    }
  }
  return -1;
}

/** Deeper than this is not a hand-written migration.yaml: leave it to yaml (and its resource limits). */
const MAX_DEPTH = 64;
const MAX_INDENT = 256;

const TAB = 9;
const CR = 13;
const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;
const QUESTION = 63;

// The reader runs once per file in a fresh process, mostly before V8 optimizes it. So it scans by character
// code and keeps offsets into a line rather than slicing it and matching regular expressions on the parts:
// a 1 MB spec then costs a few allocations per line.

/** Character codes that start a YAML indicator: `-?:,[]{}#&*!|>'"%@` and the backquote. */
const INDICATOR = new Uint8Array(128);
for (const c of '-?:,[]{}#&*!|>\'"%@`') INDICATOR[c.charCodeAt(0)] = 1;

/** Characters no null, boolean or number starts with: a plain scalar that starts with one is a string. */
const STRING_START = new Uint8Array(128);
for (const c of 'abcdeghijklmopqrsuvwxyzABCDEGHIJKLMOPQRSUVWXYZ_/') STRING_START[c.charCodeAt(0)] = 1;

/** The string without leading and trailing spaces and tabs (`trim()` would also drop no-break spaces). */
function trimBlanks(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && (s.charCodeAt(start) === SPACE || s.charCodeAt(start) === TAB)) start++;
  while (end > start && (s.charCodeAt(end - 1) === SPACE || s.charCodeAt(end - 1) === TAB)) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

function isIndicator(code: number): boolean {
  return code < 128 && INDICATOR[code] === 1;
}

/** A plain scalar may start with `-`, `?` or `:` only when a non-space character follows (`--bind`, `::/0`). */
function badPlainStart(text: string, flow: boolean): boolean {
  const c = text.charCodeAt(0);
  if (c === DASH || c === QUESTION || c === COLON) {
    const next = text[1];
    return next === undefined || next === ' ' || (flow && /[,[\]{}]/.test(next));
  }
  return isIndicator(c);
}

export function readSimpleYaml(source: string): Record<string, unknown> | undefined {
  try {
    return new Reader(source).document();
  } catch (err) {
    if (err instanceof NotSimple) return undefined;
    throw err;
  }
}

/** What lineValue returns when only a comment, or nothing, follows the key or dash. */
const ABSENT = Symbol('absent');

class Reader {
  /** Per content line (blank and comment-only lines are dropped): its indentation, and its text after it. */
  private readonly indents: number[] = [];
  private readonly texts: string[] = [];
  private index = 0;
  /** Values read so far, against MAX_NODES (flow collections count theirs in FlowReader). */
  private readonly count = { nodes: 0 };

  constructor(source: string) {
    if (source.includes('\r') && /\r(?!\n)/.test(source)) throw new NotSimple();
    if (source.includes('\uFEFF')) throw new NotSimple(); // load-positions.ts says where it is
    const length = source.length;
    for (let start = 0; start <= length;) {
      let end = source.indexOf('\n', start);
      if (end < 0) end = length;
      const lineStart = start;
      start = end + 1;
      if (end > lineStart && source.charCodeAt(end - 1) === CR) end--;
      let i = lineStart;
      while (i < end && source.charCodeAt(i) === SPACE) i++;
      if (i === end) continue; // blank line
      const first = source.charCodeAt(i);
      if (first === TAB) throw new NotSimple(); // tabs in indentation: let yaml report it
      if (first === HASH) continue; // comment-only line
      // Any other character is content, even a no-break space or a form feed (YAML's white space is only
      // spaces and tabs): such a line is not in the subset, and the parser below refuses it.
      // Trailing spaces and tabs are not part of the line's text.
      while (end > i && (source.charCodeAt(end - 1) === SPACE || source.charCodeAt(end - 1) === TAB)) end--;
      const text = source.slice(i, end);
      const indent = i - lineStart;
      if ((first === DASH || first === 46) && /^(---|\.\.\.)(\s|$)/.test(text)) throw new NotSimple();
      if (indent === 0 && first === 37 /* % */) throw new NotSimple(); // a directive
      this.indents.push(indent);
      this.texts.push(text);
    }
  }

  document(): Record<string, unknown> {
    if (this.texts.length === 0 || this.indents[0] !== 0 || isSeqItem(this.texts[0])) {
      throw new NotSimple(); // empty or not a mapping: the full parser words the diagnostic
    }
    const value = this.mapping(0);
    if (this.index !== this.texts.length) throw new NotSimple();
    return value;
  }

  /** The next line's indentation, or -1 at the end. */
  private nextIndent(): number {
    return this.index < this.indents.length ? this.indents[this.index] : -1;
  }

  private mapping(indent: number): Record<string, Value> {
    if (indent > MAX_INDENT) throw new NotSimple();
    const out: Record<string, Value> = {};
    while (this.nextIndent() === indent) {
      const text = this.texts[this.index];
      if (isSeqItem(text)) break;
      const colon = keyEnd(text);
      const key = keyOf(text, colon);
      if (Object.prototype.hasOwnProperty.call(out, key) || key === '<<' || key === '__proto__') {
        throw new NotSimple();
      }
      this.index++;
      counted(this.count, 2);
      out[key] = this.valueAfterKey(text, colon + 1, indent);
    }
    if (this.nextIndent() > indent) throw new NotSimple();
    return out;
  }

  /** The value after a key whose colon ends at `from` in `text`: on the same line, or in the lines below. */
  private valueAfterKey(text: string, from: number, indent: number): Value {
    const inline = lineValue(text, from, this.count);
    if (inline !== ABSENT) {
      if (this.nextIndent() > indent) throw new NotSimple(); // a continuation line: multi-line scalar
      return inline;
    }
    const nextIndent = this.nextIndent();
    if (nextIndent < indent) return null;
    const nextIsItem = isSeqItem(this.texts[this.index]);
    if (nextIndent === indent) return nextIsItem ? this.sequence(indent) : null;
    return nextIsItem ? this.sequence(nextIndent) : this.mapping(nextIndent);
  }

  private sequence(indent: number): Value[] {
    if (indent > MAX_INDENT) throw new NotSimple();
    const out: Value[] = [];
    while (this.nextIndent() === indent) {
      const text = this.texts[this.index];
      if (!isSeqItem(text)) break;
      let start = 1;
      while (text.charCodeAt(start) === SPACE) start++;
      const gap = start - 1;
      counted(this.count, 1);
      if (start === text.length || text.charCodeAt(start) === HASH || isSeqItemAt(text, start)) {
        throw new NotSimple();
      }
      if (startsMapping(text, start)) {
        // `- key: value` starts a mapping whose keys line up with `key`.
        this.indents[this.index] = indent + 1 + gap;
        this.texts[this.index] = text.slice(start);
        out.push(this.mapping(indent + 1 + gap));
      } else {
        this.index++;
        const value = lineValue(text, start, this.count);
        out.push(value === ABSENT ? null : value);
        if (this.nextIndent() > indent) throw new NotSimple();
      }
    }
    if (this.nextIndent() > indent) throw new NotSimple();
    return out;
  }
}

/** Past MAX_NODES the document is not read here: the positioned loader refuses it, located. */
function counted(count: { nodes: number }, nodes: number): void {
  count.nodes += nodes;
  if (count.nodes > MAX_NODES) throw new NotSimple();
}

function isSeqItem(text: string): boolean {
  return isSeqItemAt(text, 0);
}

/** `-` alone or `- ` at `at`. */
function isSeqItemAt(text: string, at: number): boolean {
  return text.charCodeAt(at) === DASH && (at + 1 === text.length || text.charCodeAt(at + 1) === SPACE);
}

/** Whether `text` has a colon at `at` that ends a key: followed by a space or the end of the text. */
function isKeyColon(text: string, at: number): boolean {
  return text.charCodeAt(at) === COLON && (at + 1 === text.length || text.charCodeAt(at + 1) === SPACE);
}

/** True when the text from `from` is `key: ...` (a plain or quoted key followed by a colon and a space or the end). */
function startsMapping(text: string, from: number): boolean {
  const first = text.charCodeAt(from);
  if (first === 34 || first === 39) {
    const end = quotedEnd(text, from);
    return end > 0 && isKeyColon(text, end);
  }
  if (isIndicator(first)) return false;
  // The first key colon, with no `#` before it (a comment would have ended the key).
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === HASH) return false;
    if (c === COLON && isKeyColon(text, i)) return true;
  }
  return false;
}

/** Where the key of a `key: ...` line ends: the index of its colon. */
function keyEnd(text: string): number {
  const first = text.charCodeAt(0);
  if (first === 34 || first === 39) {
    const after = quotedEnd(text, 0);
    if (after < 0 || !isKeyColon(text, after)) throw new NotSimple();
    return after;
  }
  if (isIndicator(first)) throw new NotSimple();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === TAB || (c === HASH && text.charCodeAt(i - 1) === SPACE)) throw new NotSimple();
    if (c === COLON && isKeyColon(text, i)) {
      if (i === 0) throw new NotSimple();
      return i;
    }
  }
  throw new NotSimple();
}

/** The key before the colon at `colon` (quoted keys unquoted, plain keys without trailing spaces). */
function keyOf(text: string, colon: number): string {
  const first = text.charCodeAt(0);
  if (first === 34 || first === 39) return unquote(text.slice(0, colon));
  let end = colon;
  while (text.charCodeAt(end - 1) === SPACE) end--;
  const key = text.slice(0, end);
  if (typeof plainScalar(key) !== 'string') throw new NotSimple(); // 1:, true:, null: keys
  return key;
}

/**
 * The value written from `from` on, after a key's colon or a dash, or ABSENT when there is only a comment or
 * nothing: a flow collection or a quoted scalar (then only a comment may follow), or a plain scalar (which a
 * ` #` ends).
 */
function lineValue(line: string, from: number, count: { nodes: number }): Value | typeof ABSENT {
  let start = from;
  while (line.charCodeAt(start) === SPACE) start++;
  if (start === line.length || line.charCodeAt(start) === HASH) return ABSENT;
  const c = line.charCodeAt(start);
  if (c === TAB) throw new NotSimple(); // `key: \t# c` is null to yaml; leave tabs to it
  if (c === 91 /* [ */ || c === 123 /* { */ || c === 34 || c === 39) {
    const flow = new FlowReader(line.slice(start), count);
    const value = flow.node();
    flow.endOfLine();
    return value;
  }
  // The plain scalar ends at a comment (a `#` after a space or tab), less trailing blanks.
  let end = line.length;
  for (let i = start + 1; i < line.length; i++) {
    if (line.charCodeAt(i) === HASH) {
      const before = line.charCodeAt(i - 1);
      if (before === SPACE || before === TAB) {
        end = i - 1;
        break;
      }
    }
  }
  while (end > start && (line.charCodeAt(end - 1) === SPACE || line.charCodeAt(end - 1) === TAB)) end--;
  const plain = line.slice(start, end);
  if (badPlainStart(plain, false)) throw new NotSimple();
  for (let i = start; i < end; i++) {
    const ch = line.charCodeAt(i);
    if (ch === TAB || (ch === COLON && (i + 1 === end || line.charCodeAt(i + 1) === SPACE))) {
      throw new NotSimple();
    }
  }
  return plainScalar(plain);
}

/** The YAML 1.2 core schema for plain scalars, restricted to forms whose value is unambiguous. */
function plainScalar(text: string): Value {
  // Most scalars start with a letter that no null, boolean or number starts with: a string, at once.
  const first = text.charCodeAt(0);
  if (first < 128 && STRING_START[first] === 1) return text;
  if (/^(null|Null|NULL|~)$/.test(text)) return null;
  if (/^(true|True|TRUE)$/.test(text)) return new PlainScalar(true, text);
  if (/^(false|False|FALSE)$/.test(text)) return new PlainScalar(false, text);
  if (/^[-+]?[0-9]+$/.test(text)) {
    const n = Number(text);
    if (!Number.isSafeInteger(n)) throw new NotSimple();
    return new PlainScalar(n, text);
  }
  if (/^[-+]?(\.[0-9]+|[0-9]+\.[0-9]*)$/.test(text)) return new PlainScalar(Number(text), text);
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
  constructor(
    private readonly text: string,
    private readonly count: { nodes: number },
  ) {}

  /** After the node: nothing, or a comment after whitespace. */
  endOfLine(): void {
    const rest = this.text.slice(this.i);
    if (!/^[ \t]*$|^[ \t]+#/.test(rest)) throw new NotSimple();
  }

  private depth = 0;

  node(): Value {
    if (++this.depth > MAX_DEPTH) throw new NotSimple(); // deep nesting: yaml reports it properly
    counted(this.count, 1);
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
    const raw = trimBlanks(this.text.slice(start, this.i));
    if (raw === '' || badPlainStart(raw, true) || raw.includes(':') || /[ \t]#/.test(raw)) {
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
      counted(this.count, 1);
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
      const raw = trimBlanks(this.text.slice(start, this.i));
      if (raw === '' || isIndicator(raw.charCodeAt(0)) || /[ \t]#/.test(raw)) throw new NotSimple();
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
