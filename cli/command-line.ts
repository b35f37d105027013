/**
 * Every command, its arguments and options, one function each. Handlers load their command module on use
 * (`require`), so `validate`, `schema` and `--help` never load cdktf or the providers.
 */
import type { Argv } from 'yargs';
import { CliError } from './exit';
import { EXAMPLES, resolveEditableSpecFile, resolveSpecFile } from './spec-arg';
import { DEFAULT_LAYOUT, LAYOUTS } from '../compiler/layout';

/** Runs a handler: its number is the exit code; a CliError is one line on stderr and its code. */
export type Run = (fn: () => number | Promise<number>) => void;
type Declare = (y: Argv, run: Run) => void;

const fileArg = {
  describe: 'migration.yaml to read, - for standard input (default: ./migration.yaml)',
  type: 'string',
} as const;

const exampleOption = {
  choices: EXAMPLES,
  describe: 'read a bundled example instead of a file',
} as const;

const editFileArg = {
  describe: 'migration.yaml to edit in place (default: ./migration.yaml; not - : a file is rewritten)',
  type: 'string',
} as const;

const layoutOption = {
  choices: LAYOUTS,
  default: DEFAULT_LAYOUT,
  describe: 'single: all apps in one stack; per-app: a stack per app (parallel plans, small states)',
} as const;

const cutoverDryRun = {
  type: 'boolean',
  default: false,
  describe: 'print the diff without writing the file',
} as const;

/**
 * The spec a read-only command reads: `[file]` or `--example NAME`, never a silent fallback; `command` is
 * named in the message when there is none.
 */
const specOf = (a: { file?: string; example?: string }, command: string) =>
  resolveSpecFile({ file: a.file, example: a.example, command });

const validate: Declare = (y, run) =>
  y.command(
    'validate [file]',
    'Check migration.yaml and print every problem with file:line:column',
    (c) =>
      c
        .positional('file', fileArg)
        .option('example', exampleOption)
        .option('format', {
          choices: ['text', 'json', 'github'] as const,
          default: 'text' as const,
          describe: 'text for people, json for editors and CI, github for workflow annotations',
        }),
    (a) =>
      run(() =>
        require('./commands/validate').runValidate({ file: specOf(a, 'validate'), format: a.format }),
      ),
  );

const synth: Declare = (y, run) =>
  y.command(
    'synth [file]',
    'Write Terraform JSON for every stack to <out>/stacks/<stack>/cdk.tf.json',
    (c) =>
      c
        .positional('file', fileArg)
        .option('example', exampleOption)
        .option('out', {
          type: 'string',
          describe: 'output directory, replaced only on success (default: $CDKTF_OUTDIR, else cdktf.out)',
        })
        .option('hcl', {
          type: 'boolean',
          describe:
            'write HCL (cdk.tf) instead of JSON (default: on when $SYNTH_HCL_OUTPUT is true, as cdktf --hcl sets it)',
        })
        .option('layout', layoutOption)
        .option('only', { type: 'string', describe: 'comma-separated app names to synthesize (a subset)' })
        .option('quiet', { type: 'boolean', default: false, describe: 'print nothing on success' }),
    (a) =>
      run(() =>
        require('./commands/synth').runSynth({
          file: specOf(a, 'synth'),
          out: a.out ?? process.env.CDKTF_OUTDIR ?? 'cdktf.out',
          hcl: a.hcl ?? process.env.SYNTH_HCL_OUTPUT === 'true',
          layout: a.layout,
          only: a.only
            ?.split(',')
            .map((s: string) => s.trim())
            .filter(Boolean),
          quiet: a.quiet,
        }),
      ),
  );

/**
 * `cutover set`'s percentage, read strictly: digits with an optional `%` and nothing else (no sign, space,
 * exponent, hex or leading zero), so `10` and `10%` are phase 10 and a typo is never a phase.
 */
export function parsePercent(value: string | number): number {
  const text = String(value);
  const match = /^(0|[1-9][0-9]{0,2})%?$/.exec(text);
  if (!match)
    throw new CliError(`cutover set needs a whole percentage such as 10 or 10%, not ${JSON.stringify(text)}`);
  return Number(match[1]);
}

