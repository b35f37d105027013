/**
 * Renders text the compiler built with embedded references (container definitions, IAM policies): literal
 * parts are escaped for Terraform templates (`${` → `$${`, `%{` → `%%{`, so a value like `${HOME}` or an IAM
 * policy variable reaches AWS verbatim) and each reference becomes its resolved token.
 */
import { isRef } from '../../compiler/refs';
import { splitEmbedded } from '../../compiler/apps/embed';
import type { RefRegistry } from '../refs';

export const escapeTemplate = (literal: string): string =>
  literal.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');

export function resolveText(text: string, refs: RefRegistry): string {
  return splitEmbedded(text)
    .map((part) => (isRef(part) ? refs.resolve(part) : escapeTemplate(part)))
    .join('');
}
