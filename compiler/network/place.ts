/** Where the network part's resources live: their addresses in the network stack, and the account id. */
import type { MigrationSpec } from '../../schema/spec';
import type { CompileContext } from '../context';
import type { AccountIdLocalPlan } from '../model/network';
import type { Address, ResourceType } from '../model/refs';
import { address, embed, ref } from '../refs';
import { networkStackName } from '../stack-names';

/** The address of a network stack resource (its construct id `name`). */
export const at = <T extends ResourceType>(ctx: CompileContext, type: T, name: string): Address<T> =>
  address(networkStackName(ctx.prefix), type, name);

/**
 * The account id in policy documents: the spec's `aws.accountId`, else `local.account_id` embedded (the
 * account segment of the KMS key's ARN, which needs no API call at plan time).
 */
export function accountOf(ctx: CompileContext): { account: string; local?: AccountIdLocalPlan } {
  const { accountId } = ctx.spec.aws;
  if (accountId) return { account: accountId };
  const local = { address: at(ctx, 'local', 'account_id') };
  return { account: embed(ref(local.address, 'value')), local };
}

type NetworkSpec = MigrationSpec['aws']['network'];
/** `aws.network.vpc`: the VPC dropship creates. */
export type VpcSpec = Extract<NetworkSpec, { vpc: unknown }>['vpc'];
/** `aws.network.existing`: the network dropship uses as it is. */
export type ExistingNetworkSpec = Extract<NetworkSpec, { existing: unknown }>['existing'];
