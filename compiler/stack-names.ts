/**
 * The stacks' names, from the environment prefix and the layout alone, so a part that must name a stack (the
 * cutover's runbook, the alarms' placement) needs no other part's plan.
 */
import type { Layout, StackRole } from './model';

export const stackName = (prefix: string, suffix: string): string => `${prefix}-${suffix}`;

/** The cutover stack's name, which the runbook's commands also use (its cdktf.out directory). */
export const cutoverStackName = (prefix: string): string => stackName(prefix, 'cutover');

/** The stack that holds the ALB: the apps stack, or the platform stack of the per-app layout. */
export const albStackName = (prefix: string, layout: Layout): string =>
  stackName(prefix, albStackRole(layout));

export const albStackRole = (layout: Layout): Extract<StackRole, 'apps' | 'platform'> =>
  layout === 'single' ? 'apps' : 'platform';
