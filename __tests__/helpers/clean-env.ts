/**
 * Jest setup (jest.config.js setupFiles): the suite tests dropship as it ships, whatever the developer's
 * shell exports. The debugging switches that turn dropship's cdktf speed-ups off are cleared before any test
 * module loads (stacks/ reads them at import); the tests that compare both ways set them themselves.
 */
for (const name of ['DROPSHIP_CDKTF_RESOLVE', 'DROPSHIP_TOKEN_STACKS']) delete process.env[name];
