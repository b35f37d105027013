/**
 * The `dropship` command line. Commands load their modules lazily, so `validate`, `schema` and `--help`
 * never load cdktf or the providers.
 */
import yargs from 'yargs';
import { CliError, EXIT_USAGE } from './exit';
import { resolveEditableSpecFile, resolveSpecFile } from './spec-file';
import { DEFAULT_LAYOUT, LAYOUTS } from '../compiler/layout';

const fileArg = {
  describe:
    'migration.yaml to read, - for standard input (default: ./migration.yaml, else the bundled php-shop example)',
  type: 'string',
} as const;

const editFileArg = {
  describe: 'migration.yaml to edit in place (default: ./migration.yaml; not - : a file is rewritten)',
  type: 'string',
} as const;

const cutoverDryRun = {
  type: 'boolean',
  default: false,
  describe: 'print the diff without writing the file',
} as const;

/**
 * yargs turns a lone `-` positional into an empty string, so `-` (standard input) travels through it as a
 * token no command line can hold (argv strings cannot contain NUL) and is restored before any handler runs.
 */
const STDIN_TOKEN = '\u0000-';
function restoreStdinArgs(args: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(args)) {
    if (value === STDIN_TOKEN) args[key] = '-';
    else if (Array.isArray(value)) args[key] = value.map((v) => (v === STDIN_TOKEN ? '-' : v));
  }
}

