/**
 * Rewrites `cutover.current` in the text of a migration.yaml, touching nothing else: the value's source
 * range is located with yaml's Document API and only those characters are replaced, so comments, quoting,
 * key order, blank lines and the rest of the line stay exactly as written.
 */
import { isMap, isPair, isScalar, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';

export interface CutoverEdit {
  text: string;
  /** 1-based line of the changed (or inserted) line. */
  line: number;
  /** That line before the edit (empty when the key was inserted). */
  before: string;
  /** That line after the edit. */
  after: string;
  inserted: boolean;
}

export class CutoverEditError extends Error {}

/** Returns `text` with `cutover.current` set to `value` (inserted after `cutover:` when it is absent). */
export function setCutoverCurrent(text: string, value: number): CutoverEdit {
  if (!Number.isInteger(value) || value < 0 || value > 100)
    throw new CutoverEditError(`${value} is not a whole percentage between 0 and 100`);
  // A lone CR ends a line in YAML 1.2 (load.ts reads such files the same way); as LF, `yaml` sees the lines
  // and every offset still points into `text`.
  const doc = parseDocument(text.replace(/\r(?!\n)/g, '\n'), { keepSourceTokens: true });
  if (doc.errors.length > 0)
    throw new CutoverEditError(`the file is not valid YAML: ${doc.errors[0].message}`);
  if (!isMap(doc.contents)) throw new CutoverEditError('the document is not a mapping');
  const cutoverPair = findPair(doc.contents, 'cutover');
  if (!cutoverPair || !isMap(cutoverPair.value))
    throw new CutoverEditError('the file has no cutover: section (add one; see docs/cutover.md)');
  const cutover = cutoverPair.value as YAMLMap;
  const currentPair = findPair(cutover, 'current');
  if (currentPair) {
    const node = currentPair.value as Node | null;
    if (!isScalar(node) || !node.range)
      throw new CutoverEditError('cutover.current is not a plain value; set it by hand');
    const [start, end] = node.range;
    return finish(text, text.slice(0, start) + String(value) + text.slice(end), start, false);
  }
  return insertCurrent(text, cutover, value);
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key) as
    Pair | undefined;
}

/** `current:` is absent (it defaults to 0): add it as the cutover mapping's first entry, in its own style. */
function insertCurrent(text: string, cutover: YAMLMap, value: number): CutoverEdit {
  const first = cutover.items[0]?.key as Node | undefined;
  if (cutover.flow) {
    const open = cutover.range?.[0];
    if (open === undefined) throw new CutoverEditError('cannot locate the cutover mapping');
    const sep = cutover.items.length > 0 ? ', ' : '';
    const updated = `${text.slice(0, open + 1)} current: ${value}${sep}${text.slice(open + 1).replace(/^\s*/, '')}`;
    return finish(text, updated, open, false);
  }
  const at = first?.range?.[0];
  if (at === undefined) throw new CutoverEditError('cannot locate the cutover mapping');
  const lineStart = Math.max(text.lastIndexOf('\n', at - 1), text.lastIndexOf('\r', at - 1)) + 1;
  const indent = text.slice(lineStart, at);
  const eol = /\r\n/.test(text) ? '\r\n' : /\r/.test(text) ? '\r' : '\n'; // the file's own line ends
  const updated = `${text.slice(0, lineStart)}${indent}current: ${value}${eol}${text.slice(lineStart)}`;
  return finish(text, updated, lineStart, true);
}

const LINE_END = /\r\n|\r|\n/;

function finish(original: string, updated: string, offset: number, inserted: boolean): CutoverEdit {
  const line = original.slice(0, offset).split(LINE_END).length;
  const before = inserted ? '' : (original.split(LINE_END)[line - 1] ?? '');
  const after = updated.split(LINE_END)[line - 1] ?? '';
  return { text: updated, line, before, after, inserted };
}

/** A unified diff of the one changed line, as `git diff` would show it. */
export function formatCutoverDiff(file: string, edit: CutoverEdit): string {
  const path = file.startsWith('/') ? file : `a/${file}`;
  const lines = [`--- ${path}`, `+++ ${file.startsWith('/') ? file : `b/${file}`}`];
  if (edit.inserted) {
    lines.push(`@@ -${edit.line - 1},0 +${edit.line},1 @@`, `+${edit.after}`);
  } else {
    lines.push(`@@ -${edit.line},1 +${edit.line},1 @@`, `-${edit.before}`, `+${edit.after}`);
  }
  return `${lines.join('\n')}\n`;
}
