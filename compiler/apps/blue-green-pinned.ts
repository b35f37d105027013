/**
 * The plan's callout for what a blue/green app may not change once it runs: its target groups' port and
 * protocol version, which CodeDeploy's service and listener rules keep (schema/rules/blue-green-edit.ts
 * refuses the change in `plan --base`; docs/apps.md, "Changing what CodeDeploy pins").
 */
import { PINNED_CHANGE_HINT } from '../../schema/rules/blue-green-edit';
import type { TargetGroupPlan } from '../model';
import type { AppContext } from './context';

export function pinnedTargetDecision({ app, decisions }: AppContext, blue: TargetGroupPlan): void {
  decisions.push({
    subject: `apps.${app.name}.deployment.pinned`,
    choice: `target groups fixed at port ${blue.port}, ${blue.protocolVersion}, while the app deploys blue-green`,
    rule:
      'a new expose.public.port or appProtocol would create two new target groups (named after them) while CodeDeploy keeps the ' +
      "live ones: ECS ignores the service's load_balancer and task_definition under CODE_DEPLOY, the listener rules ignore action, " +
      'ELB cannot delete a target group a rule forwards to (ResourceInUse), and the network would close the port the running tasks ' +
      'serve. `dropship plan --base` refuses such a change (blue-green-pinned-change). Instead: ' +
      PINNED_CHANGE_HINT,
  });
}
