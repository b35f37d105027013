/**
 * The registry part of the plan model: ECR repositories and their lifecycle rules.
 */
import type { Decision } from './record';
import type { Address, Ref } from './refs';

export interface LifecycleRule {
  rulePriority: number;
  description: string;
  selection: {
    tagStatus: 'untagged' | 'tagged' | 'any';
    tagPatternList?: string[];
    countType: 'imageCountMoreThan' | 'sinceImagePushed';
    countUnit?: 'days';
    countNumber: number;
  };
  action: { type: 'expire' };
}

export interface RepositoryPlan {
  /** The repository name from the spec (`shop/nginx`); also the ECR name. */
  name: string;
  /** Logical id part derived only from the name (`shop-nginx`); distinct names give distinct ids. */
  key: string;
  imageTagMutability: 'IMMUTABLE';
  scanOnPush: true;
  /** `KMS` with the AWS-managed key `aws/ecr`: encrypted at rest without tying this stack to the network's key. */
  encryptionType: 'KMS';
  forceDelete: false;
  keepImages: number;
  untaggedExpireDays: number;
  lifecycleRules: LifecycleRule[];
  /** `aws_ecr_repository.repo-<key>` in the registry stack. */
  address: Address<'aws_ecr_repository'>;
  url: Ref<'aws_ecr_repository'>;
  arn: Ref<'aws_ecr_repository'>;
}

/** An ECR pull-through cache rule: images of one upstream registry, cached under `prefix/`. */
export interface PullThroughCacheRulePlan {
  upstream: 'docker-hub' | 'github-container-registry' | 'quay' | 'ecr-public';
  /** `upstreamRegistryUrl`, e.g. `registry-1.docker.io`. */
  upstreamRegistryUrl: string;
  /** The ECR repository prefix of the cached images (`docker-hub` → `docker-hub/library/nginx`). */
  prefix: string;
  /** A Secrets Manager secret named `ecr-pullthroughcache/…`, by ARN (never a value). */
  credentialArn?: string;
  /** `aws_ecr_pull_through_cache_rule.cache-<prefix>` in the registry stack. */
  address: Address<'aws_ecr_pull_through_cache_rule'>;
  /** The registry (account) id the cached images' URIs start with. */
  registryId: Ref<'aws_ecr_pull_through_cache_rule'>;
}

export interface RegistryPlan {
  repositories: RepositoryPlan[];
  pullThroughCacheRules: PullThroughCacheRulePlan[];
  decisions: Decision[];
}
