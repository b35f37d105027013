/** The environment's customer-managed KMS key, and why there is one per environment. */
import { createsAlarmTopic } from '../../schema/inventory/alarms';
import { environmentKeyPolicy } from '../aws/kms';
import type { CompileContext } from '../context';
import type { Decision } from '../model';
import type { KmsKeyPlan, Partition } from '../model/network';
import { ref } from '../refs';
import { accountOf, at } from './place';

export function kmsKeyPlan(ctx: CompileContext, partition: Partition): KmsKeyPlan {
  const { region } = ctx.spec.aws;
  const { account } = accountOf(ctx);
  const keyAddress = at(ctx, 'aws_kms_key', 'kms');
  return {
    name: ctx.prefix,
    alias: `alias/${ctx.prefix}`,
    description: `dropship ${ctx.prefix}: logs, secrets, RDS and ElastiCache`,
    enableKeyRotation: true,
    deletionWindowDays: ctx.production ? 30 : 7,
    preventDestroy: ctx.production,
    policy: environmentKeyPolicy({ partition, region, account, alarmTopic: createsAlarmTopic(ctx.spec) }),
    address: keyAddress,
    arn: ref(keyAddress, 'arn'),
  };
}

export function kmsDecision(kms: KmsKeyPlan): Decision {
  return {
    subject: 'network.kms',
    choice: `one customer-managed key ${kms.alias}, yearly rotation${kms.preventDestroy ? ', prevent_destroy' : ''}`,
    rule:
      'one key per environment encrypts flow logs, app logs, secrets, RDS and ElastiCache: a single key policy to ' +
      'review and one place to revoke access; CloudWatch Logs may use it only for log groups of this account and region' +
      (kms.preventDestroy
        ? '; production: lifecycle prevent_destroy, so no plan can schedule the deletion that would make every database, snapshot, secret and log it encrypts unreadable (remove the setting by hand to retire the environment)'
        : ''),
  };
}
