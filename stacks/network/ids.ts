/**
 * What the network stack's renderers share: the ids of what they created, by the plan's keys, and policy
 * text.
 */
import type { PolicyStatement } from '../../compiler/model';
import { policyJson } from '../../compiler/aws/iam';
import type { RefRegistry } from '../refs';
import { resolveText } from '../apps/text';

export interface CreatedNetwork {
  vpcId: string;
  /** Token per subnet key (`private-0`) and per route table key. */
  subnetIds: Map<string, string>;
  routeTableIds: Map<string, string>;
}

/**
 * The id of what the plan names by `key`. A key nothing created is a compiler bug: fail here rather than
 * render a resource without its subnet, route target or group.
 */
export function idOf<K>(ids: Map<K, string>, key: K, user: string): string {
  const id = ids.get(key);
  if (id === undefined)
    throw new Error(
      `network plan: ${user} refers to unknown key ${String(key)} (a dropship bug: please report it)`,
    );
  return id;
}

/**
 * An IAM policy document as JSON text, its references resolved (the account id, the log group's ARN): a plain
 * attribute, whose literal text the element's escaping escapes.
 */
export function policyText(statements: PolicyStatement[], refs: RefRegistry): string {
  return resolveText(policyJson(statements), refs);
}
