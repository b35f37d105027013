/**
 * The positioned path of the loader: `yaml`'s document with a line counter, so every diagnostic gets
 * file:line:column. load.ts takes this path only when the fast reader declines a file or there is a
 * diagnostic to place, so `yaml` is loaded only then.
 */
import {
  LineCounter,
  isAlias,
  type Alias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Document,
  type Node,
  type Scalar,
  type YAMLError,
} from 'yaml';
import { MigrationSpec } from './spec';
import { parseSpec } from './spec-parse';
import { byPosition, formatPath, locateFinding, type Diagnostic, type Finding } from './diagnostics';
import { SourceIndex } from './source';
import { findingsFromZod } from './zod-issues';
import { checkRuleGroups } from './rules/index';
import type { LoadResult } from './load-result';
import type { ValidSpec } from './valid-spec';
import { PlainScalar } from './plain-scalar';
import { resolvePlainScalars } from './scalar-text';
import { MAX_NODES, nodeLimitOffset } from './fast-yaml';

/** More alias expansions than this is treated as a "billion laughs" document, not a migration spec. */
const MAX_ALIAS_COUNT = 100;

export function parseWithPositions(text: string, file: string): { doc: Document; index: SourceIndex } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    // Keys are compared as the JS object will hold them: `1` and "1" are one key, `1` and `1.0` two.
    uniqueKeys: (a, b) => a === b || (keyText(a) !== undefined && keyText(a) === keyText(b)),
    prettyErrors: false,
    version: '1.2',
    merge: true, // `<<: *defaults` is how YAML users share settings between apps
  });
  keysAsWritten(doc);
  return { doc, index: new SourceIndex(file, doc, lineCounter) };
}

/**
 * A key is a name: an unquoted `1.10:` or `0755:` is the key "1.10" or "0755", not the number YAML reads
 * (which the JS object would spell "1.1" and "755"). The fast reader leaves such keys to this path.
 */
function keysAsWritten(doc: Document): void {
  visit(doc, {
    Pair(_key, pair) {
      const text = keyText(pair.key);
      if (text !== undefined && isScalar(pair.key)) pair.key.value = text;
    },
  });
}

/** The text of a scalar key as the JS object holds it, or undefined for other keys (merge keys, collections). */
function keyText(key: unknown): string | undefined {
  if (!isScalar(key)) return undefined;
  if (typeof key.value === 'string') return key.value;
  return readsAsValue(key) || key.value === null ? key.source : undefined;
}

/** An unquoted, untagged scalar that YAML's core schema reads as a number or a boolean. */
function readsAsValue(node: Scalar): boolean {
  const type = typeof node.value;
  return (
    node.type === 'PLAIN' &&
    node.tag === undefined &&
    node.source !== undefined &&
    (type === 'number' || type === 'boolean' || type === 'bigint')
  );
}

export function loadWithPositions(text: string, file: string): LoadResult {
  // Before yaml builds a document, which for a flow list of millions of items takes gigabytes.
  const tooLarge = nodeLimitOffset(text);
  if (tooLarge >= 0) return { ok: false, diagnostics: [nodeLimitDiagnostic(text, file, tooLarge)] };
  const { doc, index } = parseWithPositions(text, file);
  const yamlDiagnostics = yamlProblems(doc, text, index);
  // Duplicate keys leave a readable document: keep going so the user sees every other problem too. So does
  // an unresolved tag: unreadableParts says what the tag is and what to write instead (yaml/tag).
  if (doc.errors.some((err) => err.code !== 'DUPLICATE_KEY' && err.code !== 'TAG_RESOLVE_FAILED'))
    return failed(yamlDiagnostics);

  const shape = rootShapeProblem(doc.contents as Node | null, file, index);
  if (shape) return failed([...yamlDiagnostics, shape]);

  const unreadable = unreadableParts(doc, text, index);
  if (unreadable.length > 0)
    return failed([...withoutTagRepeats(yamlDiagnostics, unreadable), ...unreadable]);

  const aliases = aliasNodes(doc).length > 0;
  const expands = aliases ? expansionBeyondLimit(doc) : undefined;
  if (expands?.range) return failed([...yamlDiagnostics, expansionDiagnostic(expands, file, index)]);

  const read = readData(doc, aliases, file, index);
  if ('problem' in read) return failed([...yamlDiagnostics, read.problem]);
  return validateData(read.data, yamlDiagnostics, index);
}

