/**
 * Which migration.yaml a command reads, and how a command rewrites one without losing anybody's edit.
 *
 * A rewrite (`cutover next|rollback|set`, `import --into`) holds a lock file beside the spec from before it
 * reads the file until after it renamed the new text over it, so two dropship processes take turns and each
 * edits what the other wrote. Right before the rename it reads the file again and refuses (exit 2, nothing
 * written) when the bytes differ from what it read: an editor saved in between. What no check can close is
 * an editor that saves between that last read and the rename (microseconds): its save is replaced. The new
 * text goes to a temporary file created exclusively (random name, same folder), with the old file's mode
 * and owner, flushed to disk, then renamed over the file; a symlinked spec has its target rewritten (the
 * link stays), and the command says which file it rewrote.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fchownSync,
  fsyncSync,
  lstatSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { constants as osConstants, hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { readSpecText } from '../schema/load';
import { ioReason, STDIN_ARG } from '../schema/read-text';
import { refuseStdin } from './spec-arg';
import { CliError, EXIT_USAGE } from './exit';

/** How long a rewrite waits for another dropship's lock on the same file (it holds it for one edit). */
export const LOCK_WAIT_MS = 10_000;

/** The file a write really replaces: the spec itself, or the file its symlink points at. */
interface Target {
  /** The real path that gets replaced. */
  path: string;
  /** The link the user named, when the spec is a symlink. */
  via?: string;
  /** The file as it is now (undefined: it does not exist yet). */
  stats?: Stats;
}

function resolveTarget(file: string): Target {
  let link: Stats | undefined;
  try {
    link = lstatSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new CliError(`cannot write ${file}: ${ioReason(err)}; nothing changed`);
  }
  if (link === undefined) {
    // A new file: its folder must exist (real path, so the lock of the same file always has the same name).
    const parent = dirname(resolve(file));
    let realParent: string;
    try {
      realParent = realpathSync.native(parent);
    } catch (err) {
      throw new CliError(`cannot write ${file}: ${ioReason(err)} (${parent}); nothing changed`);
    }
    return { path: join(realParent, basename(file)) };
  }
  let path: string;
  try {
    path = realpathSync.native(file);
  } catch (err) {
    throw new CliError(
      `cannot write ${file}: it is a symbolic link to a file that cannot be resolved (${ioReason(err)}); ` +
        'name the file itself; nothing changed',
    );
  }
  const stats = statSync(path);
  // Renaming over a device or a FIFO would replace it (as root, even /dev/null): only files are rewritten.
  if (!stats.isFile())
    throw new CliError(`cannot write ${file}: ${path} is not a regular file; nothing changed`);
  return { path, via: link.isSymbolicLink() ? file : undefined, stats };
}

/** A spec opened for rewriting: read under the lock; `commit` writes the new text, `release` always runs. */
export interface SpecEdit {
  /** The text read, and its bytes, which must still be on disk when the new text is renamed over them. */
  readonly text: string;
  readonly bytes: Buffer;
  /** Writes `text` over the spec (refusing if it changed since it was read); returns what it rewrote. */
  commit(text: string): string;
  release(): void;
}

/**
 * Locks `file` and reads it (with the same checks as every command: bound, binary, UTF-8). A read error is
 * exit 2. The caller must `release()` in a `finally`.
 */
