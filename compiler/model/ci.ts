/**
 * The CI part of the plan model (`ci.github`): the account's GitHub OIDC provider (created or given), a
 * deploy role and a read-only plan role trusted only by the repository, and what each app's workflow does.
 */
import type { Decision } from './record';
import type { Address, Value } from './refs';

/** An IAM role CI assumes with GitHub's OIDC token. */
export interface CiRolePlan {
  name: string;
  description: string;
  /** Trust policy JSON (the provider's ARN embedded when dropship creates it). */
  assumeRolePolicyJson: string;
  /** The exact `sub` values the trust accepts (`StringEquals`, so no value is a pattern). */
  subjects: string[];
  /** Inline policy (references embedded). */
  policyName: string;
  policyJson: string;
  /** AWS managed policies attached by ARN. */
  managedPolicyArns: string[];
  /** `aws_iam_role.ci-<deploy|plan>-role`. */
  address: Address<'aws_iam_role'>;
}

/** One image the workflow builds and pushes. */
export interface CiImagePlan {
  /** The ECR repository name. */
  repository: string;
  context: string;
  dockerfile: string;
  /** The containers of the app that run it (their image tag is what the workflow sets). */
  containers: string[];
}

/** What an app's workflow does after pushing its images. */
export type CiRollout =
  /**
   * `pinned`: a pull request that sets the new tag in migration.yaml (Terraform deploys it once merged; for
   * a blue/green app, `codeDeploy`, the apply registers the revision and the plan's CodeDeploy step deploys it).
   */
  | { kind: 'pull-request'; codeDeploy: boolean }
  /** `ci` service: register a revision with the new images and update the service to it. */
  | { kind: 'service'; cluster: string; service: string; family: string }
  /** `ci` scheduled task: register a revision; the schedule runs the family's latest ACTIVE revision. */
  | { kind: 'register'; family: string }
  /**
   * `ci` blue/green service: register a revision, then create a CodeDeploy deployment of it (an AppSpec
   * naming the container and port the target groups route to) and wait until it ends, the bake included.
   */
  | {
      kind: 'codedeploy';
      family: string;
      application: string;
      deploymentGroup: string;
      containerName: string;
      containerPort: number;
    };

export interface CiWorkflowPlan {
  app: string;
  /** `.github/workflows/dropship-deploy-<app>.yml`. */
  fileName: string;
  images: CiImagePlan[];
  rollout: CiRollout;
  /** The build job's timeout: 30 minutes, plus a blue/green app's bake time, which the job waits through. */
  timeoutMinutes: number;
  /**
   * The workflow's concurrency group, one per app: a shared group would cancel the pending run of a third
   * app (GitHub keeps one pending run per group; the `queue` setting that lifts this is not available
   * everywhere). Apps that push the same `<repository>:<sha>` tolerate each other in the push step instead.
   */
  concurrencyGroup: string;
}

export interface GitHubCiPlan {
  repository: string;
  region: string;
  branches: string[];
  environments: string[];
  /** The provider dropship creates (absent when the spec names an existing one by ARN). */
  provider?: {
    url: 'https://token.actions.githubusercontent.com';
    clientIds: ['sts.amazonaws.com'];
    /** `aws_iam_openid_connect_provider.github`. */
    address: Address<'aws_iam_openid_connect_provider'>;
  };
  providerArn: Value<'aws_iam_openid_connect_provider'>;
  deployRole: CiRolePlan;
  planRole: CiRolePlan;
  /** Actions granted on `*` (AWS has no resource-level permission for them), each with the reason. */
  wildcardActions: { action: string; reason: string }[];
  workflows: CiWorkflowPlan[];
}

export interface CiPlan {
  github?: GitHubCiPlan;
  decisions: Decision[];
}
