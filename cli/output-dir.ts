/**
 * Writing the synth output safely. The new tree is written to a staging directory beside the target and
 * swapped in with renames only when everything succeeded, so a failed run leaves the previous output
 * untouched. The target is replaced only when everything in it is what dropship wrote there: the output
 * carries a record of its files (OUTPUT_MARKER), checked before anything is removed — once before synth
 * starts (to fail early) and again after the old tree was moved to a private name (so nothing that appears
 * in between is removed unchecked). An output from a dropship without the record is accepted when every
 * file in it is one its manifest.json names (stacks/<name>/cdk.tf.json or cdk.tf, metadata.json).
 * Terraform's lock file and provider cache in a stack folder move into the new output of the same stack.
 */
import {
  chmodSync,
  closeSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { ioReason } from '../schema/read-text';
import { CliError } from './exit';

/** The record of what a synth wrote, at the top of the output. */
export const OUTPUT_MARKER = 'dropship-output.json';
const MARKER_FORMAT = 1;
/**
 * What terraform and cdktf leave in a stack's folder, which a replacement accepts there: `terraform init`'s
 * provider cache and the dependency lock file (carried into the new output, so a re-synth neither
 * re-resolves nor re-downloads providers), and the plan file `cdktf diff` saves (dropped: it is stale).
 */
const CARRIED_WORKING_FILES = ['.terraform', '.terraform.lock.hcl'] as const;
const TERRAFORM_WORKING_FILES = new Set<string>([...CARRIED_WORKING_FILES, 'plan']);
/** How many unknown paths a refusal names. */
const SHOWN = 5;

/** What an output folder may hold: top-level files, and per stack folder its files. */
interface OutputRecord {
  files: string[];
  stacks: Record<string, string[]>;
}

/** Refuses an output directory whose replacement would remove something that is not synth output. */
export function checkOutputTarget(out: string, protectedPaths: string[], shownAs = out): void {
  const target = resolve(out);
  const inside = (child: string, parent: string) => {
    const rel = relative(parent, child);
    return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
  };
  for (const path of [process.cwd(), ...protectedPaths.map((p) => resolve(p))])
    if (inside(path, target))
      throw new CliError(
        `refusing to write to ${shownAs}: it holds ${relative(process.cwd(), path) || 'the current directory'}, which synth would replace`,
      );
  if (isKernelFilesystem(realPathOf(target)))
    throw new CliError(`refusing to write to ${shownAs}: not a regular directory`);
  const problem = whyNotReplaceable(target, shownAs);
  if (problem) throw new CliError(problem);
}

/**
 * /proc, /sys and /dev are the kernel's, not folders (renaming into them fails midway or writes to devices);
 * /dev/shm is an ordinary tmpfs folder, a fine place for output that must not touch the disk.
 */
function isKernelFilesystem(path: string): boolean {
  return /^\/(proc|sys|dev)(\/|$)/.test(path) && !/^\/dev\/shm(\/|$)/.test(path);
}

/** `path` with the symlinks of its longest existing prefix resolved (a link to /proc is /proc). */
function realPathOf(path: string): string {
  let existing = path;
  const rest: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(existing), ...rest.reverse());
    } catch {
      const parent = dirname(existing);
      if (parent === existing) return path;
      rest.push(basename(existing));
      existing = parent;
    }
  }
}

/**
 * Why `dir` may not be replaced, or undefined when it may: it does not exist, holds no file at all, or
 * holds only what its record (or, without one, its cdktf manifest) lists.
 */
export function whyNotReplaceable(dir: string, shownAs: string): string | undefined {
  let stats: Stats;
  try {
    stats = lstatSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return `refusing to replace ${shownAs}: cannot inspect it: ${ioReason(err)}`;
  }
  if (!stats.isDirectory())
    return `refusing to replace ${shownAs}: it is ${stats.isSymbolicLink() ? 'a symbolic link' : 'a file'}, not a folder dropship wrote; choose another --out`;
  try {
    const marker = readRecord(join(dir, OUTPUT_MARKER), parseMarker);
    const record = marker ?? legacyRecord(dir);
    const unknown = unknownPaths(dir, record, marker !== undefined);
    if (unknown.length === 0) return undefined;
    const named = unknown.slice(0, SHOWN).map((p) => `${shownAs}/${p}`);
    const more = unknown.length > SHOWN ? ` and ${unknown.length - SHOWN} more` : '';
    const what = `${named.join(', ')}${more}`;
    return marker
      ? `refusing to replace ${shownAs}: dropship did not write ${what} (${OUTPUT_MARKER}, its record of what it wrote, does not list ${unknown.length === 1 ? 'it' : 'them'}); move ${unknown.length === 1 ? 'it' : 'them'} out of ${shownAs}, or choose another --out`
      : `refusing to replace ${shownAs}: it has no ${OUTPUT_MARKER} (dropship's record of what it wrote) and ${what} ${unknown.length === 1 ? 'is' : 'are'} not what a dropship synth writes; ` +
          `move ${unknown.length === 1 ? 'it' : 'them'} out, delete ${shownAs} if nothing in it is needed, or choose another --out`;
  } catch (err) {
    return `refusing to replace ${shownAs}: cannot inspect it: ${ioReason(err)}`;
  }
}

