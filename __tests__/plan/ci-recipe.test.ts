/**
 * examples/ci/github-actions.yml: valid YAML that runs the review steps the README promises, on actions of a
 * current major version, with the least permissions, never on pull_request_target, the AWS plan job only for
 * pull requests from the same repository, and every shell step parseable by bash.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
  outputs?: Record<string, string>;
  steps: Step[];
}

const text = readFileSync(join(__dirname, '..', '..', 'examples', 'ci', 'github-actions.yml'), 'utf8');
const workflow = parse(text) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  env: Record<string, string>;
  jobs: Record<string, Job>;
};

/** Runs a step's script as GitHub does (bash -e -o pipefail) in `cwd`, with `bin` first on PATH. */
function runStep(script: string, cwd: string, env: Record<string, string>) {
  return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...workflow.env, ...env, PATH: `${join(cwd, 'bin')}:${process.env.PATH}` },
  });
}

/** A stand-in command in `dir`/bin: prints `stdout` and exits with `status`. */
function fakeCommand(dir: string, name: string, status: number, stdout = ''): void {
  mkdirSync(join(dir, 'bin'), { recursive: true });
  const file = join(dir, 'bin', name);
  writeFileSync(file, `#!/bin/sh\nprintf '%s' '${stdout}'\nexit ${status}\n`);
  chmodSync(file, 0o755);
}

/** The oldest major of each action that runs on a supported Node (24) runtime. */
const CURRENT_MAJOR: Record<string, number> = {
  'actions/checkout': 5,
  'actions/setup-node': 5,
  'actions/cache': 5,
  'github/codeql-action/upload-sarif': 4,
  'aws-actions/configure-aws-credentials': 5,
  'hashicorp/setup-terraform': 3,
  'actions/upload-artifact': 6,
  'actions/download-artifact': 7,
};

