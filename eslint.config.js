// Lint rules that guard the design card: deep provider imports only, cdktf only in stacks/ and main.ts
// (and bench/reference/, the benchmark's plain-cdktf yardstick, and __tests__/, which use cdktf's Testing
// matchers), no layer importing one above it, and shell text written unquoted only from a string literal. Static imports (`import x = require('…')` included),
// `require('…')` and `import('…')` with a literal specifier are all held.
const tseslint = require('typescript-eslint');

const indexMessage =
  'The provider package index loads every resource class (~2 s, ~500 MB). Import the class by deep path, e.g. @cdktf/provider-aws/lib/ecs-service.';
const providerIndexNames = [
  '@cdktf/provider-aws',
  '@cdktf/provider-aws/lib',
  '@cdktf/provider-aws/lib/index',
  '@cdktf/provider-digitalocean',
  '@cdktf/provider-digitalocean/lib',
  '@cdktf/provider-digitalocean/lib/index',
];
/** A restriction: the specifiers it refuses (a regular expression) and why. */
const providerIndex = {
  regex: `^(${providerIndexNames.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`,
  message: indexMessage,
};
const cdktf = {
  regex: '^(cdktf|constructs|@cdktf)(/|$)',
  message:
    'cdktf belongs in stacks/ and main.ts only (and bench/reference/, which measures cdktf itself), so a move to cdktn is a rename.',
};
/** Refuses the named top-level folders (layers above `layer`), by relative path. */
const upward = (folders, layer) => ({
  regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`,
  message: `${layer} may import only the layers below it (schema ← compiler ← stacks ← cli).`,
});

/**
 * no-restricted-syntax selectors for the calls no-restricted-imports does not see: `require('…')` and
 * `import('…')` with a literal specifier. esquery's /regex/ may hold no `/`, so it is written \x2F.
 */
const callSelectors = ({ regex, message }) => {
  const re = `/${regex.replace(/\//g, '\\x2F')}/`;
  return [
    `CallExpression[callee.type='Identifier'][callee.name='require'][arguments.0.value=${re}]`,
    `ImportExpression[source.value=${re}]`,
  ].map((selector) => ({ selector, message }));
};

/**
 * compiler/shell.ts's rawShell writes shell text unquoted: it takes a string literal from dropship's source,
 * never a template, a variable or a call, so no value from a spec can reach a command through it.
 */
const rawShellLiteral = {
  selector: "CallExpression[callee.name='rawShell']:not([arguments.length=1][arguments.0.type='Literal'])",
  message:
    "rawShell takes a string literal only (rawShell('unset TOKEN')): build shell text from values with sh`…`.",
};

/** Both rules for one set of restrictions: static imports, and the calls that load a module. */
const refuse = (...restrictions) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: providerIndexNames.map((name) => ({ name, message: indexMessage })),
      patterns: restrictions.map(({ regex, message }) => ({ regex, message })),
    },
  ],
  'no-restricted-syntax': [
    'error',
    ...[providerIndex, ...restrictions].flatMap(callSelectors),
    rawShellLiteral,
  ],
});

module.exports = tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'cdktf.out/**', 'coverage/**', 'bench/out/**'] },
  ...tseslint.configs.recommended,
  {
    // Everywhere by default, any new folder or root file included: no provider index, no cdktf.
    files: ['**/*.ts', '**/*.js'],
    rules: {
      ...refuse(cdktf),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // cdktf's own places: the renderer, the app shell, the benchmark's yardstick (it measures cdktf itself)
    // and the tests (cdktf's Testing matchers).
    files: ['main.ts', 'bench/reference/**/*.ts', '__tests__/**/*.ts'],
    rules: refuse(),
  },
  {
    // The layers know only the ones below them: schema ← compiler ← stacks ← cli/main.
    files: ['stacks/**/*.ts'],
    rules: refuse(upward(['cli'], 'stacks/')),
  },
  {
    files: ['schema/**/*.ts'],
    rules: refuse(cdktf, upward(['compiler', 'stacks', 'cli'], 'schema/')),
  },
  {
    files: ['compiler/**/*.ts'],
    rules: refuse(cdktf, upward(['stacks', 'cli'], 'compiler/')),
  },
);
