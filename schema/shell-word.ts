/**
 * POSIX shell quoting for one word, in the lowest layer so that a rule's hint (schema/rules) and the
 * compiler's runbook builder (compiler/shell.ts, which adds the `sh` tag and fragments on top) quote with
 * the same two functions. Why hand-written rather than shlex or shell-quote: see compiler/shell.ts.
 */

/** Characters a word may hold unquoted in every POSIX shell and zsh (Python's shlex.quote set). */
const BARE = /^[A-Za-z0-9_@%+:,./-][A-Za-z0-9_@%+=:,./-]*$/;

/** One shell word for `value`: as it is when it needs no quoting, else in single quotes. */
export function quoteWord(value: string): string {
  return BARE.test(value) ? value : singleQuoted(value);
}

/** In single quotes every character is literal; a `'` ends them, so it is written `'\''`. */
export function singleQuoted(value: string): string {
  return `'${value.replace(/'/g, "'\\''")}'`;
}
