/** Tests run TypeScript through SWC (no type-check here: `npm run typecheck` does that once). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // Clears the switches that turn dropship's cdktf speed-ups off, so the suite tests what ships.
  setupFiles: ['<rootDir>/__tests__/helpers/clean-env.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 120000,
};
