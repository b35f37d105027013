/**
 * Source positions for spec paths: walks the YAML AST (not the parsed JS) so that every diagnostic points
 * at the value, the key, or the enclosing mapping in the file the user wrote.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** Where a diagnostic points: the value at the path, its key (unknown keys), or the enclosing mapping (missing keys). */
export type Anchor = 'value' | 'key' | 'parent';

export interface Position {
  line: number;
  column: number;
  /** Characters to underline (at least 1, within the line). */
  length: number;
}

/** Looks up the source position of a spec path (and, where known, the width of what is there). */
export interface SourceMap {
  file: string;
  locate(path: readonly PropertyKey[], anchor?: Anchor): { line: number; column: number; length?: number };
}

interface Step {
  key?: Node;
  value?: Node;
}

export class SourceIndex implements SourceMap {
  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  locate(path: readonly PropertyKey[], anchor: Anchor = 'value'): Position {
    const steps = this.walk(anchor === 'parent' ? path.slice(0, -1) : path);
    const complete = steps.length === (anchor === 'parent' ? Math.max(0, path.length - 1) : path.length) + 1;
    const last = steps[steps.length - 1];
    let node: Node | undefined;
    if (anchor === 'key' && complete) node = last.key ?? last.value;
    else if (complete) node = last.value ?? last.key;
    else node = last.value ?? last.key; // deepest node that exists: the best available place
    return this.position(node);
  }

  /** The spec path of the deepest node containing `offset` (for YAML errors). */
  pathAt(offset: number): PropertyKey[] {
    const path: PropertyKey[] = [];
    let node = this.resolve(this.doc.contents as Node | null);
    for (let depth = 0; node && depth < 200; depth++) {
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => contains(p.key as Node, offset) || contains(p.value as Node, offset),
        );
        if (!pair || !isScalar(pair.key)) break;
        path.push(String(pair.key.value));
        if (!contains(pair.value as Node, offset)) break;
        node = this.resolve(pair.value as Node | null);
      } else if (isSeq(node)) {
        const index = node.items.findIndex((item) => contains(item as Node, offset));
        if (index < 0) break;
        path.push(index);
        node = this.resolve(node.items[index] as Node | null);
      } else break;
    }
    return path;
  }

  offsetPosition(offset: number, length = 1): Position {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col, length: Math.max(1, length) };
  }

  private position(node: Node | undefined): Position {
    const range = node?.range;
    if (!range) return { line: 1, column: 1, length: 1 };
    const start = this.lines.linePos(range[0]);
    const end = this.lines.linePos(Math.max(range[0], range[1] - 1));
    const length = end.line === start.line ? range[1] - range[0] : 1;
    return { line: start.line, column: start.col, length: Math.max(1, length) };
  }

  /** Steps along the path: [root, then one per key found]. Stops at the first key that does not exist. */
  private walk(path: readonly PropertyKey[]): Step[] {
    const root = this.resolve(this.doc.contents as Node | null);
    const steps: Step[] = [{ value: root ?? undefined }];
    let node = root;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key),
        );
        if (!pair) break;
        node = this.resolve(pair.value as Node | null);
        steps.push({ key: pair.key as Node, value: (pair.value as Node | null) ?? undefined });
      } else if (isSeq(node) && typeof key === 'number' && key < node.items.length) {
        const item = node.items[key] as Node | null;
        node = this.resolve(item);
        steps.push({ value: item ?? undefined });
      } else break;
    }
    return steps;
  }

  private resolve(node: Node | null | undefined): Node | null {
    let current = node ?? null;
    for (let i = 0; i < 10 && current && isAlias(current); i++) {
      current = (current.resolve(this.doc) as Node | undefined) ?? null;
    }
    return current;
  }
}

function contains(node: Node | null | undefined, offset: number): boolean {
  const range = node?.range;
  return !!range && range[0] <= offset && offset < Math.max(range[1], range[0] + 1);
}
