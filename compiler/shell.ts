/**
 * Shell text the runbook's commands are built from (POSIX sh, dash, bash and zsh alike).
 *
 * Every command the plan prints is built with the `sh` tag: each interpolated value becomes exactly one shell
 * word, quoted when it holds anything but `[A-Za-z0-9_@%+=:,./-]` (or starts with `=`, which zsh expands), so a
 * value can never become shell syntax: no `$(…)`, `;`, `|`, redirection, globbing or word splitting. A fragment
 * built with `sh` (or `shVar`, `word`, `sq`, `dq`) is interpolated as it is: it is shell text that went
 * through the builder. The one way to write shell text that did not is `rawShell('…')`, whose argument eslint
 * holds to a string literal: a review greps for it. A manual step's or the runbook's commands are
 * `ShellCommand`s, which only `toCommands` makes from fragments, so a plain template string does not type-check
 * there.
 *
 * Quoting is hand-written (three lines) rather than a library's: shlex 3.0.0's quote() writes a `'` as
 * `'"'"'` where the plan has always written `'\''` (django-app's zone check), and leaves a word starting
 * with `=` bare; shell-quote 1.12.0's quote() backslash-escapes `:` and `@` (`shop/nginx\:1.4.2`) and
 * double-quotes a value holding `'`: each would change commands of both bundled examples whose values
 * need no quoting at all.
 */

import type { ShellCommand } from './model';
import { quoteWord, singleQuoted } from '../schema/shell-word';

export { quoteWord };

export type { ShellCommand };

/** Fragments made here; an object that merely looks like one is refused. */
const made = new WeakSet<object>();

class Shell {
  readonly #text: string;
  /** Set for `shVar`: its expansion without the quotes (`NAME` for `$NAME`, or `{NAME:?…}`), for `word`. */
  readonly #expansion: string | undefined;
  constructor(text: string, expansion?: string) {
    this.#text = text;
    this.#expansion = expansion;
    made.add(this);
    Object.freeze(this);
  }
  get expansion(): string | undefined {
    return this.#expansion;
  }
  toString(): string {
    return this.#text;
  }
}
/** Shell text that went through the builder (or `rawShell`). */
export type ShellText = Shell;

/** What `sh` takes: a value (one word each), a list of values (one word each), or a fragment. */
export type ShellValue = string | number | ShellText | readonly (string | number | ShellText)[];

function fragment(value: unknown): value is ShellText {
  return typeof value === 'object' && value !== null && made.has(value);
}

function render(value: unknown): string {
  if (fragment(value)) return String(value);
  if (typeof value === 'string') return quoteWord(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`sh: ${value} is not a number a command can take`);
    return quoteWord(String(value));
  }
  if (Array.isArray(value)) return value.map(render).join(' ');
  // undefined, null, booleans, objects: a bug in the caller, never the word "undefined" in a command.
  throw new TypeError(`sh: cannot write ${typeof value} ${String(value)} into a command`);
}

/**
 * The command builder: ``sh`mysqldump --host=${host} --databases -- ${names}` `` quotes every value
 * (`quoteWord`; a list becomes one word per element) and takes fragments as they are.
 */
export function sh(literals: TemplateStringsArray, ...values: ShellValue[]): ShellText {
  // A template's strings array is frozen; a hand-made array passed as one would be shell text unchecked.
  if (!Object.isFrozen(literals) || !Array.isArray(literals.raw))
    throw new TypeError('sh is a template tag: sh`…`');
  let text = literals[0];
  values.forEach((value, i) => {
    text += render(value) + literals[i + 1];
  });
  return new Shell(text);
}

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** The text `${NAME:?…}` may carry unquoted inside double quotes in every shell. */
const UNSET_MESSAGE = /^[A-Za-z0-9 ,._-]+$/;

/**
 * `"$NAME"`: a shell variable, expanded as one word. With `unsetMessage`, `"${NAME:?message}"`: the command
 * stops with the message when the variable is unset or empty (for a value the reader sets by hand).
 */
