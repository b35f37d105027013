/**
 * The cdktf app (`npx cdktf synth` runs this through cdktf.json). It reads DROPSHIP_SPEC (default: the
 * bundled php-shop example) and renders it exactly like `dropship synth`.
 */
import { renderApp } from './stacks';
import { printDiagnostics } from './cli/report';
import { BUNDLED_EXAMPLE } from './cli/spec-file';
import { loadAndCompile } from './cli/pipeline';
import { checkStateOutsideOutput } from './cli/state-location';
import { CliError } from './cli/exit';
import { resolve } from 'node:path';
import { DEFAULT_LAYOUT, isLayout, LAYOUTS } from './compiler/layout';

const file = process.env.DROPSHIP_SPEC ?? BUNDLED_EXAMPLE;
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
printDiagnostics(outcome.warnings, 'text', true);
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
