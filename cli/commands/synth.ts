/**
 * `dropship synth [file] [--out dir]`: validate, compile, render and write Terraform JSON (or HCL) for every
 * stack, in process (no cdktf-cli). Output goes to a fresh temporary directory that replaces `--out` only
 * when everything succeeded, so a failed run leaves the previous output untouched.
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderApp } from '../../stacks';
import { EXIT_OK } from '../exit';
import { checkOutputTarget, makeStagingDir, replaceDirectory } from '../output-dir';
import { loadAndCompile } from '../pipeline';
import { printDiagnostics } from '../report';
import type { Layout } from '../../compiler/model';

export interface SynthArgs {
  file: string;
  out: string;
  hcl: boolean;
  layout: Layout;
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
  checkOutputTarget(out, [args.file]);
  const staging = makeStagingDir(out);
  try {
    renderApp(plan, { outdir: staging, hcl: args.hcl }).synth();
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  replaceDirectory(staging, out);
  if (!args.quiet) {
    process.stdout.write(`synthesized ${plan.stacks.length} stacks to ${args.out}/stacks/\n`);
    for (const s of plan.stacks) process.stdout.write(`  ${s.name}\n`);
  }
  return EXIT_OK;
}
