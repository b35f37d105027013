/**
 * Standard output that fails loudly. Node writes to a file with one `writeSync` and ignores a short write, so
 * `dropship plan > plan.json` on a nearly full disk wrote a truncated file and exited 0; an error on a pipe or
 * a device (`> /dev/full`) surfaced as an uncaught stack trace. Here a file gets every byte or the command
 * stops with exit 2 naming the reason; a reader that stopped reading (EPIPE: `| head`) ends the run quietly.
 */
import { fstatSync, writeSync } from 'node:fs';
import { EXIT_USAGE } from './exit';

export function guardStdout(): void {
  if (isRegularFile(1)) process.stdout.write = writeWholeFile;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    fail(err);
  });
}

function isRegularFile(fd: number): boolean {
  try {
    return fstatSync(fd).isFile();
  } catch {
    return false;
  }
}

/** `process.stdout.write` for a file: synchronous, every byte, or exit 2. */
function writeWholeFile(chunk: string | Uint8Array, ...rest: unknown[]): boolean {
  const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
  try {
    for (let offset = 0; offset < bytes.length;) {
      const written = writeSync(1, bytes, offset);
      // A full disk can take part of a write and then nothing: refuse to spin.
      if (written === 0) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      offset += written;
    }
  } catch (err) {
    fail(err as NodeJS.ErrnoException);
  }
  const callback = rest.find((r): r is () => void => typeof r === 'function');
  callback?.();
  return true;
}

function fail(err: NodeJS.ErrnoException): never {
  const reason = err.code
    ? `${err.message.replace(/^[A-Z]+: /, '').split(',')[0]} (${err.code})`
    : err.message;
  process.stderr.write(`dropship: cannot write standard output: ${reason}; what was written is incomplete\n`);
  process.exit(EXIT_USAGE);
}