function failed(diagnostics: Diagnostic[]): LoadResult {
  return { ok: false, diagnostics: diagnostics.sort(byPosition) };
}

/** yaml's errors and warnings, one per line: a single slip (a tab, a missing colon) often makes several. */
function yamlProblems(doc: Document, text: string, index: SourceIndex): Diagnostic[] {
  return firstPerLine([
    ...doc.errors.map((err) => yamlDiagnostic(err, 'error', text, index)),
    ...doc.warnings.map((err) => yamlDiagnostic(err, 'warning', text, index)),
  ]);
}

/** Why the document is not a spec at all (empty, or not a mapping), or undefined when it is a mapping. */
function rootShapeProblem(root: Node | null, file: string, index: SourceIndex): Diagnostic | undefined {
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
    return {
      severity: 'error',
      code: 'empty-file',
      file,
      line: 1,
      column: 1,
      path: '',
      message: 'the file has no content',
      expected: 'a mapping with version, project, environment, aws, ...',
      hint: 'start from examples/php-shop/migration.yaml (`dropship schema` gives editors autocompletion)',
    };
  }
  if (isMap(root)) return undefined;
  const pos = index.locate([]);
  return {
    severity: 'error',
    code: 'not-a-mapping',
    file,
    line: pos.line,
    column: pos.column,
    length: pos.length,
    path: '',
    message: `the document must be a mapping (key: value lines), got ${nodeKind(root)}`,
    expected: 'a mapping with version, project, environment, aws, ...',
  };
}

/** yaml's tag-resolve errors on lines where yaml/tag already says what the tag is and what to write. */
function withoutTagRepeats(yamlDiagnostics: Diagnostic[], unreadable: Diagnostic[]): Diagnostic[] {
  const tagLines = new Set(unreadable.filter((d) => d.code === 'yaml/tag').map((d) => d.line));
  return yamlDiagnostics.filter((d) => !(d.code === 'yaml/tag-resolve-failed' && tagLines.has(d.line)));
}

/** The alias at which the expanded document passes MAX_NODES (see expansionBeyondLimit), located. */
function expansionDiagnostic(alias: Alias, file: string, index: SourceIndex): Diagnostic {
  const pos = index.offsetPosition(alias.range![0], alias.source.length + 1);
  return {
    severity: 'error',
    code: 'yaml/alias-limit',
    file,
    line: pos.line,
    column: pos.column,
    length: pos.length,
    path: '',
    message: `with this alias the document expands to more than ${MAX_NODES.toLocaleString('en-US')} YAML nodes (keys, values, list items); refusing to expand it`,
    hint: 'alias smaller parts, or write the repeated parts out (a 1,000-app spec holds about 100,000 nodes)',
  };
}

/** The document's data, or why it cannot be read (too many aliases, or whatever else yaml throws). */
function readData(
  doc: Document,
  aliases: boolean,
  file: string,
  index: SourceIndex,
): { data: unknown } | { problem: Diagnostic } {
  try {
    return { data: resolvePlainScalars(documentData(doc), aliases) };
  } catch (err) {
    const excessive = /excessive alias/i.test((err as Error).message);
    const firstAlias = excessive ? aliasNodes(doc)[0] : undefined;
    const pos = firstAlias?.range ? index.offsetPosition(firstAlias.range[0], 1) : undefined;
    return {
      problem: {
        severity: 'error',
        code: excessive ? 'yaml/alias-limit' : 'yaml/unreadable',
        file,
        line: pos?.line ?? 1,
        column: pos?.column ?? 1,
        path: '',
        message: excessive
          ? `the document expands more than ${MAX_ALIAS_COUNT} aliases (*name); refusing to expand it`
          : `the document cannot be read: ${(err as Error).message}`,
        hint: excessive ? 'use fewer aliases, or write the repeated parts out' : undefined,
      },
    };
  }
}

