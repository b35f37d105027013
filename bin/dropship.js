#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (the packed tarball ships it: prepack).
try {
  // A failed or short write to standard output is exit 2 with the reason, never a truncated file and exit 0.
  require('../dist/cli/stdout.js').guardStdout();
  require('../dist/cli/index.js').main(process.argv.slice(2));
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/')) {
    process.stderr.write(
      'dropship is not built: in a checkout run `npm run build`; to use it from another repository, install\n' +
        'the packed tarball (npm pack builds it), not a git dependency.\n',
    );
    process.exit(2);
  }
  throw err;
}
