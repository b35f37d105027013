/** The environment's ECS cluster: Container Insights, the Fargate capacity providers, and the ECS Exec audit trail. */
import type { CompileContext } from '../context';
import type { Decision } from '../model';
import type { NetworkPlan } from '../model/network';
import type { CapacityProviderWeight, ClusterPlan, ExecAuditPlan } from '../model/apps';
import { platformAddresses } from '../app-addresses';

/** On-demand Fargate alone: every service's strategy without Spot, and the cluster's default (a fresh list each). */
export const fargateOnly = (): CapacityProviderWeight[] => [
  { capacityProvider: 'FARGATE', weight: 1, base: 0 },
];

/** How long ECS Exec session transcripts are kept: an audit trail, so a year. */
export const EXEC_AUDIT_RETENTION_DAYS = 365;

export function clusterPlan(ctx: CompileContext, network: NetworkPlan, decisions: Decision[]): ClusterPlan {
  const cluster: ClusterPlan = {
    name: ctx.prefix,
    address: platformAddresses(ctx).cluster,
    capacityProvidersAddress: platformAddresses(ctx).capacityProviders,
    containerInsights: 'enabled',
    capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    defaultCapacityProviderStrategy: fargateOnly(),
  };
  decisions.push({
    subject: 'apps.cluster.containerInsights',
    choice: 'enabled',
    rule: 'Container Insights on every cluster (task and service metrics); `enhanced` adds per-container metrics at extra cost',
  });
  const execApps = ctx.spec.apps.filter((a) => a.deployment.exec).map((a) => a.name);
  if (execApps.length > 0) {
    cluster.execAudit = execAuditPlan(ctx, network);
    decisions.push({
      subject: 'apps.cluster.execAudit',
      choice: `ECS Exec sessions (${execApps.join(', ')}) encrypted with the environment KMS key and logged to ${cluster.execAudit.logGroup.name} (KMS-encrypted, ${EXEC_AUDIT_RETENTION_DAYS} days)`,
      rule: 'a shell in a production task is privileged access: every session is encrypted end to end and its transcript kept as an audit trail (logging OVERRIDE, never the account default)',
    });
  }
  return cluster;
}

function execAuditPlan(ctx: CompileContext, network: NetworkPlan): ExecAuditPlan {
  return {
    // Outside `/ecs/<prefix>/`, so no app (whatever its name) can own the same log group.
    logGroup: {
      name: `/ecs-exec/${ctx.prefix}`,
      retentionDays: EXEC_AUDIT_RETENTION_DAYS,
      kmsKeyArn: network.kms.arn,
      address: platformAddresses(ctx).execAuditLogGroup,
    },
    sessionKmsKeyArn: network.kms.arn,
    logging: 'OVERRIDE',
    logEncryption: true,
  };
}