export function openSpecForEdit(file: string): SpecEdit {
  if (file === STDIN_ARG) throw new CliError(refuseStdin('the file to edit'));
  const target = resolveTarget(file);
  const lock = acquireLock(file, target.path);
  try {
    const read = readSpecText(file);
    if (!read.ok) throw new CliError(read.diagnostic.message, EXIT_USAGE);
    const commit = (text: string) => {
      // Mode and owner as they are now; a symlink pointed elsewhere meanwhile is a change like any other.
      const now = resolveTarget(file);
      if (now.path !== target.path)
        throw new CliError(
          `${file} now leads to ${now.path}, not ${target.path} as when dropship read it; nothing written; ` +
            'run the command again',
          EXIT_USAGE,
        );
      return writeTarget(file, now, keepByteOrderMark(read.bytes, text), read.bytes);
    };
    return { text: read.text, bytes: read.bytes, commit, release: lock };
  } catch (err) {
    lock();
    throw err;
  }
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The read dropped a leading byte-order mark; an edit writes it back, since the user did not ask it gone. */
function keepByteOrderMark(bytesRead: Buffer, text: string): string {
  const hadMark = bytesRead.subarray(0, 3).equals(UTF8_BOM);
  return hadMark && !text.startsWith('\uFEFF') ? `\uFEFF${text}` : text;
}

/**
 * Writes a file whole or not at all (for a file not read first, e.g. `import --out`): locked like an edit,
 * through an exclusive temporary file renamed over it. Returns a description of what it rewrote.
 */
export function writeSpecFileAtomically(file: string, text: string): string {
  const target = resolveTarget(file);
  const release = acquireLock(file, target.path);
  try {
    return writeTarget(file, target, text, undefined);
  } finally {
    release();
  }
}

/** `file` as the user named it, and the real file when a symlink led there. */
function describe(file: string, target: Target): string {
  return target.via ? `${target.path} (the target of the symlink ${file})` : file;
}

function writeTarget(file: string, target: Target, text: string, expected: Buffer | undefined): string {
  const temp = join(
    dirname(target.path),
    `.${basename(target.path)}.dropship-${randomBytes(6).toString('hex')}.tmp`,
  );
  let created = false;
  try {
    // wx: O_CREAT|O_EXCL, which also refuses to follow a symlink planted under the temporary name.
    const fd = openSync(temp, 'wx', 0o600);
    created = true;
    try {
      writeAll(fd, Buffer.from(text, 'utf8'));
      keepOwnerAndMode(fd, target.stats);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (expected !== undefined) refuseIfChanged(file, target, expected);
    renameSync(temp, target.path);
    created = false;
  } catch (err) {
    if (created) rmSync(temp, { force: true });
    if (err instanceof CliError) throw err;
    throw new CliError(`cannot write ${describe(file, target)}: ${ioReason(err)}; nothing changed`);
  }
  syncFolder(dirname(target.path));
  return describe(file, target);
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset);
}

/** The new file keeps the old one's owner (where this process may set it) and permission bits. */
function keepOwnerAndMode(fd: number, stats: Stats | undefined): void {
  if (stats === undefined) {
    fchmodSync(fd, 0o666 & ~process.umask());
    return;
  }
  try {
    if (stats.uid !== process.geteuid?.() || stats.gid !== process.getegid?.())
      fchownSync(fd, stats.uid, stats.gid);
  } catch {
    // Only root (or the owner, for a group it belongs to) may: the file then belongs to whoever rewrote it.
  }
  fchmodSync(fd, stats.mode & 0o7777);
}

/** The last check before the rename: the bytes on disk are still the bytes the edit started from. */
function refuseIfChanged(file: string, target: Target, expected: Buffer): void {
  let now: Buffer | undefined;
  try {
    now = readFileSync(target.path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (now === undefined || !now.equals(expected))
    throw new CliError(
      `${describe(file, target)} ${now === undefined ? 'was removed' : 'changed'} since dropship read it ` +
        '(another program wrote it meanwhile); nothing written; run the command again',
      EXIT_USAGE,
    );
}

/** Makes the rename durable (best effort: not every file system lets a folder be opened and synced). */
function syncFolder(folder: string): void {
  try {
    const fd = openSync(folder, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // The rename happened; only its durability across a power cut is left to the file system.
  }
}

// ------------------------------------------------------------------------------------------------------
// The lock: `<real file>.dropship-lock`, created O_EXCL, holding the owner's pid and host
// ------------------------------------------------------------------------------------------------------

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Takes the lock of `path`, waiting up to LOCK_WAIT_MS for another dropship; returns its release. */
function acquireLock(file: string, path: string): () => void {
  const lock = `${path}.dropship-lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    let fd: number | undefined;
    try {
      fd = openSync(lock, 'wx', 0o644);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new CliError(`cannot lock ${file} (${lock}): ${ioReason(err)}; nothing changed`, EXIT_USAGE);
    }
    if (fd !== undefined) {
      try {
        writeAll(fd, Buffer.from(`${JSON.stringify({ pid: process.pid, host: hostname() })}\n`));
      } catch (err) {
        // A lock that names no holder would block every later run: it goes, and the run stops here.
        closeSync(fd);
        rmSync(lock, { force: true });
        throw new CliError(`cannot lock ${file} (${lock}): ${ioReason(err)}; nothing changed`, EXIT_USAGE);
      }
      closeSync(fd);
      return holdLock(lock);
    }
    const holder = lockHolder(lock);
    if (holder && holder.host === hostname() && !isRunning(holder.pid))
      throw new CliError(
        `${file} is locked by ${lock}, left behind by dropship process ${holder.pid}, which is no longer ` +
          'running: delete that file and run the command again; nothing changed',
        EXIT_USAGE,
      );
    if (Date.now() >= deadline)
      throw new CliError(
        `${file} is being edited by another dropship (${holder ? `process ${holder.pid} on ${holder.host}` : 'lock'}` +
          `: ${lock}); nothing changed; run the command again when it is done, or delete the lock if no ` +
          'dropship is running',
        EXIT_USAGE,
      );
    sleep(20);
  }
}

/** Removes the lock on release, on exit, and on a signal (which the synchronous edit defers until done). */
function holdLock(lock: string): () => void {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    try {
      unlinkSync(lock);
    } catch {
      // Already gone: someone removed it by hand.
    }
    process.removeListener('exit', release);
    for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    release();
    process.exit(128 + osConstants.signals[signal]);
  };
  process.on('exit', release);
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return release;
}

function lockHolder(lock: string): { pid: number; host: string } | undefined {
  try {
    const parsed = JSON.parse(readFileSync(lock, 'utf8')) as { pid?: unknown; host?: unknown };
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string')
      return { pid: parsed.pid, host: parsed.host };
  } catch {
    // Being written right now, or not ours: wait for it like for any holder.
  }
  return undefined;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
