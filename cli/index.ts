/**
 * The `dropship` command line. Commands load their modules lazily, so `validate`, `schema` and `--help`
 * never load cdktf or the providers. The commands and their options are declared in command-line.ts.
 */
import yargs, { type Argv } from 'yargs';
import { CliError, EXIT_USAGE } from './exit';
import { COMMANDS, type Run } from './command-line';

/**
 * yargs turns a lone `-` positional into an empty string, so `-` (standard input) travels through it as a
 * token no command line can hold (argv strings cannot contain NUL) and is restored before any handler runs.
 */
const STDIN_TOKEN = '\u0000-';

function encodeStdinArgs(argv: readonly string[]): string[] {
  return argv.map((arg) => (arg === '-' ? STDIN_TOKEN : arg));
}

function restoreStdinArgs(args: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(args)) {
    if (value === STDIN_TOKEN) args[key] = '-';
    else if (Array.isArray(value)) args[key] = value.map((v) => (v === STDIN_TOKEN ? '-' : v));
  }
}

/** Runs a command handler and turns its result or error into the exit code (and one line on stderr). */
const run: Run = (fn) => {
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

const USAGE =
  'dropship compiles migration.yaml (your DigitalOcean inventory and its AWS target) into cdktf/Terraform stacks.\n\n' +
  'Start with:  dropship validate --example php-shop\n' +
  'Then:        dropship synth migration.yaml --out cdktf.out';

/** Help, version, strictness and how a usage error is reported (exit 2). */
function withUsageRules(y: Argv): Argv {
  return y
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
    });
}

export function main(argv: string[]): void {
  const y = yargs(encodeStdinArgs(argv)).middleware(restoreStdinArgs).scriptName('dropship').usage(USAGE);
  for (const declare of COMMANDS) declare(y, run);
  withUsageRules(y).parse();
}
