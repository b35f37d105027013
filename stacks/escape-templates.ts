/**
 * Every string dropship hands to cdktf is data: a spec value, an inventory value, or text dropship wrote.
 * Terraform reads most strings of its configuration as templates, where `${…}` is an interpolation and
 * `%{…}` a directive, so a DNS record `10 ${file("/etc/hostname")}.example.com.` would read a file at plan
 * time. This module escapes the literal text of every element once, before cdktf resolves it
 * (`stacks/planned-stack.ts` calls it for every element of every stack): `${` → `$${`, `%{` → `%%{`.
 *
 * Only literal text is escaped. cdktf tokens — the references and expressions dropship and cdktf emit —
 * are left as they are: token objects (`IResolvable`), string markers `${TfToken[TOKEN.n]}`, list and map
 * markers (`#{…}`, `&{…}`, which hold no `${`) and number tokens (doubles, and their decimal text inside
 * strings). A literal that ends in `$` right before a token would turn `$` + `${ref}` into the escape
 * `$${`, so that run of `$` is written as the interpolation `${"$"}`. Literal text that reads as a number
 * token cdktf never made (composed by the compiler, lowercased) gets its `e` written as `${"e"}`.
 *
 * Where a string sits decides whether it is a template (`BLOCKS` below): Terraform reads some settings
 * literally, and escaping those would corrupt them.
 */
import { Token, Tokenization, type IResolvable, type IResolveContext } from 'cdktf';

/** The JSON and the HCL of an element (`toTerraform()`, `toHclTerraform()`) place strings differently. */
export type Syntax = 'json' | 'hcl';

/** How the body of a top-level block type is read. */
interface BlockSyntax {
  /** Object levels of labels before the body: `resource.<type>.<name>` has 2. */
  labels: number;
  /** The bodies are in a list: `provider.<name>[i]`, `import[i]`. */
  list?: boolean;
  /** Every value of the block is read literally: nothing is a template. */
  literal?: boolean;
  /** Body arguments that are not templates (literals, references, keywords, `//` comments): kept as they are. */
  keep?: readonly string[];
  /** More such arguments for one type of the block (`data.terraform_remote_state`). */
  keepByType?: Readonly<Record<string, readonly string[]>>;
}

/** Meta-arguments of resources and data sources: references and keywords cdktf writes, never templates. */
const META = ['//', 'depends_on', 'provider', 'lifecycle'];
/** cdktf writes the workspace of a remote-state read as the expression `${terraform.workspace}`. */
const REMOTE_STATE = { terraform_remote_state: ['workspace'] };

/**
 * The blocks cdktf emits, in each syntax. Terraform JSON syntax
 * (developer.hashicorp.com/terraform/language/syntax/json): a string where an argument takes an expression
 * is a template, and so is an object key inside such a value (tag keys, map keys); `//` properties of a
 * block body are comments; `terraform` block settings are taken literally ("String values are not
 * interpreted as string templates"); output `description` and `sensitive` are literal, `value` an
 * expression; provider `alias` and `version` are literal; `depends_on`, `provider` and `lifecycle` take
 * references and keywords; an import's `to` is a reference and its `id` an expression. In native syntax
 * (`synth --hcl`) every quoted string is a template, the `terraform` block and descriptions included.
 * A block type not listed here is escaped throughout: a missed escape would be a hole, an extra one only
 * a visible error.
 */
