/**
 * What the plan model says a stack must hold, per resource type: tests compare synthesized JSON and
 * offline terraform plans against it, so a renderer that drops or duplicates a resource fails.
 */
import type { Plan } from '../../compiler/model';

export function expectedNetworkCounts(plan: Plan): Record<string, number> {
  const counts: Record<string, number> = {
    aws_kms_key: 1,
    aws_kms_key_policy: 1,
    aws_kms_alias: 1,
    aws_security_group: plan.security.nodes.length,
    aws_vpc_security_group_ingress_rule: plan.security.rules.filter((r) => r.direction === 'ingress').length,
    aws_vpc_security_group_egress_rule: plan.security.rules.filter((r) => r.direction === 'egress').length,
    // The alarm topic lives beside the key that encrypts it (aws.alarms.notify.emails).
    aws_sns_topic: plan.alarms.topic ? 1 : 0,
    aws_sns_topic_subscription: plan.alarms.topic?.subscriptions.length ?? 0,
  };
  if (plan.network.mode === 'new') {
    const n = plan.network;
    Object.assign(counts, {
      aws_vpc: 1,
      aws_default_security_group: 1,
      aws_subnet: n.subnets.length,
      aws_internet_gateway: 1,
      aws_eip: n.natGateways.length,
      aws_nat_gateway: n.natGateways.length,
      aws_route_table: n.routeTables.length,
      aws_route: n.routeTables.reduce((sum, rt) => sum + rt.routes.length, 0),
      aws_route_table_association: n.routeTables.reduce((sum, rt) => sum + rt.subnets.length, 0),
      aws_cloudwatch_log_group: 1,
      aws_iam_role: 1,
      aws_iam_role_policy: 1,
      aws_flow_log: 1,
      aws_vpc_endpoint: n.endpoints.length,
    });
  }
  return withoutZeros(counts);
}

export function expectedRegistryCounts(plan: Plan): Record<string, number> {
  const repos = plan.registry.repositories.length;
  return withoutZeros({
    aws_ecr_repository: repos,
    aws_ecr_lifecycle_policy: repos,
    aws_ecr_pull_through_cache_rule: plan.registry.pullThroughCacheRules.length,
  });
}

export function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

function withoutZeros(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, v]) => v > 0));
}
