/** Helpers shared by the data-tier compilers: subnet groups, network references, sizes. */
import type { CompileContext } from '../context';
import type { Decision } from '../model';
import { awsName } from '../../schema/facts/aws-names';
import type { NetworkPlan } from '../model/network';
import type { SecurityPlan } from '../model/security';
import { SubnetGroupTier, SubnetGroupPlan } from '../model/data';

/** The plans the data part reads: where its resources live, their security groups and the key that encrypts them. */
export interface DataUpstream {
  network: NetworkPlan;
  security: SecurityPlan;
}

const SUBNET_GROUP_MEMBERS: Record<SubnetGroupTier, string> = {
  db: 'databases',
  cache: 'caches',
  dms: 'DMS replication instances',
};

/** The tier's subnet group: `<prefix>-<tier>` over the private subnets (one per zone). */
export function subnetGroupPlan(
  ctx: CompileContext,
  tier: SubnetGroupTier,
  up: DataUpstream,
): SubnetGroupPlan {
  return {
    name: awsName(tier === 'dms' ? 'dmsIdentifier' : 'subnetGroup', ctx.prefix, tier),
    description: `Private subnets for the ${ctx.prefix} ${SUBNET_GROUP_MEMBERS[tier]}`,
    // The private subnets (one per zone) every data resource lives in.
    subnetIds: [...up.network.privateSubnetIds],
  };
}

export { recoveryWindowDays } from '../secret-identity';

/** Retention of the data tier's log groups (RDS exports, ElastiCache slow log), like the apps' default. */
export const DATA_LOG_RETENTION_DAYS = 30;

/** How a data store's size is chosen: the spec's field, else the DigitalOcean source's size mapped, else a default. */
export interface SizeChoice<M> {
  /** `databases.<name>.instanceClass`, `caches.<name>.nodeType`. */
  subject: string;
  /** The spec's own value, when given. */
  given: string | undefined;
  source: { size: string } | undefined;
  /** The decision's `from` (the source described). */
  from: string | undefined;
  /** The mapping of a DigitalOcean size (the rules refuse a size with none: data/unknown-size). */
  map: (size: string) => M | undefined;
  /** The chosen size of a mapping, with the rule that chose it. */
  mapped: (m: M, size: string) => { choice: string; rule: string };
  /** The default without a source, with the spec field's name for the rule (`instanceClass`). */
  fallback: { choice: string; field: string };
}

/** The size of a data store, with the decision that says which rule chose it. */
export function chooseSize<M>(c: SizeChoice<M>, decisions: Decision[]): string {
  if (c.given) {
    decisions.push({ subject: c.subject, choice: c.given, rule: 'given in the spec', from: c.from });
    return c.given;
  }
  if (!c.source) {
    decisions.push({
      subject: c.subject,
      choice: c.fallback.choice,
      rule: `no source and no ${c.fallback.field}: the default`,
    });
    return c.fallback.choice;
  }
  const m = c.map(c.source.size)!;
  const { choice, rule } = c.mapped(m, c.source.size);
  decisions.push({ subject: c.subject, choice, rule, from: c.from });
  return choice;
}
