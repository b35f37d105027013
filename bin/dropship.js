#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `npm ci` through `prepare`).
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0); // e.g. `dropship schema | head`
  throw err;
});
try {
  require('../dist/cli/index.js').main(process.argv.slice(2));
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/index.js')) {
    process.stderr.write('dropship is not built yet: run `npm run build` (npm ci does it for you).\n');
    process.exit(2);
  }
  throw err;
}
