import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpecFile } from '../../schema/load';

const examplesDir = join(__dirname, '..', '..', 'examples');
const examples = readdirSync(examplesDir)
  .map((d) => join(examplesDir, d, 'migration.yaml'))
  .filter((f) => existsSync(f));

describe('bundled examples', () => {
  it('finds at least one example', () => {
    expect(examples.length).toBeGreaterThan(0);
  });
  it.each(examples)('%s validates without errors', (file) => {
    const result = loadSpecFile(file);
    expect(result.ok ? [] : result.diagnostics).toEqual([]);
  });
});
