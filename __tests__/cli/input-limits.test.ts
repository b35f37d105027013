/**
 * What dropship reads: regular files, pipes and - (standard input), up to 16 MiB; devices, directories and
 * sockets are refused (exit 2) without reading them. `-` works in every command that reads a spec and is
 * refused by those that rewrite one; diagnostics name it <stdin>. Through the built CLI.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { join } from 'node:path';
import { MAX_INPUT_BYTES } from '../../schema/read-text';
import { ensureBuilt, PHP_SHOP, runCli } from '../helpers/built-cli';
import { exampleFile } from '../helpers/examples';

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'dropship-inputs-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const php = readFileSync(PHP_SHOP, 'utf8');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const TOO_LARGE = 'larger than 16 MiB, the most dropship reads from one input';

/** A YAML file of comment lines, exactly `size` bytes. */
function commentsOf(size: number): Buffer {
  const line = Buffer.from(`# ${'x'.repeat(61)}\n`);
  const out = Buffer.alloc(size, line.toString());
  out[size - 1] = 0x0a;
  return out;
}

describe('what dropship refuses to read', () => {
  it('devices, a directory and a socket: exit 2 at once, naming what it is', async () => {
    const socketPath = join(dir, 'spec.sock');
    const server: Server = createServer();
    await new Promise<void>((done) => server.listen(socketPath, done));
    try {
      const cases: [string, RegExp][] = [
        [
          '/dev/zero',
          /it is a character device \(dropship reads regular files, pipes and - for standard input\)/,
        ],
        ['/dev/urandom', /it is a character device/],
        ['/dev/null', /it is a character device/],
        [dir, /it is a directory/],
        [socketPath, /it is a socket/],
      ];
      for (const [file, reason] of cases) {
        const started = Date.now();
        const r = runCli(['validate', file], dir);
        expect(Date.now() - started).toBeLessThan(10_000);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(new RegExp(`cannot read ${file}: ${reason.source}`));
      }
      const imported = runCli(['import', '/dev/zero'], dir);
      expect(imported.code).toBe(2);
      expect(imported.stderr).toContain('/dev/zero: cannot read: it is a character device');
    } finally {
      server.close();
    }
  });

  it('reads exactly 16 MiB and refuses one byte more, from a file and from standard input', () => {
    const exact = join(dir, 'exact.yaml');
    const over = join(dir, 'over.yaml');
    writeFileSync(exact, commentsOf(MAX_INPUT_BYTES));
    writeFileSync(over, commentsOf(MAX_INPUT_BYTES + 1));
    const atLimit = runCli(['validate', exact], dir);
    expect(atLimit.code).toBe(1); // read whole: an empty document, not a size error
    expect(atLimit.stderr).not.toContain(TOO_LARGE);
    const beyond = runCli(['validate', over], dir);
    expect(beyond.code).toBe(2);
    expect(beyond.stderr).toContain(`cannot read ${over}: ${TOO_LARGE}`);
    const piped = runCli(['validate', '-'], dir, { input: readFileSync(over) });
    expect(piped.code).toBe(2);
    expect(piped.stderr).toContain(`<stdin>:1:1: error: cannot read <stdin>: ${TOO_LARGE}`);
  });

  it('standard input that never ends (/dev/zero) stops at the limit', () => {
    const zero = openSync('/dev/zero', 'r');
    try {
      const started = Date.now();
      const r = runCli(['validate', '-'], dir, { input: zero });
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(TOO_LARGE);
    } finally {
      closeSync(zero);
    }
  });

  it('a pipe (FIFO) is read; one that never ends is cut at the limit', async () => {
    const fifo = join(dir, 'spec.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const feed = (source: string) => spawn('sh', ['-c', `${source} > "$0"`, fifo], { stdio: 'ignore' });
    const writer = feed(`cat ${JSON.stringify(PHP_SHOP)}`);
    const r = runCli(['validate', fifo], dir);
    // php-shop's three compiler warnings (two cutover/answers-change, lint/burstable-database), located in
    // the text read from the pipe.
    expect(r.stderr).toMatch(new RegExp(`^${escapeRegExp(fifo)}:122:21: warning: shop-example\\.com: `));
    expect(r.stderr).toMatch(/\n3 warnings\n$/);
    expect(r.stdout).toBe(`${fifo}: valid — 1 app, 1 database, 1 cache\n`);
    await new Promise((done) => writer.on('close', done));
    const endless = feed('cat /dev/zero');
    const cut = runCli(['validate', fifo], dir);
    endless.kill();
    expect(cut.code).toBe(2);
    expect(cut.stderr).toContain(`cannot read ${fifo}: ${TOO_LARGE}`);
  });

  it('keeps refusing binary and non-UTF-8 input, from standard input too', () => {
    const nul = runCli(['validate', '-'], dir, { input: Buffer.from([0x76, 0x00, 0x0a]) });
    expect(nul.code).toBe(2);
    expect(nul.stderr).toContain('cannot read <stdin>: not a text file (it contains NUL bytes)');
    const latin1 = runCli(['validate', '-'], dir, { input: Buffer.from('project: caf\xe9\n', 'latin1') });
    expect(latin1.code).toBe(2);
    expect(latin1.stderr).toContain('cannot read <stdin>: not a UTF-8 text file');
  });
});

describe('what a document expands to is bounded, not only its bytes', () => {
  /** Under this heap, a document read whole (8 million nodes) ran out of memory before the node limit. */
  const SMALL_HEAP = { nodeArgs: ['--max-old-space-size=512'] };
  const items = (n: number, item: (i: number) => string, sep: string) =>
    Array.from({ length: n }, (_, i) => item(i)).join(sep);

  /** Documents of more than MAX_NODES nodes, in every style a reader takes a different path for. */
  const SHAPES: Record<string, (n: number, word: string) => string> = {
    'a flow list': (n, w) => `version: 1\nx: [${items(n, () => w, ',')}]\n`,
    'a flow list of flow mappings': (n, w) => `version: 1\nx: [${items(n / 2, () => `{${w}: 1}`, ', ')}]\n`,
    'a block list': (n, w) => `version: 1\nx:\n${items(n, () => `  - ${w}`, '\n')}\n`,
    'a flow mapping': (n, w) => `version: 1\nx: {${items(n / 2, (i) => `${w}${i}: 1`, ', ')}}\n`,
    'a block mapping with a tag': (n, w) =>
      `version: 1\nx: !!map\n${items(n / 2, (i) => `  ${w}${i}: 1`, '\n')}\n`,
  };

  it('8 million items in 16 MiB are refused at the limit, located, exit 2, in bounded memory', () => {
    const file = join(dir, 'eight-million.yaml');
    writeFileSync(file, `version: 1\nx: [${'1,'.repeat(7_900_000)}1]\n`);
    const r = runCli(['validate', file], dir, SMALL_HEAP);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/:2:\d+: error: the document holds more than 1,000,000 YAML nodes/);
    expect(r.stderr.length).toBeLessThan(2000); // the code frame shows the line around the column
  });

  it('every style of a document just over the limit: yaml/node-limit, exit 2', () => {
    const cases = fc.sample(
      fc.tuple(
        fc.constantFrom(...Object.keys(SHAPES)),
        fc.stringMatching(/^[a-z]{1,6}$/),
        fc.integer({ min: 1_000_002, max: 1_100_000 }),
      ),
      { numRuns: 3, seed: 15 },
    );
    for (const [shape, word, n] of [...cases, ['a block list', 'x', 1_000_002] as const]) {
      const file = join(dir, 'many-nodes.yaml');
      writeFileSync(file, SHAPES[shape](n - (n % 2), word));
      const r = runCli(['validate', file], dir, SMALL_HEAP);
      expect({ shape, code: r.code }).toEqual({ shape, code: 2 });
      expect(r.stderr).toMatch(/^\S+:\d+:\d+: error: the document holds more than 1,000,000 YAML nodes/);
      expect(r.stderr).toContain('hint: a migration spec of 1,000 apps holds about 100,000');
    }
  });

  it('aliases of a big anchor: refused at the alias that passes the limit, exit 2', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5_000, max: 40_000 }),
        fc.integer({ min: 1, max: 30 }),
        fc.boolean(),
        (size, extra, flow) => {
          const aliases = Math.ceil(1_000_000 / size) + extra;
          const anchor = flow
            ? `[${items(size, () => 'a', ', ')}]`
            : `\n${items(size, () => '    - a', '\n')}`;
          const text = `version: 1\nbig: &b ${anchor}\nc:\n${items(aliases, () => '  - *b', '\n')}\n`;
          const file = join(dir, 'aliases.yaml');
          writeFileSync(file, text);
          const r = runCli(['validate', file], dir, SMALL_HEAP);
          expect(r.code).toBe(2);
          const line =
            text.split('\n').findIndex((l) => l === '  - *b') + 1 + Math.floor(1_000_000 / (size + 1));
          const at =
            /:(\d+):5: error: with this alias the document expands to more than 1,000,000 YAML nodes/.exec(
              r.stderr,
            );
          expect(at).not.toBeNull();
          // The first alias at which the count passes the limit (the anchor counts once as written).
          expect(Math.abs(Number(at![1]) - line)).toBeLessThanOrEqual(2);
        },
      ),
      { numRuns: 4, seed: 15 },
    );
  });
});

