/**
 * File-system faults for the built CLI, injected with `node --require`: a preload module wraps node's fs
 * calls and throws the error the kernel would (same code, errno, syscall and message shape) for the paths
 * a rule matches. Works without root and on any file system; a full tmpfs is the real thing (root only).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Fault {
  /** The fs function to fail: writeFileSync, openSync, readSync, mkdirSync, renameSync, ... */
  fn: string;
  /** A regular expression the call's path must match (for descriptor calls: the path it was opened with). */
  path: string;
  code: keyof typeof ERRORS;
  /** Fail from the n-th matching call on (default 1). */
  from?: number;
}

/** The kernel's words and errno for each code, as node prints them. */
export const ERRORS = {
  ENOSPC: { errno: -28, text: 'no space left on device', syscall: 'write' },
  EDQUOT: { errno: -122, text: 'disk quota exceeded', syscall: 'write' },
  EIO: { errno: -5, text: 'i/o error', syscall: 'read' },
  EACCES: { errno: -13, text: 'permission denied', syscall: 'open' },
  EROFS: { errno: -30, text: 'read-only file system', syscall: 'open' },
  EMFILE: { errno: -24, text: 'too many open files', syscall: 'open' },
} as const;

/** The words a dropship message gives for `code`, e.g. "no space left on device (ENOSPC)". */
export const reasonOf = (code: keyof typeof ERRORS) => `${ERRORS[code].text} (${code})`;

/** Writes the preload module into `dir`; returns the node options that load it with `faults`. */
export function faultHook(dir: string, faults: readonly Fault[]): string[] {
  const hook = join(dir, `faults-${Math.random().toString(36).slice(2)}.js`);
  writeFileSync(
    hook,
    `const fs = require('node:fs');
const ERRORS = ${JSON.stringify(ERRORS)};
const faults = ${JSON.stringify(faults)};
const opened = new Map();
const open = fs.openSync;
fs.openSync = function (path) {
  const fd = open.apply(this, arguments);
  opened.set(fd, String(path));
  return fd;
};
for (const fault of faults) {
  const original = fs[fault.fn];
  let seen = 0;
  fs[fault.fn] = function (target) {
    const path = typeof target === 'number' ? opened.get(target) ?? '' : String(target);
    if (new RegExp(fault.path).test(path) && ++seen >= (fault.from ?? 1)) {
      const e = ERRORS[fault.code];
      const pathless = e.syscall !== 'open';
      const err = new Error(fault.code + ': ' + e.text + ', ' + e.syscall + (pathless ? '' : " '" + path + "'"));
      Object.assign(err, { code: fault.code, errno: e.errno, syscall: e.syscall }, pathless ? {} : { path });
      throw err;
    }
    return original.apply(this, arguments);
  };
}
`,
  );
  return ['--require', hook];
}
