/**
 * The cdktf app (`npx cdktf synth` runs this through cdktf.json). It reads DROPSHIP_SPEC (default: the
 * bundled php-shop example) and renders it exactly like `dropship synth`.
 */
import { loadSpecFile } from './schema/load';
import { compile } from './compiler';
import { renderApp } from './stacks';
import { formatDiagnostic } from './cli/report';
import { BUNDLED_EXAMPLE } from './cli/spec-file';

const file = process.env.DROPSHIP_SPEC ?? BUNDLED_EXAMPLE;
const loaded = loadSpecFile(file);
if (!loaded.ok) {
  for (const d of loaded.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
  process.exit(1);
}
const layout = process.env.DROPSHIP_LAYOUT === 'per-app' ? 'per-app' : 'single';
renderApp(compile(loaded.spec, { layout }), { outdir: process.env.CDKTF_OUTDIR ?? 'cdktf.out' }).synth();
