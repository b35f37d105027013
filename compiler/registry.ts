/**
 * The registry part of the plan: one ECR repository per `ecr.repositories` entry, immutable tags, scan on
 * push, encryption at rest, and a lifecycle policy that keeps the last N tagged images and expires untagged
 * ones. The registry stack depends on nothing, so images can be pushed before the rest exists.
 */
import type { CompileContext } from './context';
import type { Decision } from './model';
import { uniqueKeys } from '../schema/facts/aws-names';
import { address, ref } from './refs';
import { registryStackName } from './stack-names';
import { RegistryPlan, RepositoryPlan, LifecycleRule, PullThroughCacheRulePlan } from './model/registry';
import { UPSTREAM_REGISTRY_URLS } from '../schema/inventory/images';

export function compileRegistry(ctx: CompileContext): RegistryPlan {
  const keys = repositoryKeys(ctx.spec.ecr.repositories.map((r) => r.name));
  const stack = registryStackName(ctx.prefix);
  const repositories = ctx.spec.ecr.repositories.map((r): RepositoryPlan => {
    const key = keys.get(r.name)!;
    const repositoryAddress = address(stack, 'aws_ecr_repository', `repo-${key}`);
    return {
      name: r.name,
      key,
      imageTagMutability: 'IMMUTABLE',
      scanOnPush: true,
      encryptionType: 'KMS',
      forceDelete: false,
      keepImages: r.keepImages,
      untaggedExpireDays: r.untaggedExpireDays,
      lifecycleRules: lifecycleRules(r.keepImages, r.untaggedExpireDays),
      address: repositoryAddress,
      url: ref(repositoryAddress, 'repository_url'),
      arn: ref(repositoryAddress, 'arn'),
    };
  });
  const decisions: Decision[] =
    repositories.length === 0
      ? []
      : [
          {
            subject: 'registry.encryption',
            choice: 'KMS with the AWS-managed key aws/ecr',
            rule:
              'encrypted at rest with KMS while the registry stack stays independent of the network stack, so ' +
              'images can be pushed first; an ECR repository cannot change its key after creation',
          },
          {
            subject: 'registry.tags',
            choice: 'immutable tags, scan on push',
            rule:
              'a tag always names the same image, so a pinned task definition never changes under you; re-pushing ' +
              'a tag (such as latest) fails instead of silently replacing production',
          },
        ];
  const pullThroughCacheRules = ctx.spec.ecr.pullThroughCache.map((rule): PullThroughCacheRulePlan => {
    const prefix = rule.prefix ?? rule.upstream;
    const ruleAddress = address(stack, 'aws_ecr_pull_through_cache_rule', `cache-${sanitize(prefix)}`);
    return {
      upstream: rule.upstream,
      upstreamRegistryUrl: UPSTREAM_REGISTRY_URLS[rule.upstream],
      prefix,
      ...(rule.credentialArn !== undefined ? { credentialArn: rule.credentialArn } : {}),
      address: ruleAddress,
      registryId: ref(ruleAddress, 'registry_id'),
    };
  });
  if (pullThroughCacheRules.length > 0)
    decisions.push({
      subject: 'registry.pullThroughCache',
      choice: pullThroughCacheRules.map((r) => `${r.prefix}/ ← ${r.upstreamRegistryUrl}`).join(', '),
      rule:
        'images marked pullThroughCache are pulled through ECR, which fetches each image from its registry once ' +
        'and checks it again at most once a day: upstream rate limits and outages stop reaching the tasks. The ' +
        'execution role may import and create repositories under the prefix only; upstream credentials stay in ' +
        'an ecr-pullthroughcache/ secret, referenced by ARN. ECR creates the cache repositories itself, with ' +
        'mutable tags (the cache updates them) and without the registry stack’s lifecycle policies',
    });
  return { repositories, pullThroughCacheRules, decisions };
}

/**
 * Untagged images go first (rule 1); of the tagged ones, the newest `keepImages` stay (rule 2). ECR evaluates
 * rules by priority and a `tagged` selection needs a pattern list: `*` matches every tag.
 */
export function lifecycleRules(keepImages: number, untaggedExpireDays: number): LifecycleRule[] {
  return [
    {
      rulePriority: 1,
      description: `Expire untagged images ${untaggedExpireDays} days after push`,
      selection: {
        tagStatus: 'untagged',
        countType: 'sinceImagePushed',
        countUnit: 'days',
        countNumber: untaggedExpireDays,
      },
      action: { type: 'expire' },
    },
    {
      rulePriority: 2,
      description: `Keep the last ${keepImages} tagged images`,
      selection: {
        tagStatus: 'tagged',
        tagPatternList: ['*'],
        countType: 'imageCountMoreThan',
        countNumber: keepImages,
      },
      action: { type: 'expire' },
    },
  ];
}

/**
 * `shop/php-fpm` → `shop-php-fpm` for every name of the spec at once: ECR names allow `/`, `.` and `_`,
 * which logical ids show as `-`; names that collide get a short hash (uniqueKeys).
 */
export function repositoryKeys(names: readonly string[]): Map<string, string> {
  return uniqueKeys(names, sanitize);
}

function sanitize(name: string): string {
  return name
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}
