/** Reads the input files (or every *.json in a folder) and parses them, with line:column for bad JSON. */
import { readdirSync, statSync } from 'node:fs';
import { InputReadError, readInputBytes, STDIN_ARG } from '../../schema/read-text';
import { join } from 'node:path';
import { ImportError } from './errors';
import { findJsonSyntaxError } from './json-syntax';

export interface InputFile {
  file: string;
  data: unknown;
}

/** Expands folders to their *.json files (sorted, not recursive); files are kept in the order given. */
export function listInputFiles(inputs: readonly string[]): string[] {
  if (inputs.length === 0) throw new ImportError('name at least one JSON file or folder to import', 2);
  const files: string[] = [];
  for (const input of inputs) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(input).isDirectory();
    } catch (err) {
      throw new ImportError(`${input}: cannot read: ${ioReason(err)}`, 2);
    }
    if (!isDirectory) {
      files.push(input);
      continue;
    }
    const found = readdirSync(input)
      .filter((name) => name.toLowerCase().endsWith('.json'))
      .sort()
      .map((name) => join(input, name));
    if (found.length === 0) throw new ImportError(`${input}: the folder has no .json files`, 2);
    files.push(...found);
  }
  return [...new Set(files)];
}

export function readInputFile(file: string): InputFile {
  let text: string;
  try {
    // Bounded, and never a device; `./-` so that a file named - is that file, not standard input.
    text = readInputBytes(file === STDIN_ARG ? `./${file}` : file).toString('utf8');
  } catch (err) {
    if (err instanceof InputReadError)
      throw new ImportError(
        `${file}: cannot read: ${err.reason === 'file not found' ? 'no such file or folder' : err.reason}`,
        2,
      );
    throw err;
  }
  return { file, data: parseJson(text, file) };
}

export function parseJson(text: string, file: string): unknown {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new ImportError(`${file}: the file is empty (expected JSON)`);
  try {
    return JSON.parse(body) as unknown;
  } catch {
    const { offset, reason } = findJsonSyntaxError(body);
    const before = body.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    throw new ImportError(`${file}: malformed JSON at line ${line}, column ${column}: ${reason}`);
  }
}

function ioReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES') return 'permission denied';
  return (err as Error).message;
}
