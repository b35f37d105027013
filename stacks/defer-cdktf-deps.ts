/**
 * cdktf's package index loads the modules behind two features dropship never uses: `archiver` (zip assets,
 * with lodash, glob and a dozen stream packages: ~200 modules) and `semver` (checking the terraform binary's
 * version, which dropship's synth skips). That is about half of loading cdktf, ~55 ms on every synth, plan
 * and diff. This module, imported before cdktf, puts a stand-in for each into the module cache; the real
 * module is loaded on first use, so a construct that does zip an asset still gets the real archiver.
 * DROPSHIP_CDKTF_RESOLVE=1 (the switch for every cdktf speed-up) loads them as cdktf does.
 */
import { dirname } from 'node:path';
import { deferModule } from '../schema/defer-module';
import { cdktfAsShipped } from './patch-module';

/** Packages as cdktf requires them (its own copies, under cdktf/node_modules). */
const DEFERRED = ['archiver', 'semver'];

if (!cdktfAsShipped()) {
  const cdktfDir = dirname(require.resolve('cdktf/package.json'));
  for (const request of DEFERRED) deferModule(request, cdktfDir);
}
