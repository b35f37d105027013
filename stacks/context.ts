/** What every stack renderer receives: the whole plan, the stack it renders, and the reference registry. */
import type { TerraformStack } from 'cdktf';
import type { Plan, StackPlan } from '../compiler/model';
import type { RefRegistry } from './refs';

export interface StackContext {
  plan: Plan;
  stackPlan: StackPlan;
  refs: RefRegistry;
}

/** One renderer per stack role; each lives in its own module. */
export type StackRenderer = (stack: TerraformStack, ctx: StackContext) => void;