export function main(argv: string[]): void {
  const run = (fn: () => number | Promise<number>) => {
    Promise.resolve()
      .then(fn)
      .then((code) => {
        process.exitCode = code;
      })
      .catch((err: unknown) => {
        if (err instanceof CliError) {
          process.stderr.write(`dropship: ${err.message}\n`);
          process.exitCode = err.exitCode;
        } else {
          process.stderr.write(`dropship: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
          process.exitCode = 70;
        }
      });
  };

  yargs(argv.map((arg) => (arg === '-' ? STDIN_TOKEN : arg)))
    .middleware(restoreStdinArgs)
    .scriptName('dropship')
    .usage(
      'dropship compiles migration.yaml (your DigitalOcean inventory and its AWS target) into cdktf/Terraform stacks.\n\n' +
        'Start with:  dropship validate examples/php-shop/migration.yaml\n' +
        'Then:        dropship synth examples/php-shop/migration.yaml --out cdktf.out',
    )
    .command(
      'validate [file]',
      'Check migration.yaml and print every problem with file:line:column',
      (y) =>
        y.positional('file', fileArg).option('format', {
          choices: ['text', 'json'] as const,
          default: 'text' as const,
          describe: 'text for people, json for editors and CI',
        }),
      (a) =>
        run(() =>
          require('./commands/validate').runValidate({ file: resolveSpecFile(a.file), format: a.format }),
        ),
    )
    .command(
      'synth [file]',
      'Write Terraform JSON for every stack to <out>/stacks/<stack>/cdk.tf.json',
      (y) =>
        y
          .positional('file', fileArg)
          .option('out', {
            type: 'string',
            default: 'cdktf.out',
            describe: 'output directory (replaced only on success)',
          })
          .option('hcl', { type: 'boolean', default: false, describe: 'write HCL (cdk.tf) instead of JSON' })
          .option('layout', {
            choices: LAYOUTS,
            default: DEFAULT_LAYOUT,
            describe:
              'single: all apps in one stack; per-app: a stack per app (parallel plans, small states)',
          })
          .option('only', { type: 'string', describe: 'comma-separated app names to synthesize (a subset)' })
          .option('quiet', { type: 'boolean', default: false }),
      (a) =>
        run(() =>
          require('./commands/synth').runSynth({
            file: resolveSpecFile(a.file),
            out: a.out,
            hcl: a.hcl,
            layout: a.layout,
            only:
              a.only !== undefined
                ? a.only
                    .split(',')
                    .map((s: string) => s.trim())
                    .filter(Boolean)
                : undefined,
            quiet: a.quiet,
          }),
        ),
    )
    .command('cutover', 'Show or move the DNS cutover phase (rewrites cutover.current in place)', (y) =>
      y
        .command(
          'status [file]',
          'Print the phase table with the current phase marked',
          (c) => c.positional('file', fileArg),
          (a) =>
            run(() =>
              require('./commands/cutover').runCutover({ action: 'status', file: resolveSpecFile(a.file) }),
            ),
        )
        .command(
          'next [file]',
          'Move cutover.current to the next phase',
          (c) => c.positional('file', editFileArg).option('dry-run', cutoverDryRun),
          (a) =>
            run(() =>
              require('./commands/cutover').runCutover({
                action: 'next',
                file: resolveEditableSpecFile(a.file),
                dryRun: a.dryRun,
              }),
            ),
        )
        .command(
          'rollback [file]',
          'Move cutover.current back to the previous phase',
          (c) => c.positional('file', editFileArg).option('dry-run', cutoverDryRun),
          (a) =>
            run(() =>
              require('./commands/cutover').runCutover({
                action: 'rollback',
                file: resolveEditableSpecFile(a.file),
                dryRun: a.dryRun,
              }),
            ),
        )
        .command(
          'set <percent> [file]',
          'Set cutover.current to one of cutover.phases',
          (c) =>
            c
              .positional('percent', {
                type: 'number',
                demandOption: true,
                describe: 'AWS share, one of cutover.phases',
              })
              .positional('file', editFileArg)
              .option('force', {
                type: 'boolean',
                default: false,
                describe: 'allow a jump of more than one phase forward',
              })
              .option('dry-run', cutoverDryRun),
          (a) =>
            run(() =>
              require('./commands/cutover').runCutover({
                action: 'set',
                percent: a.percent,
                file: resolveEditableSpecFile(a.file),
                force: a.force,
                dryRun: a.dryRun,
              }),
            ),
        )
        .demandCommand(1, 'Name a cutover command: status, next, rollback or set <percent>.'),
    )
    .command(
      'plan [file]',
      'Explain what synth would create, for review: resources, mappings, cutover, runbook, cost, security',
      (y) =>
        y
          .positional('file', fileArg)
          .option('format', { choices: ['text', 'markdown', 'json'] as const, default: 'text' as const })
          .option('layout', { choices: LAYOUTS, default: DEFAULT_LAYOUT }),
      (a) =>
        run(() =>
          require('./commands/plan').runPlan({
            file: resolveSpecFile(a.file),
            format: a.format,
            layout: a.layout,
          }),
        ),
    )
    .command(
      'check [file]',
      'Run the security checks on the synthesized Terraform; exit 1 on findings not waived in migration.yaml',
      (y) =>
        y
          .positional('file', fileArg)
          .option('format', { choices: ['text', 'json'] as const, default: 'text' as const })
          .option('layout', { choices: LAYOUTS, default: DEFAULT_LAYOUT }),
      (a) =>
        run(() =>
          require('./commands/check').runCheck({
            file: resolveSpecFile(a.file),
            format: a.format,
            layout: a.layout,
          }),
        ),
    )
    .command(
      'diff <old> <new>',
      'Resources added, removed and changed between two migration.yaml files (compiled, not applied)',
      (y) =>
        y
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
          .option('layout', { choices: LAYOUTS, default: DEFAULT_LAYOUT }),
      (a) =>
        run(() =>
          require('./commands/diff').runDiff({ old: a.old, new: a.new, format: a.format, layout: a.layout }),
        ),
    )
    .command(
      'import <inputs..>',
      'Draft migration.yaml from DigitalOcean exports (doctl -o json or API JSON files, or a folder of them)',
      (y) =>
        y
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
            describe: 'refresh only the digitalocean: section of this migration.yaml, in place (or to --out)',
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
    )
    .command(
      'schema',
      'Print the JSON Schema of migration.yaml (for editor autocompletion), or its Markdown reference',
      (y) =>
        y
          .option('out', { type: 'string', describe: 'write to this file instead of stdout' })
          .option('format', {
            choices: ['json-schema', 'markdown'] as const,
            default: 'json-schema' as const,
            describe: 'json-schema (schema/migration.schema.json) or markdown (docs/spec.md)',
          }),
      (a) => run(() => require('./commands/schema').runSchema({ out: a.out, format: a.format })),
    )
    .completion('completion', 'Print a shell completion script (add it to ~/.bashrc or ~/.zshrc)')
    .demandCommand(1, 'Name a command; see dropship --help.')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`dropship: ${msg.split(STDIN_TOKEN).join('-')}\nRun dropship --help for usage.\n`);
      process.exit(EXIT_USAGE);
    })
    .parse();
}
