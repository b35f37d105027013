/**
 * The import graph holds docs/architecture.md (.dependency-cruiser.cjs): no cycle in the product code, type-only
 * imports included; each layer imports only the ones below it; the compiler's leaves (model/, aws/) import
 * nothing above them, and schema/inventory/ (queries over the spec) only the spec types and the facts; no
 * decision pass imports an analysis (compiler/analyses/); no part of the compiler (compiler/parts.ts lists them)
 * imports another part's module, and what the parts share imports none. The rules also run on a probe tree that
 * breaks each one, so a rule that stopped firing fails here too.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './helpers/examples';
import { PARTS } from '../compiler/parts';

const PRODUCT = ['schema', 'compiler', 'stacks', 'cli', 'bench', 'scripts', 'main.ts'];

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
  cycle?: { name: string }[];
}

/** The rules' violations over `folders` of `cwd`, with the repository's config. */
function violations(cwd: string, folders: string[]): Violation[] {
  const bin = join(REPO_ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  const child = spawnSync(
    process.execPath,
    [bin, '--config', join(REPO_ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json', ...folders],
    { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (child.stdout === '') throw new Error(`dependency-cruiser failed: ${child.stderr}`);
  return (JSON.parse(child.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

const describeViolation = (v: Violation) =>
  `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle: ${v.cycle.map((c) => c.name).join(' → ')})` : ''}`;

describe('the import graph', () => {
  it('has no cycle and no import against the layers', () => {
    expect(violations(REPO_ROOT, PRODUCT).map(describeViolation)).toEqual([]);
  });

  describe('on a probe tree that breaks each rule', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'dropship-graph-'));
      const files: Record<string, string> = {
        'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs', strict: true } }),
        // A cycle through a type-only import.
        'compiler/a.ts': "import type { B } from './b';\nexport type A = B | 1;\n",
        'compiler/b.ts': "import type { A } from './a';\nexport type B = A | 2;\n",
        'schema/up.ts': "import type { A } from '../compiler/a';\nexport type S = A;\n",
        'compiler/up.ts': "import type { R } from '../stacks/r';\nexport type C = R;\n",
        'stacks/r.ts': "import type { X } from '../cli/x';\nexport type R = X;\n",
        'cli/x.ts': 'export type X = 1;\n',
        'compiler/model/m.ts': "import type { A } from '../a';\nexport type M = A;\n",
        'schema/rules.ts': 'export type R = 3;\n',
        'schema/inventory/i.ts': "import type { R } from '../rules';\nexport type I = R;\n",
        'compiler/aws/w.ts': "import type { A } from '../a';\nexport type W = A;\n",
        'compiler/analyses/z.ts': 'export type Z = 1;\n',
        'compiler/part.ts': "import type { Z } from './analyses/z';\nexport type P = Z;\n",
        // Parts (network, security and lints are in compiler/parts.ts): one reaches into another's folder, and
        // a shared module reaches into a part. A part's own folder and a shared leaf are allowed.
        'compiler/network.ts': "import type { G } from './security/groups';\nexport type N = G;\n",
        'compiler/security/groups.ts': "import type { O } from './own';\nexport type G = O;\n",
        'compiler/security/own.ts': "import type { L } from '../plan-lookups';\nexport type O = L;\n",
        'compiler/plan-lookups.ts': 'export type L = 1;\n',
        'compiler/lints.ts': "import type { S } from './shared';\nexport type X = S;\n",
        'compiler/shared.ts': "import type { N } from './network';\nexport type S = N;\n",
      };
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('names every broken rule', () => {
      const found = violations(dir, ['schema', 'compiler', 'stacks', 'cli']);
      const rules = new Set(found.map((v) => v.rule.name));
      expect([...rules].sort()).toEqual([
        'analyses-beside-the-parts',
        'aws-is-a-leaf',
        'compiler-below-stacks',
        'inventory-is-a-leaf',
        'model-is-a-leaf',
        'no-circular',
        'parts-stay-apart',
        'schema-is-the-bottom',
        'shared-below-the-parts',
        'stacks-below-cli',
      ]);
    });

    it("refuses exactly a part's import of another part, and a shared module's import of a part", () => {
      const found = violations(dir, ['compiler']).filter((v) =>
        ['parts-stay-apart', 'shared-below-the-parts'].includes(v.rule.name),
      );
      expect(found.map(describeViolation).sort()).toEqual([
        'parts-stay-apart: compiler/network.ts → compiler/security/groups.ts',
        'shared-below-the-parts: compiler/shared.ts → compiler/network.ts',
      ]);
    });
  });

  it('knows every part compiler/parts.ts lists', () => {
    // The rule reads the parts' modules from the imports of compiler/parts.ts: one per part.
    const config = require('../.dependency-cruiser.cjs') as {
      forbidden: { name: string; from: { path: string } }[];
    };
    const rule = config.forbidden.find((r) => r.name === 'parts-stay-apart')!;
    const modules = /\^compiler\/\(([^)]*)\)/.exec(rule.from.path)![1].split('|');
    expect(modules).toHaveLength(PARTS.length);
    expect(modules).toEqual(expect.arrayContaining(['network', 'security', 'apps', 'stack-layout', 'lints']));
  });
});
