/**
 * The data stack: Secrets Manager secrets, RDS / Aurora, ElastiCache and (when a database moves with it)
 * AWS DMS, rendered from `plan.data` without deciding anything. Each database, cache and secret is named by
 * its plan's address and provides what other stacks read: endpoints, ports and secret ARNs.
 */
import type { TerraformStack } from 'cdktf';
import type { StackContext } from './context';
import { addAwsProvider } from './provider';
import { renderSecrets } from './data/secrets';
import { renderDatabases } from './data/rds';
import { renderCaches } from './data/elasticache';
import { renderBuckets } from './data/storage';
import { renderSharedFileSystems } from './data/shared-efs';

export function renderData(stack: TerraformStack, ctx: StackContext): void {
  addAwsProvider(stack, ctx.plan.meta);
  const data = ctx.plan.data;
  // Secrets first: caches and DMS endpoints reference theirs.
  renderSecrets(stack, ctx, data.secrets);
  renderSecrets(stack, ctx, ctx.plan.storage.secrets);
  renderDatabases(stack, ctx);
  renderCaches(stack, ctx);
  renderBuckets(stack, ctx);
  renderSharedFileSystems(stack, ctx);
  // DMS's provider classes (~0.8 MB of code) are loaded only when a database moves with DMS.
  if (data.dms) (require('./data/dms') as typeof import('./data/dms')).renderDms(stack, ctx, data.dms);
}
