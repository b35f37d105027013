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

export interface RegistryPlan {
  repositories: RepositoryPlan[];
  decisions: Decision[];
}
