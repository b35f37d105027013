/**
 * Progress of a long run on one line of stderr, rewritten in place — only when stderr is a terminal, so a
 * pipe, a CI log or a captured stream gets none of it (and no control characters). The line is cleared
 * before anything else is printed and when the run ends.
 */

export interface Progress {
  /** Shows `text` (at most every `interval` ms, except the first and a forced one). */
  update(text: string, force?: boolean): void;
  /** Clears the line. */
  clear(): void;
}

const NONE: Progress = { update: () => undefined, clear: () => undefined };

/** At most this often, so a thousand-stack run does not spend its time redrawing. */
const INTERVAL_MS = 100;

export function progressOn(
  stream: NodeJS.WriteStream = process.stderr,
  enabled = stream.isTTY === true,
  now: () => number = Date.now,
): Progress {
  if (!enabled) return NONE;
  let shown = false;
  let last = -Infinity;
  const width = () => Math.max(20, (stream.columns ?? 80) - 1);
  return {
    update(text, force = false) {
      const t = now();
      if (!force && t - last < INTERVAL_MS) return;
      last = t;
      const line = `dropship: ${text}`;
      stream.write(`\r\u001b[2K${line.length > width() ? `${line.slice(0, width() - 1)}…` : line}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\u001b[2K');
      shown = false;
    },
  };
}
