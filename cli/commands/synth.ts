/**
 * `dropship synth [file] [--out dir]`: validate, compile, render and write Terraform JSON (or HCL) for every
 * stack, in process (no cdktf-cli; as a cdktf.json app it writes to $CDKTF_OUTDIR). On a terminal, stderr
 * shows what it is doing. Output goes to a fresh temporary directory that replaces `--out` only
 * when everything succeeded, so a failed run leaves the previous output untouched. A failure to write (a
 * full disk, a read-only file system, permissions, too many open files) is exit 2 with the path and why.
 */
import fs = require('node:fs');
import { rmSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { renderApp } from '../../stacks';
import { formatHclFiles } from '../../stacks/hcl';
import { inputName, ioReason } from '../../schema/read-text';
import { CliError, EXIT_OK } from '../exit';
import { checkOutputTarget, makeStagingDir, replaceDirectory, writeOutputMarker } from '../output-dir';
import { checkStateOutsideOutput } from '../state-location';
import { loadAndCompile } from '../pipeline';
import { printDiagnostics, printWarnings } from '../report';
import { progressOn, type Progress } from '../progress';
import type { Layout, Plan } from '../../compiler/model';

export interface SynthArgs {
  file: string;
  out: string;
  hcl: boolean;
  layout: Layout;
  only?: string[];
  quiet?: boolean;
  /** Progress on stderr; default: stderr is a terminal (and not --quiet). */
  progress?: Progress;
}

export async function runSynth(args: SynthArgs): Promise<number> {
  const progress = args.progress ?? progressOn(process.stderr, !args.quiet && process.stderr.isTTY === true);
  try {
    return await synthesize(args, progress);
  } finally {
    progress.clear();
  }
}

async function synthesize(args: SynthArgs, progress: Progress): Promise<number> {
  progress.update(`reading and compiling ${inputName(args.file)}`, true);
  const outcome = loadAndCompile(args.file, { layout: args.layout, only: args.only });
  progress.clear();
  if (!outcome.ok) {
    printDiagnostics(outcome.diagnostics, 'text', false);
    return outcome.exitCode;
  }
  const { plan } = outcome;
  printWarnings(outcome.warnings);
  const out = resolve(args.out);
  checkStateOutsideOutput(plan.meta.backend, out, args.out, outcome.source);
  checkOutputTarget(out, [args.file], args.out);
  const staging = makeStagingDir(out);
  try {
    await writeStacks(plan, staging, args.hcl, progress);
  } catch (err) {
    const leftover = removeStaging(staging);
    throw writeFailure(err, staging, args.out, leftover) ?? err;
  }
  progress.update(`replacing ${args.out}`, true);
  replaceDirectory(staging, out, args.out);
  progress.clear();
  if (!args.quiet) {
    process.stdout.write(`synthesized ${plan.stacks.length} stacks to ${args.out}/stacks/\n`);
    for (const s of plan.stacks) process.stdout.write(`  ${s.name}\n`);
  }
  return EXIT_OK;
}

/** Renders every stack into `staging` (HCL formatted as terraform fmt does), then the output's record. */
async function writeStacks(plan: Plan, staging: string, hcl: boolean, progress: Progress): Promise<void> {
  const total = plan.stacks.length;
  progress.update(`building ${total} stacks`, true);
  const app = renderApp(plan, { outdir: staging, hcl });
  let written = 0;
  const onWrite = (path: string) => {
    if (!/cdk\.tf(\.json)?$/.test(path)) return;
    written++;
    const next = plan.stacks[written];
    if (next) progress.update(`synthesizing ${next.name} (${written + 1}/${total})`);
  };
  progress.update(`synthesizing ${plan.stacks[0]?.name ?? ''} (1/${total})`, true);
  withPathInWriteErrors(() => app.synth(), onWrite);
  if (hcl) {
    let formatted = 0;
    await formatHclFiles(staging, (stack) =>
      progress.update(`formatting ${stack} (${++formatted}/${total})`),
    );
  }
  writeOutputMarker(staging);
}

const WRITERS = ['writeFileSync', 'mkdirSync', 'copyFileSync', 'openSync'] as const;

/**
 * Runs `render` with node's writing calls wrapped so an error names its file: a failed write(2) (ENOSPC,
 * EIO, EDQUOT) carries no path, and cdktf writes every stack file through `fs.writeFileSync` (`onWrite`
 * hears of each file written: the progress). The wrappers are removed when `render` returns (it is
 * synchronous, so nothing else runs meanwhile).
 */
function withPathInWriteErrors(render: () => void, onWrite: (path: string) => void = () => undefined): void {
  const originals = WRITERS.map((name) => [name, fs[name]] as const);
  const mutable = fs as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const [name, original] of originals)
    mutable[name] = function (this: unknown, ...args: unknown[]) {
      try {
        const result = (original as (...a: unknown[]) => unknown).apply(this, args);
        if (name === 'writeFileSync' && typeof args[0] === 'string') onWrite(args[0]);
        return result;
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e && typeof e.code === 'string' && e.path === undefined && typeof args[0] === 'string')
          e.path = args[0];
        throw err;
      }
    };
  try {
    render();
  } finally {
    for (const [name, original] of originals) mutable[name] = original as never;
  }
}

/** Removes the staging tree; returns it when that failed too (e.g. the file system went read-only). */
function removeStaging(staging: string): string | undefined {
  try {
    rmSync(staging, { recursive: true, force: true });
    return undefined;
  } catch {
    return staging;
  }
}

/**
 * A file-system error while writing the staging tree, as one line: the file as it would have been named in
 * the output, the reason, and that the previous output is untouched. Anything else is a bug (exit 70).
 */
function writeFailure(err: unknown, staging: string, out: string, leftover?: string): CliError | undefined {
  const e = err as NodeJS.ErrnoException;
  if (typeof e?.code !== 'string' || !/^E[A-Z0-9]+$/.test(e.code)) return undefined;
  const path = typeof e.path === 'string' ? e.path : undefined;
  const rel = path === undefined ? undefined : relative(staging, path);
  const shown =
    path === undefined
      ? out
      : rel === ''
        ? out
        : rel && !rel.startsWith('..') && !rel.startsWith(sep)
          ? join(out, rel)
          : path;
  return new CliError(
    `cannot write ${shown}: ${ioReason(e)}; ${out} is unchanged` +
      (leftover ? ` (remove the partial output left in ${leftover})` : ''),
  );
}
