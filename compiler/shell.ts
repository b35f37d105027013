/** Shell text the runbook's commands are built from (POSIX sh and bash alike). */

/** One shell word in single quotes: the text reaches the command as is (a `'` inside becomes `'\''`). */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

/**
 * `assignment` (`var=$(aws …)`) and, when it fails, a STOP line saying the AWS CLI call failed (its own error
 * is printed above it), with a non-zero status; when it succeeds, `then` runs and gives the status. A check
 * that went on with the empty output would blame the account ("0 alarms found", "not confirmed").
 */
export function unlessAwsFails(assignment: string, call: string, then: string): string {
  const stop = shellQuote(`STOP: the AWS CLI call failed (${call}): its error is above`);
  return `${assignment} || { printf '%s\\n' ${stop} >&2; false; } && { ${then}; }`;
}
