/**
 * Renders documents the compiler built as JSON text with embedded references (container definitions, IAM
 * policies). A document becomes a Terraform `jsonencode(...)` of the same value, so both JSON and HCL output
 * stay valid and readable; each reference becomes its resolved token.
 *
 * Escaping, so any value reaches AWS verbatim (`${HOME}`, IAM policy variables, quotes in a health check):
 * strings and keys inside an expression are HCL string literals. cdktf 0.21 escapes only newlines and `${`
 * in them, so quotes, backslashes, other control characters and `%{` are escaped here. The expression is a
 * token, so the escaping of plain attributes (stacks/escape-templates.ts, for every element) never sees its
 * text; plain attributes (`resolveText`) are left to that escaping.
 *
 * The expression is written here (`JsonencodeDocument`), in the form cdktf's `Fn.jsonencode` writes it, and
 * only the references are left to cdktf: its generic expression rendering resolved every string of a
 * document once per nesting level, which made these ~200 documents a tenth of a 100-app synth.
 */
import { Token, type IResolvable, type IResolveContext } from 'cdktf';
import { isRef, splitEmbedded } from '../../compiler/refs';
import type { Value } from '../../compiler/model';
import type { RefRegistry } from '../refs';

/**
 * One string of a plain attribute: references resolved (by the registry, or by any resolver such as the
 * cutover stack's, which reads the ALB's outputs through remote state), literal parts as written (the
 * element's escaping escapes them).
 */
export function resolveText(text: string, refs: Pick<RefRegistry, 'resolve'>): string {
  return splitEmbedded(text)
    .map((part) => (isRef(part) ? refs.resolve(part) : part))
    .join('');
}

/** Any character escapeHclLiteral would change. */
const NEEDS_HCL_ESCAPE = /[\\"\u0000-\u0009\u000b-\u001f]|%\{/;

/** The body of an HCL string literal for `literal`, leaving `${` and newlines to cdktf's own escaping. */
export function escapeHclLiteral(literal: string): string {
  // Most strings of a document need no escape: skip the six replacements for them.
  if (!NEEDS_HCL_ESCAPE.test(literal)) return literal;
  return literal
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/[\u0000-\u0009\u000b-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/%\{/g, () => '%%{');
}

/** A string of a document that is one reference and nothing else: written `tostring(...)`. */
class LoneReference {
  constructor(readonly value: string) {}
}

function documentValue(value: unknown, refs: RefRegistry): unknown {
  if (typeof value === 'string') {
    const parts = splitEmbedded(value);
    // A lone reference would keep its Terraform type (an RDS port is a number); the documents want strings.
    if (parts.length === 1 && isRef(parts[0])) return new LoneReference(resolvedPart(parts[0], refs));
    return parts.map((part) => resolvedPart(part, refs)).join('');
  }
  if (Array.isArray(value)) return value.map((v) => documentValue(v, refs));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [keyBody(k), documentValue(v, refs)]),
    );
  return value;
}

/** A reference's token, or literal text: a literal, or a reference the spec gave as a value (an ARN). */
function resolvedPart(part: string | Value, refs: RefRegistry): string {
  if (!isRef(part)) return escapeHclLiteral(part);
  const resolved = refs.resolve(part);
  // A token, or a literal the spec gave (validation refuses token text in spec values).
  return resolved.includes('${TfToken[') ? resolved : escapeHclLiteral(resolved);
}

/** cdktf's string token marker (cdktf/lib/tokens/private/encoding.js). */
const STRING_TOKEN = /\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}/g;