const BLOCKS: Record<Syntax, Readonly<Record<string, BlockSyntax>>> = {
  json: {
    terraform: { labels: 0, literal: true },
    variable: { labels: 1, literal: true },
    resource: { labels: 2, keep: META },
    data: { labels: 2, keep: META, keepByType: REMOTE_STATE },
    provider: { labels: 1, list: true, keep: ['alias', 'version'] },
    output: { labels: 1, keep: ['description', 'sensitive', 'depends_on'] },
    locals: { labels: 0 },
    import: { labels: 0, list: true, keep: ['to', 'provider'] },
    moved: { labels: 0, list: true, keep: ['from', 'to'] },
    // A check's body holds a scoped data source and assertions: templates throughout (conditions are tokens).
    check: { labels: 1 },
  },
  hcl: {
    terraform: { labels: 0 },
    resource: { labels: 2, keep: META },
    data: { labels: 2, keep: META, keepByType: REMOTE_STATE },
    provider: { labels: 1, list: true },
    output: { labels: 1, keep: ['depends_on'] },
    locals: { labels: 0 },
    import: { labels: 0, list: true, keep: ['to', 'provider'] },
    moved: { labels: 0, list: true, keep: ['from', 'to'] },
    check: { labels: 1 },
  },
};

/**
 * The Terraform of one element (the output of `toTerraform()` or `toHclTerraform()`) with the literal text
 * of every template escaped. Values that need no change are returned as they are (not copied).
 */
export function escapeElementTerraform(fragment: unknown, syntax: Syntax): unknown {
  if (!isPlainObject(fragment)) return fragment;
  return mapEntries(fragment, (block, value) => {
    const rule = BLOCKS[syntax][block] ?? { labels: 0 };
    if (rule.literal) return value;
    return escapeLabels(value, rule, rule.labels, undefined);
  });
}

function escapeLabels(value: unknown, rule: BlockSyntax, labels: number, type: string | undefined): unknown {
  if (labels > 0) {
    if (!isPlainObject(value)) return escapeValue(value);
    // Labels are names (a type, a logical id), not templates.
    return mapEntries(value, (label, body) => escapeLabels(body, rule, labels - 1, type ?? label));
  }
  if (rule.list && Array.isArray(value)) return mapArray(value, (body) => escapeBody(body, rule, type));
  return escapeBody(value, rule, type);
}

function escapeBody(body: unknown, rule: BlockSyntax, type: string | undefined): unknown {
  if (!isPlainObject(body)) return escapeValue(body);
  const keepForType = type === undefined ? undefined : rule.keepByType?.[type];
  let out: Record<string, unknown> | undefined;
  const args = Object.keys(body);
  for (let i = 0; i < args.length; i++) {
    const argument = args[i];
    const value = body[argument];
    const kept = rule.keep?.includes(argument) || keepForType?.includes(argument);
    const escaped = kept ? value : escapeValue(value);
    if (out === undefined && escaped !== value) out = copyBefore(body, args, i);
    if (out !== undefined) out[argument] = escaped;
  }
  return out ?? body;
}

/** A value in a template context: every string and object key escaped, tokens kept. */
export function escapeValue(value: unknown): unknown {
  if (typeof value === 'string') return escapeTemplateString(value);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return mapArray(value, escapeValue);
  if (!isPlainObject(value)) return value;
  // The walk visits every value of every element: a plain loop, and a copy only from the first change.
  let out: Record<string, unknown> | undefined;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const name = mayNeedEscape(k) ? escapeKey(k) : k;
    const v = value[k];
    const escaped = escapeValue(v);
    if (out === undefined && (name !== k || escaped !== v)) out = copyBefore(value, keys, i);
    if (out !== undefined) out[name] = escaped;
  }
  return out ?? value;
}

/** A new object with the first `count` entries of `obj` (in `keys` order). */
function copyBefore(obj: Record<string, unknown>, keys: string[], count: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let j = 0; j < count; j++) out[keys[j]] = obj[keys[j]];
  return out;
}

// ---- strings --------------------------------------------------------------------------------------------

/** cdktf's string token marker (cdktf/lib/tokens/private/encoding.js). */
const STRING_MARKER = /\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}/g;
/** A string that is one token and nothing else: the most common string with a `{`. */
const LONE_MARKER = /^\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}$/;
/** cdktf's pattern for the decimal text of a number token inside a string (same file). */
const NUMBER_TEXT = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/g;

