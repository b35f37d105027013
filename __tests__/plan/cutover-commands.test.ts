/**
 * The cutover commands the plan prints name the spec file the reader gave, whatever its name, as one shell
 * word (compiler/steps.ts through compiler/shell.ts): run under bash with dropship stubbed, each receives
 * exactly that name. Standard input has no name to edit: the commands then say migration.yaml.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { runPlan } from '../../cli/commands/plan';
import { captureOutput } from '../helpers/output';
import { exampleFile } from '../helpers/examples';
import { compileExample } from '../helpers/synth';
import { allManualSteps } from '../../cli/plan/model-view';

const dir = mkdtempSync(join(tmpdir(), 'dropship-cutover-commands-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Report {
  manualSteps: { title: string; commands?: string[] }[];
}

/** The cutover commands of the plan, each run with `dropship` printing its arguments one a line. */
function cutoverArguments(file: string): string[][] {
  const out = captureOutput(() => runPlan({ file, format: 'json' }));
  expect(out.code).toBe(0);
  const commands = (JSON.parse(out.stdout) as Report).manualSteps
    .flatMap((s) => s.commands ?? [])
    .filter((c) => c.startsWith('dropship cutover'));
  expect(commands).toHaveLength(2);
  return commands.map((command) => {
    const r = spawnSync('bash', ['-c', `dropship() { printf '%s\\0' "$@"; }\n${command}`], {
      encoding: 'utf8',
      cwd: dir,
    });
    expect(r.status).toBe(0);
    return r.stdout.split('\0').slice(0, -1);
  });
}

describe('cutover commands in the plan', () => {
  const name = fc
    .stringMatching(/^[A-Za-z0-9 '"$`;&|()<>*?!#~\\{}\[\]._=-]{1,24}$/)
    .filter((n) => !n.includes('/') && n !== '.' && n !== '..' && !n.startsWith('-'));

  it('name the spec file as given, one shell word, whatever it is called', () => {
    fc.assert(
      fc.property(name, (base) => {
        const file = join(dir, `${base}.yaml`);
        copyFileSync(exampleFile('php-shop'), file);
        const shown = relative(process.cwd(), file).startsWith('..') ? file : relative(process.cwd(), file);
        expect(cutoverArguments(file)).toEqual([
          ['cutover', 'next', shown],
          ['cutover', 'rollback', shown],
        ]);
      }),
      { numRuns: 25 },
    );
  });

  it('say migration.yaml for a spec read from standard input', () => {
    const plan = compileExample('php-shop');
    for (const file of ['<stdin>', undefined]) {
      const commands = allManualSteps(plan, file).flatMap((st) => st.commands ?? []);
      expect(commands).toContain('dropship cutover next migration.yaml');
    }
  });
});
