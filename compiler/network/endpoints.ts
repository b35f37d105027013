/** With `nat: none`, the VPC endpoints that let tasks pull images, read secrets and write logs. */
import { awsName } from '../../schema/facts/aws-names';
import type { CompileContext } from '../context';
import { ENDPOINTS_SG_KEY } from '../group-keys';
import type { Decision } from '../model';
import type { GatewayEndpointPlan, InterfaceEndpointPlan, VpcEndpointPlan } from '../model/network';

/**
 * What Fargate tasks need from AWS without NAT (ECS Exec adds the SSM messages channel), placed where the
 * tasks are: gateway endpoints on the private route tables, interface endpoints in the private subnets
 * behind the `vpce` group with private DNS (so the services' usual hostnames resolve to them).
 */
export function vpcEndpoints(
  ctx: CompileContext,
  placement: { vpcName: string; privateSubnetKeys: string[]; privateRouteTableKeys: string[] },
): VpcEndpointPlan[] {
  const region = ctx.spec.aws.region;
  const common = (key: string, service: string, purpose: string) => ({
    key,
    serviceName: `com.amazonaws.${region}.${service}`,
    purpose,
    name: awsName('nameTag', placement.vpcName, key),
  });
  const gateway = (key: string, service: string, purpose: string): GatewayEndpointPlan => ({
    ...common(key, service, purpose),
    type: 'Gateway',
    routeTableKeys: [...placement.privateRouteTableKeys],
  });
  const iface = (key: string, service: string, purpose: string): InterfaceEndpointPlan => ({
    ...common(key, service, purpose),
    type: 'Interface',
    subnetKeys: [...placement.privateSubnetKeys],
    securityGroupKeys: [ENDPOINTS_SG_KEY],
    privateDns: true,
  });
  const endpoints: VpcEndpointPlan[] = [
    gateway('s3', 's3', 'image layers (ECR stores them in S3)'),
    iface('ecr-api', 'ecr.api', 'ECR authorization and image manifests'),
    iface('ecr-dkr', 'ecr.dkr', 'docker registry API for image pulls'),
    iface('logs', 'logs', 'container logs (awslogs driver)'),
    iface('secretsmanager', 'secretsmanager', 'secrets injected into containers'),
  ];
  if (ctx.spec.apps.some((a) => a.deployment.exec)) {
    endpoints.push(iface('ssmmessages', 'ssmmessages', 'ECS Exec sessions'));
    // Sessions are encrypted with the environment key: the agent in the task asks KMS for a data key.
    endpoints.push(iface('kms', 'kms', 'ECS Exec session encryption (the environment key)'));
  }
  return endpoints;
}

export function endpointsDecision(endpoints: VpcEndpointPlan[]): Decision {
  return {
    subject: 'network.endpoints',
    choice: endpoints.map((e) => `${e.key} (${e.type.toLowerCase()})`).join(', '),
    rule:
      'nat: none leaves private subnets without a route out: VPC endpoints keep image pulls, secrets and logs ' +
      'working; every other destination (external APIs, DigitalOcean during the move) stays unreachable. ' +
      'The S3 gateway endpoint has the default policy, so tasks still reach any S3 bucket (their own uploads, ' +
      'but also any other account’s)',
  };
}
