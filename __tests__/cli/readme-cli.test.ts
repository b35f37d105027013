/**
 * README names only what the CLI has: every `dropship <command>` in its code (code blocks and code spans,
 * the CLI table included) is a command of `dropship --help`, every `--option` written after it is an option
 * of that command's `--help`, and every value given to an option with choices (`--format text|json`, or
 * `--format markdown`) is one of them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/examples';
import { ensureBuilt, runCli } from '../helpers/built-cli';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

/** The code in a markdown document: each line of a fenced block, each code span elsewhere (`\|` as `|`). */
function codeOf(markdown: string): string[] {
  const out: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    else if (fenced) out.push(line);
    else for (const m of line.matchAll(/`([^`]+)`/g)) out.push(m[1].replace(/\\\|/g, '|'));
  }
  return out;
}

interface Mention {
  command: string;
  /** cutover's subcommands, when named (`cutover status|next`) */
  subcommands: string[];
  /** `--option` → the value written after it, if any */
  options: [string, string | undefined][];
  text: string;
}

/** Every `dropship <command> ...` in the code, with the options written up to the next mention. */
function mentions(code: readonly string[]): Mention[] {
  const out: Mention[] = [];
  for (const text of code) {
    const parts = text.split(/\bdropship (?=[a-z])/).slice(1);
    for (const part of parts) {
      const [command, next] = part.split(/\s+/);
      const subcommands = command === 'cutover' && next && /^[a-z|]+$/.test(next) ? next.split('|') : [];
      const options = [...part.matchAll(/(?<![\w-])(--[a-z][a-z-]*)(?:[ =]([^\s\]`]+))?/g)].map(
        (m) => [m[1], m[2]] as [string, string | undefined],
      );
      out.push({ command: command.replace(/[^a-z-].*$/, ''), subcommands, options, text });
    }
  }
  return out;
}

const helps = new Map<string, string>();
function help(args: string[]): string {
  const key = args.join(' ');
  if (!helps.has(key)) {
    const r = runCli([...args, '--help']);
    expect({ args, code: r.code }).toEqual({ args, code: 0 });
    helps.set(key, r.stdout);
  }
  return helps.get(key)!;
}

/** The options a `--help` lists, each with its choices (empty when it takes any value). */
function optionsOf(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const entries = text.split(/\n(?=\s+(?:-\w, )?--[a-z])/);
  for (const entry of entries) {
    const name = /^\s+(?:-\w, )?(--[a-z][a-z-]*)/.exec(entry)?.[1];
    if (!name) continue;
    const choices = /\[choices: ([^\]]+)\]/.exec(entry.replace(/\s+/g, ' '))?.[1];
    out.set(name, choices ? [...choices.matchAll(/"([^"]+)"/g)].map((m) => m[1]) : []);
  }
  return out;
}

beforeAll(() => ensureBuilt());

describe('README and the CLI', () => {
  const found = mentions(codeOf(README));

  it('README names commands (the test reads what it should)', () => {
    const commands = new Set(found.map((m) => m.command));
    for (const c of [
      'validate',
      'synth',
      'plan',
      'check',
      'diff',
      'import',
      'cutover',
      'schema',
      'completion',
    ])
      expect(commands).toContain(c);
    expect(found.some((m) => m.options.some(([o]) => o === '--format'))).toBe(true);
  });

  it('every command README names is one of dropship --help', () => {
    const top = help([]);
    const commands = new Set([...top.matchAll(/^\s+dropship ([a-z]+)/gm)].map((m) => m[1]));
    for (const m of found)
      expect({ text: m.text, command: m.command, known: commands.has(m.command) }).toEqual({
        text: m.text,
        command: m.command,
        known: true,
      });
    const cutover = help(['cutover']);
    for (const m of found)
      for (const sub of m.subcommands) expect(cutover).toMatch(new RegExp(`dropship cutover ${sub}\\b`));
  });

  it('every option README writes after a command is one of its --help, with a value among its choices', () => {
    for (const m of found) {
      // cutover's options are its subcommands' (a comment on `rollback` may name `set`'s --force).
      const texts =
        m.command === 'cutover'
          ? ['status', 'next', 'rollback', 'set'].map((s) => help(['cutover', s]))
          : [help([m.command])];
      const known = new Map<string, string[]>();
      for (const t of texts) for (const [k, v] of optionsOf(t)) known.set(k, v);
      for (const [option, value] of m.options) {
        expect({ text: m.text, option, known: known.has(option) }).toEqual({
          text: m.text,
          option,
          known: true,
        });
        const choices = known.get(option) ?? [];
        if (choices.length === 0 || value === undefined || /^[<[]/.test(value)) continue;
        for (const v of value.split('|'))
          expect({ text: m.text, option, value: v, choices }).toEqual({
            text: m.text,
            option,
            value: v,
            choices: expect.arrayContaining([v]),
          });
      }
    }
  });

  it('the table lists every choice of every --format', () => {
    for (const m of found.filter(
      (x) => x.text.startsWith(`dropship ${x.command} [`) || x.command === 'diff',
    )) {
      const written = m.options.find(([o]) => o === '--format')?.[1];
      if (written === undefined) continue;
      const choices = optionsOf(help([m.command])).get('--format') ?? [];
      expect({ command: m.command, written: written.split('|').sort() }).toEqual({
        command: m.command,
        written: [...choices].sort(),
      });
    }
  });
});
