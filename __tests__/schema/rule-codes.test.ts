/**
 * One rule, one place: the codes of the checks that moved from the compiler to schema/rules/ are in no
 * compiler source, the compiler's duplicates of the schema's rules are gone everywhere, and every check code
 * the docs name is still reported somewhere in the product code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from '../helpers/examples';

/** The .ts files under `dir` (relative to the repository). */
function sourceFiles(dir: string): string[] {
  const root = join(REPO_ROOT, dir);
  if (statSync(root).isFile()) return [root];
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(root, f));
}

/** Every string literal of the files (what a code is written as), by file. */
function literals(files: string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const file of files) {
    const found = new Set<string>();
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) found.add(node.text);
      ts.forEachChild(node, visit);
    };
    visit(ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true));
    out.set(relative(REPO_ROOT, file), found);
  }
  return out;
}

const allOf = (byFile: Map<string, Set<string>>) => new Set([...byFile.values()].flatMap((s) => [...s]));

const PRODUCT = ['schema', 'compiler', 'stacks', 'cli', 'main.ts'].flatMap(sourceFiles);
const product = allOf(literals(PRODUCT));
const compiler = literals(sourceFiles('compiler'));
const rules = allOf(literals(sourceFiles('schema/rules')));

/** The checks that need only the spec: the compiler made them while planning; schema/rules/ makes them now. */
const MOVED = [
  'data/extended-support',
  'data/unknown-size',
  'data/max-storage',
  'data/replicas-need-aurora',
  'data/aurora-too-many-replicas',
  'data/instance-identifier-clash',
  'data/unsupported-version',
  'data/source-connection',
  'data/dms-source-secret',
  'data/secret-name-suffix',
  'data/secret-name-reserved',
  'dns/caa-forbids-amazon',
  'apps/invalid',
  'cutover/health-check-key-clash',
  'fargate-size',
  'container-over-task',
];

/**
 * The compiler's copies of rules schema/rules/ already had under another code (which users saw first), and its
 * backstops for specs the loader or the rules refuse (a hostname in no declared domain: hostname-domain; a
 * database of unknown engine).
 */
const DELETED = [
  'data/unknown-source',
  'data/engine-mismatch',
  'data/engine-missing',
  'data/aurora-version',
  'cutover/no-domain',
  'security/unknown-engine',
];

describe('one rule, one place', () => {
  it('the rules report every code that moved, and no compiler source holds one', () => {
    expect(MOVED.filter((code) => !rules.has(code))).toEqual([]);
    const inCompiler = [...compiler].flatMap(([file, found]) =>
      MOVED.filter((code) => found.has(code)).map((code) => `${file}: ${code}`),
    );
    expect(inCompiler).toEqual([]);
  });

  it('the deleted duplicates are nowhere in the product code', () => {
    expect(DELETED.filter((code) => product.has(code))).toEqual([]);
  });

  it('no compiler source reports a data-tier code at all', () => {
    const dataCodes = [...compiler].flatMap(([file, found]) =>
      [...found].filter((s) => /^data\/[a-z-]+$/.test(s)).map((code) => `${file}: ${code}`),
    );
    expect(dataCodes).toEqual([]);
  });
});

/** Namespaces of diagnostic codes (a backticked `<namespace>/<name>` in the docs is a code). */
const NAMESPACES = ['apps', 'backend', 'cutover', 'data', 'dns', 'lint', 'security', 'stacks', 'yaml'];

function documentedCodes(): Map<string, string> {
  const docs = readdirSync(join(REPO_ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f));
  const codes = new Map<string, string>();
  for (const doc of [...docs, 'README.md']) {
    const text = readFileSync(join(REPO_ROOT, doc), 'utf8');
    for (const [, token] of text.matchAll(/`([a-z0-9]+\/[a-z0-9-]+)`/g))
      if (NAMESPACES.includes(token.split('/')[0])) codes.set(token, doc);
  }
  // docs/spec.md's rule tables (first column) and its list of warnings name every other rule's code.
  const spec = readFileSync(join(REPO_ROOT, 'docs', 'spec.md'), 'utf8');
  const rulesSection = spec.slice(spec.indexOf('## Cross-field rules'), spec.indexOf('## Literal secrets'));
  const warnings = rulesSection.slice(rulesSection.indexOf('Warnings ('));
  const cells = rulesSection
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split('|')[1]);
  for (const text of [...cells, warnings])
    for (const [, token] of text.matchAll(/`([a-z][a-z0-9/-]*)`/g)) codes.set(token, 'docs/spec.md');
  return codes;
}

describe('the check codes the docs name', () => {
  const codes = documentedCodes();

  it('include the rules that moved (the docs list them) and many more', () => {
    expect(MOVED.filter((code) => !codes.has(code))).toEqual([]);
    expect(codes.size).toBeGreaterThan(60);
  });

  it('are each reported somewhere in the product code', () => {
    expect([...codes].filter(([code]) => !product.has(code)).map(([code, doc]) => `${doc}: ${code}`)).toEqual(
      [],
    );
  });
});
