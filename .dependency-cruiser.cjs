/**
 * The import graph's rules (docs/architecture.md), checked by __tests__/architecture.test.ts:
 * no import cycle anywhere in the product code, type-only imports included, and each layer imports only the
 * ones below it. eslint.config.js holds the rules about packages (cdktf only in stacks/ and main.ts, provider
 * classes by deep path).
 */
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
