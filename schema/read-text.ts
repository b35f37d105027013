/**
 * Reading an input file with a bound. A spec (or an export) is a regular file, a pipe or standard input
 * (`-`); anything else — a device such as /dev/zero, a directory, a socket — is refused, and no input is
 * read beyond MAX_INPUT_BYTES, so `dropship validate /dev/zero` or a runaway pipe ends with a message
 * instead of exhausting memory. The texts read are remembered for code frames, so diagnostics never make
 * the reporter open a pipe (or standard input) a second time.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

/** 16 MiB: over 200 times the largest spec measured (a 1,000-app fleet is about 70 KiB of YAML). */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;
/** The argument that means standard input. */
export const STDIN_ARG = '-';
/** How diagnostics name standard input. */
export const STDIN_NAME = '<stdin>';

/** The name diagnostics give an input: the path as given, or `<stdin>` for `-`. */
export function inputName(file: string): string {
  return file === STDIN_ARG ? STDIN_NAME : file;
}

/** An input that cannot be read; `reason` completes "cannot read <file>: …". */
export class InputReadError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`cannot read ${inputName(file)}: ${reason}`);
  }
}

const CHUNK = 64 * 1024;

/**
 * The bytes of `file` (or of standard input for `-`), at most `limit` of them. Throws InputReadError for a
 * missing or unreadable file, a file that is not a regular file or a pipe, and one larger than `limit`.
 */
export function readInputBytes(file: string, limit = MAX_INPUT_BYTES): Buffer {
  if (file === STDIN_ARG) return readStdin(limit);
  // A first look before opening, so a device is never even opened (opening some has side effects); the
  // fstat of the opened descriptor below is what counts, since the path may change in between.
  let before: Stats | undefined;
  try {
    before = statSync(file);
  } catch (err) {
    throw new InputReadError(file, ioReason(err));
  }
  refuseKind(file, before);
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOCTTY);
  } catch (err) {
    throw new InputReadError(file, ioReason(err));
  }
  try {
    const stats = fstatSync(fd);
    refuseKind(file, stats);
    if (stats.isFile() && stats.size > limit) throw tooLarge(file, limit);
    return readBounded(fd, file, limit);
  } catch (err) {
    if (err instanceof InputReadError) throw err;
    throw new InputReadError(file, ioReason(err));
  } finally {
    closeSync(fd);
  }
}

/** Standard input may be a file, a pipe, a socket (node's own child processes), a terminal or a device. */
function readStdin(limit: number): Buffer {
  try {
    if (fstatSync(0).isDirectory()) throw new InputReadError(STDIN_ARG, 'it is a directory');
    return readBounded(0, STDIN_ARG, limit);
  } catch (err) {
    if (err instanceof InputReadError) throw err;
    throw new InputReadError(STDIN_ARG, ioReason(err));
  }
}

function refuseKind(file: string, stats: Stats): void {
  if (stats.isFile() || stats.isFIFO()) return;
  const kind = stats.isDirectory()
    ? 'it is a directory'
    : stats.isCharacterDevice()
      ? 'it is a character device'
      : stats.isBlockDevice()
        ? 'it is a block device'
        : stats.isSocket()
          ? 'it is a socket'
          : 'it is not a regular file';
  throw new InputReadError(
    file,
    kind === 'it is a directory'
      ? kind
      : `${kind} (dropship reads regular files, pipes and - for standard input)`,
  );
}

function tooLarge(file: string, limit: number): InputReadError {
  return new InputReadError(
    file,
    `larger than ${limit / (1024 * 1024)} MiB, the most dropship reads from one input`,
  );
}

/** Reads to end of input in chunks, stopping as soon as one byte more than `limit` has arrived. */
function readBounded(fd: number, file: string, limit: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - total));
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (err) {
      // A non-blocking standard input (a terminal or pipe some parents hand over) has no data yet: wait.
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
        sleep(5);
        continue;
      }
      throw err;
    }
    if (n === 0) break;
    chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    total += n;
    if (total > limit) throw tooLarge(file, limit);
  }
  return Buffer.concat(chunks, total);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Why a file operation failed, in words: "file not found", "permission denied (EACCES)", "no space left on
 * device (ENOSPC)". Node's messages carry the same words between the code and the system call.
 */
export function ioReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return 'file not found';
  if (e?.code === 'EISDIR') return 'it is a directory';
  const words = typeof e?.message === 'string' ? /^E[A-Z0-9]+: ([^,]+)/.exec(e.message)?.[1] : undefined;
  if (words && e.code) return `${words} (${e.code})`;
  return e?.message ?? String(err);
}

const textsRead = new Map<string, string>();

/** Remembers the text read for `name` (as diagnostics name the file), for code frames. */
export function rememberText(name: string, text: string): void {
  textsRead.set(name, text);
}

/** The text read earlier for `name`, if any. */
export function textRead(name: string): string | undefined {
  return textsRead.get(name);
}