/**
 * The spec's schema and rules over readable data. yaml's errors (duplicate keys, unresolved tags) come
 * first, then the rules' errors, then every warning.
 */
function validateData(data: unknown, yamlDiagnostics: Diagnostic[], index: SourceIndex): LoadResult {
  const locate = (finding: Finding): Diagnostic => locateFinding(finding, index);
  const parsed = parseSpec(data);
  if (!parsed.success) {
    return failed([
      ...yamlDiagnostics,
      ...findingsFromZod(parsed.error.issues, MigrationSpec, data).map(locate),
    ]);
  }
  const rules = checkRuleGroups(parsed.data);
  const findings = rules.findings.map(locate);
  const errors = yamlDiagnostics.filter((d) => d.severity === 'error');
  const ruleErrors = findings.filter((d) => d.severity === 'error');
  const warnings = [
    ...yamlDiagnostics.filter((d) => d.severity === 'warning'),
    ...findings.filter((d) => d.severity === 'warning'),
  ];
  if (errors.length > 0) return failed([...errors, ...ruleErrors, ...warnings]);
  if (ruleErrors.length > 0)
    return {
      ...failed([...ruleErrors, ...warnings]),
      ...(rules.consistent ? { consistent: true as const } : {}),
    };
  // Every rule passed: the one place (with load.ts's fast path) a spec becomes a ValidSpec.
  return { ok: true, spec: parsed.data as ValidSpec, warnings: warnings.sort(byPosition), source: index };
}

/**
 * The document's data as the fast reader (fast-yaml.ts) returns it: unquoted, untagged numbers and booleans
 * as PlainScalar. Throws when aliases expand beyond MAX_ALIAS_COUNT.
 */
export function documentData(doc: Document): unknown {
  wrapPlainScalars(doc.contents);
  return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
}

/**
 * What YAML accepts but dropship cannot read truly, each located: an alias without an anchor before it,
 * a `__proto__` key (a JS object cannot hold it: it would vanish), a byte-order mark inside the file (YAML
 * allows one only at the start; inside, it is an invisible character in a key or value).
 */
function unreadableParts(doc: Document, text: string, index: SourceIndex): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (offset: number, length: number, d: Omit<Diagnostic, 'file' | 'line' | 'column' | 'path'>) => {
    const pos = index.offsetPosition(offset, Math.min(length, lineRest(text, offset)));
    const path = index.pathAt(offset);
    const plain = path.every((k) => typeof k === 'number' || /^[\w.-]+$/.test(String(k)));
    out.push({
      ...d,
      file: index.file,
      line: pos.line,
      column: pos.column,
      length: pos.length,
      path: plain ? formatPath(path) : '',
    });
  };
  const anchors = new Set<string>();
  visit(doc, {
    Node(_key, node) {
      const tag = node.tag === undefined ? undefined : unreadableTag(node.tag);
      if (tag && node.range) {
        const source = text.slice(node.range[0], node.range[1]);
        const written = /^!\S*/.exec(text.slice(tagStart(text, node.range[0]), node.range[0]))?.[0];
        at(node.range[0], source.length || 1, {
          severity: 'error',
          code: 'yaml/tag',
          message: `the tag ${written ?? node.tag} cannot be read: migration.yaml holds text, numbers, true/false, lists and mappings`,
          hint: tag,
        });
      }
      if (isAlias(node)) {
        if (!anchors.has(node.source) && node.range) {
          at(node.range[0], node.source.length + 1, {
            severity: 'error',
            code: 'yaml/undefined-alias',
            message: `the alias \`*${node.source}\` refers to no anchor: no \`&${node.source}\` comes before it`,
            hint: `put \`&${node.source}\` before the value to repeat, above this line (an anchor must come before its aliases), or write the value out`,
          });
        }
      } else if (node.anchor) anchors.add(node.anchor);
    },
    Pair(_key, pair) {
      const key = pair.key as Node | null;
      if ((isMap(key) || isSeq(key)) && key.range) {
        at(key.range[0], key.range[1] - key.range[0], {
          severity: 'error',
          code: 'yaml/complex-key',
          message: `a key must be text; this one is ${isMap(key) ? 'a mapping' : 'a list'}`,
          hint: 'write the key as text (quote it if it holds brackets or braces: "[a, b]": value), or make it a value',
        });
      }
      if (isScalar(key) && key.value === '__proto__' && key.range) {
        at(key.range[0], key.range[1] - key.range[0], {
          severity: 'error',
          code: 'yaml/reserved-key',
          message:
            'the key `__proto__` cannot be read: JavaScript reserves the name, and the entry would vanish',
          hint: 'rename or remove the entry (no spec field, variable or tag can be named `__proto__`)',
        });
      }
    },
  });
  for (let i = text.indexOf('\uFEFF'); i >= 0 && out.length < 20; i = text.indexOf('\uFEFF', i + 1)) {
    at(i, 1, {
      severity: 'error',
      code: 'yaml/byte-order-mark',
      message: 'an invisible byte-order mark (U+FEFF) inside the file: YAML allows one only at its start',
      hint: 'delete it (joining two files often leaves one); a value that needs the character writes "\\uFEFF" in double quotes',
    });
  }
  return out;
}

