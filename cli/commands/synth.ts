/**
 * `dropship synth [file] [--out dir]`: validate, compile, render and write Terraform JSON (or HCL) for every
 * stack, in process (no cdktf-cli). Output goes to a fresh temporary directory that replaces `--out` only
 * when everything succeeded, so a failed run leaves the previous output untouched.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { dirname, basename, join, resolve } from 'node:path';
import { renderApp } from '../../stacks';
import { CliError, EXIT_OK } from '../exit';
import { loadAndCompile } from '../pipeline';
import { printDiagnostics } from '../report';

export interface SynthArgs {
  file: string;
  out: string;
  hcl: boolean;
  layout: 'single' | 'per-app';
  only?: string[];
  quiet?: boolean;
}

export function runSynth(args: SynthArgs): number {
  const outcome = loadAndCompile(args.file, { layout: args.layout, only: args.only });
  if (!outcome.ok) {
    printDiagnostics(outcome.diagnostics, 'text', false);
    return outcome.exitCode;
  }
  const { plan } = outcome;
  printDiagnostics(outcome.warnings, 'text', true);
  const out = resolve(args.out);
  const staging = makeStagingDir(out);
  try {
    renderApp(plan, { outdir: staging, hcl: args.hcl }).synth();
    replaceDirectory(staging, out);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  if (!args.quiet) {
    process.stdout.write(`synthesized ${plan.stacks.length} stacks to ${args.out}/stacks/\n`);
    for (const s of plan.stacks) process.stdout.write(`  ${s.name}\n`);
  }
  return EXIT_OK;
}

/** A fresh directory beside `out` (same file system, so the final rename is atomic). */
function makeStagingDir(out: string): string {
  try {
    mkdirSync(dirname(out), { recursive: true });
    return mkdtempSync(join(dirname(out), `.${basename(out)}.tmp-`));
  } catch (err) {
    throw new CliError(`cannot write to ${dirname(out)}: ${(err as Error).message}`);
  }
}

/** Swap `staging` into place of `target` with renames, so readers never see a half-written tree. */
function replaceDirectory(staging: string, target: string): void {
  const old = `${target}.old-${process.pid}`;
  if (existsSync(target)) renameSync(target, old);
  renameSync(staging, target);
  rmSync(old, { recursive: true, force: true });
}
