/** docs/review.md lists every check with the same title and counterparts as the code. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKS } from '../../compiler/analyses/checks';

const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'review.md'), 'utf8');

describe('docs/review.md', () => {
  it.each(CHECKS.map((c) => [c.id, c] as const))('documents %s', (_id, c) => {
    const row = doc.split('\n').find((l) => l.startsWith(`| ${c.id} |`));
    expect(row).toBeDefined();
    expect(row).toContain(c.title);
    for (const id of [...c.checkov, ...c.trivy]) expect(row).toContain(id);
  });
});
