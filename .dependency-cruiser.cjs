/**
 * The import graph's rules (docs/architecture.md), checked by __tests__/architecture.test.ts: no import
 * cycle anywhere in the product code, type-only imports included, each layer imports only the ones below it
 * (schema ← compiler ← stacks ← cli, main.ts), the compiler's leaves import nothing above them, and the
 * inventory queries (schema/inventory/) nothing but the spec and the facts; no part of the compiler imports
 * another part's module (the parts are those compiler/parts.ts lists), and what they share imports no part.
 * eslint.config.js holds the rules about packages (cdktf only in stacks/ and main.ts, provider classes by
 * deep path).
 */
// dependency-cruiser loads its config as CommonJS.
/* eslint-disable @typescript-eslint/no-require-imports */
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * The modules of the compiler's parts: each module compiler/parts.ts imports a compile function from
 * (`./network` → compiler/network.ts and compiler/network/), statically or on first use. Read from the list itself, so a new part is
 * held by the rule below without a second list to keep.
 */
const PARTS_SOURCE = readFileSync(join(__dirname, 'compiler', 'parts.ts'), 'utf8');
const PART_MODULES = [
  ...new Set(
    [
      ...PARTS_SOURCE.matchAll(/^import \{[^}]*\} from '\.\/([\w-]+)';$/gm),
      // the parts compiler/parts.ts loads on first use (`require('./data')`)
      ...PARTS_SOURCE.matchAll(/\brequire\('\.\/([\w-]+)'\)/g),
    ].map((m) => m[1]),
  ),
];
const partModule = `^compiler/(${PART_MODULES.join('|')})(\\.ts$|/)`;

const leaf = (name, folder, allowed, comment) => ({
  name,
  severity: 'error',
  comment,
  from: { path: `^${folder}/` },
  to: { pathNot: [`^${folder}/`, ...allowed, '^node_modules/', '^node:'], dependencyTypesNot: ['core'] },
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle, type-only imports included: parts that know each other.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'schema-is-the-bottom',
      severity: 'error',
      comment: 'schema/ knows no layer above it.',
      from: { path: '^schema/' },
      to: { path: '^(compiler|stacks|cli|bench|scripts)/|^main\\.ts$' },
    },
    {
      name: 'compiler-below-stacks',
      severity: 'error',
      comment: 'compiler/ makes decisions without knowing how they are rendered or run.',
      from: { path: '^compiler/' },
      to: { path: '^(stacks|cli|bench|scripts)/|^main\\.ts$' },
    },
    {
      name: 'stacks-below-cli',
      severity: 'error',
      comment: 'stacks/ renders the plan; the shells above it are not its business.',
      from: { path: '^stacks/' },
      to: { path: '^(cli|bench|scripts)/|^main\\.ts$' },
    },
    {
      name: 'analyses-beside-the-parts',
      severity: 'error',
      comment:
        'compiler/analyses reads rendered Terraform (security checks, cost); no decision pass depends on an analysis.',
      from: { path: '^compiler/', pathNot: '^compiler/analyses/' },
      to: { path: '^compiler/analyses/' },
    },
    {
      name: 'parts-stay-apart',
      severity: 'error',
      comment:
        "A part reads another part's plan through compiler/parts.ts, never its module: what two parts share (plan " +
        'lookups, group keys, addresses) lives outside both.',
      from: { path: partModule },
      to: { path: partModule, pathNot: '^compiler/$1(\\.ts$|/)' },
    },
    {
      name: 'shared-below-the-parts',
      severity: 'error',
      comment:
        'What the parts share imports no part, or a part would reach another through it. Only the list of parts ' +
        '(compiler/parts.ts) and the entry point (compiler/index.ts) know them; analyses have their own rule.',
      from: {
        path: '^compiler/',
        pathNot: [partModule, '^compiler/(index|parts)\\.ts$', '^compiler/analyses/'],
      },
      to: { path: partModule },
    },
    leaf(
      'model-is-a-leaf',
      'compiler/model',
      ['^schema/'],
      'The plan types import only schema types and each other.',
    ),
    leaf(
      'inventory-is-a-leaf',
      'schema/inventory',
      ['^schema/(spec|diagnostics|lists|report)\\.ts$', '^schema/facts/'],
      'Queries over the spec import only the spec types, the facts and each other: the rules and the compiler both read them.',
    ),
    leaf(
      'aws-is-a-leaf',
      'compiler/aws',
      ['^schema/', '^compiler/model/'],
      'AWS helpers (names, IAM documents, the key policy) import no part of the compiler.',
    ),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|__tests__|cdktf\\.out|coverage)/' },
    // Type-only imports are edges too: a cycle through them is still two parts that know each other.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