describe('GitHub Actions recipe', () => {
  const jobs = Object.values(workflow.jobs);
  const steps = jobs.flatMap((j) => j.steps);
  const runs = steps.map((s) => s.run ?? '').join('\n');
  const review = workflow.jobs.review;
  const plan = workflow.jobs['terraform-plan'];
  const inputs = workflow.jobs['plan-inputs'];
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dropship-ci-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
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
      actions: 'read', // upload-sarif in a private repository
    });
    expect(inputs.permissions).toEqual({ contents: 'read' });
    expect(plan.permissions).toEqual({ 'id-token': 'write' });
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

  it('caches terraform providers in every job that runs terraform', () => {
    expect(text).toMatch(/TF_PLUGIN_CACHE_DIR: /);
    const terraformJobs = jobs.filter((j) => step(j, /setup-terraform/));
    expect(terraformJobs.length).toBe(2);
    for (const job of terraformJobs)
      expect(step(job, /actions\/cache@/)?.with?.path).toBe('${{ env.TF_PLUGIN_CACHE_DIR }}');
  });

  it('plans with a read-only AWS role through OIDC only for pull requests from this repository', () => {
    expect(inputs.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    expect(inputs.needs).toBe('review');
    expect(plan.needs).toBe('plan-inputs');
    const aws = step(plan, /configure-aws-credentials/);
    expect(aws?.with?.['role-to-assume']).toBe('${{ vars.DROPSHIP_PLAN_ROLE_ARN }}');
    expect(plan.steps.map((s) => s.run ?? '').join('\n')).toMatch(
      /terraform -chdir="\$dir" plan -lock=false/,
    );
    // No other job can reach AWS.
    for (const [name, job] of Object.entries(workflow.jobs))
      if (name !== 'terraform-plan') expect(job.permissions['id-token']).toBeUndefined();
  });

  it('the job holding the OIDC token runs no npm and checks nothing out: the stacks come as an artifact', () => {
    const scripts = plan.steps.map((s) => s.run ?? '').join('\n');
    expect(scripts).not.toMatch(/\b(npm|npx|node)\b/);
    expect(plan.steps.filter((s) => /checkout|setup-node/.test(s.uses ?? ''))).toEqual([]);
    const download = step(plan, /download-artifact/);
    const upload = step(inputs, /upload-artifact/);
    expect(download?.with?.name).toBe(upload?.with?.name);
    expect(step(inputs, /upload-artifact/)?.with?.path).toBe('${{ env.OUT_DIR }}');
    expect(inputs.steps.map((s) => s.run ?? '').join('\n')).toMatch(/dropship synth/);
  });

  it('skips terraform plan unless the stacks use the s3 backend (a local backend has no state on the runner)', () => {
    expect(plan.if).toMatch(/needs\.plan-inputs\.outputs\.backend == 's3'/);
    expect(inputs.outputs?.backend).toBe('${{ steps.backend.outputs.backend }}');
    const detect = step(inputs, /State backend/)?.run as string;
    const backendOf = (backends: Record<string, unknown>[]) => {
      const out = join(dir, 'out');
      backends.forEach((backend, i) => {
        mkdirSync(join(out, 'stacks', `s${i}`), { recursive: true });
        writeFileSync(
          join(out, 'stacks', `s${i}`, 'cdk.tf.json'),
          JSON.stringify({ terraform: { backend } }),
        );
      });
      const output = join(dir, 'github-output');
      writeFileSync(output, '');
      const r = runStep(detect, dir, { OUT_DIR: out, GITHUB_OUTPUT: output });
      rmSync(out, { recursive: true });
      expect(r.status).toBe(0);
      return readFileSync(output, 'utf8');
    };
    expect(backendOf([{ s3: { bucket: 'b' } }, { s3: { bucket: 'b' } }])).toBe('backend=s3\n');
    expect(backendOf([{ local: { path: 'x' } }])).toBe('backend=local\n');
    expect(backendOf([{ s3: { bucket: 'b' } }, { local: { path: 'x' } }])).toBe('backend=local,s3\n');
    // The role's trust policy and the warning that any branch can use it are documented.
    const review = readFileSync(join(__dirname, '..', '..', 'docs', 'review.md'), 'utf8');
    expect(review).toContain('"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"');
    expect(review).toContain('"token.actions.githubusercontent.com:sub": "repo:ORG/REPO:pull_request"');
    expect(review).toMatch(/Anyone who can push a branch to the repository can use this role/);
  });

  it('updates one comment in place, and comments when validation fails', () => {
    const post = step(review, /Post or update the plan comment/);
    expect(post?.run).toMatch(/gh api --method PATCH .*-F body=@plan\.md/);
    expect(post?.if).toContain('head.repo.full_name == github.repository');
    const failed = step(review, /Comment when validation fails/);
    expect(failed?.if).toMatch(/failure\(\) && steps\.validate\.outcome == 'failure'/);
    expect(failed?.run).toMatch(/<!-- dropship-plan -->/);
  });

  it('comments why in place of the plan when the change is refused against the base, then fails the job', () => {
    const planStep = step(review, /Plan comment/) as Step;
    const fail = step(review, /Fail on a change refused/);
    expect(fail?.if).toBe("steps.plan.outputs.refused == 'true'");
    expect(planStep.id).toBe('plan');
    // `npx dropship plan --format comment` exits with $STATUS, the refusal on stderr.
    mkdirSync(join(dir, 'bin'), { recursive: true });
    writeFileSync(join(dir, 'refusal'), 'm.yaml:9:15: error: `api` ``` port\n');
    writeFileSync(
      join(dir, 'bin', 'npx'),
      [
        '#!/bin/sh',
        'case "$*" in *"--format comment"*) echo "## the plan"; cat refusal >&2; exit "$STATUS";; esac',
        'echo summary',
      ].join('\n'),
    );
    chmodSync(join(dir, 'bin', 'npx'), 0o755);
    const run = (status: number) => {
      const env = {
        STATUS: String(status),
        GITHUB_OUTPUT: join(dir, 'output'),
        GITHUB_STEP_SUMMARY: join(dir, 'summary'),
        RUNNER_TEMP: dir,
        BASE_REF: 'main',
        RUN_URL: 'https://example.invalid/run',
      };
      writeFileSync(env.GITHUB_OUTPUT, '');
      const r = runStep(planStep.run as string, dir, env);
      const read = (f: string) => readFileSync(join(dir, f), 'utf8');
      return { status: r.status, output: read('output'), plan: r.status === 0 ? read('plan.md') : '' };
    };
    const refused = run(1);
    expect(refused.status).toBe(0);
    expect(refused.output).toBe('refused=true\n');
    expect(refused.plan).toMatch(/^<!-- dropship-plan -->\n### dropship: refused against the base branch\n/);
    // The report quotes the spec: a fence longer than any run of backticks in it keeps it text.
    expect(refused.plan).toContain('````text\nm.yaml:9:15: error: `api` ``` port\n````');
    expect(refused.plan).not.toContain('the plan');
    const planned = run(0);
    expect([planned.status, planned.output]).toEqual([0, '']);
    expect(planned.plan).toContain('<!-- dropship-plan -->\n## the plan\n');
    expect(run(2).status).toBe(2);
  });

  it("finds only the workflow's own marked comment, never a user's comment holding the marker", () => {
    for (const s of [
      step(review, /Post or update the plan comment/),
      step(review, /Comment when validation fails/),
    ])
      expect(s?.run).toMatch(
        /gh api "repos\/\$REPO\/issues\/\$PR\/comments" --paginate[\s\\]+--jq "\$OWN_COMMENT"/,
      );
    const comments = [
      { id: 1, user: { login: 'mallory' }, body: '<!-- dropship-plan -->\nhijack' },
      { id: 2, user: { login: 'github-actions[bot]' }, body: 'another bot comment' },
      { id: 3, user: { login: 'github-actions[bot]' }, body: '<!-- dropship-plan -->\nplan' },
    ];
    const r = spawnSync('jq', ['-r', workflow.env.OWN_COMMENT], {
      input: JSON.stringify(comments),
      encoding: 'utf8',
    });
    expect([r.status, r.stdout]).toEqual([0, '3\n']);
  });

  it('uploads the security checks as SARIF even after a failed step, and gates on them last', () => {
    const sarif = step(review, /Security checks as SARIF/);
    expect(sarif?.if).toMatch(/^always\(\)/);
    expect(sarif?.run).toMatch(/dropship check "\$MIGRATION_FILE" --format sarif > dropship\.sarif/);
    const upload = step(review, /upload-sarif/);
    expect(upload?.if).toMatch(/^always\(\) && steps\.sarif\.outcome == 'success'/);
    expect(upload?.with?.sarif_file).toBe('dropship.sarif');
    const gate = review.steps[review.steps.length - 1];
    expect(gate.if).toMatch(/^always\(\)/);
    expect(gate.run).toMatch(/dropship check "\$MIGRATION_FILE" --format github/);
  });

  it('the SARIF step tolerates exit 1 (findings) only: exit 2 fails it', () => {
    const sarif = step(review, /Security checks as SARIF/)?.run as string;
    for (const [status, expected] of [
      [0, 0],
      [1, 0],
      [2, 2],
      [3, 3],
    ]) {
      fakeCommand(dir, 'npx', status, '{}');
      const r = runStep(sarif, dir, {});
      expect([status, r.status]).toEqual([status, expected]);
      expect(readFileSync(join(dir, 'dropship.sarif'), 'utf8')).toBe('{}');
    }
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
