/**
 * compiler/shell.ts, the one command builder: what a shell makes of its words, checked by running bash and
 * dash on generated values (any Unicode, quotes, backslashes, `$`, `!`, line breaks), and what it refuses.
 * compiler/data/clients.ts's dump file names: one per database name, none a path or an option.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { dq, quoteWord, rawShell, sh, shComment, shVar, sq, toCommands, word } from '../../compiler/shell';
import { dumpFileName, pgConninfo } from '../../compiler/data/clients';

/** bash and dash by absolute path (the runs below have no PATH, so that nothing but builtins can run). */
const SHELLS = ['bash', 'dash']
  .map((s) => spawnSync('sh', ['-c', `command -v ${s}`], { encoding: 'utf8' }).stdout.trim())
  .filter(Boolean);

/** The words `text` expands to in each shell (printf is a builtin: nothing else runs), with `env` set. */
function wordsOf(text: string, env: Record<string, string> = {}): string[][] {
  return SHELLS.map((shell) => {
    // stdin not a pipe: bash given a socket as stdin reads ~/.bashrc (it takes itself for rshd's).
    const out = spawnSync(shell, ['-c', `printf '%s\\0' ${text}`], {
      env: { PATH: '/nonexistent', ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out.stderr).toBe('');
    return out.stdout.split('\0').slice(0, -1);
  });
}

/** Values a shell can hold: no NUL (no argv can), everything else, shell syntax most of all. */
const value = fc.oneof(
  fc.string({ unit: 'binary' }).map((s) => s.replace(/\0/g, '')),
  fc
    .array(
      fc.constantFrom(
        "'",
        '"',
        '\\',
        '$',
        '`',
        '!',
        '*',
        '?',
        '[',
        ']',
        '{',
        '}',
        '~',
        '#',
        ';',
        '&',
        '|',
        '<',
        '>',
        '(',
        ')',
        ' ',
        '\t',
        '\n',
        '\r',
        '=',
        '-',
        '%',
        'a',
        '1',
        'é',
        '$(x)',
        '${IFS}',
      ),
      { maxLength: 12 },
    )
    .map((parts) => parts.join('')),
);
const RUNS = { numRuns: 150 };

describe('sh: every interpolated value is one word, as it is', () => {
  it('quoteWord gives back the value, one word, in bash and dash', () => {
    fc.assert(
      fc.property(value, (v) => {
        for (const words of wordsOf(quoteWord(v))) expect(words).toEqual([v]);
      }),
      RUNS,
    );
  });

  it('leaves a value of safe characters bare, so the examples read as before', () => {
    expect(quoteWord('shop-mysql-do-user-1-0.db.ondigitalocean.com')).toBe(
      'shop-mysql-do-user-1-0.db.ondigitalocean.com',
    );
    expect(quoteWord('--port=25060')).toBe('--port=25060');
    expect(quoteWord('shop/nginx:1.4.2')).toBe('shop/nginx:1.4.2');
    expect(quoteWord('a@b.c%+,')).toBe('a@b.c%+,');
    // Quoted: empty, zsh's =cmd expansion, and anything a shell reads as syntax.
    expect(quoteWord('')).toBe("''");
    expect(quoteWord('=ls')).toBe("'=ls'");
    expect(quoteWord("it's")).toBe("'it'\\''s'");
    expect(quoteWord('*.example.com')).toBe("'*.example.com'");
  });

  it('writes lists one word per element, numbers as digits, fragments as they are', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 4 }), fc.integer(), (list, n) => {
        const text = sh`${list} ${n} ${sh`${list}`}`;
        for (const words of wordsOf(String(text))) expect(words).toEqual([...list, String(n), ...list]);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses what is no value of a command: undefined, null, booleans, objects, NaN', () => {
    for (const bad of [undefined, null, true, {}, { toString: () => 'rm -rf /' }, Number.NaN])
      expect(() => sh`echo ${bad as unknown as string}`).toThrow(TypeError);
    // A look-alike of a fragment is not one: only the builder makes them.
    const fake = Object.create(Object.getPrototypeOf(sh``)) as ReturnType<typeof sh>;
    expect(() => sh`echo ${fake}`).toThrow(TypeError);
    expect(() => toCommands([fake])).toThrow(TypeError);
    // Called as a function with a hand-made array, it is no template.
    expect(() => (sh as unknown as (s: string[]) => unknown)(['rm -rf /'])).toThrow(TypeError);
  });

  it('sq and dq quote any value too (dq falls back to single quotes for !)', () => {
    fc.assert(
      fc.property(value, (v) => {
        for (const words of wordsOf(String(sq(v)))) expect(words).toEqual([v]);
        for (const words of wordsOf(String(dq(v)))) expect(words).toEqual([v]);
      }),
      RUNS,
    );
    expect(String(dq("a 'b' \\052"))).toBe(`"a 'b' \\\\052"`);
  });

  it('word joins literal text and variables into one word; a variable is expanded, never parsed', () => {
    fc.assert(
      fc.property(value, value, value, (before, after, variable) => {
        const text = String(word(before, shVar('V'), after));
        for (const words of wordsOf(text, { V: variable }))
          expect(words).toEqual([before + variable + after]);
      }),
      RUNS,
    );
    expect(String(word('host=', shVar('RDS_HOST'), ' port=5432'))).toBe('"host=$RDS_HOST port=5432"');
    expect(String(word('x', shVar('A'), 'b'))).toBe('"x${A}b"');
  });

  it('shVar with a message stops a command whose variable the reader did not set', () => {
    const guarded = shVar('DROPLET_IP', 'set DROPLET_IP to the address of the droplet');
    for (const shell of SHELLS) {
      const out = spawnSync(shell, ['-c', `printf '%s\\0' ${guarded}; echo went-on`], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(out.status).not.toBe(0);
      expect(out.stdout).not.toContain('went-on');
      expect(out.stderr).toContain('set DROPLET_IP to the address of the droplet');
    }
    expect(wordsOf(String(guarded), { DROPLET_IP: 'a b *' })).toEqual(SHELLS.map(() => ['a b *']));
    expect(() => shVar('A;B')).toThrow(TypeError);
    expect(() => shVar('A', 'a "quoted" message')).toThrow(TypeError);
  });

  it('a comment stays one comment line, whatever its text', () => {
    fc.assert(
      fc.property(value, (v) => {
        const line = String(shComment(v));
        expect(line).toMatch(/^# [^\n\r]*$/);
      }),
      RUNS,
    );
  });

  it('rawShell is the one way in unquoted (eslint holds it to a string literal)', () => {
    expect(String(sh`${rawShell('unset TOKEN')}`)).toBe('unset TOKEN');
  });
});

describe('dump file names and connection strings', () => {
  it('gives each database name its own file name, never a path or an option', () => {
    fc.assert(
      fc.property(fc.uniqueArray(value, { minLength: 2, maxLength: 6 }), (names) => {
        const files = names.map((n) => dumpFileName(n, 'dump'));
        expect(new Set(files).size).toBe(names.length);
        for (const f of files) expect(f).toMatch(/^[A-Za-z0-9_%][A-Za-z0-9_.%-]*\.dump$/);
      }),
      RUNS,
    );
    expect(dumpFileName('bookclub', 'dump')).toBe('bookclub.dump');
    expect(dumpFileName('../etc', 'dump')).toBe('%2E.%2Fetc.dump');
  });

  it('keeps a libpq value one value: the shell word, parsed as libpq does, holds exactly the keywords given', () => {
    fc.assert(
      fc.property(value, value, (user, dbname) => {
        const conninfo = pgConninfo({ host: shVar('H'), port: 5432, user, dbname });
        for (const [text] of wordsOf(String(conninfo), { H: 'db.internal' }))
          expect(libpqParse(text)).toEqual([
            ['host', 'db.internal'],
            ['port', '5432'],
            ['user', user],
            ['dbname', dbname],
            ['sslmode', 'require'],
          ]);
      }),
      RUNS,
    );
  });
});

/** libpq's conninfo_parse: keyword = value, a value in '…' with \\ escapes, or bare up to whitespace. */
function libpqParse(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  let i = 0;
  const skip = () => {
    while (i < text.length && /\s/.test(text[i])) i += 1;
  };
  for (skip(); i < text.length; skip()) {
    const key = /^[^\s=]+/.exec(text.slice(i))![0];
    i += key.length;
    skip();
    if (text[i++] !== '=') throw new Error(`no = after ${key}`);
    skip();
    let v = '';
    const quoted = text[i] === "'";
    if (quoted) i += 1;
    while (i < text.length && (quoted ? text[i] !== "'" : !/\s/.test(text[i]))) {
      if (text[i] === '\\') i += 1;
      v += text[i++];
    }
    if (quoted && text[i++] !== "'") throw new Error('unterminated quote');
    pairs.push([key, v]);
  }
  return pairs;
}
