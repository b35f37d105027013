/**
 * The storage part: S3 buckets from `storage.buckets` (compiler/storage/buckets.ts), what each app that uses
 * them receives (compiler/storage/access.ts), and the runbook that copies each Space's files with rclone
 * (compiler/storage/copy.ts). The apps part reads `apps` to extend its task roles and containers.
 */
import type { CompileContext } from './context';
import type { NetworkPlan } from './model/network';
import type { BucketPlan, StoragePlan } from './model/storage';
import { bucketPlan } from './storage/buckets';
import { appStoragePlan } from './storage/access';
import { copySteps } from './storage/copy';
import { sharedFileSystems } from './storage/shared-efs';
import type { SecurityPlan } from './model/security';

export function compileStorage(
  ctx: CompileContext,
  deps: { network: NetworkPlan; security: SecurityPlan },
): StoragePlan {
  const plan: StoragePlan = { buckets: [], fileSystems: [], apps: {}, decisions: [], manualSteps: [] };
  const { spec } = ctx;
  plan.fileSystems = sharedFileSystems(ctx, deps, plan.decisions, plan.manualSteps);
  if (spec.storage.buckets.length === 0) return plan;
  plan.buckets = spec.storage.buckets.map((b) => bucketPlan(ctx, deps.network, b, plan.decisions));
  const byName = new Map<string, BucketPlan>(plan.buckets.map((b) => [b.name, b]));
  for (const app of spec.apps) {
    const received = appStoragePlan(spec, app.name, byName, deps.network.kms.arn);
    if (received) plan.apps[app.name] = received;
  }
  plan.manualSteps.push(...copySteps(ctx, plan.buckets));
  return plan;
}
