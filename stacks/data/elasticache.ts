/**
 * ElastiCache replication groups and their private subnet group. Encryption at rest (KMS) and in transit
 * always; the AUTH token is applied out of band from its Secrets Manager secret, so `auth_token` is never
 * set here (the AWS provider has no write-only form of it, and a value here would land in state).
 */
import type { TerraformStack } from 'cdktf';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import type { StackContext } from '../context';
import { CheckBlock } from '../check-block';
import { expression } from '../apps/text';

export function renderCaches(stack: TerraformStack, ctx: StackContext): void {
  const { refs } = ctx;
  const { data } = ctx.plan;
  // The plan's type holds the group with the caches: without one there are none to render.
  if (!data.cacheSubnetGroup) return;
  const { caches, cacheSubnetGroup } = data;
  const subnetGroup = new ElasticacheSubnetGroup(stack, 'cache-subnet-group', {
    name: cacheSubnetGroup.name,
    description: cacheSubnetGroup.description,
    subnetIds: cacheSubnetGroup.subnetIds.map((s) => refs.resolve(s)),
  });
  for (const cache of caches) {
    const kms = refs.resolve(cache.kmsKeyArn);
    const slowLog = new CloudwatchLogGroup(stack, `cache-${cache.name}-slow-log`, {
      name: cache.slowLogGroup.name,
      retentionInDays: cache.slowLogGroup.retentionDays,
      kmsKeyId: kms,
    });
    const group = new ElasticacheReplicationGroup(stack, cache.address.name, {
      replicationGroupId: cache.replicationGroupId,
      description: cache.description,
      engine: cache.engine,
      engineVersion: cache.engineVersion,
      parameterGroupName: cache.parameterGroupName,
      nodeType: cache.nodeType,
      numCacheClusters: cache.numCacheClusters,
      port: cache.port,
      automaticFailoverEnabled: cache.automaticFailover,
      multiAzEnabled: cache.multiAz,
      subnetGroupName: subnetGroup.name,
      securityGroupIds: [refs.resolve(cache.securityGroupId)],
      atRestEncryptionEnabled: String(cache.protections.atRestEncryption),
      kmsKeyId: kms,
      transitEncryptionEnabled: cache.protections.transitEncryption,
      autoMinorVersionUpgrade: String(cache.protections.autoMinorVersionUpgrade),
      snapshotRetentionLimit: cache.snapshotRetentionDays,
      finalSnapshotIdentifier: cache.finalSnapshotIdentifier,
      logDeliveryConfiguration: [
        {
          destination: slowLog.name,
          destinationType: 'cloudwatch-logs',
          logFormat: cache.slowLogFormat,
          logType: 'slow-log',
        },
      ],
      lifecycle: cache.preventDestroy ? { preventDestroy: true } : undefined,
    });
    new CheckBlock(stack, cache.authCheck.name, {
      data: {
        type: 'aws_elasticache_replication_group',
        // The group's own attribute: the check waits for the group instead of failing before it exists.
        arguments: { replication_group_id: group.replicationGroupId },
      },
      condition: (data) => expression(`${data}.auth_token_enabled`),
      errorMessage: cache.authCheck.errorMessage,
    });
    // The port is set above, so known: a literal string stays a string in container environments.
    refs.provide(cache.address, {
      primary_endpoint_address: group.primaryEndpointAddress,
      port: String(cache.port),
    });
  }
}
