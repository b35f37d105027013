// Lint rules that guard the design card: deep provider imports only, cdktf only in stacks/ and main.ts
// (and bench/reference/, the benchmark's plain-cdktf yardstick).
const tseslint = require('typescript-eslint');

const indexMessage =
  'The provider package index loads every resource class (~2 s, ~500 MB). Import the class by deep path, e.g. @cdktf/provider-aws/lib/ecs-service.';
const providerIndex = [
  '@cdktf/provider-aws',
  '@cdktf/provider-aws/lib',
  '@cdktf/provider-aws/lib/index',
  '@cdktf/provider-digitalocean',
  '@cdktf/provider-digitalocean/lib',
  '@cdktf/provider-digitalocean/lib/index',
].map((name) => ({ name, message: indexMessage }));
const cdktfOutsideStacks = {
  group: ['cdktf', 'cdktf/*', 'constructs', '@cdktf/*'],
  message:
    'cdktf belongs in stacks/ and main.ts only (and bench/reference/, which measures cdktf itself), so a move to cdktn is a rename.',
};

/** Forbids imports of the named top-level folders (layers above `layer`). */
const upward = (folders, layer) => ({
  regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`,
  message: `${layer} may import only the layers below it (schema ← compiler ← stacks ← cli).`,
});

module.exports = tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'cdktf.out/**', 'coverage/**', 'bench/out/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.js'],
    rules: {
      'no-restricted-imports': ['error', { paths: providerIndex }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // The layers know only the ones below them: schema ← compiler ← stacks ← cli/main.
    files: ['schema/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: providerIndex,
          patterns: [cdktfOutsideStacks, upward(['compiler', 'stacks', 'cli'], 'schema/')],
        },
      ],
    },
  },
  {
    files: ['compiler/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: providerIndex, patterns: [cdktfOutsideStacks, upward(['stacks', 'cli'], 'compiler/')] },
      ],
    },
  },
  {
    // The shells and tools reach cdktf only through stacks/; the reference workload measures cdktf itself.
    files: ['cli/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['bench/reference/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: providerIndex, patterns: [cdktfOutsideStacks] }],
    },
  },
  {
    files: ['stacks/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: providerIndex, patterns: [upward(['cli'], 'stacks/')] }],
    },
  },
);
