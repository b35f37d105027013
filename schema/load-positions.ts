/**
 * The positioned path of the loader: `yaml`'s document with a line counter, so every diagnostic gets
 * file:line:column. load.ts takes this path only when the fast reader declines a file or there is a
 * diagnostic to place, so `yaml` is loaded only then.
 */
import { LineCounter, isMap, isScalar, parseDocument, type Document, type Node, type YAMLError } from 'yaml';
import { MigrationSpec } from './spec';
import { byPosition, formatPath, locateFinding, type Diagnostic, type Finding } from './diagnostics';
import { SourceIndex } from './source';
import { findingsFromZod } from './zod-issues';
import { checkRules } from './rules';
import type { LoadResult } from './load-result';

/** More alias expansions than this is treated as a "billion laughs" document, not a migration spec. */
const MAX_ALIAS_COUNT = 100;

export function parseWithPositions(text: string, file: string): { doc: Document; index: SourceIndex } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    version: '1.2',
    merge: true, // `<<: *defaults` is how YAML users share settings between apps
  });
  return { doc, index: new SourceIndex(file, doc, lineCounter) };
}

export function loadWithPositions(text: string, file: string): LoadResult {
  const { doc, index } = parseWithPositions(text, file);
  const locate = (finding: Finding): Diagnostic => locateFinding(finding, index);
  const fail = (diagnostics: Diagnostic[]): LoadResult => ({
    ok: false,
    diagnostics: diagnostics.sort(byPosition),
  });

  // One YAML error per line: a single slip (a tab, a missing colon) often makes the parser report several.
  const yamlDiagnostics = firstPerLine([
    ...doc.errors.map((err) => yamlDiagnostic(err, 'error', text, index)),
    ...doc.warnings.map((err) => yamlDiagnostic(err, 'warning', text, index)),
  ]);
  const errors = yamlDiagnostics.filter((d) => d.severity === 'error');
  // Duplicate keys leave a readable document: keep going so the user sees every other problem too.
  if (doc.errors.some((err) => err.code !== 'DUPLICATE_KEY')) return fail(yamlDiagnostics);

  const root = doc.contents as Node | null;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
    return fail([
      ...yamlDiagnostics,
      {
        severity: 'error',
        code: 'empty-file',
        file,
        line: 1,
        column: 1,
        path: '',
        message: 'the file has no content',
        expected: 'a mapping with version, project, environment, aws, ...',
        hint: 'start from examples/php-shop/migration.yaml (`dropship schema` gives editors autocompletion)',
      },
    ]);
  }
  if (!isMap(root)) {
    const pos = index.locate([]);
    return fail([
      ...yamlDiagnostics,
      {
        severity: 'error',
        code: 'not-a-mapping',
        file,
        line: pos.line,
        column: pos.column,
        length: pos.length,
        path: '',
        message: `the document must be a mapping (key: value lines), got ${nodeKind(root)}`,
        expected: 'a mapping with version, project, environment, aws, ...',
      },
    ]);
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const excessive = /alias/i.test((err as Error).message);
    return fail([
      ...yamlDiagnostics,
      {
        severity: 'error',
        code: excessive ? 'yaml/alias-limit' : 'yaml/unreadable',
        file,
        line: 1,
        column: 1,
        path: '',
        message: excessive
          ? `the document expands more than ${MAX_ALIAS_COUNT} aliases (*name); refusing to expand it`
          : `the document cannot be read: ${(err as Error).message}`,
        hint: excessive ? 'use fewer aliases, or write the repeated parts out' : undefined,
      },
    ]);
  }

  const parsed = MigrationSpec.safeParse(data);
  if (!parsed.success) {
    return fail([
      ...yamlDiagnostics,
      ...findingsFromZod(parsed.error.issues, MigrationSpec, data).map(locate),
    ]);
  }
  const findings = checkRules(parsed.data).map(locate);
  const ruleErrors = findings.filter((d) => d.severity === 'error');
  const warnings = [
    ...yamlDiagnostics.filter((d) => d.severity === 'warning'),
    ...findings.filter((d) => d.severity === 'warning'),
  ];
  if (errors.length > 0 || ruleErrors.length > 0) return fail([...errors, ...ruleErrors, ...warnings]);
  return { ok: true, spec: parsed.data, warnings: warnings.sort(byPosition), source: index };
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
