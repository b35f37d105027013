/**
 * A change from a base spec (the version applied, or the base branch's) to this one that a live blue/green
 * app cannot take. CodeDeploy pins what its service was created with: ECS ignores `load_balancer` and
 * `task_definition` updates of a CODE_DEPLOY service (UpdateService changes only its count, deployment
 * settings, grace period, placement and tags), the listener rules ignore `action` (CodeDeploy moves them), and
 * the deployment group's target groups are the pair it switches between. A new port or protocol version
 * renames and replaces both target groups (compiler/apps/exposure.ts): the service and the listener rules keep
 * the old ones, which ELB then cannot delete (DeleteTargetGroup: ResourceInUse), the network closes the port
 * the running tasks serve, and the alarms and the deployment group move to the new, empty groups. Refused,
 * with the way that works (docs/apps.md, "Changing what CodeDeploy pins").
 *
 * Only a command given both specs can tell (`plan --base`); `validate` sees one spec.
 */
import type { Report } from '../report';
import type { AppSpec, MigrationSpec } from '../spec';
import { publicExposure } from '../inventory/listener-rules';
import { targetGroupIdentity } from '../inventory/target-group-identity';

export const PINNED_CHANGE_HINT =
  'keep the port and appProtocol while the app deploys blue-green (let the new image listen on the old port too); ' +
  'to move it, go through the rolling strategy in three applies: `strategy: rolling` (its service is replaced), ' +
  'then the new port, then `strategy: blue-green` again (a new service beside the rolling one); ' +
  'docs/apps.md, "Changing what CodeDeploy pins", has the steps and what each one costs';

export function checkBlueGreenEdit(r: Report, base: MigrationSpec, head: MigrationSpec): void {
  const before = new Map(base.apps.map((app) => [app.name, app]));
  head.apps.forEach((app, a) => {
    const old = before.get(app.name);
    if (!old || !deploysBlueGreen(old) || !deploysBlueGreen(app)) return;
    const was = targetGroupIdentity(old);
    const now = targetGroupIdentity(app);
    if (!was || !now) return;
    const exposure = publicExposure(app)!;
    const at = ['apps', a];
    if (was.port !== now.port)
      r.error(
        [...at, 'expose', 'public', 'port'],
        'blue-green-pinned-change',
        `app \`${app.name}\` deploys blue-green and serves port ${was.port} in the base spec: a new port (${now.port}) replaces both of its target groups, but CodeDeploy's service keeps the old ones and keeps its tasks on port ${was.port}, whose ingress rule the network apply removes: the app loses its traffic`,
        { expected: `port ${was.port}, as in the base spec`, hint: PINNED_CHANGE_HINT },
      );
    else if (was.protocolVersion !== now.protocolVersion) {
      const c = app.containers.findIndex((container) => container.name === exposure.container);
      r.error(
        [...at, 'containers', c, 'appProtocol'],
        'blue-green-pinned-change',
        `app \`${app.name}\` deploys blue-green and its target groups speak ${was.protocolVersion} in the base spec: ${now.protocolVersion} replaces both of them, but CodeDeploy's service and the listener rules keep the old ones, which ELB then cannot delete, and the app's alarms move to the new, empty groups`,
        {
          expected: `protocol version ${was.protocolVersion}, as in the base spec`,
          hint: PINNED_CHANGE_HINT,
        },
      );
    }
  });
}

const deploysBlueGreen = (app: AppSpec): boolean => app.deployment.strategy === 'blue-green';