function cutoverEdit(action: 'next' | 'rollback', describe: string): Declare {
  return (y, run) =>
    y.command(
      `${action} [file]`,
      describe,
      (c) =>
        c.positional('file', editFileArg).option('dry-run', cutoverDryRun).option('force', {
          type: 'boolean',
          default: false,
          describe: 'roll back although the data moved (cutover.dataMode move-first); see cutover status',
        }),
      (a) =>
        run(() =>
          require('./commands/cutover').runCutover({
            action,
            file: resolveEditableSpecFile(a.file),
            dryRun: a.dryRun,
            force: a.force,
          }),
        ),
    );
}

const cutoverStatus: Declare = (y, run) =>
  y.command(
    'status [file]',
    'Print the phase table with the current phase marked',
    (c) => c.positional('file', fileArg).option('example', exampleOption),
    (a) =>
      run(() =>
        require('./commands/cutover').runCutover({ action: 'status', file: specOf(a, 'cutover status') }),
      ),
  );

const cutoverSet: Declare = (y, run) =>
  y.command(
    'set <percent> [file]',
    'Set cutover.current to one of cutover.phases',
    (c) =>
      c
        .positional('percent', {
          type: 'string',
          demandOption: true,
          describe: 'AWS share, one of cutover.phases (10 or 10%)',
        })
        .positional('file', editFileArg)
        .option('force', {
          type: 'boolean',
          default: false,
          describe:
            'allow a jump of more than one phase forward, or a move back although the data moved (dataMode move-first)',
        })
        .option('dry-run', cutoverDryRun),
    (a) =>
      run(() =>
        require('./commands/cutover').runCutover({
          action: 'set',
          percent: parsePercent(a.percent),
          file: resolveEditableSpecFile(a.file),
          force: a.force,
          dryRun: a.dryRun,
        }),
      ),
  );

const cutover: Declare = (y, run) =>
  y.command('cutover', 'Show or move the DNS cutover phase (rewrites cutover.current in place)', (c) => {
    cutoverStatus(c, run);
    cutoverEdit('next', 'Move cutover.current to the next phase')(c, run);
    cutoverEdit('rollback', 'Move cutover.current back to the previous phase')(c, run);
    cutoverSet(c, run);
    return c.demandCommand(1, 'Name a cutover command: status, next, rollback or set <percent>.');
  });

const plan: Declare = (y, run) =>
  y.command(
    'plan [file]',
    'Explain what synth would create, for review: resources, mappings, cutover, runbook, cost, security',
    (c) =>
      c
        .positional('file', fileArg)
        .option('example', exampleOption)
        .option('format', {
          choices: ['text', 'markdown', 'json', 'comment'] as const,
          default: 'text' as const,
          describe: "comment: the pull-request comment, within GitHub's 65,536 characters",
        })
        .option('layout', layoutOption)
        .option('base', {
          type: 'string',
          describe:
            "the base branch's (or the applied) migration.yaml: --format comment shows what this change does; any format refuses a change live infrastructure cannot take (a blue/green app's port)",
        })
        .option('full-plan', {
          type: 'string',
          describe: 'with --format comment: where the full plan is (the step summary or an artifact URL)',
        }),
    (a) =>
      run(() =>
        require('./commands/plan').runPlan({
          file: specOf(a, 'plan'),
          format: a.format,
          layout: a.layout,
          base: a.base,
          fullPlan: a.fullPlan,
        }),
      ),
  );

const check: Declare = (y, run) =>
  y.command(
    'check [file]',
    'Run the security checks on the synthesized Terraform; exit 1 on findings not waived in migration.yaml',
    (c) =>
      c
        .positional('file', fileArg)
        .option('example', exampleOption)
        .option('format', {
          choices: ['text', 'json', 'sarif', 'github'] as const,
          default: 'text' as const,
          describe:
            'sarif for GitHub code scanning, github for workflow annotations at the migration.yaml line',
        })
        .option('layout', layoutOption),
    (a) =>
      run(() =>
        require('./commands/check').runCheck({
          file: specOf(a, 'check'),
          format: a.format,
          layout: a.layout,
        }),
      ),
  );

