/**
 * What one app's plan is built from, in one object: the app, the plans the apps part reads, the addresses of
 * its resources and of the platform's, and the lists its decisions and manual steps go to (in the order they
 * are made, which is the order the plan reports them in).
 */
import type { AppSpec } from '../../schema/spec';
import type { CompileContext } from '../context';
import type { AlbPlan, Decision, ManualStep } from '../model';
import type { DataPlan } from '../model/data';
import type { DnsPlan } from '../model/dns';
import type { NetworkPlan } from '../model/network';
import type { RegistryPlan } from '../model/registry';
import type { SecurityPlan } from '../model/security';
import type { StoragePlan } from '../model/storage';
import type { AccountScope } from '../aws/iam';
import { appAddresses, platformAddresses, sharedEfsAddresses } from '../app-addresses';
import { sharedSourceOf } from '../../schema/inventory/volumes';

/**
 * The plans the apps part reads: the VPC, subnets and key, the task security groups, the image repositories,
 * the data tier's wiring, the zones for certificates.
 */
export interface AppsDeps {
  network: NetworkPlan;
  security: SecurityPlan;
  registry: RegistryPlan;
  data: DataPlan;
  dns: DnsPlan;
  /** The buckets each app uses: task-role statements and container variables. */
  storage: StoragePlan;
}

/** Where the apps part records what it decided and what people must do by hand. */
import type { ListenerRule } from '../../schema/inventory/listener-rules';

export interface AppsRecord {
  decisions: Decision[];
  manualSteps: ManualStep[];
}

export interface AppContext extends AppsRecord {
  ctx: CompileContext;
  deps: AppsDeps;
  app: AppSpec;
  /** The app's listener rules with their priorities (schema/inventory/listener-rules.ts). */
  listenerRules: ListenerRule[];
  keys: ReturnType<typeof appAddresses>;
  platform: ReturnType<typeof platformAddresses>;
  /** The account and region IAM conditions are scoped to. */
  scope: AccountScope;
  /** The shared ALB, when some app is public (a blue/green app's test listener is on it). */
  alb?: AlbPlan;
}

export function appContext(
  ctx: CompileContext,
  deps: AppsDeps,
  app: AppSpec,
  listenerRules: ListenerRule[],
  record: AppsRecord & { alb?: AlbPlan },
): AppContext {
  return {
    ctx,
    deps,
    app,
    listenerRules,
    keys: withSharedVolumes(ctx, app.name, appAddresses(ctx, app.name)),
    platform: platformAddresses(ctx),
    scope: { region: ctx.spec.aws.region, accountId: ctx.spec.aws.accountId },
    decisions: record.decisions,
    manualSteps: record.manualSteps,
    ...(record.alb ? { alb: record.alb } : {}),
  };
}

/** CI registers the task definition revisions (imageTagMode ci): Terraform leaves them and the service's choice alone. */
export const ciOwnsImage = (app: AppSpec): boolean => app.deployment.imageTagMode === 'ci';

/** The app's keys, whose volume references point at the shared file system for a shared entry. */
function withSharedVolumes(
  ctx: CompileContext,
  app: string,
  keys: ReturnType<typeof appAddresses>,
): ReturnType<typeof appAddresses> {
  const own = keys.efs;
  return {
    ...keys,
    efs: (volume: string) => {
      const source = sharedSourceOf(ctx.spec, app, volume);
      return source === undefined ? own(volume) : sharedEfsAddresses(ctx, source, app, volume).refs;
    },
  };
}
