/**
 * Reading a whole output tree (a synth out dir, an import's work dir) for tests that compare runs or scan
 * every file: one recursive walk, paths relative to the root with `/` separators, in sorted order.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `dir` (directories are descended into, not listed), relative to `dir`, sorted. */
export function filesUnder(dir: string): string[] {
  const files: string[] = [];
  const walk = (relativeDir: string) => {
    for (const entry of readdirSync(join(dir, relativeDir), { withFileTypes: true })) {
      const path = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk('');
  return files.sort();
}

/** Every file under `dir` with its UTF-8 text, keyed as `filesUnder` names them: for before/after equality. */
export function readFilesUnder(dir: string): Record<string, string> {
  return Object.fromEntries(filesUnder(dir).map((file) => [file, readFileSync(join(dir, file), 'utf8')]));
}