/** NUMBER_TEXT in either case: text the compiler composes may be lowercased later (alarm e-mails). */
const NUMBER_TEXT_ANY_CASE = /[-|\d|.+]+([eE][-|\d|.|e|E|+]+)/g;
/** Some text that may hold NUMBER_TEXT_ANY_CASE: the one test most strings get. */
const MAY_HOLD_NUMBER_TEXT = /[-|\d.+][eE][-|\d.eE+]/;
/** The top 16 bits of the doubles cdktf encodes tokens as (its DOUBLE_TOKEN_MARKER_BITS, and the list marker). */
const TOKEN_DOUBLE_MARKERS = new Set([0xfdff, 0xfbff]);
const doubleBits = new DataView(new ArrayBuffer(8));

/** Is `text` the decimal text of a double in cdktf's token range (a token or not)? */
function isTokenDoubleText(text: string): boolean {
  const x = parseFloat(text);
  if (!Number.isFinite(x)) return false;
  doubleBits.setFloat64(0, x);
  return TOKEN_DOUBLE_MARKERS.has(doubleBits.getUint16(0));
}

/** The number token cdktf registered for this decimal text, or undefined (unknown text makes cdktf throw). */
function registeredNumberToken(text: string): unknown {
  if (!text.includes('e')) return undefined; // cdktf reads only a lowercase `e`
  try {
    return Tokenization.reverseNumber(parseFloat(text));
  } catch {
    return undefined;
  }
}

/**
 * Literal text that reads as an encoded number (`-8.109562212591383e+298`) but is no token cdktf made:
 * cdktf would look it up at synth and fail ("unknown number token"), and the text can be composed by the
 * compiler from parts that each passed validation (an FQDN, a lowercased e-mail). Its exponent's `e` is
 * written as the interpolation `${"e"}`: Terraform reads the same text, cdktf no number.
 */
function neutraliseNumberText(text: string): string {
  if (!MAY_HOLD_NUMBER_TEXT.test(text)) return text;
  return text.replace(NUMBER_TEXT_ANY_CASE, (m: string, exponent: string) => {
    if (!isTokenDoubleText(m) || registeredNumberToken(m) !== undefined) return m;
    const at = m.length - exponent.length;
    return `${m.slice(0, at)}\${"${exponent[0]}"}${exponent.slice(1)}`;
  });
}

