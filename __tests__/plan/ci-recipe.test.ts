/** examples/ci/github-actions.yml: valid YAML that runs the review steps the README promises. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const workflow = parse(
  readFileSync(join(__dirname, '..', '..', 'examples', 'ci', 'github-actions.yml'), 'utf8'),
) as {
  on: { pull_request: unknown };
  permissions: Record<string, string>;
  jobs: Record<string, { steps: { run?: string; uses?: string }[] }>;
};

describe('GitHub Actions recipe', () => {
  const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
  const runs = steps.map((s) => s.run ?? '').join('\n');

  it('runs on pull requests and may comment on them', () => {
    expect(workflow.on.pull_request).toBeDefined();
    expect(workflow.permissions['pull-requests']).toBe('write');
  });

  it.each([
    ['validates', /dropship validate /],
    ['synthesizes', /dropship synth /],
    [
      'runs terraform validate per stack',
      /for dir in "\$OUT_DIR"\/stacks\/\*\/[\s\S]*terraform -chdir="\$dir" validate/,
    ],
    ['renders the markdown plan', /dropship plan "\$MIGRATION_FILE" --format markdown/],
    ['posts it as a PR comment', /gh pr comment "\$PR" --body-file plan\.md/],
    ['runs the security checks', /dropship check /],
  ])('%s', (_what, pattern) => {
    expect(runs).toMatch(pattern);
  });

  it('sets terraform up without the wrapper (so validate output is plain)', () => {
    expect(steps.some((s) => s.uses?.startsWith('hashicorp/setup-terraform@'))).toBe(true);
  });
});
