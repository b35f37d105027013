/**
 * Writing the synth output safely. The new tree is written to a staging directory beside the target and
 * swapped in with renames only when everything succeeded, so a failed run leaves the previous output
 * untouched — and the target is replaced only when it is missing or is itself dropship/cdktf output, so a
 * mistyped `--out` (`.`, the project, the spec file) never deletes a user's files.
 */
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { CliError } from './exit';

/** Refuses an output directory whose replacement would remove something that is not synth output. */
export function checkOutputTarget(out: string, protectedPaths: string[]): void {
  const target = resolve(out);
  const inside = (child: string, parent: string) => {
    const rel = relative(parent, child);
    return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
  };
  for (const path of [process.cwd(), ...protectedPaths.map((p) => resolve(p))])
    if (inside(path, target))
      throw new CliError(
        `refusing to write to ${out}: it holds ${relative(process.cwd(), path) || 'the current directory'}, which synth would replace`,
      );
  if (/^\/(proc|sys|dev)(\/|$)/.test(target))
    throw new CliError(`refusing to write to ${out}: not a regular directory`);
  if (!existsSync(target)) return;
  // Synth output holds only manifest.json and stacks/ (cdktf's own App may leave an empty stacks/ behind).
  const isOutput =
    lstatSync(target).isDirectory() &&
    readdirSync(target).every((entry) => entry === 'manifest.json' || entry === 'stacks');
  if (!isOutput)
    throw new CliError(
      `refusing to replace ${out}: it holds files that are not synth output (only manifest.json and stacks/ are); choose another --out or remove it`,
    );
}

/** Creates a staging directory beside `out` (same file system, so the final rename is atomic). */
export function makeStagingDir(out: string): string {
  const parent = dirname(resolve(out));
  try {
    mkdirSync(parent, { recursive: true });
    const staging = mkdtempSync(join(parent, `.${basename(out)}.tmp-`));
    chmodSync(staging, 0o755 & ~process.umask()); // mkdtemp makes it 0700; the output is for everyone
    return staging;
  } catch (err) {
    throw new CliError(`cannot write to ${parent}: ${(err as Error).message}`);
  }
}

/** Swaps `staging` into place of `target` with renames, so readers never see a half-written tree. */
export function replaceDirectory(staging: string, target: string): void {
  const old = `${target}.old-${process.pid}`;
  try {
    if (existsSync(target)) renameSync(target, old);
    renameSync(staging, target);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    if (existsSync(old) && !existsSync(target)) renameSync(old, target);
    throw new CliError(`cannot replace ${target}: ${(err as Error).message}`);
  }
  rmSync(old, { recursive: true, force: true });
}