/** What cdktf does to a literal inside an expression (TFExpression#escapeString). */
const escapeInExpression = (literal: string): string =>
  literal.indexOf('\n') === -1 && literal.indexOf('${') === -1
    ? literal
    : literal.replace(/\n/g, '\\n').replace(/\$\{/g, () => '$${');

/** A document's key as the body of an HCL string literal; keys repeat (`name`, `value`, …): remembered. */
const keyBodies = new Map<string, string>();
function keyBody(key: string): string {
  let body = keyBodies.get(key);
  if (body === undefined) {
    body = escapeInExpression(escapeHclLiteral(key));
    if (keyBodies.size < 10_000) keyBodies.set(key, body);
  }
  return body;
}

/** `literal` as an HCL string literal inside an expression: quoted, with every escape it needs. */
export const hclString = (literal: string): string => `"${escapeInExpression(escapeHclLiteral(literal))}"`;

/**
 * An expression dropship writes itself (from names it controls and `hclString` literals), as a token: a
 * plain string holding `${…}` is literal text to the element's escaping, so it would reach Terraform as
 * text.
 */
export function expression(text: string): string {
  return Token.asString(new Expression(text));
}

class Expression implements IResolvable {
  readonly creationStack: string[] = [];

  constructor(private readonly text: string) {}

  resolve(context: IResolveContext): string {
    return context.suppressBraces ? this.text : `\${${this.text}}`;
  }

  toString(): string {
    return Token.asString(this);
  }
}

/**
 * A literal followed by a reference: a trailing `$` would make `$` + `${ref}` the escape `$${`, so the
 * run of `$` is written as the interpolation `${"$"}`.
 */
const beforeReference = (literal: string): string => {
  const run = /\$+$/.exec(literal);
  return run ? `${literal.slice(0, run.index)}\${"${run[0]}"}` : literal;
};

/**
 * A `jsonencode(...)` expression of a document whose strings may hold tokens, written as cdktf's function
 * call writes it: `{"key" = value, ...}`, `[a, b]`, string literals quoted and escaped, a string that is
 * one token as the bare expression, a string mixing text and tokens as a template with `${...}`.
 */
class JsonencodeDocument implements IResolvable {
  readonly creationStack: string[] = [];

  constructor(private readonly document: unknown) {}

  resolve(context: IResolveContext): string {
    // As cdktf's FunctionCall: references inside an expression are written without braces.
    const braces = !context.suppressBraces;
    const { ignoreEscapes, warnEscapes } = context;
    context.suppressBraces = true;
    context.ignoreEscapes = true;
    context.warnEscapes = true;
    const expression = `jsonencode(${this.render(this.document, context)})`;
    context.ignoreEscapes = ignoreEscapes;
    context.warnEscapes = warnEscapes;
    return braces ? `\${${expression}}` : expression;
  }

  toString(): string {
    return Token.asString(this);
  }

  private render(value: unknown, context: IResolveContext): string {
    if (value instanceof LoneReference) return `tostring(${this.renderString(value.value, context)})`;
    if (typeof value === 'string') return this.renderString(value, context);
    if (Array.isArray(value)) return `[${value.map((v) => this.render(v, context)).join(', ')}]`;
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>);
      return `{${entries.map(([k, v]) => `"${k}" = ${this.render(v, context)}`).join(', ')}}`;
    }
    return String(value);
  }

  /** A string argument, as cdktf's TFExpression#resolveArg writes it. */
  private renderString(text: string, context: IResolveContext): string {
    const tokens = text.includes('${TfToken[') ? (text.match(STRING_TOKEN) ?? []) : [];
    // documentValue escaped every literal's quotes, so the text is never already quoted: always quote it.
    if (tokens.length === 0) return `"${escapeInExpression(text)}"`;
    if (tokens.length === 1 && tokens[0] === text) return String(context.resolve(text));
    const literals = text.split(STRING_TOKEN).map(escapeInExpression);
    let joined = '';
    tokens.forEach((token, i) => {
      joined += `${beforeReference(literals[i])}\${${String(context.resolve(token))}}`;
    });
    return `"${joined}${literals[tokens.length]}"`;
  }
}

/** A JSON document (with embedded references) as a `jsonencode(...)` expression. */
export function resolveDocument(json: string, refs: RefRegistry): string {
  return Token.asString(new JsonencodeDocument(documentValue(JSON.parse(json), refs)));
}
