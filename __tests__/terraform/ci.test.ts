/**
 * terraform validate and an offline plan of the ci stack: the OIDC provider without thumbprints (optional
 * in provider 5.100), the two roles with trust documents whose branch names reach IAM as written (`$`
 * escaped for IAM, nothing read by Terraform), the inline policies and ReadOnlyAccess; and the bundled
 * example's ci stack.
 */
import { cleanupSynth, specWithApps, synthExample, synthSpec, type AppInput } from '../helpers/synth';
import { describeTerraform, planStack } from '../helpers/terraform';

afterAll(cleanupSynth);

const BRANCH = 'fix/${file("/etc/hostname")}-%{if-true}x%{endif}';
const PROVIDER = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';

describeTerraform('ci stack: offline terraform validate + plan', () => {
  it('plans the roles with their exact subjects (an existing provider), and the policies', () => {
    const app = {
      name: 'web',
      containers: [{ name: 'web', image: { repository: 'demo/web', tag: '1.0' }, port: 80 }],
      deployment: { imageTagMode: 'ci' },
    } as AppInput;
    const spec = specWithApps([app], {
      ci: { github: { repository: 'acme/shop', branches: ['main', BRANCH], oidcProvider: PROVIDER } },
    } as never);
    const out = synthSpec(spec);
    const result = planStack(out.outdir, out.stackByRole('ci').name);
    expect(result.validate.errorCount).toBe(0);
    const changes = result.resourceChanges;
    expect(changes.filter((c) => c.type === 'aws_iam_openid_connect_provider')).toEqual([]);
    const roles = changes.filter((c) => c.type === 'aws_iam_role');
    expect(roles.map((r) => r.after?.name).sort()).toEqual([
      'demo-staging-ci-deploy',
      'demo-staging-ci-plan',
    ]);
    const attachment = changes.find((c) => c.type === 'aws_iam_role_policy_attachment')!;
    expect(attachment.after?.policy_arn).toBe('arn:aws:iam::aws:policy/ReadOnlyAccess');
    const deploy = roles.find((r) => r.after?.name === 'demo-staging-ci-deploy')!;
    const trust = JSON.parse(deploy.after?.assume_role_policy as string) as {
      Statement: { Principal: unknown; Condition: { StringEquals: Record<string, unknown> } }[];
    };
    expect(trust.Statement[0].Principal).toEqual({ Federated: PROVIDER });
    // Terraform read the branch as text (no file read, no directive); IAM reads `${$}` as `$`.
    expect(trust.Statement[0].Condition.StringEquals['token.actions.githubusercontent.com:sub']).toEqual([
      'repo:acme/shop:ref:refs/heads/main',
      `repo:acme/shop:ref:refs/heads/${BRANCH.replace(/\$/g, '${$}')}`,
    ]);
    expect(changes.filter((c) => c.type === 'aws_iam_role_policy')).toHaveLength(2);
  });

  it('plans the bundled example examples/github-deploy: the provider without thumbprints', () => {
    const out = synthExample('github-deploy');
    const result = planStack(out.outdir, out.stackByRole('ci').name);
    expect(result.validate.errorCount).toBe(0);
    expect(result.createdByType).toMatchObject({
      aws_iam_openid_connect_provider: 1,
      aws_iam_role: 2,
      aws_iam_role_policy: 2,
      aws_iam_role_policy_attachment: 1,
    });
    const provider = result.resourceChanges.find((c) => c.type === 'aws_iam_openid_connect_provider')!;
    expect(provider.after).toMatchObject({
      url: 'https://token.actions.githubusercontent.com',
      client_id_list: ['sts.amazonaws.com'],
    });
  });

  it('plans examples/blue-green: CodeDeploy grants on its deployment group, config and application', () => {
    const out = synthExample('blue-green');
    const result = planStack(out.outdir, out.stackByRole('ci').name);
    expect(result.validate.errorCount).toBe(0);
    expect(result.createdByType).toMatchObject({ aws_iam_role: 2, aws_iam_role_policy: 2 });
    // The policy embeds other stacks' outputs, unknown offline: the rendered document names them.
    const policy = JSON.stringify(out.stackJson(out.stackByRole('ci').name));
    expect(policy).toContain('aws_codedeploy_deployment_groupweb-deployment-grouparn');
    expect(policy).toContain('aws_codedeploy_appweb-codedeployarn');
    expect(policy).toContain(':deploymentconfig:CodeDeployDefault.ECSAllAtOnce');
    expect(policy).not.toContain('ecs:UpdateService');
  });
});
