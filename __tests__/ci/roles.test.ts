/**
 * The CI part's roles: trust only the repository's exact subjects with aud sts.amazonaws.com, the deploy
 * role's grants are exactly the apps' repositories, the ci-mode apps' services and roles (PassRole only to
 * ecs-tasks), the only `*` resources are the three actions AWS grants on `*` (each with a reason in the
 * plan), and the plan role is ReadOnlyAccess with the secrets denied. Generated names keep every subject
 * exact.
 */
import fc from 'fast-check';
import { compile } from '../../compiler';
import { embed, ref } from '../../compiler/refs';
import type { PolicyStatement } from '../../compiler/model';
import { specWithApps, type AppInput } from '../helpers/synth';

type Github = {
  repository: string;
  branches?: string[];
  environments?: string[];
  oidcProvider: string;
} & Record<string, unknown>;

const apps: AppInput[] = [
  {
    name: 'api',
    containers: [{ name: 'api', image: { repository: 'demo/api', tag: '1.0' }, port: 8080 }],
    deployment: { imageTagMode: 'ci' },
  } as AppInput,
  {
    name: 'web',
    containers: [{ name: 'web', image: { repository: 'demo/web', tag: '1.0' }, port: 80 }],
  } as AppInput,
  {
    name: 'proxy',
    containers: [{ name: 'proxy', image: { uri: 'public.ecr.aws/nginx/nginx:1.27' }, port: 80 }],
    deployment: { imageTagMode: 'ci' },
  } as AppInput,
];

function planOf(github: Github, appList: AppInput[] = apps) {
  const spec = specWithApps(appList, {
    ecr: { repositories: [{ name: 'demo/web' }, { name: 'demo/api' }, { name: 'demo/unused' }] },
    ci: { github },
  } as never);
  const plan = compile(spec);
  return plan;
}

const statementsOf = (json: string): PolicyStatement[] =>
  (JSON.parse(json) as { Statement: PolicyStatement[] }).Statement;
const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

