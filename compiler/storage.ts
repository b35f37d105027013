/**
 * The storage part: S3 buckets from `storage.buckets` (compiler/storage/buckets.ts), what each app that uses
 * them receives (compiler/storage/access.ts), CloudFront for the buckets the public reads
 * (compiler/storage/cdn.ts), and the runbook that copies each Space's files with rclone
 * (compiler/storage/copy.ts). The apps part reads `apps` to extend its task roles and containers; the cutover
 * reads `cdnHostnames`.
 */
import type { CompileContext } from './context';
import { dataModeOf } from '../schema/inventory/data-mode';
import type { DnsPlan } from './model/dns';
import type { NetworkPlan } from './model/network';
import type { BucketPlan, StoragePlan } from './model/storage';
import { bucketPlan } from './storage/buckets';
import { appStoragePlan } from './storage/access';
import { cdnHostnames, distributionPlan } from './storage/cdn';
import { copySteps } from './storage/copy';
import { spaceDecisions, spaceKeySteps, spacesInUse } from './storage/spaces-in-use';
import { sharedFileSystems } from './storage/shared-efs';
import type { SecurityPlan } from './model/security';

export function compileStorage(
  ctx: CompileContext,
  deps: { network: NetworkPlan; security: SecurityPlan; dns: DnsPlan },
): StoragePlan {
  const plan: StoragePlan = {
    buckets: [],
    fileSystems: [],
    distributions: [],
    cdnHostnames: [],
    secrets: [],
    apps: {},
    decisions: [],
    manualSteps: [],
  };
  const { spec } = ctx;
  plan.fileSystems = sharedFileSystems(ctx, deps, plan.decisions, plan.manualSteps);
  if (spec.storage.buckets.length === 0) return plan;
  plan.buckets = spec.storage.buckets.map((b) => bucketPlan(ctx, deps.network, b, plan.decisions));
  for (const bucket of plan.buckets)
    if (bucket.ownKey)
      plan.distributions.push(
        distributionPlan(ctx, deps, { ...bucket, ownKey: bucket.ownKey }, plan.decisions),
      );
  plan.cdnHostnames = cdnHostnames(spec, plan.distributions, plan.buckets);
  const byName = new Map<string, BucketPlan>(plan.buckets.map((b) => [b.name, b]));
  const spaces = spacesInUse(ctx, deps.network.kms.arn);
  plan.secrets = [...spaces.values()].map((s) => s.secret);
  plan.decisions.push(...spaceDecisions(ctx, spec.storage.buckets, byName, spaces));
  for (const app of spec.apps) {
    const received = appStoragePlan(spec, app.name, byName, spaces);
    if (received) plan.apps[app.name] = received;
  }
  plan.manualSteps.push(
    ...spaceKeySteps(ctx, spaces),
    ...copySteps(ctx, plan.buckets, dataModeOf(spec)?.mode === 'digitalocean-until-100'),
  );
  return plan;
}
