/**
 * Regenerates the golden plans (`__tests__/golden/<example>.plan.txt` and `.plan.md`) of every bundled
 * example and the JSON Schema of the JSON plan (`cli/plan/plan.schema.json`). Review the diff, then commit.
 *
 *   npm run build && node dist/scripts/update-golden.js
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildPlanReport } from '../cli/plan/report';
import { planJsonSchema } from '../cli/plan/report-schema';
import { renderMarkdown } from '../cli/plan/markdown';
import { renderText } from '../cli/plan/text';
import { synthesizeFile } from '../cli/plan/synthesize';

/** The repository root, from the source tree (scripts/) or the build (dist/scripts/). */
export const REPO_ROOT = [join(__dirname, '..'), join(__dirname, '..', '..')].find((d) =>
  existsSync(join(d, 'examples')),
) as string;
export const GOLDEN_DIR = join(REPO_ROOT, '__tests__', 'golden');
export const PLAN_SCHEMA_FILE = join(REPO_ROOT, 'cli', 'plan', 'plan.schema.json');
export const UPDATE_COMMAND = 'npm run build && node dist/scripts/update-golden.js';

export interface GoldenFile {
  /** Absolute path. */
  path: string;
  content: string;
}

/** Every example under examples/<name>/migration.yaml, by name. */
export function exampleNames(): string[] {
  return readdirSync(join(REPO_ROOT, 'examples'))
    .filter((name) => existsSync(join(REPO_ROOT, 'examples', name, 'migration.yaml')))
    .sort();
}

/**
 * The expected content of every golden file. Plans are built from the repository root with relative paths,
 * exactly as `dropship plan examples/<name>/migration.yaml` prints them there.
 */
export function goldenFiles(): GoldenFile[] {
  const cwd = process.cwd();
  process.chdir(REPO_ROOT);
  try {
    const files: GoldenFile[] = [];
    for (const name of exampleNames()) {
      const result = synthesizeFile(relative(REPO_ROOT, join(REPO_ROOT, 'examples', name, 'migration.yaml')));
      if (!result.ok) throw new Error(`examples/${name}/migration.yaml is invalid`);
      const report = buildPlanReport(result.value);
      files.push({ path: join(GOLDEN_DIR, `${name}.plan.txt`), content: renderText(report) });
      files.push({ path: join(GOLDEN_DIR, `${name}.plan.md`), content: renderMarkdown(report) });
    }
    files.push({ path: PLAN_SCHEMA_FILE, content: `${JSON.stringify(planJsonSchema(), null, 2)}\n` });
    return files;
  } finally {
    process.chdir(cwd);
  }
}

if (require.main === module) {
  for (const f of goldenFiles()) {
    writeFileSync(f.path, f.content);
    process.stdout.write(`wrote ${relative(REPO_ROOT, f.path)}\n`);
  }
}
