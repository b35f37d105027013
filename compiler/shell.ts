/** Shell text the runbook's commands are built from (POSIX sh and bash alike). */

/** One shell word in single quotes: the text reaches the command as is (a `'` inside becomes `'\''`). */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}
