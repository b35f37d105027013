/**
 * The environment key's policy: who may use the customer-managed KMS key that encrypts the environment's
 * logs, secrets, databases and caches. IAM policies of the account decide for its own principals (AWS's
 * default statement); the services that encrypt with the key on the account's behalf get a statement each,
 * scoped to this account.
 */
import type { Partition, PolicyStatement } from '../model';

export interface KeyUsers {
  partition: Partition;
  region: string;
  /** The account id, or the marker of `local.account_id` (compiler/network.ts) when the spec does not give it. */
  account: string;
  /** CloudWatch alarms publish to an SNS topic encrypted with the key (`aws.alarms.notify.emails`). */
  alarmTopic: boolean;
}

export function environmentKeyPolicy(users: KeyUsers): PolicyStatement[] {
  const { partition, region, account } = users;
  const statements: PolicyStatement[] = [
    {
      // AWS's default key policy statement: IAM policies of the account decide who may use the key.
      Sid: 'EnableIamPolicies',
      Effect: 'Allow',
      Principal: { AWS: `arn:${partition}:iam::${account}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
    {
      Sid: 'AllowCloudWatchLogs',
      Effect: 'Allow',
      Principal: { Service: `logs.${region}.amazonaws.com` },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      Resource: '*',
      Condition: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*`,
        },
      },
    },
  ];
  // SNS asks KMS for a data key on the publisher's behalf; the AWS-managed alias/aws/sns key cannot serve,
  // because its policy cannot be changed to admit cloudwatch.amazonaws.com.
  if (users.alarmTopic)
    statements.push({
      Sid: 'AllowCloudWatchAlarmsToPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      // Confused-deputy guard: only CloudWatch acting for alarms of this account.
      Condition: { StringEquals: { 'aws:SourceAccount': account } },
    });
  return statements;
}
