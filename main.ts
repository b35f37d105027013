/**
 * A cdktf app that renders like `dropship synth` (`node dist/main.js` as a cdktf.json app). It reads
 * DROPSHIP_SPEC, else ./migration.yaml; without either it stops (exit 2) rather than render an example.
 * cdktf.json apps are better off with `dropship synth` itself (README: the cdktf workflow).
 */
import { renderApp } from './stacks';
import { printDiagnostics, printWarnings } from './cli/report';
import { resolveSpecFile } from './cli/spec-arg';
import { loadAndCompile } from './cli/pipeline';
import { checkStateOutsideOutput } from './cli/state-location';
import { CliError } from './cli/exit';
import { resolve } from 'node:path';
import { DEFAULT_LAYOUT, isLayout, LAYOUTS } from './compiler/layout';

const file = specFile();
const layout = process.env.DROPSHIP_LAYOUT ?? DEFAULT_LAYOUT;
if (!isLayout(layout)) {
  process.stderr.write(
    `dropship: DROPSHIP_LAYOUT must be ${LAYOUTS.join(' or ')}, not ${JSON.stringify(layout)}\n`,
  );
  process.exit(2);
}
const outcome = loadAndCompile(file, { layout });
if (!outcome.ok) {
  printDiagnostics(outcome.diagnostics, 'text', false);
  process.exit(outcome.exitCode);
}
printWarnings(outcome.warnings);
const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
try {
  // cdktf-cli replaces the output folder like `dropship synth` does: the state must not be in it.
  checkStateOutsideOutput(outcome.plan.meta.backend, resolve(outdir), outdir, outcome.source);
} catch (err) {
  if (!(err instanceof CliError)) throw err;
  process.stderr.write(`dropship: ${err.message}\n`);
  process.exit(err.exitCode);
}
renderApp(outcome.plan, { outdir }).synth();

function specFile(): string {
  try {
    return resolveSpecFile(process.env.DROPSHIP_SPEC);
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    process.stderr.write(`dropship: ${err.message} (or set DROPSHIP_SPEC)\n`);
    process.exit(err.exitCode);
  }
}
