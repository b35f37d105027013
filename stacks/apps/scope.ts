/** What every renderer of one app's resources takes: the stack, the app's plan, and the reference registry. */
import type { TerraformStack } from 'cdktf';
import type { RefRegistry } from '../refs';
import type { AppPlan } from '../../compiler/model';

export interface AppScope {
  stack: TerraformStack;
  app: AppPlan;
  refs: RefRegistry;
}

/** The construct id of one of the app's resources that no other part refers to: `<app>-<what>`. */
export const appId = ({ app }: AppScope, what: string): string => `${app.name}-${what}`;