/** Everything under `dir` the record does not account for (folders that hold no file are harmless). */
function unknownPaths(dir: string, record: OutputRecord, marked: boolean): string[] {
  const unknown: string[] = [];
  const foreign = (path: string, stats: Stats) => {
    if (stats.isDirectory() && holdsNoFiles(join(dir, path))) return;
    unknown.push(stats.isDirectory() ? `${path}/` : path);
  };
  const topFiles = new Set([...record.files, ...(marked ? [OUTPUT_MARKER] : [])]);
  for (const name of sortedEntries(dir)) {
    const stats = lstatSync(join(dir, name));
    if (name === 'stacks' && stats.isDirectory()) continue;
    if (!(topFiles.has(name) && stats.isFile())) foreign(name, stats);
  }
  const stacksDir = join(dir, 'stacks');
  if (!isDirectory(stacksDir)) return unknown;
  for (const stack of sortedEntries(stacksDir)) {
    const path = `stacks/${stack}`;
    const stats = lstatSync(join(stacksDir, stack));
    const files = Object.prototype.hasOwnProperty.call(record.stacks, stack)
      ? record.stacks[stack]
      : undefined;
    if (files === undefined || !stats.isDirectory()) {
      foreign(path, stats);
      continue;
    }
    for (const name of sortedEntries(join(stacksDir, stack))) {
      const entry = lstatSync(join(stacksDir, stack, name));
      const known =
        (files.includes(name) && entry.isFile()) ||
        (TERRAFORM_WORKING_FILES.has(name) && (name === '.terraform' ? entry.isDirectory() : entry.isFile()));
      if (!known) foreign(`${path}/${name}`, entry);
    }
  }
  return unknown;
}

/** Whether a folder tree holds nothing but (empty) folders; a very large tree counts as holding files. */
function holdsNoFiles(dir: string): boolean {
  let budget = 10_000;
  const walk = (path: string): boolean => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (--budget < 0 || !entry.isDirectory()) return false;
      if (!walk(join(path, entry.name))) return false;
    }
    return true;
  };
  return walk(dir);
}

function sortedEntries(dir: string): string[] {
  return readdirSync(dir).sort();
}

function isDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A small JSON file of the output, parsed by `parse`; undefined when missing or not what it should be. */
function readRecord<T>(file: string, parse: (value: unknown) => T | undefined): T | undefined {
  let text: string;
  try {
    // O_NOFOLLOW-like: only a regular file counts (a symlink or a FIFO here is not dropship's record).
    if (!lstatSync(file).isFile()) return undefined;
    const fd = openSync(file, 'r');
    try {
      if (fstatSync(fd).size > 4 * 1024 * 1024) return undefined;
      text = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    return parse(JSON.parse(text));
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isFileName = (v: unknown): v is string =>
  typeof v === 'string' && v !== '' && v !== '.' && v !== '..' && !v.includes('/') && !v.includes('\\');

function parseMarker(value: unknown): OutputRecord | undefined {
  if (!isObject(value) || value.writtenBy !== 'dropship' || value.format !== MARKER_FORMAT) return undefined;
  const { files, stacks } = value;
  if (!Array.isArray(files) || !files.every(isFileName) || !isObject(stacks)) return undefined;
  const record: OutputRecord = { files: files as string[], stacks: {} };
  for (const [name, list] of Object.entries(stacks)) {
    if (!isFileName(name) || !Array.isArray(list) || !list.every(isFileName)) return undefined;
    record.stacks[name] = list as string[];
  }
  return record;
}

/**
 * An output from a dropship before the record: its cdktf manifest.json names each stack and the files
 * synth writes for it (stacks/<name>/cdk.tf.json, or cdk.tf and metadata.json with --hcl). Anything else
 * — a manifest.json that is not cdktf's, a stack folder it does not name — is unaccounted for.
 */
function legacyRecord(dir: string): OutputRecord {
  const manifest = readRecord(join(dir, 'manifest.json'), (value) => {
    if (!isObject(value) || !isObject(value.stacks)) return undefined;
    const stacks: Record<string, string[]> = {};
    for (const [name, entry] of Object.entries(value.stacks)) {
      if (!isFileName(name) || !isObject(entry) || entry.name !== name) return undefined;
      const synthesized = entry.synthesizedStackPath;
      const file = [`stacks/${name}/cdk.tf.json`, `stacks/${name}/cdk.tf`].includes(synthesized as string)
        ? basename(synthesized as string)
        : undefined;
      if (file === undefined) return undefined;
      stacks[name] =
        entry.stackMetadataPath === `stacks/${name}/metadata.json` ? [file, 'metadata.json'] : [file];
    }
    return stacks;
  });
  return manifest ? { files: ['manifest.json'], stacks: manifest } : { files: [], stacks: {} };
}

/** Writes the record of what is in `staging` (every file a synth wrote), sorted: same input, same bytes. */
export function writeOutputMarker(staging: string): void {
  const files = sortedEntries(staging).filter((name) => lstatSync(join(staging, name)).isFile());
  const stacks: Record<string, string[]> = {};
  const stacksDir = join(staging, 'stacks');
  if (isDirectory(stacksDir))
    for (const stack of sortedEntries(stacksDir)) stacks[stack] = sortedEntries(join(stacksDir, stack));
  const record = {
    writtenBy: 'dropship',
    format: MARKER_FORMAT,
    about:
      'dropship synth replaces this folder only while it holds nothing but the files listed here ' +
      "(and terraform init's .terraform/ and .terraform.lock.hcl, which it keeps, and cdktf diff's plan in a stack folder)",
    files,
    stacks,
  };
  writeFileSync(join(staging, OUTPUT_MARKER), `${JSON.stringify(record, null, 2)}\n`);
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
    throw new CliError(`cannot write to ${parent}: ${ioReason(err)}`);
  }
}

/** The old tree, moved to a fresh private folder beside it, where no other process puts anything. */
interface Aside {
  folder: string;
  path: string;
}

/**
 * Swaps `staging` into place of `target` with renames, so readers never see a half-written tree. The old
 * tree is first moved aside, checked there, and removed only after the new one is in place. Another synth
 * of the same output at the same time: whichever renames last wins, each checking what it removes.
 */
export function replaceDirectory(staging: string, target: string, shownAs = target): void {
  for (let attempt = 1; ; attempt++) {
    const aside = moveAside(target, shownAs, staging);
    if (aside) {
      const problem = whyNotReplaceable(aside.path, shownAs);
      if (problem) {
        rmSync(staging, { recursive: true, force: true });
        throw new CliError(putBack(aside, target, problem));
      }
    }
    const carried = aside ? carryWorkingFiles(aside.path, staging) : [];
    try {
      renameSync(staging, target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // Another synth put its output there after we moved the old one aside: check and move that one too.
      if ((code === 'ENOTEMPTY' || code === 'EEXIST') && attempt < 3) {
        if (aside) removeAside(aside);
        continue;
      }
      returnWorkingFiles(carried);
      rmSync(staging, { recursive: true, force: true });
      const message = `cannot replace ${shownAs}: ${ioReason(err)}`;
      throw new CliError(aside ? putBack(aside, target, message) : `${message}; nothing changed`);
    }
    if (aside) removeAside(aside);
    return;
  }
}

/** A working file moved from the old output into the new one, and back if the new one is not put in place. */
interface Carried {
  from: string;
  to: string;
}

/**
 * Moves terraform's lock file and provider cache of every stack the new output also has into it (renames on
 * one file system: nothing is copied). The old tree was checked first, so these are terraform's own.
 */
function carryWorkingFiles(old: string, staging: string): Carried[] {
  const carried: Carried[] = [];
  const oldStacks = join(old, 'stacks');
  const newStacks = join(staging, 'stacks');
  if (!isDirectory(oldStacks) || !isDirectory(newStacks)) return carried;
  for (const stack of sortedEntries(newStacks)) {
    if (!isDirectory(join(oldStacks, stack))) continue;
    for (const name of CARRIED_WORKING_FILES) {
      const move = { from: join(oldStacks, stack, name), to: join(newStacks, stack, name) };
      try {
        lstatSync(move.from);
        renameSync(move.from, move.to);
        carried.push(move);
      } catch {
        // Not there (no `terraform init` yet), or not movable: the next `init` re-creates it.
      }
    }
  }
  return carried;
}

function returnWorkingFiles(carried: readonly Carried[]): void {
  for (const { from, to } of carried) {
    try {
      renameSync(to, from);
    } catch {
      // The old tree is being put back; a cache that cannot follow is re-created by the next `init`.
    }
  }
}

function moveAside(target: string, shownAs: string, staging: string): Aside | undefined {
  let folder: string;
  try {
    folder = mkdtempSync(join(dirname(target), `.${basename(target)}.old-`));
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw new CliError(`cannot replace ${shownAs}: ${ioReason(err)}; nothing changed`);
  }
  const path = join(folder, basename(target));
  try {
    renameSync(target, path);
    return { folder, path };
  } catch (err) {
    rmdirSync(folder);
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    rmSync(staging, { recursive: true, force: true });
    throw new CliError(`cannot replace ${shownAs}: ${ioReason(err)}; nothing changed`);
  }
}

/** Moves the old tree back; if something took its place meanwhile, says where the old tree is. */
function putBack(aside: Aside, target: string, message: string): string {
  try {
    renameSync(aside.path, target);
    rmdirSync(aside.folder);
    return `${message}; nothing changed`;
  } catch (err) {
    return `${message}; its previous contents are in ${aside.path} (${ioReason(err)} when moving them back)`;
  }
}

function removeAside(aside: Aside): void {
  try {
    rmSync(aside.folder, { recursive: true, force: true });
  } catch (err) {
    process.stderr.write(
      `dropship: warning: the new output is in place, but the previous one could not be removed from ${aside.folder}: ${ioReason(err)}\n`,
    );
  }
}
