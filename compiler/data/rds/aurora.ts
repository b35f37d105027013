/** An Aurora database's cluster: its engine, its cluster parameter group, and its writer and readers. */
import { awsName } from '../../../schema/facts/aws-names';
import { rdsIdentifier, type rdsVersionOf } from '../../../schema/inventory/databases';
import type { DatabaseTargetSpec } from '../../../schema/spec';
import type { CompileContext } from '../../context';
import type { AuroraPlan } from '../../model/data';

/** The cluster of `instances` instances (the writer first, promotion tier 0), named after `identifier`. */
export function auroraPlan(
  ctx: CompileContext,
  db: DatabaseTargetSpec,
  identifier: string,
  version: NonNullable<ReturnType<typeof rdsVersionOf>>,
  instances: number,
): AuroraPlan {
  return {
    engine: version.aurora!.engine,
    engineVersion: version.aurora!.version,
    clusterIdentifier: identifier,
    clusterParameterGroupName: awsName('rdsInstance', ctx.prefix, db.name, version.aurora!.family),
    clusterParameterFamily: version.aurora!.family,
    instances: Array.from({ length: instances }, (_, i) => ({
      identifier: rdsIdentifier(ctx.prefix, db.name, i + 1),
      promotionTier: i,
    })),
    ...(db.serverlessV2
      ? { serverlessV2: { minAcu: db.serverlessV2.minAcu, maxAcu: db.serverlessV2.maxAcu } }
      : {}),
  };
}
