/** The network plan's decisions: subnets per zone, NAT per mode, routes, flow logs, the KMS key, existing VPCs. */
import { address, embed, embeddedRefs, ref } from '../../compiler/refs';
import { compile, planDecisions } from '../../compiler';
import { createContext } from '../../compiler/context';
import { ENDPOINTS_SG_KEY, compileNetwork } from '../../compiler/network';
import { type NetworkPlan, type NewVpcPlan } from '../../compiler/model/network';
import {
  baseSpecInput,
  compileExample,
  examples,
  loadExample,
  specFrom,
  existingVpcNetwork,
} from '../helpers/synth';

type SpecInput = ReturnType<typeof baseSpecInput>;

function networkOf(mutate: (input: SpecInput) => void = () => {}): NetworkPlan {
  const input = baseSpecInput();
  mutate(input);
  return compileNetwork(createContext(specFrom(input)));
}

function newVpc(mutate: (input: SpecInput) => void = () => {}): NewVpcPlan {
  const plan = networkOf(mutate);
  if (plan.mode !== 'new') throw new Error('expected a new VPC');
  return plan;
}

const withNat =
  (nat: 'single' | 'per-az' | 'none', zones = 2) =>
  (input: SpecInput) => {
    const letters = ['a', 'b', 'c'].slice(0, zones);
    input.aws.availabilityZones = letters.map((l) => `eu-west-1${l}`);
    input.aws.network = {
      vpc: {
        cidr: '10.0.0.0/16',
        publicSubnets: letters.map((_, i) => `10.0.${i}.0/24`),
        privateSubnets: letters.map((_, i) => `10.0.${16 + i}.0/24`),
        nat,
      },
    };
  };

const routesOf = (plan: NewVpcPlan) =>
  Object.fromEntries(plan.routeTables.map((rt) => [rt.key, rt.routes.map((r) => r.target)]));

describe('subnets', () => {
  it('places public and private subnets in zone order', () => {
    const plan = newVpc(withNat('single', 3));
    expect(plan.subnets.map((s) => [s.key, s.availabilityZone, s.cidr])).toEqual([
      ['public-0', 'eu-west-1a', '10.0.0.0/24'],
      ['public-1', 'eu-west-1b', '10.0.1.0/24'],
      ['public-2', 'eu-west-1c', '10.0.2.0/24'],
      ['private-0', 'eu-west-1a', '10.0.16.0/24'],
      ['private-1', 'eu-west-1b', '10.0.17.0/24'],
      ['private-2', 'eu-west-1c', '10.0.18.0/24'],
    ]);
    expect(plan.subnets.every((s) => s.mapPublicIpOnLaunch === false)).toBe(true);
    // Each subnet's address is its Terraform address in the network stack; the ids point at the subnets.
    expect(plan.subnets.map((s) => s.address)).toEqual(
      plan.subnets.map((s) => address('demo-staging-network', 'aws_subnet', `subnet-${s.key}`)),
    );
    const byTier = (tier: string) => plan.subnets.filter((s) => s.tier === tier);
    expect(plan.privateSubnetIds).toEqual(byTier('private').map((s) => ref(s.address, 'id')));
    expect(plan.publicSubnetIds).toEqual(byTier('public').map((s) => ref(s.address, 'id')));
  });

  it('routes public subnets to the internet gateway through one table', () => {
    const plan = newVpc(withNat('single', 3));
    const pub = plan.routeTables.find((rt) => rt.key === 'public')!;
    expect(pub.routes).toEqual([
      {
        key: 'public-default',
        family: 'ipv4',
        destination: '0.0.0.0/0',
        target: { kind: 'internet-gateway' },
      },
    ]);
    expect(pub.subnets).toEqual(['public-0', 'public-1', 'public-2']);
  });

  it('associates each private table with the private subnet of its own zone, by subnet key', () => {
    const plan = newVpc(withNat('single', 3));
    const keys = new Set(plan.subnets.map((s) => s.key));
    for (const rt of plan.routeTables) for (const k of rt.subnets) expect(keys).toContain(k);
    expect(plan.routeTables.filter((rt) => rt.tier === 'private').map((rt) => rt.subnets)).toEqual([
      ['private-0'],
      ['private-1'],
      ['private-2'],
    ]);
  });

  it('names the default group, the flow log and the key for the environment', () => {
    const plan = newVpc();
    expect(plan.vpc.name).toBe('demo-staging');
    expect(plan.defaultSecurityGroup.name).toBe('demo-staging-default');
    expect(plan.flowLogs.name).toBe('demo-staging-flow-logs');
    expect(plan.flowLogs.destinationType).toBe('cloud-watch-logs');
    expect(plan.flowLogs.rolePolicyName).toBe('write-flow-logs');
    expect(plan.flowLogs.roleDescription).toBe(
      'VPC flow logs of demo-staging to /dropship/demo-staging/vpc-flow-logs',
    );
    expect(plan.kms.name).toBe('demo-staging');
  });
});