const diff: Declare = (y, run) =>
  y.command(
    'diff <old> <new>',
    'Resources added, removed and changed between two migration.yaml files (compiled, not applied)',
    (c) =>
      c
        .positional('old', {
          type: 'string',
          demandOption: true,
          describe: 'migration.yaml before (- for standard input)',
        })
        .positional('new', {
          type: 'string',
          demandOption: true,
          describe: 'migration.yaml after (- for standard input)',
        })
        .option('format', { choices: ['text', 'json'] as const, default: 'text' as const })
        .option('layout', layoutOption)
        .option('exit-code', {
          type: 'boolean',
          default: false,
          describe: 'exit 1 when there are differences, 0 when there are none (like git diff --exit-code)',
        }),
    (a) =>
      run(() =>
        require('./commands/diff').runDiff({
          old: a.old,
          new: a.new,
          format: a.format,
          layout: a.layout,
          exitCode: a.exitCode,
        }),
      ),
  );

const importCommand: Declare = (y, run) =>
  y.command(
    'import <inputs..>',
    'Draft migration.yaml from DigitalOcean exports (doctl -o json, API JSON or, for Spaces, aws s3api JSON files, or a folder of them)',
    (c) =>
      c
        .positional('inputs', {
          type: 'string',
          array: true,
          demandOption: true,
          describe: 'JSON files or folders',
        })
        .option('out', {
          type: 'string',
          describe: 'write here instead of stdout (replaced only on success)',
        })
        .option('into', {
          type: 'string',
          describe:
            'refresh, in the digitalocean: section of this migration.yaml, only the kinds the inputs name (droplets.json: the droplets); in place (or to --out)',
        })
        .option('domain', {
          type: 'string',
          array: true,
          describe: 'which domain a records file belongs to: <domain>=<file> (repeatable)',
        })
        .option('project', {
          type: 'string',
          describe: 'project name for a new file (default: a TODO placeholder)',
        })
        .option('environment', {
          type: 'string',
          describe: 'environment for a new file (default: production)',
        })
        .option('force', {
          type: 'boolean',
          default: false,
          describe: 'with --into: write even if the refreshed file no longer validates',
        })
        .conflicts('into', ['project', 'environment']),
    (a) =>
      run(() =>
        require('./commands/import').runImport({
          inputs: a.inputs,
          out: a.out,
          into: a.into,
          domain: a.domain,
          project: a.project,
          environment: a.environment,
          force: a.force,
        }),
      ),
  );

const workflows: Declare = (y, run) =>
  y.command(
    'workflows [file]',
    'Write the GitHub Actions workflow of each app CI builds (ci.github) to <out>/dropship-deploy-<app>.yml',
    (c) =>
      c
        .positional('file', fileArg)
        .option('out', {
          type: 'string',
          default: '.github/workflows',
          describe: 'the folder; a file there is replaced only when dropship wrote it',
        })
        .option('quiet', { type: 'boolean', default: false, describe: 'print nothing on success' }),
    (a) =>
      run(() =>
        require('./commands/workflows').runWorkflows({
          file: specOf(a, 'workflows'),
          out: a.out,
          quiet: a.quiet,
        }),
      ),
  );

const schema: Declare = (y, run) =>
  y.command(
    'schema',
    'Print the JSON Schema of migration.yaml (for editor autocompletion), or its Markdown reference',
    (c) =>
      c.option('out', { type: 'string', describe: 'write to this file instead of stdout' }).option('format', {
        choices: ['json-schema', 'markdown'] as const,
        default: 'json-schema' as const,
        describe: 'json-schema (schema/migration.schema.json) or markdown (docs/spec.md)',
      }),
    (a) => run(() => require('./commands/schema').runSchema({ out: a.out, format: a.format })),
  );

/**
 * `completion` is a command of its own, so `completion --help` prints its help: yargs' built-in one prints
 * the script whatever follows. yargs' completion machinery stays on under a hidden name for the script.
 */
const completion: Declare = (y, run) => {
  y.completion('__complete', false);
  y.command(
    'completion',
    'Print a bash/zsh completion script (add it to ~/.bashrc or ~/.zshrc)',
    (c) => c.example('dropship completion >> ~/.bashrc', 'complete dropship commands in bash'),
    () =>
      run(() => {
        // yargs takes the script name and the command name; its type declares neither.
        (y as unknown as { showCompletionScript($0: string, cmd: string): void }).showCompletionScript(
          'dropship',
          'completion',
        );
        return 0;
      }),
  );
};

/** In the order `dropship --help` lists them. */
export const COMMANDS: readonly Declare[] = [
  validate,
  synth,
  cutover,
  plan,
  check,
  diff,
  importCommand,
  workflows,
  schema,
  completion,
];
