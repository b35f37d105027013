/**
 * One pass: `dropship synth` parses the YAML at most once, validates the spec once and builds the plan model
 * once, however many stacks it writes (per-app layout: one stack per app). A --require hook counts the calls
 * in the built CLI.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, PHP_SHOP, runCli } from '../helpers/built-cli';
import { REPO_ROOT } from '../helpers/examples';

let work: string;

beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'dropship-passes-'));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

it.each(['single', 'per-app'])('synth --layout %s parses, validates and compiles once', (layout) => {
  const counts = join(work, `counts-${layout}.json`);
  const hook = join(work, 'count-passes.js');
  // Wrap the exported functions the CLI calls through their modules' exports objects.
  writeFileSync(
    hook,
    [
      'const counts = { parseDocument: 0, safeParse: 0, compile: 0 };',
      'const wrap = (obj, name, key) => { const fn = obj[name]; obj[name] = function (...a) { counts[key]++; return fn.apply(this, a); }; };',
      `wrap(require(${JSON.stringify(require.resolve('yaml', { paths: [REPO_ROOT] }))}), 'parseDocument', 'parseDocument');`,
      `wrap(require(${JSON.stringify(join(REPO_ROOT, 'dist', 'schema', 'spec.js'))}).MigrationSpec, 'safeParse', 'safeParse');`,
      // The first stage of every compile (called through its module, whichever entry point the CLI uses).
      `wrap(require(${JSON.stringify(join(REPO_ROOT, 'dist', 'compiler', 'network.js'))}), 'compileNetwork', 'compile');`,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(counts)}, JSON.stringify(counts)));`,
    ].join('\n'),
  );
  const child = runCli(
    ['synth', PHP_SHOP, '--out', join(work, layout), '--layout', layout, '--quiet'],
    work,
    {
      nodeArgs: ['--require', hook],
    },
  );
  expect({ status: child.code, stderr: child.stderr }).toMatchObject({ status: 0 });
  const seen = JSON.parse(readFileSync(counts, 'utf8')) as Record<string, number>;
  expect(seen.parseDocument).toBeLessThanOrEqual(1);
  expect(seen.safeParse).toBe(1);
  expect(seen.compile).toBe(1);
});
