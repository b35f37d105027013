/**
 * The `# yaml-language-server: $schema=` line `import` writes points at the schema where the user's repository
 * installs dropship (`node_modules/dropship`, reached without resolving symlinks: npx caches and pnpm stores
 * live outside the repository), or is left out; it never leads outside the repository.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import fc from 'fast-check';
import { runImport } from '../../cli/commands/import';
import { schemaReference } from '../../cli/import/schema-reference';
import { REPO_ROOT } from '../helpers/examples';
import { captureOutput } from '../helpers/output';
import { doctlFixtures } from './helpers';

const SCHEMA = 'schema/migration.schema.json';
let dir: string;
let n = 0;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dropship-schema-ref-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** node_modules/dropship in `at`: a symlink to this checkout (as pnpm and `npm link` install it). */
function install(at: string): void {
  mkdirSync(join(at, 'node_modules'), { recursive: true });
  symlinkSync(REPO_ROOT, join(at, 'node_modules', 'dropship'));
}

function folder(...parts: string[]): string {
  const path = join(dir, ...parts);
  mkdirSync(path, { recursive: true });
  return path;
}

describe('schemaReference', () => {
  it('finds node_modules/dropship up to the repository root, by the path as installed', () => {
    const repo = folder('repo');
    mkdirSync(join(repo, '.git'));
    install(repo);
    expect(schemaReference(folder('repo', 'infra', 'prod'))).toBe(`../../node_modules/dropship/${SCHEMA}`);
    expect(schemaReference(repo)).toBe(`node_modules/dropship/${SCHEMA}`);
  });

  it('never looks above the repository (a worktree .git file counts), nor above the folder outside one', () => {
    install(dir);
    const repo = folder('repo');
    writeFileSync(join(repo, '.git'), 'gitdir: /elsewhere\n');
    expect(schemaReference(folder('repo', 'infra'))).toBeUndefined();
    // No repository at all: only the file's own folder.
    expect(schemaReference(folder('loose'))).toBeUndefined();
    install(join(dir, 'loose'));
    expect(schemaReference(join(dir, 'loose'))).toBe(`node_modules/dropship/${SCHEMA}`);
  });

  it('a node_modules/dropship without its schema (or package.json) is passed by', () => {
    const repo = folder('repo');
    mkdirSync(join(repo, '.git'));
    mkdirSync(join(repo, 'node_modules', 'dropship'), { recursive: true });
    writeFileSync(join(repo, 'node_modules', 'dropship', 'package.json'), '{"name":"dropship"}');
    expect(schemaReference(folder('repo', 'infra'))).toBeUndefined();
  });

  it("dropship's own checkout: its examples point at its schema", () => {
    expect(schemaReference(join(REPO_ROOT, 'examples', 'php-shop'))).toBe(`../../${SCHEMA}`);
  });

  it('generated layouts: the reference is a schema inside the repository, found whenever one is installed there', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }), // how deep the repository root is under the scratch folder
        fc.integer({ min: 0, max: 3 }), // how deep the target folder is under the root
        fc.boolean(), // is there a .git at the root
        fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 3 }), // depths with node_modules/dropship
        (rootDepth, targetDepth, git, installs) => {
          const base = folder(`case-${n++}`);
          const path = (depth: number) => join(base, ...Array.from({ length: depth }, (_, i) => `d${i}`));
          const root = path(rootDepth);
          const target = path(rootDepth + targetDepth);
          mkdirSync(target, { recursive: true });
          if (git) mkdirSync(join(root, '.git'), { recursive: true });
          const inside = (d: number) =>
            d <= rootDepth + targetDepth && d >= (git ? rootDepth : rootDepth + targetDepth);
          for (const d of new Set(installs)) if (d <= rootDepth + targetDepth) install(path(d));
          const found = schemaReference(target);
          const boundary = git ? root : target;
          if (found === undefined) return !installs.some(inside);
          const resolved = resolve(target, found);
          return (
            (resolved + sep).startsWith(boundary + sep) &&
            existsSync(resolved) &&
            !relative(boundary, resolved).startsWith('..') &&
            installs.some(inside)
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('dropship import', () => {
  it('writes the line next to an installed dropship, and none outside a repository that has it', () => {
    const repo = folder('repo');
    mkdirSync(join(repo, '.git'));
    install(repo);
    const out = join(folder('repo', 'infra'), 'migration.yaml');
    expect(captureOutput(() => runImport({ inputs: [doctlFixtures], out, project: 'shop' })).code).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe(
      `# yaml-language-server: $schema=../node_modules/dropship/${SCHEMA}`,
    );
    const elsewhere = join(folder('other'), 'migration.yaml');
    expect(
      captureOutput(() => runImport({ inputs: [doctlFixtures], out: elsewhere, project: 'shop' })).code,
    ).toBe(0);
    expect(readFileSync(elsewhere, 'utf8')).toMatch(/^# migration.yaml drafted by `dropship import`/);
  });
});