describe('ci roles', () => {
  const github: Github = {
    repository: 'acme/shop',
    branches: ['main'],
    environments: ['production'],
    oidcProvider: 'create',
  };
  const plan = planOf(github);
  const ci = plan.ci.github!;
  const app = (name: string) => plan.apps.apps.find((a) => a.name === name)!;
  const repo = (name: string) => plan.registry.repositories.find((r) => r.name === name)!;

  it('trusts exactly the environment subjects (deploy) and pull requests (plan), with aud sts.amazonaws.com', () => {
    for (const [role, subjects] of [
      [ci.deployRole, ['repo:acme/shop:environment:production']],
      [ci.planRole, ['repo:acme/shop:pull_request']],
    ] as const) {
      const [trust] = statementsOf(role.assumeRolePolicyJson);
      expect(trust.Action).toEqual(['sts:AssumeRoleWithWebIdentity']);
      expect(trust.Principal).toEqual({ Federated: embed(ref(ci.provider!.address, 'arn')) });
      expect(Object.keys(trust.Condition!)).toEqual(['StringEquals']);
      expect(trust.Condition!.StringEquals).toEqual({
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': subjects,
      });
    }
  });

  it('trusts the branches only without environments: a job that names none cannot pass their protection rules', () => {
    expect(planOf({ ...github, environments: [] }).ci.github!.deployRole.subjects).toEqual([
      'repo:acme/shop:ref:refs/heads/main',
    ]);
    // With environments the branches still filter the pushes; no job on them assumes the role unprotected.
    expect(ci.deployRole.subjects).not.toContain('repo:acme/shop:ref:refs/heads/main');
    expect(ci.branches).toEqual(['main']);
  });

  it('uses the immutable subject form when the ids are given, and an existing provider by ARN', () => {
    const arn = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
    const other = planOf({ ...github, subjectIds: { owner: 12, repository: 34 }, oidcProvider: arn }).ci
      .github!;
    expect(other.provider).toBeUndefined();
    expect(other.deployRole.subjects).toEqual(['repo:acme@12/shop@34:environment:production']);
    expect(statementsOf(other.deployRole.assumeRolePolicyJson)[0].Principal).toEqual({ Federated: arn });
  });

  it('grants push on exactly the built repositories, deploy on exactly the ci-mode services and roles', () => {
    const byAction = new Map<string, PolicyStatement>();
    for (const s of statementsOf(ci.deployRole.policyJson))
      for (const a of list(s.Action)) byAction.set(a, s);
    expect(list(byAction.get('ecr:PutImage')!.Resource).sort()).toEqual(
      [embed(repo('demo/api').arn), embed(repo('demo/web').arn)].sort(),
    );
    expect(list(byAction.get('ecs:UpdateService')!.Resource)).toEqual([
      embed(ref(app('api').service!.address, 'id')),
    ]);
    const pass = byAction.get('iam:PassRole')!;
    expect(list(pass.Resource)).toEqual([
      embed(ref(app('api').executionRole.address, 'arn')),
      embed(ref(app('api').taskRole.address, 'arn')),
    ]);
    expect(pass.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } });
    const wildcards = [...byAction]
      .filter(([, s]) => s.Resource === '*')
      .map(([a]) => a)
      .sort();
    expect(wildcards).toEqual([
      'ecr:GetAuthorizationToken',
      'ecs:DescribeTaskDefinition',
      'ecs:RegisterTaskDefinition',
    ]);
    expect(ci.wildcardActions.map((w) => w.action).sort()).toEqual(wildcards);
    const decided = plan.ci.decisions.map((d) => d.subject);
    for (const w of ci.wildcardActions) {
      expect(w.reason.length).toBeGreaterThan(20);
      expect(decided).toContain(`ci.github.deployRole.${w.action}`);
    }
    for (const s of statementsOf(ci.deployRole.policyJson)) expect(s.Effect).toBe('Allow');
  });

  it('grants no ECS or PassRole at all when every app is pinned', () => {
    const pinned = planOf(github, [apps[1]]).ci.github!;
    const actions = statementsOf(pinned.deployRole.policyJson).flatMap((s) => list(s.Action));
    expect(actions.filter((a) => !a.startsWith('ecr:'))).toEqual([]);
  });

  it('plan role: ReadOnlyAccess, denying secret values and objects outside any state bucket', () => {
    expect(ci.planRole.managedPolicyArns).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    const statements = statementsOf(ci.planRole.policyJson);
    expect(statements.every((s) => s.Effect === 'Deny')).toBe(true);
    const denied = statements.flatMap((s) => list(s.Action));
    for (const a of [
      'secretsmanager:GetSecretValue',
      'kms:Decrypt',
      'ssm:GetParameter',
      's3:GetObject',
      // ReadOnlyAccess's s3:Get* and logs:Get*/Filter*/Start* would read object versions and app logs.
      's3:GetObjectVersion',
      'logs:GetLogEvents',
      'logs:FilterLogEvents',
      'logs:StartQuery',
      // Data and credentials ReadOnlyAccess reads beyond settings; terraform plan of the stacks calls none.
      'secretsmanager:BatchGetSecretValue',
      'ecr:BatchGetImage',
      'ecr:GetDownloadUrlForLayer',
      'ec2:GetPasswordData',
      'dynamodb:Scan',
      'rds:DownloadDBLogFilePortion',
      'glue:GetConnection',
    ])
      expect(denied).toContain(a);
    // What the plan reads of the stacks' ECR repositories stays allowed.
    for (const a of ['ecr:DescribeRepositories', 'ecr:GetLifecyclePolicy', 'ecr:GetRepositoryPolicy'])
      expect(denied).not.toContain(a);
    const objects = statements.find((s) => list(s.Action).includes('s3:GetObjectVersion'))!;
    expect(objects.Resource).toBe('*'); // no S3 backend here: no bucket stays readable
  });

  it('generated branch names: every subject is exactly its branch, `$` escaped for IAM and nothing else changed', () => {
    const branch = fc
      .stringMatching(/^[A-Za-z0-9$#{}!'"&;|<>()`%+=,._-]{1,20}(\/[A-Za-z0-9$#{}!'"&;|<>()`%+=,_-]{1,10})?$/)
      .filter((b) => !/\.\.|@\{|^-|\.$|\.lock$|(^|\/)\./.test(b));
    fc.assert(
      fc.property(fc.uniqueArray(branch, { minLength: 1, maxLength: 3 }), (branches) => {
        const role = planOf({ repository: 'acme/shop', branches, oidcProvider: 'create' }, [apps[1]]).ci
          .github!.deployRole;
        expect(role.subjects).toEqual(branches.map((b) => `repo:acme/shop:ref:refs/heads/${b}`));
        const [trust] = statementsOf(role.assumeRolePolicyJson);
        const written = list(trust.Condition!.StringEquals['token.actions.githubusercontent.com:sub']);
        // Undo IAM's escape: the literal `$` is all that changed, and no `${` remains a policy variable.
        expect(written.map((s) => s.replace(/\$\{\$\}/g, '$'))).toEqual(role.subjects);
        for (const s of written) expect(s.replace(/\$\{\$\}/g, '')).not.toContain('$');
      }),
      { numRuns: 25 },
    );
  });

  it('puts the ci stack last, after every stack it reads, and leaves it out of an --only subset', () => {
    const spec = specWithApps(apps, {
      ecr: { repositories: [{ name: 'demo/web' }, { name: 'demo/api' }] },
      ci: { github },
    } as never);
    for (const layout of ['single', 'per-app'] as const) {
      const stacks = compile(spec, { layout }).stacks;
      const ci = stacks[stacks.length - 1];
      expect(ci.role).toBe('ci');
      // network: the account id the blue/green CodeDeploy ARNs are built on when the spec names none
      const read = stacks
        .filter((s) => ['network', 'registry', 'apps', 'app'].includes(s.role))
        .map((s) => s.name);
      expect(ci.dependsOn).toEqual(read);
    }
    expect(compile(spec, { layout: 'per-app', only: ['api'] }).stacks.map((s) => s.role)).not.toContain('ci');
    expect(
      compile(spec, { layout: 'per-app', only: ['api', 'web', 'proxy'] }).stacks.map((s) => s.role),
    ).toContain('ci');
  });
});