describe('NAT modes', () => {
  it('single: one gateway in the first zone, every private table routes to it', () => {
    const plan = newVpc(withNat('single', 3));
    expect(plan.natGateways.map((n) => [n.index, n.availabilityZone, n.publicSubnetKey])).toEqual([
      [0, 'eu-west-1a', 'public-0'],
    ]);
    expect(routesOf(plan)).toEqual({
      public: [{ kind: 'internet-gateway' }],
      'private-0': [{ kind: 'nat-gateway', index: 0 }],
      'private-1': [{ kind: 'nat-gateway', index: 0 }],
      'private-2': [{ kind: 'nat-gateway', index: 0 }],
    });
    // The route ids the network stack renders (`rt-<key>`), as they have always been.
    expect(plan.routeTables.flatMap((rt) => rt.routes.map((r) => r.key))).toEqual([
      'public-default',
      'private-0-default',
      'private-1-default',
      'private-2-default',
    ]);
    expect(plan.nat.publicIps).toEqual([ref(plan.natGateways[0].eipAddress, 'public_ip')]);
    const decision = plan.decisions.find((d) => d.subject === 'network.nat')!;
    expect(decision.choice).toContain('one NAT gateway in eu-west-1a');
    expect(decision.rule).toMatch(/cheapest/);
  });

  it('per-az: one gateway per zone, each private table routes to its own zone', () => {
    const plan = newVpc(withNat('per-az', 3));
    expect(plan.natGateways.map((n) => [n.index, n.availabilityZone, n.publicSubnetKey])).toEqual([
      [0, 'eu-west-1a', 'public-0'],
      [1, 'eu-west-1b', 'public-1'],
      [2, 'eu-west-1c', 'public-2'],
    ]);
    expect(routesOf(plan)).toEqual({
      public: [{ kind: 'internet-gateway' }],
      'private-0': [{ kind: 'nat-gateway', index: 0 }],
      'private-1': [{ kind: 'nat-gateway', index: 1 }],
      'private-2': [{ kind: 'nat-gateway', index: 2 }],
    });
    expect(plan.natGateways.map((n) => n.eipAddress.name)).toEqual(['nat-eip-0', 'nat-eip-1', 'nat-eip-2']);
    expect(plan.nat.publicIps).toEqual(plan.natGateways.map((n) => ref(n.eipAddress, 'public_ip')));
  });

  it('none: no gateway, private tables without a default route, and the decision says what is needed instead', () => {
    const plan = newVpc(withNat('none'));
    expect(plan.natGateways).toEqual([]);
    expect(plan.nat.publicIps).toEqual([]);
    expect(routesOf(plan)).toEqual({
      public: [{ kind: 'internet-gateway' }],
      'private-0': [],
      'private-1': [],
    });
    expect(plan.decisions.find((d) => d.subject === 'network.nat')!.rule).toMatch(/VPC endpoints/);
  });

  it('none: VPC endpoints for image pulls, secrets and logs instead (and SSM messages for ECS Exec)', () => {
    const plan = newVpc(withNat('none'));
    expect(plan.endpoints.map((e) => [e.key, e.serviceName, e.type])).toEqual([
      ['s3', 'com.amazonaws.eu-west-1.s3', 'Gateway'],
      ['ecr-api', 'com.amazonaws.eu-west-1.ecr.api', 'Interface'],
      ['ecr-dkr', 'com.amazonaws.eu-west-1.ecr.dkr', 'Interface'],
      ['logs', 'com.amazonaws.eu-west-1.logs', 'Interface'],
      ['secretsmanager', 'com.amazonaws.eu-west-1.secretsmanager', 'Interface'],
    ]);
    expect(plan.decisions.map((d) => d.subject)).toContain('network.endpoints');
    const withExec = newVpc((input) => {
      withNat('none')(input);
      input.apps = [
        {
          name: 'jobs',
          containers: [
            { name: 'main', image: { uri: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/x/y:1' } },
          ],
          deployment: { exec: true },
        },
      ];
    });
    // ECS Exec: the session channel, and KMS for the session key (sessions are encrypted with the environment key).
    expect(withExec.endpoints.map((e) => e.key)).toEqual(expect.arrayContaining(['ssmmessages', 'kms']));
    expect(withExec.endpoints.find((e) => e.key === 'kms')?.serviceName).toBe('com.amazonaws.eu-west-1.kms');
  });

  it('none: gateway endpoints go on the private route tables only', () => {
    const plan = newVpc(withNat('none', 3));
    const gateways = plan.endpoints.filter((e) => e.type === 'Gateway');
    expect(gateways.map((e) => e.key)).toEqual(['s3']);
    const privateTables = plan.routeTables.filter((rt) => rt.tier === 'private').map((rt) => rt.key);
    expect(privateTables).toEqual(['private-0', 'private-1', 'private-2']);
    for (const e of gateways) {
      expect(e).not.toHaveProperty('subnetKeys');
      expect(e).not.toHaveProperty('securityGroupKeys');
      expect(e.routeTableKeys).toEqual(privateTables);
    }
  });

  it('none: interface endpoints sit in every private subnet behind the endpoints group, with private DNS', () => {
    const plan = newVpc(withNat('none', 3));
    const interfaces = plan.endpoints.filter((e) => e.type === 'Interface');
    expect(interfaces).toHaveLength(4);
    for (const e of interfaces) {
      expect(e).not.toHaveProperty('routeTableKeys');
      expect(e.subnetKeys).toEqual(['private-0', 'private-1', 'private-2']);
      expect(e.securityGroupKeys).toEqual([ENDPOINTS_SG_KEY]);
      expect(e.privateDns).toBe(true);
    }
  });

  it('none: every endpoint is named after the VPC, and every key it carries exists in the plan', () => {
    const input = baseSpecInput();
    withNat('none', 3)(input);
    const plan = compile(specFrom(input));
    const net = plan.network as NewVpcPlan;
    expect(net.endpoints.map((e) => e.name)).toEqual(
      ['s3', 'ecr-api', 'ecr-dkr', 'logs', 'secretsmanager'].map((k) => `demo-staging-${k}`),
    );
    const subnets = new Map(net.subnets.map((s) => [s.key, s.tier]));
    const tables = new Map(net.routeTables.map((rt) => [rt.key, rt.tier]));
    const groups = new Map(plan.security.nodes.map((n) => [n.key, n.kind]));
    for (const e of net.endpoints) {
      if (e.type === 'Gateway') {
        for (const k of e.routeTableKeys) expect([k, tables.get(k)]).toEqual([k, 'private']);
      } else {
        for (const k of e.subnetKeys) expect([k, subnets.get(k)]).toEqual([k, 'private']);
        for (const k of e.securityGroupKeys) expect([k, groups.get(k)]).toEqual([k, 'endpoints']);
      }
    }
  });

  it('single and per-az: no endpoints (traffic to AWS APIs goes through NAT)', () => {
    expect(newVpc(withNat('single')).endpoints).toEqual([]);
    expect(newVpc(withNat('per-az')).endpoints).toEqual([]);
  });

  it('keeps one private route table per zone in every mode (switching modes only changes routes)', () => {
    const keys = (['single', 'per-az', 'none'] as const).map((m) =>
      newVpc(withNat(m)).routeTables.map((rt) => rt.key),
    );
    expect(keys[0]).toEqual(['public', 'private-0', 'private-1']);
    expect(keys[1]).toEqual(keys[0]);
    expect(keys[2]).toEqual(keys[0]);
  });
});

describe('IPv6 (aws.network.vpc.ipv6)', () => {
  const withIpv6 =
    (ipv6: boolean, nat: 'single' | 'per-az' | 'none' = 'single', zones = 3) =>
    (input: SpecInput) => {
      withNat(nat, zones)(input);
      (input.aws.network as { vpc: { ipv6?: boolean } }).vpc.ipv6 = ipv6;
    };

  it('is off by default: no IPv6 block, no subnet /64, IPv4 routes only, no decision', () => {
    const plan = newVpc(withNat('single', 3));
    // One fact: the /56's reference is present exactly when the VPC requests it.
    expect(Object.keys(plan.vpc)).not.toContain('ipv6CidrRef');
    expect(plan.subnets.filter((s) => s.ipv6 !== undefined)).toEqual([]);
    const routes = plan.routeTables.flatMap((rt) => rt.routes.map((r) => `${r.family} ${r.destination}`));
    expect(routes.length).toBeGreaterThan(0);
    expect(routes.filter((r) => r !== 'ipv4 0.0.0.0/0')).toEqual([]);
    expect(plan.decisions.map((d) => d.subject)).not.toContain('network.ipv6');
  });

  it('requests the Amazon-provided /56 and gives each public subnet its own /64 of it, in zone order', () => {
    const plan = newVpc(withIpv6(true));
    expect(plan.vpc.address).toEqual(address('demo-staging-network', 'aws_vpc', 'vpc'));
    expect(plan.vpc.ipv6CidrRef).toEqual(ref(plan.vpc.address, 'ipv6_cidr_block'));
    const v6 = plan.subnets.map((s) => [s.key, s.ipv6?.cidr.netNum, s.ipv6?.cidr.newBits]);
    expect(v6).toEqual([
      ['public-0', 0, 8],
      ['public-1', 1, 8],
      ['public-2', 2, 8],
      ['private-0', undefined, undefined],
      ['private-1', undefined, undefined],
      ['private-2', undefined, undefined],
    ]);
    for (const s of plan.subnets.filter((x) => x.tier === 'public')) {
      expect(s.ipv6).toEqual({
        cidr: { kind: 'cidrsubnet', prefix: plan.vpc.ipv6CidrRef, newBits: 8, netNum: s.index },
        assignAddressOnCreation: false,
      });
    }
  });

  it('adds ::/0 to the internet gateway in the public table only; private tables keep their IPv4 routes', () => {
    for (const nat of ['single', 'per-az', 'none'] as const) {
      const without = newVpc(withIpv6(false, nat));
      const plan = newVpc(withIpv6(true, nat));
      const pub = plan.routeTables.find((rt) => rt.key === 'public')!;
      expect(pub.routes).toEqual([
        {
          key: 'public-default',
          family: 'ipv4',
          destination: '0.0.0.0/0',
          target: { kind: 'internet-gateway' },
        },
        {
          key: 'public-default-ipv6',
          family: 'ipv6',
          destination: '::/0',
          target: { kind: 'internet-gateway' },
        },
      ]);
      const privateRoutes = (p: NewVpcPlan) =>
        p.routeTables.filter((rt) => rt.tier === 'private').map((rt) => rt.routes);
      expect(privateRoutes(plan)).toEqual(privateRoutes(without));
    }
  });

  it('explains the choice, including why tasks stay IPv4', () => {
    const decision = newVpc(withIpv6(true)).decisions.find((d) => d.subject === 'network.ipv6')!;
    expect(decision.choice).toMatch(/\/56.*\/64 per public subnet \(3\).*::\/0/);
    expect(decision.rule).toMatch(/aws\.network\.vpc\.ipv6: true/);
    expect(decision.rule).toMatch(/reaches its targets over IPv4/);
  });

  it('does not exist for an existing VPC (the schema rejects the key there)', () => {
    const input = baseSpecInput();
    input.aws.network = {
      existing: {
        vpcId: 'vpc-0abc1234def567890',
        publicSubnetIds: ['subnet-0aaa1111', 'subnet-0aaa2222'],
        privateSubnetIds: ['subnet-0bbb1111', 'subnet-0bbb2222'],
        ipv6: true,
      },
    } as unknown as SpecInput['aws']['network'];
    expect(() => specFrom(input)).toThrow(/ipv6/);
  });
});

describe('flow logs and KMS', () => {
  it('takes the retention from the spec and writes to a KMS-encrypted group through a scoped role', () => {
    const plan = newVpc((input) => {
      (input.aws.network as { vpc: { flowLogs?: { retentionDays: number } } }).vpc.flowLogs = {
        retentionDays: 14,
      };
    });
    expect(plan.flowLogs.retentionDays).toBe(14);
    expect(plan.flowLogs.trafficType).toBe('ALL');
    expect(plan.flowLogs.logGroupName).toBe('/dropship/demo-staging/vpc-flow-logs');
    const actions = plan.flowLogs.rolePolicy.flatMap((s) => s.Action);
    expect(actions).not.toContain('logs:*');
    expect(plan.flowLogs.rolePolicy.flatMap((s) => s.Resource)).not.toContain('*');
    expect(plan.flowLogs.assumeRolePolicy[0].Principal).toEqual({ Service: 'vpc-flow-logs.amazonaws.com' });
  });

  it('defaults flow-log retention to 90 days', () => {
    expect(newVpc().flowLogs.retentionDays).toBe(90);
  });

  it('creates one rotating key per environment with alias/<prefix>, open to CloudWatch Logs of this region', () => {
    const plan = networkOf();
    expect(plan.kms.alias).toBe('alias/demo-staging');
    expect(plan.kms.enableKeyRotation).toBe(true);
    expect(plan.kms.address).toEqual(address('demo-staging-network', 'aws_kms_key', 'kms'));
    expect(plan.kms.arn).toEqual(ref(plan.kms.address, 'arn'));
    const logs = plan.kms.policy.find((s) => s.Principal?.Service !== undefined)!;
    expect(logs.Principal).toEqual({ Service: 'logs.eu-west-1.amazonaws.com' });
    expect(logs.Action).not.toContain('kms:*');
    expect(logs.Condition?.ArnLike['kms:EncryptionContext:aws:logs:arn']).toMatch(
      /^arn:aws:logs:eu-west-1:.+:log-group:\*$/,
    );
  });

  it('names the account root when the spec gives the account, local.account_id embedded otherwise', () => {
    const known = networkOf((input) => {
      input.aws.accountId = '111122223333';
    });
    expect(JSON.stringify(known.kms.policy)).toContain('arn:aws:iam::111122223333:root');
    expect(embeddedRefs(JSON.stringify(known.kms.policy))).toEqual([]);
    expect(known.accountIdLocal).toBeUndefined();
    const unknown = networkOf();
    expect(unknown.accountIdLocal).toEqual({
      address: address('demo-staging-network', 'local', 'account_id'),
    });
    const account = embed(ref(unknown.accountIdLocal!.address, 'value'));
    expect(unknown.kms.policy.find((s) => s.Sid === 'EnableIamPolicies')!.Principal).toEqual({
      AWS: `arn:aws:iam::${account}:root`,
    });
  });

  it('lets the flow-log role write to exactly its log group, by reference', () => {
    const plan = newVpc();
    expect(plan.flowLogs.logGroupAddress).toEqual(
      address('demo-staging-network', 'aws_cloudwatch_log_group', 'flow-logs'),
    );
    const arn = embed(ref(plan.flowLogs.logGroupAddress, 'arn'));
    expect(plan.flowLogs.rolePolicy.find((s) => s.Sid === 'WriteFlowLogs')!.Resource).toEqual([
      arn,
      `${arn}:*`,
    ]);
  });

  it('keeps keys of production environments recoverable for longer', () => {
    const prod = networkOf((input) => {
      input.environment = 'production';
    });
    expect(prod.kms.deletionWindowDays).toBe(30);
    expect(networkOf().kms.deletionWindowDays).toBe(7);
  });
});

describe('existing VPC', () => {
  const existing = (input: SpecInput) => {
    input.aws.network = existingVpcNetwork({ natGatewayIps: ['198.51.100.7'] });
  };

  it('creates nothing and gives the VPC, subnet and NAT ids from the spec', () => {
    const plan = networkOf(existing);
    expect(plan.mode).toBe('existing');
    expect(plan).not.toHaveProperty('subnets');
    expect(plan).not.toHaveProperty('natGateways');
    expect(plan.vpcId).toBe('vpc-0abc1234def567890');
    expect(plan.publicSubnetIds).toEqual(['subnet-0aaa1111', 'subnet-0aaa2222']);
    expect(plan.privateSubnetIds).toEqual(['subnet-0bbb1111', 'subnet-0bbb2222']);
    expect(plan.nat.publicIps).toEqual(['198.51.100.7']);
    expect(plan.decisions.find((d) => d.subject === 'network.vpc')!.choice).toContain(
      'vpc-0abc1234def567890',
    );
  });
});

describe('the compiled plan', () => {
  it.each(examples().map((e) => e.name))('%s records the network decisions with reasons', (name) => {
    const plan = compileExample(name);
    const subjects = planDecisions(plan).map((d) => d.subject);
    expect(subjects).toEqual(expect.arrayContaining(['network.kms']));
    for (const d of planDecisions(plan).filter((x) => x.subject.startsWith('network.')))
      expect(d.rule.length).toBeGreaterThan(20);
  });

  it('php-shop: single NAT in us-east-1a over two zones', () => {
    const plan = compile(loadExample('php-shop'));
    expect(plan.network.mode).toBe('new');
    const net = plan.network as NewVpcPlan;
    expect(net.vpc.cidr).toBe('10.40.0.0/16');
    expect(net.natGateways.map((n) => n.availabilityZone)).toEqual(['us-east-1a']);
  });
});
