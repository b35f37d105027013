/**
 * The registry stack: the ECR repositories of `plan.registry` with their lifecycle policies, and its
 * pull-through cache rules. Depends on no
 * other stack, so CI can push images before the network or the services exist. Each repository is named by
 * its plan's address and provides its URL and ARN.
 */
import { TerraformOutput, type TerraformStack } from 'cdktf';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrPullThroughCacheRule } from '@cdktf/provider-aws/lib/ecr-pull-through-cache-rule';
import type { StackContext } from './context';
import { addAwsProvider } from './provider';

export function renderRegistry(stack: TerraformStack, ctx: StackContext): void {
  const { plan, refs } = ctx;
  addAwsProvider(stack, plan.meta);
  const urls: Record<string, string> = {};
  for (const r of plan.registry.repositories) {
    const repo = new EcrRepository(stack, r.address.name, {
      name: r.name,
      imageTagMutability: r.imageTagMutability,
      imageScanningConfiguration: { scanOnPush: r.scanOnPush },
      encryptionConfiguration: [{ encryptionType: r.encryptionType }],
      forceDelete: r.forceDelete,
      tags: { Name: r.name },
    });
    new EcrLifecyclePolicy(stack, `repo-${r.key}-lifecycle`, {
      repository: repo.name,
      policy: JSON.stringify({ rules: r.lifecycleRules }),
    });
    refs.provide(r.address, { repository_url: repo.repositoryUrl, arn: repo.arn });
    urls[r.name] = repo.repositoryUrl;
  }
  for (const rule of plan.registry.pullThroughCacheRules) {
    const cache = new EcrPullThroughCacheRule(stack, rule.address.name, {
      ecrRepositoryPrefix: rule.prefix,
      upstreamRegistryUrl: rule.upstreamRegistryUrl,
      ...(rule.credentialArn !== undefined ? { credentialArn: rule.credentialArn } : {}),
    });
    refs.provide(rule.address, { registry_id: cache.registryId });
  }
  if (plan.registry.repositories.length > 0) {
    new TerraformOutput(stack, 'repository_urls', {
      value: urls,
      description: 'Where CI pushes images: docker push <url>:<tag>.',
    });
  }
}
