/**
 * The cdktf app (`npx cdktf synth` runs this through cdktf.json). It reads DROPSHIP_SPEC (default: the
 * bundled php-shop example) and renders it exactly like `dropship synth`.
 */
import { renderApp } from './stacks';
import { renderDiagnostic } from './cli/report';
import { BUNDLED_EXAMPLE } from './cli/spec-file';
import { loadAndCompile } from './cli/pipeline';

const file = process.env.DROPSHIP_SPEC ?? BUNDLED_EXAMPLE;
const layout = process.env.DROPSHIP_LAYOUT === 'per-app' ? 'per-app' : 'single';
const outcome = loadAndCompile(file, { layout });
if (!outcome.ok) {
  for (const d of outcome.diagnostics) process.stderr.write(`${renderDiagnostic(d)}\n`);
  process.exit(outcome.exitCode);
}
for (const d of outcome.warnings) process.stderr.write(`${renderDiagnostic(d)}\n`);
renderApp(outcome.plan, { outdir: process.env.CDKTF_OUTDIR ?? 'cdktf.out' }).synth();
