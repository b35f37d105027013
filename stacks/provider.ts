/**
 * The AWS provider every AWS stack starts with: the spec's region, the account guard and the environment's
 * tags as `default_tags`, so every taggable resource carries project, environment and managed-by without
 * each renderer repeating them.
 */
import type { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { PlanMeta } from '../compiler/model';

export interface AwsProviderOptions {
  /** A second provider in the same stack (e.g. ACM in us-east-1 for CloudFront) needs an alias. */
  alias?: string;
  /** Override the spec's region (only together with `alias`). */
  region?: string;
  /** Extra default tags for this stack, e.g. `{ app: 'web' }` in a per-app stack. */
  tags?: Record<string, string>;
}

/** The registry address of the AWS provider. */
export const AWS_PROVIDER_SOURCE = 'hashicorp/aws';

/** Adds the AWS provider to `scope` (a stack); the construct id is `aws` or `aws-<alias>`. */
export function addAwsProvider(
  scope: Construct,
  meta: PlanMeta,
  options: AwsProviderOptions = {},
): AwsProvider {
  if (options.region !== undefined && options.alias === undefined) {
    throw new Error(
      'addAwsProvider: a region override needs an alias (the default provider uses the spec region)',
    );
  }
  const tags = sortedTags({ ...meta.tags, ...options.tags });
  // The provider's full address: the bindings say `aws`, which Terraform reads as hashicorp/aws implicitly.
  TerraformStack.of(scope).addOverride('terraform.required_providers.aws.source', AWS_PROVIDER_SOURCE);
  return new AwsProvider(scope, options.alias ? `aws-${options.alias}` : 'aws', {
    region: options.region ?? meta.region,
    alias: options.alias,
    // Refuses to run with credentials for any other account: a wrong AWS_PROFILE cannot touch production.
    allowedAccountIds: meta.accountId ? [meta.accountId] : undefined,
    defaultTags: Object.keys(tags).length > 0 ? [{ tags }] : undefined,
  });
}

/** Tags in key order, so the synthesized JSON does not depend on the spec's key order. */
function sortedTags(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
