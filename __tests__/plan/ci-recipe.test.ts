/**
 * examples/ci/github-actions.yml: valid YAML that runs the review steps the README promises, on actions of a
 * current major version, with the least permissions, never on pull_request_target, the AWS plan job only for
 * pull requests from the same repository, and every shell step parseable by bash.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface Step {
  id?: string;
  name?: string;
  if?: string;
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  needs?: string;
  permissions: Record<string, string>;
  steps: Step[];
}

const text = readFileSync(join(__dirname, '..', '..', 'examples', 'ci', 'github-actions.yml'), 'utf8');
const workflow = parse(text) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
};

/** The oldest major of each action that runs on a supported Node (24) runtime. */
const CURRENT_MAJOR: Record<string, number> = {
  'actions/checkout': 5,
  'actions/setup-node': 5,
  'actions/cache': 5,
  'github/codeql-action/upload-sarif': 4,
  'aws-actions/configure-aws-credentials': 5,
  'hashicorp/setup-terraform': 3,
};

describe('GitHub Actions recipe', () => {
  const jobs = Object.values(workflow.jobs);
  const steps = jobs.flatMap((j) => j.steps);
  const runs = steps.map((s) => s.run ?? '').join('\n');
  const review = workflow.jobs.review;
  const plan = workflow.jobs['terraform-plan'];
  const step = (job: Job, pattern: RegExp) =>
    job.steps.find((s) => pattern.test(`${s.name ?? ''} ${s.uses ?? ''}`));

  it('runs on pull requests only, never on pull_request_target', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(text).not.toMatch(/^\s*pull_request_target\s*:/m);
  });

  it('grants nothing at the top and each job only what it uses', () => {
    expect(workflow.permissions).toEqual({});
    expect(review.permissions).toEqual({
      contents: 'read',
      'pull-requests': 'write',
      'security-events': 'write',
    });
    expect(plan.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
  });

  it('uses each action at a pinned current major version', () => {
    const used = steps.filter((s) => s.uses).map((s) => s.uses as string);
    expect(used.length).toBeGreaterThan(8);
    for (const uses of used) {
      const match = /^([\w.-]+\/[\w./-]+)@v(\d+)$/.exec(uses);
      expect([uses, match !== null]).toEqual([uses, true]);
      const [, action, major] = match as RegExpExecArray;
      expect([action, action in CURRENT_MAJOR]).toEqual([action, true]);
      expect(Number(major)).toBeGreaterThanOrEqual(CURRENT_MAJOR[action]);
    }
    for (const s of steps.filter((x) => x.uses?.startsWith('actions/setup-node@')))
      expect(Number(s.with?.['node-version'])).toBeGreaterThanOrEqual(20);
  });

  it('caches terraform providers', () => {
    expect(text).toMatch(/TF_PLUGIN_CACHE_DIR: /);
    for (const job of jobs)
      expect(step(job, /actions\/cache@/)?.with?.path).toBe('${{ env.TF_PLUGIN_CACHE_DIR }}');
  });

  it('plans with a read-only AWS role through OIDC only for pull requests from this repository', () => {
    expect(plan.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    expect(plan.needs).toBe('review');
    const aws = step(plan, /configure-aws-credentials/);
    expect(aws?.with?.['role-to-assume']).toBe('${{ vars.DROPSHIP_PLAN_ROLE_ARN }}');
    expect(plan.steps.map((s) => s.run ?? '').join('\n')).toMatch(
      /terraform -chdir="\$dir" plan -lock=false/,
    );
    // No other job can reach AWS.
    for (const [name, job] of Object.entries(workflow.jobs))
      if (name !== 'terraform-plan') expect(job.permissions['id-token']).toBeUndefined();
  });

  it('updates one comment in place, and comments when validation fails', () => {
    const post = step(review, /Post or update the plan comment/);
    expect(post?.run).toMatch(/gh api --method PATCH .*-F body=@plan\.md/);
    expect(post?.if).toContain('head.repo.full_name == github.repository');
    const failed = step(review, /Comment when validation fails/);
    expect(failed?.if).toMatch(/failure\(\) && steps\.validate\.outcome == 'failure'/);
    expect(failed?.run).toMatch(/<!-- dropship-plan -->/);
  });

  it('uploads the security checks as SARIF even after a failed step, and gates on them last', () => {
    const sarif = step(review, /Security checks as SARIF/);
    expect(sarif?.if).toMatch(/^always\(\)/);
    expect(sarif?.run).toMatch(/dropship check "\$MIGRATION_FILE" --format sarif > dropship\.sarif/);
    const upload = step(review, /upload-sarif/);
    expect(upload?.if).toMatch(/^always\(\)/);
    expect(upload?.with?.sarif_file).toBe('dropship.sarif');
    const gate = review.steps[review.steps.length - 1];
    expect(gate.if).toMatch(/^always\(\)/);
    expect(gate.run).toMatch(/dropship check "\$MIGRATION_FILE" --format github/);
  });

  it('notes GitHub’s annotation caps', () => {
    expect(text).toMatch(/10 annotations of each type per step and 50 per job/);
  });

  it.each([
    ['validates with annotations', /dropship validate "\$MIGRATION_FILE" --format github/],
    ['synthesizes', /dropship synth /],
    [
      'runs terraform validate per stack',
      /for dir in "\$OUT_DIR"\/stacks\/\*\/[\s\S]*terraform -chdir="\$dir" validate/,
    ],
    [
      'renders the comment against the base',
      /dropship plan "\$MIGRATION_FILE" --format comment "\$\{base\[@\]\}" --full-plan/,
    ],
    ['puts the full plan in the job summary', /--format markdown >> "\$GITHUB_STEP_SUMMARY"/],
    ['posts it as a PR comment', /gh pr comment "\$PR" --repo "\$REPO" --body-file plan\.md/],
  ])('%s', (_what, pattern) => {
    expect(runs).toMatch(pattern);
  });

  it('sets terraform up without the wrapper (so validate output is plain)', () => {
    for (const s of steps.filter((x) => x.uses?.startsWith('hashicorp/setup-terraform@')))
      expect(s.with?.terraform_wrapper).toBe(false);
  });

  it('has shell steps bash can parse, with no expression inside a script', () => {
    for (const s of steps.filter((x) => x.run)) {
      // An expression in a script is text spliced into shell: values go through env instead.
      expect([s.name, /\$\{\{/.test(s.run as string)]).toEqual([s.name, false]);
      const r = spawnSync('bash', ['-n'], { input: s.run, encoding: 'utf8' });
      expect([s.name, r.status, r.stderr]).toEqual([s.name, 0, '']);
    }
  });
});
