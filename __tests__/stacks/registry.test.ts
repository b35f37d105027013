/** The registry stack as synthesized: one repository and one lifecycle policy per declared repository. */
import { Testing } from 'cdktf';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { compile } from '../../compiler';
import { expectedRegistryCounts } from '../helpers/expected';
import {
  cleanupSynth,
  examples,
  loadExample,
  resourcesOf,
  resourcesOfType,
  synthExample,
  synthRoleJson,
} from '../helpers/synth';

Testing.setupJest();
afterAll(cleanupSynth);

describe('php-shop registry stack', () => {
  const plan = compile(loadExample('php-shop'));
  const json = synthRoleJson(plan, 'registry');

  it('creates immutable, scanned, KMS-encrypted repositories that terraform never force-deletes', () => {
    expect(json).toHaveResourceWithProperties(EcrRepository, {
      name: 'shop/php-fpm',
      image_tag_mutability: 'IMMUTABLE',
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: 'KMS' }],
      force_delete: false,
    });
    expect(Object.keys(resourcesOfType(json, 'aws_ecr_repository'))).toEqual([
      'repo-shop-nginx',
      'repo-shop-php-fpm',
    ]);
  });

  it('attaches the lifecycle policy with the spec counts', () => {
    expect(json).toHaveResourceWithProperties(EcrLifecyclePolicy, {
      repository: '${aws_ecr_repository.repo-shop-php-fpm.name}',
    });
    const policy = JSON.parse(
      resourcesOfType(json, 'aws_ecr_lifecycle_policy')['repo-shop-php-fpm-lifecycle'].policy as string,
    ) as { rules: { rulePriority: number; selection: { tagStatus: string; countNumber: number } }[] };
    expect(policy.rules.map((r) => [r.rulePriority, r.selection.tagStatus, r.selection.countNumber])).toEqual(
      [
        [1, 'untagged', 7],
        [2, 'tagged', 50],
      ],
    );
  });

  it('outputs the repository URLs CI pushes to', () => {
    const parsed = JSON.parse(json) as { output: Record<string, { value: Record<string, string> }> };
    expect(parsed.output.repository_urls.value).toEqual({
      'shop/nginx': '${aws_ecr_repository.repo-shop-nginx.repository_url}',
      'shop/php-fpm': '${aws_ecr_repository.repo-shop-php-fpm.repository_url}',
    });
  });

  it('reads from no other stack', () => {
    expect(json).not.toContain('terraform_remote_state');
  });
});

describe('every example', () => {
  it.each(examples().map((e) => e.name))('%s: registry stack matches its plan model', (name) => {
    const plan = compile(loadExample(name));
    const counts: Record<string, number> = {};
    if (plan.registry.repositories.length === 0) {
      expect(plan.stacks.map((s) => s.role)).not.toContain('registry');
      return;
    }
    for (const [type] of resourcesOf(synthRoleJson(plan, 'registry'))) counts[type] = (counts[type] ?? 0) + 1;
    expect(counts).toEqual(expectedRegistryCounts(plan));
  });

  it.each(examples().map((e) => e.name))('%s: apps read repository URLs from the registry stack', (name) => {
    const out = synthExample(name);
    if (out.plan.registry.repositories.length === 0) return;
    const registry = out.stackByRole('registry').name;
    const consumers = out.plan.stacks.filter((s) => s.role === 'apps' || s.role === 'app');
    const text = consumers.map((s) => JSON.stringify(out.stackJson(s.name))).join('\n');
    expect(text).toContain(`cross-stack-reference-input-${registry}`);
  });
});
