/**
 * The stacks' names, from the environment prefix and the layout alone, so a part that must name a stack (the
 * cutover's runbook, the alarms' placement, the addresses of the resources it plans) needs no other part's plan.
 */
import type { Layout, StackRole } from './model';

export const stackName = (prefix: string, suffix: string): string => `${prefix}-${suffix}`;

export const networkStackName = (prefix: string): string => stackName(prefix, 'network');
export const registryStackName = (prefix: string): string => stackName(prefix, 'registry');
export const dnsStackName = (prefix: string): string => stackName(prefix, 'dns');
export const dataStackName = (prefix: string): string => stackName(prefix, 'data');
export const ciStackName = (prefix: string): string => stackName(prefix, 'ci');

/** The stack that holds an app's resources: the apps stack, or the app's own with the per-app layout. */
export const appStackName = (prefix: string, layout: Layout, app: string): string =>
  layout === 'single' ? stackName(prefix, 'apps') : stackName(prefix, `app-${app}`);

/** The cutover stack's name, which the runbook's commands also use (its cdktf.out directory). */
export const cutoverStackName = (prefix: string): string => stackName(prefix, 'cutover');

/** The stack that holds the ALB: the apps stack, or the platform stack of the per-app layout. */
export const albStackName = (prefix: string, layout: Layout): string =>
  stackName(prefix, albStackRole(layout));

export const albStackRole = (layout: Layout): Extract<StackRole, 'apps' | 'platform'> =>
  layout === 'single' ? 'apps' : 'platform';
