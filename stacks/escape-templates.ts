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
 * `$${`, so that run of `$` is written as the interpolation `${"$"}`.
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
  return mapEntries(body, (argument, value) =>
    rule.keep?.includes(argument) || keepForType?.includes(argument) ? value : escapeValue(value),
  );
}

/** A value in a template context: every string and object key escaped, tokens kept. */
export function escapeValue(value: unknown): unknown {
  if (typeof value === 'string') return escapeTemplateString(value);
  if (Array.isArray(value)) return mapArray(value, escapeValue);
  if (isPlainObject(value)) return mapEntries(value, (_key, v) => escapeValue(v), escapeKey);
  return value;
}

// ---- strings --------------------------------------------------------------------------------------------

/** cdktf's string token marker (cdktf/lib/tokens/private/encoding.js). */
const STRING_MARKER = /\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}/g;
/** cdktf's pattern for the decimal text of a number token inside a string (same file). */
const NUMBER_TEXT = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/g;

/** `${` → `$${`, `%{` → `%%{`: the template escapes (a literal `$` or `%` otherwise stays as it is). */
export function escapeTemplateLiteral(text: string): string {
  if (!text.includes('{')) return text;
  return text.replace(/([$%])\{/g, '$1$1{');
}

/**
 * Could `s` need any change? Only with a `{` (a template sequence, or a string token marker), or with a `$`
 * that may stand before the decimal text of a number token. Most strings have neither.
 */
function mayNeedEscape(s: string): boolean {
  return s.includes('{') || (s.includes('$') && /e[-|\d|.|e|E|+]/.test(s));
}

/**
 * One string in a template context. Without tokens, the escaped string. With tokens, and literal text that
 * needs escaping, a token that writes the escaped literals and the resolved tokens itself: cdktf would
 * read the `${` of an escape `$${` as the start of an expression around the tokens that follow it.
 */
export function escapeTemplateString(s: string): string | IResolvable {
  if (!mayNeedEscape(s)) return s;
  const parts = splitTokens(s);
  if (parts.length === 1) return escapeTemplateLiteral(s);
  const escaped = escapeLiterals(parts);
  return escaped === undefined ? s : new EscapedTemplate(escaped);
}

/** An object key: escaped as text (dropship never builds a key from a token and literal text). */
export function escapeKey(key: string): string {
  if (!mayNeedEscape(key)) return key;
  const parts = splitTokens(key);
  if (parts.length === 1) return escapeTemplateLiteral(key);
  const escaped = escapeLiterals(parts);
  if (escaped === undefined) return key;
  throw new Error(`a map key mixes a token with text that needs escaping (a dropship bug): ${key}`);
}

/** Literal text and tokens, alternating: `[literal, token, literal, …, literal]` (literals may be ''). */
function splitTokens(s: string): string[] {
  const parts: string[] = [];
  let last = 0;
  const push = (start: number, end: number) => {
    parts.push(s.slice(last, start), s.slice(start, end));
    last = end;
  };
  for (const m of s.matchAll(STRING_MARKER)) push(m.index, m.index + m[0].length);
  parts.push(s.slice(last));
  if (!s.includes('$')) return parts;
  // Number tokens hide in the literal parts as decimal text; only a `$` right before one matters, but
  // splitting them out keeps one rule for every token.
  const out: string[] = [];
  parts.forEach((part, i) => {
    if (i % 2 === 1) {
      out.push(part);
      return;
    }
    let from = 0;
    for (const m of part.matchAll(NUMBER_TEXT)) {
      if (Tokenization.reverseNumber(parseFloat(m[0])) === undefined) continue;
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
    let text = escapeTemplateLiteral(part);
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
  key: (key: string) => string = (k) => k,
): Record<string, unknown> {
  const keys = Object.keys(obj);
  let changed = false;
  const values: unknown[] = [];
  const names: string[] = [];
  for (const k of keys) {
    const name = key(k);
    const v = f(k, obj[k]);
    if (name !== k || v !== obj[k]) changed = true;
    names.push(name);
    values.push(v);
  }
  if (!changed) return obj;
  const out: Record<string, unknown> = {};
  names.forEach((name, i) => (out[name] = values[i]));
  return out;
}
