/**
 * Evaluates a patched copy of one of cdktf's CommonJS modules. cdktf is frozen at 0.21, and two of its
 * internals need a change it will never ship (HCL escaping, a fast path in the token resolver); each
 * caller edits the source text, checks its edit applied, and swaps the functions it needs into the
 * original module's exports, which every other cdktf module calls through.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * DROPSHIP_CDKTF_RESOLVE=1 is the one switch for every cdktf speed-up (the fast resolver, the single
 * preparing pass, the deferred dependencies): with it set, cdktf runs as shipped. Read when asked, so a
 * test can compare both in one process.
 */
export function cdktfAsShipped(): boolean {
  return Boolean(process.env.DROPSHIP_CDKTF_RESOLVE);
}

/**
 * Runs `edit(source)` of the module at `moduleId` with a `require` that resolves like the original (so it
 * shares cdktf's module instances) and returns the new module's exports. `extras` become free variables
 * of the module's code.
 */
export function evaluatePatchedModule(
  moduleId: string,
  edit: (source: string) => string,
  extras: Record<string, unknown> = {},
): { original: Record<string, unknown>; patched: Record<string, unknown> } {
  const file = require.resolve(moduleId);
  const original = require(file) as Record<string, unknown>;
  const source = edit(readFileSync(file, 'utf8'));
  const moduleRequire = (id: string) => require(id.startsWith('.') ? resolve(dirname(file), id) : id);
  const mod = { exports: {} as Record<string, unknown> };
  const names = Object.keys(extras);
  new Function('exports', 'require', 'module', '__filename', '__dirname', ...names, source)(
    mod.exports,
    moduleRequire,
    mod,
    file,
    dirname(file),
    ...names.map((n) => extras[n]),
  );
  return { original, patched: mod.exports };
}
