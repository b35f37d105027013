/** Shared set-up for the importer tests: fixture locations and import → parsed spec. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { importInventory, type ImportOptions } from '../../cli/import';
import { loadSpecText } from '../../schema/load';
import type { ValidSpec } from '../../schema/load';

export const repoRoot = join(__dirname, '..', '..');
/** Real DigitalOcean API v2 example responses; CI has them at ../shared beside the clone. */
export const apiFixtures = join(repoRoot, '..', 'shared', 'fixtures', 'do-api');
export const doctlFixtures = join(repoRoot, '__tests__', 'fixtures', 'doctl');
export const hasApiFixtures = existsSync(apiFixtures);
// CI has ../shared beside the clone: there, missing fixtures are a broken set-up, never a reason to skip.
if (!hasApiFixtures && process.env.CI === 'true')
  throw new Error(`DigitalOcean API fixtures are missing at ${apiFixtures} (CI must run with ../shared)`);

export const api = (name: string) => join(apiFixtures, name);
export const doctl = (name: string) => join(doctlFixtures, name);

/** Runs the importer and checks the result validates; returns the text, the validated spec and warnings. */
export function importAndLoad(options: ImportOptions): {
  text: string;
  spec: ValidSpec;
  raw: Record<string, unknown>;
  warnings: string[];
} {
  const result = importInventory(options);
  const loaded = loadSpecText(result.text, 'imported.yaml');
  if (!loaded.ok)
    throw new Error(loaded.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  return { text: result.text, spec: loaded.spec, raw: parse(result.text), warnings: result.warnings };
}

export function warnIfNoApiFixtures(): void {
  if (!hasApiFixtures)
    console.warn(
      `SKIPPED: the DigitalOcean API fixtures are not at ${apiFixtures}; real-fixture tests did not run`,
    );
}