/** The core schema's tags (`!!str 0755` is how YAML writes a number as text); any other is refused. */
const READABLE_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`),
);

/** Why a tag cannot be read (the hint), or undefined for a core-schema tag. */
function unreadableTag(tag: string): string | undefined {
  if (READABLE_TAGS.has(tag)) return undefined;
  if (tag === 'tag:yaml.org,2002:binary')
    return 'binary data has no field here: write base64 text as a quoted string, or keep the data in a file or a secret';
  if (tag.startsWith('tag:yaml.org,2002:'))
    return 'write the value as plain text, a list or a mapping (without the tag)';
  return 'tags of other tools (CloudFormation’s !Ref, !Sub, ...) mean nothing here: write the value itself, or use a reference the field documents';
}

/** Where the tag before a node's content starts (the `!` before `range[0]` on its line), for the message. */
function tagStart(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const bang = text.lastIndexOf('!', offset - 1);
  if (bang < lineStart) return offset;
  let start = bang;
  while (start > lineStart && text[start - 1] === '!') start--;
  return start;
}

/** Unquoted numbers and booleans in values become PlainScalar (keys are text already, see keysAsWritten). */
function wrapPlainScalars(root: unknown): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) for (const pair of node.items) stack.push(pair.value);
    else if (isSeq(node)) for (const item of node.items) stack.push(item);
    else if (isPair(node)) stack.push(node.value);
    else if (isScalar(node) && readsAsValue(node)) {
      const value = typeof node.value === 'boolean' ? node.value : Number(node.value);
      node.value = new PlainScalar(value, node.source as string);
    }
  }
}

/**
 * A document of more than MAX_NODES nodes, found before parsing (fast-yaml.ts's bound): located where the
 * count passes the limit.
 */
function nodeLimitDiagnostic(text: string, file: string, offset: number): Diagnostic {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return {
    severity: 'error',
    code: 'yaml/node-limit',
    file,
    line,
    column: offset - lineStart + 1,
    path: '',
    message: `the document holds more than ${MAX_NODES.toLocaleString('en-US')} YAML nodes (keys, values, list items) by this point; refusing to read it`,
    hint: 'a migration spec of 1,000 apps holds about 100,000: is this the file you meant? Split long lists, or write them in block style',
  };
}

/**
 * The alias at which the document, its aliases expanded, holds more than MAX_NODES nodes; undefined when it
 * does not. yaml's own `maxAliasCount` counts aliases, not what they expand to: 90 aliases of a list of
 * 200,000 items pass it and become 18 million values.
 */
function expansionBeyondLimit(doc: Document): Alias | undefined {
  const anchors = new Map<string, Node>();
  const sizes = new Map<Node, number>();
  let beyond: Alias | undefined;
  /** Nodes in `root`, each alias counted as what it expands to (anchors precede their aliases). */
  const size = (root: Node, top: boolean): number => {
    const known = sizes.get(root);
    if (known !== undefined) return known;
    let total = 0;
    visit(root, {
      Node(_key, node) {
        if (total > MAX_NODES) return visit.BREAK;
        if (top && node.anchor) anchors.set(node.anchor, node);
        if (isAlias(node)) {
          const target = anchors.get(node.source);
          total += target ? size(target, false) : 1;
          if (top && total > MAX_NODES) beyond ??= node;
        } else total += 1;
        return undefined;
      },
    });
    sizes.set(root, total);
    return total;
  };
  if (doc.contents) size(doc.contents as Node, true);
  return beyond;
}

function aliasNodes(doc: Document): Node[] {
  const aliases: Node[] = [];
  visit(doc, { Alias: (_key, node) => void aliases.push(node) });
  return aliases;
}

const YAML_MESSAGES: Record<string, string> = {
  MULTIPLE_DOCS:
    'the file holds more than one YAML document (a second `---`); migration.yaml is one document',
  TAB_AS_INDENT: 'tabs cannot indent YAML; use spaces',
  MISSING_CHAR: 'a closing bracket, brace or quote is missing',
  RESOURCE_EXHAUSTION: 'the document nests too deeply to read',
  BLOCK_AS_IMPLICIT_KEY:
    'a nested block cannot be used as a key (is a colon missing, or the indentation off?)',
};

function yamlDiagnostic(
  err: YAMLError,
  severity: 'error' | 'warning',
  text: string,
  index: SourceIndex,
): Diagnostic {
  const [start, end] = err.pos;
  const path = index.pathAt(start);
  const firstLine = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  let message = YAML_MESSAGES[err.code] ? `${YAML_MESSAGES[err.code]} (${firstLine})` : firstLine;
  let hint: string | undefined;
  let length = Math.min(Math.max(1, end - start), lineRest(text, start));
  if (err.code === 'DUPLICATE_KEY') {
    const key = String(path[path.length - 1] ?? text.slice(start, end).trim());
    const first = firstOccurrence(index, path);
    length = Math.min(key.length, lineRest(text, start)) || 1;
    message = `duplicate key \`${key}\`${first ? ` (first defined on line ${first})` : ''}`;
    hint = 'a mapping holds each key once: remove or rename one of them';
  }
  const pos = index.offsetPosition(start, length);
  return {
    severity,
    code: `yaml/${err.code.toLowerCase().replace(/_/g, '-')}`,
    file: index.file,
    line: pos.line,
    column: pos.column,
    length: pos.length,
    // Inside a broken document the path can be nonsense (keys spanning lines): only keep a plain one.
    path:
      err.code !== 'RESOURCE_EXHAUSTION' &&
      path.every((k) => typeof k === 'number' || /^[\w.-]+$/.test(String(k)))
        ? formatPath(path)
        : '',
    message,
    ...(hint ? { hint } : {}),
  };
}

function firstPerLine(diagnostics: Diagnostic[]): Diagnostic[] {
  const lines = new Set<number>();
  return diagnostics.filter((d) => {
    if (lines.has(d.line)) return false;
    lines.add(d.line);
    return true;
  });
}

/** The line of the first pair with this path's key: `locate` finds the first match in a mapping. */
function firstOccurrence(index: SourceIndex, path: PropertyKey[]): number | undefined {
  return path.length === 0 ? undefined : index.locate(path, 'key').line;
}

function lineRest(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return (newline < 0 ? text.length : newline) - offset;
}

function nodeKind(node: Node): string {
  if (isScalar(node)) return typeof node.value === 'string' ? 'a string' : `a ${typeof node.value}`;
  return 'a list';
}
