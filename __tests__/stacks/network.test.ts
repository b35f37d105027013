/** The network stack as synthesized: resources, policies, rules as separate resources, stable logical ids. */
import { Testing } from 'cdktf';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { Route } from '@cdktf/provider-aws/lib/route';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { compile } from '../../compiler';
import type { Plan } from '../../compiler/model';
import type { NewVpcPlan } from '../../compiler/model/network';
import type { MigrationSpec } from '../../schema/spec';
import {
  cleanupSynth,
  examples,
  loadExample,
  resourcesOf,
  resourcesOfType,
  specFrom,
  synthRoleJson,
  type TerraformJson,
  baseSpecInput,
  existingVpcNetwork,
} from '../helpers/synth';
import { expectedNetworkCounts } from '../helpers/expected';
import { revalidated } from '../helpers/validate';

Testing.setupJest();
afterAll(cleanupSynth);

const networkJson = (plan: Plan): string => synthRoleJson(plan, 'network');
const parsed = (json: string): TerraformJson => JSON.parse(json) as TerraformJson;

const countsOf = (json: string) => {
  const out: Record<string, number> = {};
  for (const [type] of resourcesOf(json)) out[type] = (out[type] ?? 0) + 1;
  return out;
};

describe('php-shop network stack', () => {
  const plan = compile(loadExample('php-shop'));
  const json = networkJson(plan);

  it('configures the provider with the region and the environment tags', () => {
    expect(json).toHaveProviderWithProperties(AwsProvider, {
      region: 'us-east-1',
      default_tags: [
        {
          tags: {
            'cost-center': 'web',
            environment: 'production',
            'managed-by': 'dropship',
            project: 'shop',
            team: 'shop',
          },
        },
      ],
    });
    expect(parsed(json).provider!.aws[0]).not.toHaveProperty('allowed_account_ids');
  });

  it('creates the VPC and one public and one private subnet per zone, none handing out public IPs', () => {
    expect(json).toHaveResourceWithProperties(Vpc, {
      cidr_block: '10.40.0.0/16',
      enable_dns_support: true,
      enable_dns_hostnames: true,
    });
    const subnets = resourcesOfType(json, 'aws_subnet');
    expect(
      Object.entries(subnets).map(([id, s]) => [
        id,
        s.cidr_block,
        s.availability_zone,
        s.map_public_ip_on_launch,
      ]),
    ).toEqual([
      // cdktf writes resources sorted by logical id
      ['subnet-private-0', '10.40.10.0/24', 'us-east-1a', false],
      ['subnet-private-1', '10.40.11.0/24', 'us-east-1b', false],
      ['subnet-public-0', '10.40.0.0/24', 'us-east-1a', false],
      ['subnet-public-1', '10.40.1.0/24', 'us-east-1b', false],
    ]);
    expect(json).toHaveResourceWithProperties(Subnet, {
      tags: { Name: 'shop-production-private-us-east-1b', tier: 'private' },
    });
  });

  it('has one NAT gateway with an EIP, and private routes through it', () => {
    expect(Object.keys(resourcesOfType(json, 'aws_nat_gateway'))).toEqual(['nat-0']);
    expect(json).toHaveResourceWithProperties(Eip, { domain: 'vpc' });
    expect(json).toHaveResourceWithProperties(Route, {
      destination_cidr_block: '0.0.0.0/0',
      nat_gateway_id: '${aws_nat_gateway.nat-0.id}',
    });
    expect(json).toHaveResourceWithProperties(Route, {
      destination_cidr_block: '0.0.0.0/0',
      gateway_id: '${aws_internet_gateway.igw.id}',
    });
  });

  it('has a rotating KMS key, its alias, and a key policy open to CloudWatch Logs of this region and account', () => {
    expect(json).toHaveResourceWithProperties(KmsKey, {
      enable_key_rotation: true,
      deletion_window_in_days: 30,
    });
    expect(json).toHaveResourceWithProperties(KmsAlias, { name: 'alias/shop-production' });
    const policy = parsePolicy(
      Object.values(resourcesOfType(json, 'aws_kms_key_policy'))[0].policy as string,
    ) as { Statement: { Principal: Record<string, string>; Condition?: unknown }[] };
    // No account id in the spec: it comes from the key's own ARN, with no API call at plan time.
    const account = '${local.account_id}';
    expect(parsed(json).locals).toEqual({ account_id: '${element(split(":", aws_kms_key.kms.arn), 4)}' });
    expect(policy.Statement[0].Principal).toEqual({ AWS: `arn:aws:iam::${account}:root` });
    expect(policy.Statement[1].Principal).toEqual({ Service: 'logs.us-east-1.amazonaws.com' });
    expect(policy.Statement[1].Condition).toEqual({
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:us-east-1:${account}:log-group:*` },
    });
  });

  it('sends all flow logs to a KMS-encrypted group created after the key policy', () => {
    expect(json).toHaveResourceWithProperties(FlowLog, {
      traffic_type: 'ALL',
      log_destination_type: 'cloud-watch-logs',
      log_destination: '${aws_cloudwatch_log_group.flow-logs.arn}',
      vpc_id: '${aws_vpc.vpc.id}',
    });
    const group = resourcesOfType(json, 'aws_cloudwatch_log_group')['flow-logs'];
    expect(group).toMatchObject({
      name: '/dropship/shop-production/vpc-flow-logs',
      retention_in_days: 90,
      kms_key_id: '${aws_kms_key.kms.arn}',
      depends_on: ['aws_kms_key_policy.kms-policy'],
    });
    const rolePolicy = parsePolicy(
      resourcesOfType(json, 'aws_iam_role_policy')['flow-logs-role-policy'].policy as string,
    ) as { Statement: { Resource: string | string[] }[] };
    expect(rolePolicy.Statement[0].Resource).toEqual([
      '${aws_cloudwatch_log_group.flow-logs.arn}',
      '${aws_cloudwatch_log_group.flow-logs.arn}:*',
    ]);
  });

  it('renders security groups without inline rules and every rule as its own described resource', () => {
    for (const sg of Object.values(resourcesOfType(json, 'aws_security_group'))) {
      expect(sg).not.toHaveProperty('ingress');
      expect(sg).not.toHaveProperty('egress');
      expect(sg.vpc_id).toBe('${aws_vpc.vpc.id}');
    }
    expect(json).toHaveResourceWithProperties(SecurityGroup, {
      name: 'shop-production-db-main',
      description: 'dropship shop-production: database main',
    });
    expect(json).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
      security_group_id: '${aws_security_group.sg-db-main.id}',
      referenced_security_group_id: '${aws_security_group.sg-app-web.id}',
      ip_protocol: 'tcp',
      from_port: 3306,
      to_port: 3306,
      description: 'TCP 3306 from shop-production-app-web',
    });
    const rules = [
      ...Object.values(resourcesOfType(json, 'aws_vpc_security_group_ingress_rule')),
      ...Object.values(resourcesOfType(json, 'aws_vpc_security_group_egress_rule')),
    ];
    for (const r of rules) expect(typeof r.description).toBe('string');
  });

  it('admits 0.0.0.0/0 only on the ALB group (no ::/0: php-shop has no IPv6)', () => {
    const open = Object.values(resourcesOfType(json, 'aws_vpc_security_group_ingress_rule')).filter(
      (r) => r.cidr_ipv4 === '0.0.0.0/0' || r.cidr_ipv6 === '::/0',
    );
    expect(open.map((r) => r.cidr_ipv4 ?? r.cidr_ipv6)).toEqual(['0.0.0.0/0', '0.0.0.0/0']);
    for (const r of open) expect(r.security_group_id).toBe('${aws_security_group.sg-alb.id}');
  });

  it('strips the default security group of every rule', () => {
    expect(resourcesOfType(json, 'aws_default_security_group')['default-sg']).toEqual({
      vpc_id: '${aws_vpc.vpc.id}',
      tags: { Name: 'shop-production-default' },
    });
  });

  it('holds exactly the resources the plan model describes, with no placeholder left', () => {
    expect(countsOf(json)).toEqual(expectedNetworkCounts(plan));
    expect(json).not.toContain('{{');
  });
});

describe('every example', () => {
  it.each(examples().map((e) => e.name))('%s: network stack matches its plan model', (name) => {
    const plan = compile(loadExample(name));
    const json = networkJson(plan);
    expect(countsOf(json)).toEqual(expectedNetworkCounts(plan));
  });

  it.each(examples().map((e) => e.name))('%s: synthesizes byte-identically twice', (name) => {
    const spec = loadExample(name);
    expect(networkJson(compile(spec))).toBe(networkJson(compile(spec)));
  });
});

describe('per-az NAT', () => {
  const spec = specFrom({
    ...baseInput(),
    aws: {
      ...baseInput().aws,
      network: {
        vpc: {
          cidr: '10.0.0.0/16',
          publicSubnets: ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24'],
          privateSubnets: ['10.0.10.0/24', '10.0.11.0/24', '10.0.12.0/24'],
          nat: 'per-az',
        },
      },
      availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    },
  });

  it('routes each private table to the NAT gateway of its own zone', () => {
    const json = networkJson(compile(spec));
    const routes = resourcesOfType(json, 'aws_route');
    expect(routes['rt-private-0-default'].nat_gateway_id).toBe('${aws_nat_gateway.nat-0.id}');
    expect(routes['rt-private-1-default'].nat_gateway_id).toBe('${aws_nat_gateway.nat-1.id}');
    expect(routes['rt-private-2-default'].nat_gateway_id).toBe('${aws_nat_gateway.nat-2.id}');
    const nats = resourcesOfType(json, 'aws_nat_gateway');
    expect(nats['nat-2'].subnet_id).toBe('${aws_subnet.subnet-public-2.id}');
  });

  it('gives each route the id the plan says (rt-<key>)', () => {
    const altered = structuredClone(compile(spec));
    const net = altered.network as NewVpcPlan;
    net.routeTables.find((rt) => rt.key === 'public')!.routes[0].key = 'public-to-the-internet';
    const routes = resourcesOfType(networkJson(altered), 'aws_route');
    expect(routes['rt-public-to-the-internet']).toMatchObject({ destination_cidr_block: '0.0.0.0/0' });
    expect(routes).not.toHaveProperty('rt-public-default');
  });

  it('names and places what the plan says: KMS key, default group, flow log and its role, NAT subnets', () => {
    const altered = structuredClone(compile(spec));
    const net = altered.network as NewVpcPlan;
    net.kms.name = 'custom-key';
    net.defaultSecurityGroup.name = 'custom-default';
    net.flowLogs.name = 'custom-flow';
    net.flowLogs.roleDescription = 'custom role description';
    net.flowLogs.rolePolicyName = 'custom-policy';
    net.natGateways[0].publicSubnetKey = 'public-2';
    const json = networkJson(altered);
    expect(Object.values(resourcesOfType(json, 'aws_kms_key'))[0]).toMatchObject({
      tags: { Name: 'custom-key' },
    });
    expect(Object.values(resourcesOfType(json, 'aws_default_security_group'))[0]).toMatchObject({
      tags: { Name: 'custom-default' },
    });
    expect(resourcesOfType(json, 'aws_flow_log')['flow-log']).toMatchObject({
      tags: { Name: 'custom-flow' },
      log_destination_type: 'cloud-watch-logs',
    });
    expect(resourcesOfType(json, 'aws_iam_role')['flow-logs-role']).toMatchObject({
      description: 'custom role description',
    });
    expect(resourcesOfType(json, 'aws_iam_role_policy')['flow-logs-role-policy']).toMatchObject({
      name: 'custom-policy',
    });
    expect(resourcesOfType(json, 'aws_nat_gateway')['nat-0'].subnet_id).toBe(
      '${aws_subnet.subnet-public-2.id}',
    );
  });
});

describe('nat: none', () => {
  const input = baseInput();
  (input.aws.network as { vpc: { nat: string } }).vpc.nat = 'none';
  const plan = compile(
    specFrom({
      ...input,
      apps: [
        {
          name: 'jobs',
          containers: [
            { name: 'main', image: { uri: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/x/y:1' } },
          ],
        },
      ],
    }),
  );
  const json = networkJson(plan);

  it('creates no NAT and puts the endpoints in the private subnets and route tables', () => {
    expect(resourcesOfType(json, 'aws_nat_gateway')).toEqual({});
    expect(resourcesOfType(json, 'aws_vpc_endpoint')['vpce-s3']).toMatchObject({
      service_name: 'com.amazonaws.eu-west-1.s3',
      vpc_endpoint_type: 'Gateway',
      route_table_ids: ['${aws_route_table.rt-private-0.id}', '${aws_route_table.rt-private-1.id}'],
    });
    expect(resourcesOfType(json, 'aws_vpc_endpoint')['vpce-ecr-dkr']).toMatchObject({
      vpc_endpoint_type: 'Interface',
      private_dns_enabled: true,
      subnet_ids: ['${aws_subnet.subnet-private-0.id}', '${aws_subnet.subnet-private-1.id}'],
      security_group_ids: ['${aws_security_group.sg-vpce.id}'],
    });
    expect(Object.keys(resourcesOfType(json, 'aws_route'))).toEqual(['rt-public-default']);
  });

  it('places and names each endpoint exactly as its plan says (the stack decides nothing)', () => {
    const altered = structuredClone(plan);
    const net = altered.network as NewVpcPlan;
    for (const e of net.endpoints) {
      e.name = `custom-${e.key}`;
      if (e.type === 'Gateway') e.routeTableKeys = ['public'];
      else {
        e.subnetKeys = ['public-1'];
        e.securityGroupKeys = ['app-jobs'];
      }
    }
    const endpoints = resourcesOfType(networkJson(altered), 'aws_vpc_endpoint');
    expect(endpoints['vpce-s3']).toMatchObject({
      route_table_ids: ['${aws_route_table.rt-public.id}'],
      tags: { Name: 'custom-s3' },
    });
    expect(endpoints['vpce-logs']).toMatchObject({
      subnet_ids: ['${aws_subnet.subnet-public-1.id}'],
      security_group_ids: ['${aws_security_group.sg-app-jobs.id}'],
      tags: { Name: 'custom-logs' },
    });
  });
});

describe('existing VPC with an account guard', () => {
  const spec = specFrom({
    ...baseInput(),
    aws: {
      ...baseInput().aws,
      accountId: '111122223333',
      network: existingVpcNetwork(),
    },
    databases: [{ name: 'main', engine: 'postgres' }],
    apps: [
      {
        name: 'jobs',
        containers: [{ name: 'main', image: { uri: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/x/y:1' } }],
        uses: { databases: ['main'] },
      },
    ],
  });
  const json = networkJson(compile(spec));

  it('creates no network, only the key and the security groups in the given VPC', () => {
    expect(Object.keys(countsOf(json)).sort()).toEqual([
      'aws_kms_alias',
      'aws_kms_key',
      'aws_kms_key_policy',
      'aws_security_group',
      'aws_vpc_security_group_egress_rule',
      'aws_vpc_security_group_ingress_rule',
    ]);
    for (const sg of Object.values(resourcesOfType(json, 'aws_security_group')))
      expect(sg.vpc_id).toBe('vpc-0abc1234def567890');
  });

  it('guards the account and names it literally in the key policy', () => {
    expect(json).toHaveProviderWithProperties(AwsProvider, { allowed_account_ids: ['111122223333'] });
    const policy = Object.values(resourcesOfType(json, 'aws_kms_key_policy'))[0].policy as string;
    expect(policy).toContain('arn:aws:iam::111122223333:root');
    expect(policy).not.toContain('split(');
  });
});

describe('a plan that names what it does not create', () => {
  it('is refused as a dropship bug, naming the key and asking for a report', () => {
    const plan = compile(loadExample('php-shop'));
    const network = plan.network as NewVpcPlan;
    const broken: Plan = {
      ...plan,
      network: {
        ...network,
        routeTables: network.routeTables.map((rt, i) =>
          i === 0 ? { ...rt, subnets: [...rt.subnets, 'public-9'] } : rt,
        ),
      },
    };
    expect(() => networkJson(broken)).toThrow(
      /route table public refers to unknown key public-9 \(a dropship bug: please report it\)/,
    );
  });
});

describe('logical ids', () => {
  const base = loadExample('php-shop');
  const idsOf = (spec: MigrationSpec) =>
    new Map(
      resourcesOf(networkJson(compile(revalidated(spec)))).map(([type, id, config]) => [
        `${type}.${id}`,
        config,
      ]),
    );

  it('adding an app, a database and a cache keeps every existing id and its configuration', () => {
    const extended = reparse({
      ...base,
      apps: [
        ...base.apps,
        {
          ...base.apps[0],
          name: 'admin',
          expose: undefined,
          volumes: [],
          uses: { databases: ['reports'], caches: ['jobs'] },
        },
      ],
      databases: [...base.databases, { ...base.databases[0], name: 'reports' }],
      caches: [...base.caches, { ...base.caches[0], name: 'jobs' }],
    });
    const before = idsOf(base);
    const after = idsOf(extended);
    for (const [id, config] of before) expect({ id, config: after.get(id) }).toEqual({ id, config });
    expect(after.size).toBeGreaterThan(before.size);
  });

  it('does not depend on the order of apps in the spec', () => {
    const two = reparse({
      ...base,
      apps: [...base.apps, { ...base.apps[0], name: 'admin', expose: undefined, volumes: [] }],
    });
    const swapped = reparse({ ...two, apps: [...two.apps].reverse() });
    expect([...idsOf(swapped).keys()].sort()).toEqual([...idsOf(two).keys()].sort());
  });
});

/** The shared base spec, with `aws` loosened so tests can spread network variants into it. */
function baseInput() {
  const base = baseSpecInput();
  return { ...base, aws: base.aws as Record<string, unknown> };
}

/** Round-trips a modified spec through the loader, so it is validated like a file. */
function reparse(spec: unknown): MigrationSpec {
  return specFrom(JSON.parse(JSON.stringify(spec, (_k, v) => (v === undefined ? undefined : v))) as never);
}

/**
 * Parses a policy document that contains Terraform interpolations (`${element(split(":", ...), 4)}` has
 * quotes of its own, so the raw string is JSON only after Terraform evaluates it).
 */
function parsePolicy(text: string): unknown {
  return JSON.parse(text.replace(/\$\{[^}]*\}/g, (m) => m.replace(/"/g, '\\"')));
}
