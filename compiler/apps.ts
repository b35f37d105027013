/**
 * Apps part of the plan model: turns each app of the spec into an ECS task definition, a service (or an
 * EventBridge schedule), its IAM roles, log group, ALB target group and listener rules, autoscaling and EFS
 * volumes; plus the cluster, the shared ALB with its certificate, and the Cloud Map namespace. Every
 * decision is made here and in compiler/apps/ (one module per resource group); `stacks/apps*` only renders it.
 */
import type { CompileContext } from './context';
import { planListenerRules, publicExposure } from '../schema/inventory/listener-rules';
import type { AppPlan, AppsPlan } from './model/apps';
import { appContext, ciOwnsImage, type AppContext, type AppsDeps } from './apps/context';
import { clusterPlan } from './apps/cluster';
import { imagePushStep, pullThroughSeedStep } from './apps/image-push';
import { discoveryPlan, internalExposure, namespacePlan } from './apps/discovery';
import { albPlan } from './apps/alb';
import { wiringOf } from './apps/containers';
import { executionRolePlan, taskRolePlan } from './apps/roles';
import { sharedSourceOf } from '../schema/inventory/volumes';
import { efsPlan } from './apps/efs';
import { logGroupPlan, taskDefinitionPlan, taskSize } from './apps/task';
import { schedulePlan } from './apps/schedule';
import { listenerRulesPlan, targetGroupPlan } from './apps/exposure';
import { pinnedTargetDecision } from './apps/blue-green-pinned';
import { servicePlan } from './apps/service';
import { scalingPlan } from './apps/scaling';
import { blueGreenPlan, codeDeployStep, isBlueGreen } from './apps/blue-green';

export function compileApps(ctx: CompileContext, deps: AppsDeps): AppsPlan {
  const { spec } = ctx;
  const plan: AppsPlan = { apps: [], decisions: [], manualSteps: [] };
  if (spec.apps.length === 0) return plan;

  plan.cluster = clusterPlan(ctx, deps.network, plan.decisions);
  const pushStep = imagePushStep(ctx);
  if (pushStep) plan.manualSteps.push(pushStep);
  const seedStep = pullThroughSeedStep(ctx);
  if (seedStep) plan.manualSteps.push(seedStep);
  const namespace = namespacePlan(ctx, deps.network);
  if (namespace) plan.namespace = namespace;

  const publicApps = spec.apps.filter((a) => publicExposure(a) && !a.schedule);
  if (publicApps.length > 0) plan.alb = albPlan(ctx, deps, publicApps, plan);

  const rules = planListenerRules(spec.apps);
  for (const app of spec.apps)
    plan.apps.push(compileApp(appContext(ctx, deps, app, rules.get(app.name) ?? [], plan)));
  return plan;
}

/** One app: its task and roles, then either its schedule or its service with what the service registers with. */
function compileApp(a: AppContext): AppPlan {
  const { app } = a;
  const size = taskSize(a);
  const wiring = wiringOf(a);
  const executionRole = executionRolePlan(a, wiring);
  // A volume shared with other entries is the storage part's file system (compiler/storage/shared-efs.ts).
  const shared = app.volumes.filter((v) => sharedSourceOf(a.ctx.spec, app.name, v.name) !== undefined);
  const efs = app.volumes.filter((v) => !shared.includes(v)).map((v) => efsPlan(a, v));
  const plan: AppPlan = {
    name: app.name,
    kind: app.schedule ? 'scheduled' : 'service',
    tags: { app: app.name },
    size,
    logGroup: logGroupPlan(a),
    executionRole,
    taskRole: taskRolePlan(a),
    taskDefinition: taskDefinitionPlan(a, size, wiring),
    listenerRules: [],
    efs,
    forgottenFileSystems: shared.map((v) => a.keys.addresses.efs(v.name).fileSystem),
  };
  if (app.schedule) {
    plan.schedule = schedulePlan(a, app.schedule);
    return plan;
  }

  // CI registers newer revisions, which the service runs; Terraform must not deregister them when it
  // replaces its own (the service ignores task_definition).
  if (ciOwnsImage(app)) plan.taskDefinition.skipDestroy = true;
  const exposure = publicExposure(app);
  if (exposure) {
    plan.targetGroup = targetGroupPlan(a, exposure);
    plan.listenerRules = listenerRulesPlan(a, exposure);
    if (isBlueGreen(app)) {
      plan.blueGreen = blueGreenPlan(a, plan.targetGroup, exposure);
      pinnedTargetDecision(a, plan.targetGroup);
      // CodeDeploy runs the revision it deployed: Terraform must not deregister it when it registers a new one.
      plan.taskDefinition.skipDestroy = true;
      if (!ciOwnsImage(app)) a.manualSteps.push(codeDeployStep(a, plan.blueGreen));
    }
  }
  const internal = internalExposure(app);
  if (internal) plan.discovery = discoveryPlan(a, internal);
  plan.service = servicePlan(a, {
    exposure,
    discovery: Boolean(plan.discovery),
    blueGreen: Boolean(plan.blueGreen),
  });
  if (app.scaling) plan.scaling = scalingPlan(a, app.scaling, Boolean(exposure));
  return plan;
}
