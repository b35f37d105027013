/**
 * terraform init (offline, from the provider mirror), validate and plan of the network and registry stacks
 * of every bundled example, with the planned resources counted against the plan model.
 */
import { compile } from '../../compiler';
import { expectedNetworkCounts, expectedRegistryCounts, total } from '../helpers/expected';
import {
  cleanupSynth,
  examples,
  synthExample,
  synthSpec,
  specFrom,
  existingVpcNetwork,
} from '../helpers/synth';
import { describeTerraform, planStack, type StackPlanResult } from '../helpers/terraform';

afterAll(cleanupSynth);

const timings: string[] = [];
afterAll(() => {
  if (timings.length > 0) console.log(`terraform timings (ms):\n${timings.join('\n')}`);
});
const plans = new Map<string, StackPlanResult>();
/** One offline plan per example stack, shared by the tests of this file. */
function planOf(example: string, role: 'network' | 'registry'): StackPlanResult {
  const key = `${example}/${role}`;
  let result = plans.get(key);
  if (!result) {
    const out = synthExample(example);
    result = planStack(out.outdir, out.stackByRole(role).name);
    record(result);
    plans.set(key, result);
  }
  return result;
}
const record = (r: StackPlanResult) =>
  timings.push(
    `  ${r.stack}: init ${r.timingsMs.init}, validate ${r.timingsMs.validate}, plan ${r.timingsMs.plan}`,
  );

