/**
 * Renders documents the compiler built as JSON text with embedded references (container definitions, IAM
 * policies). A document becomes a Terraform `jsonencode(...)` of the same value, so both JSON and HCL output
 * stay valid and readable; each reference becomes its resolved token.
 *
 * Escaping, so any value reaches AWS verbatim (`${HOME}`, IAM policy variables, quotes in a health check):
 * strings inside an expression are HCL string literals. cdktf 0.21 escapes only newlines and `${` in them,
 * so quotes, backslashes, other control characters and `%{` are escaped here. Plain attributes (not inside
 * an expression) get the Terraform template escapes only (`escapeTemplate`).
 */
import { Fn } from 'cdktf';
import { isRef } from '../../compiler/refs';
import { splitEmbedded } from '../../compiler/apps/embed';
import type { RefRegistry } from '../refs';

export const escapeTemplate = (literal: string): string =>
  literal.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');

/** One string of a document: literal parts escaped, references resolved. */
export function resolveText(text: string, refs: RefRegistry): string {
  return splitEmbedded(text)
    .map((part) => (isRef(part) ? refs.resolve(part) : escapeTemplate(part)))
    .join('');
}

/** The body of an HCL string literal for `literal`, leaving `${` and newlines to cdktf's own escaping. */
export function escapeHclLiteral(literal: string): string {
  return literal
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/[\u0000-\u0009\u000b-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/%\{/g, () => '%%{');
}

function resolveValue(value: unknown, refs: RefRegistry): unknown {
  if (typeof value === 'string') {
    const parts = splitEmbedded(value);
    // A lone reference would keep its Terraform type (an RDS port is a number); the documents want strings.
    if (parts.length === 1 && isRef(parts[0])) return Fn.tostring(refs.resolve(parts[0]));
    return parts.map((part) => (isRef(part) ? refs.resolve(part) : escapeHclLiteral(part))).join('');
  }
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, refs));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, resolveValue(v, refs)]),
    );
  return value;
}

/** A JSON document (with embedded references) as a `jsonencode(...)` expression. */
export function resolveDocument(json: string, refs: RefRegistry): string {
  return Fn.jsonencode(resolveValue(JSON.parse(json), refs));
}
