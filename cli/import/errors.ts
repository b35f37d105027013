/** Import failures: bad input names the file and the JSON path (exit 1); unreadable files are I/O (exit 2). */
export class ImportError extends Error {
  constructor(
    message: string,
    /** 1: the input is not a usable inventory; 2: a file or folder could not be read or written. */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

/** Non-fatal findings (a skipped engine, a dangling droplet id, a duplicate resource) for the user to read. */
export class Warnings {
  readonly items: string[] = [];
  add(message: string): void {
    if (!this.items.includes(message)) this.items.push(message);
  }
}