/** `${` → `$${`, `%{` → `%%{`: the template escapes (a literal `$` or `%` otherwise stays as it is). */
export function escapeTemplateLiteral(text: string): string {
  if (!text.includes('{')) return text;
  return text.replace(/([$%])\{/g, '$1$1{');
}

/** A literal part of a template: escaped, and number text that is no token neutralised. */
function escapeLiteralPart(text: string): string {
  return neutraliseNumberText(escapeTemplateLiteral(text));
}

/**
 * Could `s` need any change? Only with a `{` (a template sequence, or a string token marker), or with text
 * that may be the decimal text of a number (a token, or literal text that reads as one). Most strings
 * have neither.
 */
function mayNeedEscape(s: string): boolean {
  return s.indexOf('{') !== -1 || MAY_HOLD_NUMBER_TEXT.test(s);
}

/**
 * One string in a template context. Without tokens, the escaped string. With tokens, and literal text that
 * needs escaping, a token that writes the escaped literals and the resolved tokens itself: cdktf would
 * read the `${` of an escape `$${` as the start of an expression around the tokens that follow it.
 */
export function escapeTemplateString(s: string): string | IResolvable {
  if (!mayNeedEscape(s) || LONE_MARKER.test(s)) return s;
  const parts = splitTokens(s);
  if (parts.length === 1) return escapeLiteralPart(s);
  const escaped = escapeLiterals(parts);
  return escaped === undefined ? s : new EscapedTemplate(escaped);
}

/** An object key: escaped as text (dropship never builds a key from a token and literal text). */
export function escapeKey(key: string): string {
  if (!mayNeedEscape(key)) return key;
  const parts = splitTokens(key);
  if (parts.length === 1) return escapeLiteralPart(key);
  const escaped = escapeLiterals(parts);
  if (escaped === undefined) return key;
  throw new Error(`a map key mixes a token with text that needs escaping (a dropship bug): ${key}`);
}

/** Literal text and tokens, alternating: `[literal, token, literal, …, literal]` (literals may be ''). */
function splitTokens(s: string): string[] {
  const parts: string[] = [];
  let last = 0;
  for (const m of s.matchAll(STRING_MARKER)) {
    parts.push(s.slice(last, m.index), m[0]);
    last = m.index + m[0].length;
  }
  parts.push(s.slice(last));
  // Number tokens hide in literal parts as decimal text; only a `$` right before one matters, so only a
  // literal with a `$` is split further (keeping one rule for every token).
  if (!parts.some((part, i) => i % 2 === 0 && part.includes('$'))) return parts;
  const out: string[] = [];
  parts.forEach((part, i) => {
    if (i % 2 === 1 || !part.includes('$')) {
      out.push(part);
      return;
    }
    let from = 0;
    for (const m of part.matchAll(NUMBER_TEXT)) {
      if (registeredNumberToken(m[0]) === undefined) continue;
      out.push(part.slice(from, m.index), m[0]);
      from = m.index + m[0].length;
    }
    out.push(part.slice(from));
  });
  return out;
}

/** The escaped parts, or undefined when no literal part changes. */
function escapeLiterals(parts: string[]): string[] | undefined {
  let changed = false;
  const out = parts.map((part, i) => {
    if (i % 2 === 1) return part;
    let text = escapeLiteralPart(part);
    if (i < parts.length - 1) text = dollarsBeforeToken(text);
    if (text !== part) changed = true;
    return text;
  });
  return changed ? out : undefined;
}

/** A literal's trailing `$`s, which would make the `${` of the token that follows an escape: `${"$"}`. */
function dollarsBeforeToken(literal: string): string {
  const run = /\$+$/.exec(literal);
  return run ? `${literal.slice(0, run.index)}\${"${run[0]}"}` : literal;
}

/** A template string with escaped literal parts: the tokens are resolved, the literals written as they are. */
class EscapedTemplate implements IResolvable {
  readonly creationStack: string[] = [];

  constructor(private readonly parts: readonly string[]) {}

  resolve(context: IResolveContext): string {
    let out = '';
    this.parts.forEach((part, i) => {
      out += i % 2 === 0 ? part : String(context.resolve(part));
    });
    return out;
  }

  toString(): string {
    return Token.asString(this);
  }
}

// ---- plain data -----------------------------------------------------------------------------------------

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  // A token object: its text comes from cdktf or dropship, not from a literal.
  return typeof (value as { resolve?: unknown }).resolve !== 'function';
}

/** The array with `f` applied, or the array itself when nothing changed. */
function mapArray(values: unknown[], f: (value: unknown) => unknown): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = f(values[i]);
    if (v !== values[i]) (out ??= values.slice())[i] = v;
  }
  return out ?? values;
}

/** The object with its values (and keys) mapped, or the object itself when nothing changed. */
function mapEntries(
  obj: Record<string, unknown>,
  f: (key: string, value: unknown) => unknown,
  key?: (key: string) => string,
): Record<string, unknown> {
  // Most objects need no change: a copy is started only at the first change, with the entries before it.
  let out: Record<string, unknown> | undefined;
  const keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const name = key === undefined ? k : key(k);
    const value = obj[k];
    const v = f(k, value);
    if (out === undefined && (name !== k || v !== value)) out = copyBefore(obj, keys, i);
    if (out !== undefined) out[name] = v;
  }
  return out ?? obj;
}
