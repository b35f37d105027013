/**
 * Parse migration.yaml keeping source positions, validate it with zod and the cross-field rules, and
 * return either the typed spec or every diagnostic with file:line:column.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isSeq, isPair, isScalar, type Node, type Document } from 'yaml';
import { MigrationSpec } from './spec';
import { formatPath, type Diagnostic } from './diagnostics';

export type LoadResult =
  | { ok: true; spec: MigrationSpec; warnings: Diagnostic[]; source: SourceMap }
  | { ok: false; diagnostics: Diagnostic[] };

/** Looks up the source position of a spec path. */
export interface SourceMap {
  file: string;
  locate(path: readonly PropertyKey[]): { line: number; column: number };
}

export function loadSpecFile(file: string): LoadResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason =
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    return {
      ok: false,
      diagnostics: [
        {
          severity: 'error',
          code: 'io',
          file,
          line: 1,
          column: 1,
          path: '',
          message: `cannot read ${file}: ${reason}`,
        },
      ],
    };
  }
  return loadSpecText(text, file);
}

export function loadSpecText(text: string, file = 'migration.yaml'): LoadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, version: '1.2' });
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const diagnostics: Diagnostic[] = [];
  for (const err of doc.errors) {
    const { line, column } = at(err.pos[0]);
    diagnostics.push({
      severity: 'error',
      code: `yaml/${err.code.toLowerCase()}`,
      file,
      line,
      column,
      path: '',
      message: err.message.split('\n')[0],
    });
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  const source: SourceMap = { file, locate: (path) => at(offsetOf(doc, path)) };
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (data === null || data === undefined) {
    return {
      ok: false,
      diagnostics: [
        {
          severity: 'error',
          code: 'empty',
          file,
          line: 1,
          column: 1,
          path: '',
          message: 'the file is empty',
          hint: 'start from examples/php-shop/migration.yaml',
        },
      ],
    };
  }
  const parsed = MigrationSpec.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const { line, column } = source.locate(issue.path);
      diagnostics.push({
        severity: 'error',
        code: issue.code,
        file,
        line,
        column,
        path: formatPath(issue.path),
        message: issue.message,
      });
    }
    return { ok: false, diagnostics };
  }
  return { ok: true, spec: parsed.data, warnings: [], source };
}

/** Offset of the deepest node along `path` (the key itself for a missing or unknown key). */
function offsetOf(doc: Document, path: readonly PropertyKey[]): number {
  let node: Node | null | undefined = doc.contents as Node | null;
  let offset = node?.range?.[0] ?? 0;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key),
      );
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value as Node | null;
      if (node?.range) offset = node.range[0];
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key] as Node | null;
      if (!node) break;
      if (node.range) offset = node.range[0];
    } else break;
  }
  return offset;
}
