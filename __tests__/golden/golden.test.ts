/**
 * The text and markdown plans of every example match their golden files, and the committed JSON Schema of
 * the JSON plan matches the zod schema. On a difference: run the update command, review the diff, commit.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { goldenFiles, REPO_ROOT, UPDATE_COMMAND } from '../../scripts/update-golden';

const files = goldenFiles();
/** `UPDATE_GOLDEN=1 npx jest __tests__/golden` rewrites the files instead (no build needed). */
const update = process.env.UPDATE_GOLDEN === '1';

describe('golden plans', () => {
  it('covers the text and markdown plan of at least one example', () => {
    expect(files.filter((f) => f.path.endsWith('.plan.txt')).length).toBeGreaterThan(0);
    expect(files.filter((f) => f.path.endsWith('.plan.md')).length).toBeGreaterThan(0);
  });

  // In update mode the files are rewritten and not compared (a comparison with itself could not fail).
  const compare = update ? it.skip : it;
  if (update) for (const f of files) writeFileSync(f.path, f.content);

  compare.each(files.map((f) => [relative(REPO_ROOT, f.path), f] as const))('%s is up to date', (name, f) => {
    const committed = existsSync(f.path) ? readFileSync(f.path, 'utf8') : undefined;
    if (committed !== f.content) {
      throw new Error(
        `${name} differs from what dropship prints now (or is missing).\n` +
          `Regenerate with:  ${UPDATE_COMMAND}\n(or UPDATE_GOLDEN=1 npx jest __tests__/golden), then review the diff (git diff ${name}) and commit it.`,
      );
    }
  });

  it('is deterministic: a second run prints the same bytes', () => {
    const again = goldenFiles();
    expect(again.map((f) => f.content)).toEqual(files.map((f) => f.content));
  });
});
