/**
 * cdktf's package index loads the modules behind two features dropship never uses: `archiver` (zip assets,
 * with lodash, glob and a dozen stream packages: ~200 modules) and `semver` (checking the terraform binary's
 * version, which dropship's synth skips). That is about half of loading cdktf, ~55 ms on every synth, plan
 * and diff. This module, imported before cdktf, puts a stand-in for each into the module cache; the real
 * module is loaded on first use, so a construct that does zip an asset still gets the real archiver.
 * DROPSHIP_CDKTF_RESOLVE=1 (the switch for every cdktf speed-up) loads them as cdktf does.
 */
import Module from 'node:module';
import { dirname } from 'node:path';

/** Packages as cdktf requires them (its own copies, under cdktf/node_modules). */
const DEFERRED = ['archiver', 'semver'];

/** The module is loaded on the first call or property read of the stand-in. */
function defer(request: string, fromDir: string): void {
  let file: string;
  try {
    file = require.resolve(request, { paths: [fromDir] });
  } catch {
    return; // not installed where cdktf looks: nothing to defer
  }
  if (require.cache[file]) return; // already loaded
  let real: unknown;
  const load = (): Record<PropertyKey, unknown> & ((...args: unknown[]) => unknown) => {
    if (real === undefined) {
      delete require.cache[file];
      real = require(file);
    }
    return real as Record<PropertyKey, unknown> & ((...args: unknown[]) => unknown);
  };
  // A function target so `archiver('zip', …)` works as well as `semver.satisfies(…)`.
  const standIn = new Proxy(function deferred() {}, {
    apply: (_target, thisArg, args: unknown[]) => Reflect.apply(load(), thisArg, args),
    get: (_target, key) => load()[key],
    has: (_target, key) => key in load(),
  });
  const entry = new Module(file);
  entry.filename = file;
  entry.loaded = true;
  entry.exports = standIn;
  require.cache[file] = entry;
}

if (!process.env.DROPSHIP_CDKTF_RESOLVE) {
  const cdktfDir = dirname(require.resolve('cdktf/package.json'));
  for (const request of DEFERRED) defer(request, cdktfDir);
}