export function shVar(name: string, unsetMessage?: string): ShellText {
  if (!VARIABLE.test(name)) throw new TypeError(`shVar: ${JSON.stringify(name)} is not a variable name`);
  if (unsetMessage === undefined) return new Shell(`"$${name}"`, name);
  if (!UNSET_MESSAGE.test(unsetMessage))
    throw new TypeError(`shVar: ${JSON.stringify(unsetMessage)} is not a plain message`);
  const expansion = `{${name}:?${unsetMessage}}`;
  return new Shell(`"$${expansion}"`, expansion);
}

/** Always in single quotes, even a value that needs none (for output that has always been written so). */
export function sq(value: string): ShellText {
  return new Shell(singleQuoted(value));
}

/**
 * In double quotes, with `\`, `"`, `$` and `` ` `` escaped (the only characters special there), for output
 * that has always been written so. A value with `!` (history expansion in interactive bash and zsh, even
 * inside double quotes) goes into single quotes instead.
 */
export function dq(value: string): ShellText {
  return new Shell(value.includes('!') ? singleQuoted(value) : `"${escapeInDoubleQuotes(value)}"`);
}

const escapeInDoubleQuotes = (value: string) => value.replace(/[\\"$`]/g, '\\$&');

/**
 * One word from literal text and shell variables (`shVar`), e.g.
 * `word('host=', shVar('RDS_HOST'), ' port=5432')` → `"host=$RDS_HOST port=5432"`: in double quotes as a
 * whole unless a literal part holds `!`, which then goes into single quotes beside the quoted variables.
 */
export function word(...parts: (string | number | ShellText)[]): ShellText {
  const texts = parts.map((p) => (typeof p === 'number' ? String(p) : p));
  for (const p of texts)
    if (typeof p !== 'string' && p.expansion === undefined)
      throw new TypeError('word: only literal text and shVar variables make a word');
  if (texts.some((p) => typeof p === 'string' && p.includes('!')))
    return new Shell(
      texts.map((p) => (typeof p === 'string' ? (p === '' ? '' : singleQuoted(p)) : String(p))).join(''),
    );
  let text = '';
  texts.forEach((p, i) => {
    if (typeof p === 'string') text += escapeInDoubleQuotes(p);
    else {
      // `$NAME` followed by a name character would read a longer name: `${NAME}` then.
      const expansion = p.expansion!;
      const next = texts[i + 1];
      const glued = typeof next === 'string' ? /^[A-Za-z0-9_]/.test(next) : next !== undefined;
      text += glued && VARIABLE.test(expansion) ? `\${${expansion}}` : `$${expansion}`;
    }
  });
  return new Shell(`"${text}"`);
}

/**
 * Shell text written in dropship's source, not built from a value. The one unchecked way in: eslint allows it
 * a string literal only (`rawShell('unset TOKEN')`), never a template or a variable.
 */
export function rawShell(literal: string): ShellText {
  return new Shell(literal);
}

/** A `# comment` line; a line break or other control character in the text becomes a space. */
export function shComment(text: string): ShellText {
  return new Shell(`# ${text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ')}`);
}

/** The lines of a step, as the plan model holds them. */
export function toCommands(lines: readonly ShellText[]): ShellCommand[] {
  return lines.map((line) => {
    if (!fragment(line)) throw new TypeError('toCommands: a command line must be built with sh');
    return String(line) as ShellCommand;
  });
}

/**
 * `assignment` (`var=$(aws …)`) and, when it fails, a STOP line saying the AWS CLI call failed (its own error
 * is printed above it), with a non-zero status; when it succeeds, `then` runs and gives the status. A check
 * that went on with the empty output would blame the account ("0 alarms found", "not confirmed").
 */
export function unlessAwsFails(assignment: ShellText, call: string, then: ShellText): ShellText {
  const stop = sq(`STOP: the AWS CLI call failed (${call}): its error is above`);
  return sh`${assignment} || { printf '%s\\n' ${stop} >&2; false; } && { ${then}; }`;
}