describeTerraform('network and registry stacks: offline terraform validate + plan', () => {
  describe.each(examples().map((e) => e.name))('%s', (name) => {
    it('network: validates and plans exactly the resources of the plan model', () => {
      const out = synthExample(name);
      const result = planOf(name, 'network');
      expect(result.validate.errorCount).toBe(0);
      expect(result.createdByType).toEqual(expectedNetworkCounts(out.plan));
      if (out.plan.network.mode === 'new') expect(result.outputs).toEqual(expect.arrayContaining(['vpc_id']));
    });

    it('registry: validates and plans one repository and one lifecycle policy per declared repository', () => {
      const out = synthExample(name);
      if (!out.plan.stacks.some((s) => s.role === 'registry')) return;
      const result = planOf(name, 'registry');
      expect(result.createdByType).toEqual(expectedRegistryCounts(out.plan));
      expect(result.outputs).toContain('repository_urls');
    });
  });

  // 41 before the shared groups: `apps` took the app's HTTPS egress, `public` the ALB's egress (+2 groups).
  it('php-shop: 43 network resources and 4 registry resources, with planned values as configured', () => {
    const network = planOf('php-shop', 'network');
    // 43: the DigitalOcean cluster ports (25060, 25061) the tasks use until 100 % (dataMode, +2), and no ::/0
    // rules on the IPv4-only ALB (-2).
    expect(total(network.createdByType)).toBe(43);
    expect(
      network.resourceChanges.find((r) => r.address.endsWith('sgr-app-web-out-ipv4-tcp-25061-0-0-0-0-0'))
        ?.after,
    ).toMatchObject({
      ip_protocol: 'tcp',
      from_port: 25061,
      to_port: 25061,
      cidr_ipv4: '0.0.0.0/0',
    });
    const byAddress = new Map(network.resourceChanges.map((r) => [r.address, r.after]));
    expect(byAddress.get('aws_vpc.vpc')).toMatchObject({ cidr_block: '10.40.0.0/16' });
    expect(byAddress.get('aws_cloudwatch_log_group.flow-logs')).toMatchObject({ retention_in_days: 90 });
    expect(byAddress.get('aws_vpc_security_group_ingress_rule.sgr-alb-in-ipv4-tcp-443')).toMatchObject({
      cidr_ipv4: '0.0.0.0/0',
      from_port: 443,
      to_port: 443,
    });
    // php-shop's ALB is IPv4 only: no ::/0 rule (it would admit nothing, an open path no connection uses).
    expect(byAddress.has('aws_vpc_security_group_ingress_rule.sgr-alb-in-ipv6-tcp-443')).toBe(false);
    expect(byAddress.get('aws_security_group.sg-apps')).toMatchObject({ name: 'shop-production-apps' });
    expect(byAddress.get('aws_vpc_security_group_egress_rule.sgr-apps-out-ipv4-tcp-443')).toMatchObject({
      cidr_ipv4: '0.0.0.0/0',
      from_port: 443,
    });
    expect(byAddress.has('aws_vpc_security_group_egress_rule.sgr-app-web-out-ipv4-tcp-443')).toBe(false);
    expect(byAddress.has('aws_vpc_security_group_egress_rule.sgr-alb-out-public-tcp-80')).toBe(true);
    const registry = planOf('php-shop', 'registry');
    expect(total(registry.createdByType)).toBe(4);
  });

  it('a VPC without NAT plans with its VPC endpoints', () => {
    const spec = specFrom({
      version: 1,
      project: 'isolated',
      environment: 'dev',
      aws: {
        region: 'us-west-2',
        availabilityZones: ['us-west-2a', 'us-west-2b'],
        network: {
          vpc: {
            cidr: '10.9.0.0/16',
            publicSubnets: ['10.9.0.0/24', '10.9.1.0/24'],
            privateSubnets: ['10.9.10.0/24', '10.9.11.0/24'],
            nat: 'none',
          },
        },
      },
      apps: [
        {
          name: 'jobs',
          // Without NAT only ECR in the region is reachable: the image is a copy there.
          containers: [
            { name: 'main', image: { uri: '123456789012.dkr.ecr.us-west-2.amazonaws.com/x/y:1' } },
          ],
          deployment: { exec: true },
        },
      ],
    });
    const out = synthSpec(spec);
    const result = planStack(out.outdir, 'isolated-dev-network');
    record(result);
    expect(result.createdByType).toEqual(expectedNetworkCounts(compile(spec)));
    // s3, ecr-api, ecr-dkr, logs, secretsmanager; with exec: ssmmessages and kms.
    expect(result.createdByType.aws_vpc_endpoint).toBe(7);
    expect(result.createdByType.aws_nat_gateway).toBeUndefined();
  });

  it('internal apps plan with the shared apps and internal groups: one rule per internal app and port', () => {
    const app = (name: string, port: number, internal: boolean) => ({
      name,
      containers: [{ name: 'main', image: { uri: 'public.ecr.aws/x/y:1' }, port }],
      ...(internal ? { expose: { internal: { container: 'main', port } } } : {}),
    });
    const spec = specFrom({
      version: 1,
      project: 'mesh',
      environment: 'dev',
      aws: {
        region: 'us-west-2',
        availabilityZones: ['us-west-2a', 'us-west-2b'],
        network: {
          vpc: {
            cidr: '10.9.0.0/16',
            publicSubnets: ['10.9.0.0/24', '10.9.1.0/24'],
            privateSubnets: ['10.9.10.0/24', '10.9.11.0/24'],
          },
        },
      },
      apps: [
        app('jobs', 8080, false),
        app('users', 9000, true),
        app('orders', 9000, true),
        app('search', 9200, true),
      ],
    });
    const out = synthSpec(spec);
    const result = planStack(out.outdir, 'mesh-dev-network');
    record(result);
    expect(result.createdByType).toEqual(expectedNetworkCounts(compile(spec)));
    // 4 app groups + apps + internal; ingress: 3 internal apps; egress: 443 + 2 internal ports.
    expect(result.createdByType.aws_security_group).toBe(6);
    expect(result.createdByType.aws_vpc_security_group_ingress_rule).toBe(3);
    expect(result.createdByType.aws_vpc_security_group_egress_rule).toBe(3);
    const addresses = result.resourceChanges.map((r) => r.address);
    expect(addresses).toEqual(
      expect.arrayContaining([
        'aws_vpc_security_group_ingress_rule.sgr-app-users-in-apps-tcp-9000',
        'aws_vpc_security_group_egress_rule.sgr-apps-out-internal-tcp-9200',
      ]),
    );
  });

  it('an existing VPC with an account guard plans offline too', () => {
    const spec = specFrom({
      version: 1,
      project: 'legacy',
      environment: 'prod',
      aws: {
        region: 'eu-central-1',
        accountId: '111122223333',
        availabilityZones: ['eu-central-1a', 'eu-central-1b'],
        network: existingVpcNetwork({ natGatewayIps: ['198.51.100.7'] }),
      },
      databases: [{ name: 'main', engine: 'postgres' }],
      apps: [
        {
          name: 'jobs',
          containers: [{ name: 'main', image: { uri: 'public.ecr.aws/x/y:1' } }],
          uses: { databases: ['main'] },
        },
      ],
    });
    const out = synthSpec(spec);
    const result = planStack(out.outdir, 'legacy-prod-network');
    record(result);
    expect(result.createdByType).toEqual(expectedNetworkCounts(compile(spec)));
    expect(result.createdByType.aws_vpc).toBeUndefined();
  });
});
