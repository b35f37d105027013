/**
 * Renders documents the compiler built as JSON text with embedded references (container definitions, IAM
 * policies). The document becomes a Terraform `jsonencode(...)` of the same value, so both JSON and HCL
 * output stay valid and readable; literal strings are escaped for Terraform templates (`${` → `$${`,
 * `%{` → `%%{`, so a value like `${HOME}` or an IAM policy variable reaches AWS verbatim) and each
 * reference becomes its resolved token.
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

function resolveValue(value: unknown, refs: RefRegistry): unknown {
  if (typeof value === 'string') {
    const parts = splitEmbedded(value);
    // A lone reference would keep its Terraform type (an RDS port is a number); the documents want strings.
    if (parts.length === 1 && isRef(parts[0])) return Fn.tostring(refs.resolve(parts[0]));
    return resolveText(value, refs);
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