describe('- (standard input) as the spec', () => {
  it('is read by validate, plan, check, synth, cutover status and diff, and named <stdin>', () => {
    const out = join(dir, 'from-stdin');
    const runs = {
      validate: runCli(['validate', '-'], dir, { input: php }),
      plan: runCli(['plan', '-', '--format', 'json'], dir, { input: php }),
      check: runCli(['check', '-'], dir, { input: php }),
      synth: runCli(['synth', '-', '--out', out, '--quiet'], dir, { input: php }),
      status: runCli(['cutover', 'status', '-'], dir, { input: php }),
      diffOld: runCli(['diff', '-', exampleFile('django-app')], dir, { input: php }),
      diffNew: runCli(['diff', PHP_SHOP, '-'], dir, { input: php }),
    };
    for (const [name, r] of Object.entries(runs)) expect({ name, code: r.code }).toEqual({ name, code: 0 });
    expect(runs.validate.stdout).toBe('<stdin>: valid — 1 app, 1 database, 1 cache\n');
    expect((JSON.parse(runs.plan.stdout) as { file: string }).file).toBe('<stdin>');
    expect(runs.check.stdout).toMatch(/^<stdin>: \d+ checks on 7 stacks/m);
    expect(readFileSync(join(out, 'dropship-output.json'), 'utf8')).toContain('"writtenBy": "dropship"');
    expect(runs.status.stdout).toContain('(<stdin>)');
    expect(runs.diffOld.stdout).toContain(`<stdin> → ${exampleFile('django-app')}`);
    expect(runs.diffNew.stdout).toContain(`${PHP_SHOP} → <stdin>`);
    // The same bytes from a file give the same plan, with the file named <stdin>; the cutover commands, which
    // name the file to edit, name migration.yaml (cutover next cannot edit standard input).
    const fromFile = runCli(['plan', PHP_SHOP, '--format', 'json'], dir).stdout;
    expect(runs.plan.stdout).toBe(
      fromFile
        .split(JSON.stringify(PHP_SHOP))
        .join('"<stdin>"')
        // Only a file argument: prose such as "dropship cutover rollback refuses it" stays.
        .replace(/(dropship cutover (?:next|rollback)) [^ "]+\.ya?ml\b/g, '$1 migration.yaml'),
    );
  });

  it('locates errors in <stdin> with a code frame (the text read once, never re-read)', () => {
    const r = runCli(['validate', '-'], dir, { input: php.replace(/^version: 1$/m, 'version: 2') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^<stdin>:\d+:10: error: must be 1, got 2 \(at version\)$/m);
    expect(r.stderr).toMatch(/^ {2}\d+ \| version: 2$/m);
  });

  it('is refused by the commands that rewrite the file, and as both sides of diff (exit 2)', () => {
    const cases: [string[], string][] = [
      [['cutover', 'next', '-'], 'cannot be the file to edit'],
      [['cutover', 'rollback', '-'], 'cannot be the file to edit'],
      [['cutover', 'set', '10', '-'], 'cannot be the file to edit'],
      [
        ['import', join(__dirname, '..', 'fixtures', 'doctl'), '--into', '-'],
        'cannot be refreshed with --into',
      ],
      [['diff', '-', '-'], 'only one side of diff can be -'],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args, dir, { input: php });
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toContain(message);
    }
  });
});
