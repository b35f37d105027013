/**
 * The network part of the plan model: the VPC (new or existing), subnets, NAT, routes, endpoints, flow logs and the
 * environment's KMS key.
 */
import type { Decision } from './record';
import type { PolicyStatement } from './iam';
import type { Address, Ref, Value } from './refs';

export type SubnetTier = 'public' | 'private';

export type NatMode = 'single' | 'per-az' | 'none';

/**
 * A subnet's IPv6 /64, known only after the VPC has its Amazon-provided /56: the stack renders it as the
 * Terraform expression `cidrsubnet(<vpc ipv6 cidr>, newBits, netNum)`.
 */
export interface Ipv6SubnetCidr {
  kind: 'cidrsubnet';
  /** The VPC's `ipv6_cidr_block`. */
  prefix: Ref<'aws_vpc'>;
  /** Always 8: a /56 plus 8 bits is the /64 AWS requires. */
  newBits: 8;
  netNum: number;
}

export interface SubnetIpv6Plan {
  cidr: Ipv6SubnetCidr;
  /** Like `mapPublicIpOnLaunch`: the ALB's addresses come from ELB, nothing else launched here gets one. */
  assignAddressOnCreation: false;
}

export interface SubnetPlan {
  /** Stable logical key, e.g. `public-0` (index = zone order; renaming nothing keeps it). */
  key: string;
  tier: SubnetTier;
  index: number;
  availabilityZone: string;
  cidr: string;
  /** The Name tag. */
  name: string;
  /** Public subnets still don't hand out public IPs: the ALB and NAT gateways get theirs explicitly. */
  mapPublicIpOnLaunch: false;
  /** Public subnets only, with `aws.network.vpc.ipv6: true`: the /64 a dualstack ALB requires. */
  ipv6?: SubnetIpv6Plan;
  /** `aws_subnet.subnet-<key>`. */
  address: Address<'aws_subnet'>;
}

export interface NatGatewayPlan {
  index: number;
  availabilityZone: string;
  /** Key of the public subnet it sits in (`public-<i>`): it needs the internet gateway's route. */
  publicSubnetKey: string;
  name: string;
  eipName: string;
  /** `aws_eip.nat-eip-<index>`: the gateway's public address. */
  eipAddress: Address<'aws_eip'>;
}

export interface RoutePlan {
  /**
   * Stable id, rendered `rt-<key>`: `<table key>-default` for the IPv4 default route, `<table key>-default-ipv6`
   * for the IPv6 one (docs/network.md publishes `rt-public-default-ipv6`).
   */
  key: string;
  /** The address family of `destination`: `ipv4` renders `destination_cidr_block`, `ipv6` `destination_ipv6_cidr_block`. */
  family: 'ipv4' | 'ipv6';
  /** A CIDR of `family`. */
  destination: string;
  target: { kind: 'internet-gateway' } | { kind: 'nat-gateway'; index: number };
}

export interface RouteTablePlan {
  /** `public`, or `private-<zone index>`. */
  key: string;
  tier: SubnetTier;
  name: string;
  routes: RoutePlan[];
  /** Keys of the subnets associated with it (`SubnetPlan.key`, always of `tier`). */
  subnets: string[];
}

export interface KmsKeyPlan {
  /** The Name tag: the environment prefix, as in the alias. */
  name: string;
  /** `alias/<prefix>`. */
  alias: string;
  description: string;
  enableKeyRotation: true;
  deletionWindowDays: number;
  /**
   * Production: Terraform refuses a plan that destroys the key. Everything the environment encrypted (RDS,
   * snapshots, secrets, logs) becomes unreadable once a scheduled deletion completes.
   */
  preventDestroy: boolean;
  /** The key policy (references embedded: the account id when the spec does not give it). */
  policy: PolicyStatement[];
  /** `aws_kms_key.kms`. */
  address: Address<'aws_kms_key'>;
  arn: Ref<'aws_kms_key'>;
}

/**
 * `local.account_id`, when the spec does not give `aws.accountId`: the account segment of the key's ARN,
 * known once the key exists, without a data source (no AWS call at plan time). Policies embed it.
 */
export interface AccountIdLocalPlan {
  address: Address<'local'>;
}

export interface FlowLogsPlan {
  /** The Name tag of the flow log. */
  name: string;
  /** CloudWatch Logs (not S3): queryable with Logs Insights during the cutover, encrypted with the env key. */
  destinationType: 'cloud-watch-logs';
  logGroupName: string;
  retentionDays: number;
  trafficType: 'ALL';
  /** Seconds; 60 gives minute-level detail for incident review during the cutover. */
  maxAggregationInterval: 60 | 600;
  roleName: string;
  roleDescription: string;
  /** Name of the role's inline policy. */
  rolePolicyName: string;
  /** Trust policy of the role the VPC Flow Logs service assumes. */
  assumeRolePolicy: PolicyStatement[];
  /** What that role may do: write to exactly this log group (its ARN embedded). */
  rolePolicy: PolicyStatement[];
  /** `aws_cloudwatch_log_group.flow-logs`. */
  logGroupAddress: Address<'aws_cloudwatch_log_group'>;
}

interface NetworkCommon {
  availabilityZones: string[];
  /** The partition of the region, for ARNs built at compile time: always `aws` (see `PARTITION`, compiler/aws/partition.ts). */
  partition: Partition;
  /** Only without `aws.accountId` in the spec. */
  accountIdLocal?: AccountIdLocalPlan;
  kms: KmsKeyPlan;
  /** References to the new VPC and subnets (subnets in zone order), or the existing ones' ids. */
  vpcId: Value<'aws_vpc'>;
  publicSubnetIds: Value<'aws_subnet'>[];
  privateSubnetIds: Value<'aws_subnet'>[];
  nat: {
    mode: NatMode | 'existing';
    /** Public IPs of the NAT gateways (the sources DigitalOcean must trust during the move). */
    publicIps: Value<'aws_eip'>[];
  };
  decisions: Decision[];
}

interface VpcEndpointCommon {
  /** Logical key, e.g. `ecr-api`. */
  key: string;
  /** `com.amazonaws.<region>.<service>`. */
  serviceName: string;
  /** Why the tasks need it. */
  purpose: string;
  /** The Name tag: `<vpc name>-<key>`. */
  name: string;
}

export interface GatewayEndpointPlan extends VpcEndpointCommon {
  type: 'Gateway';
  /**
   * Keys of the route tables it adds the service's prefix-list route to (`RouteTablePlan.key`): the private
   * ones, because the tasks sit in the private subnets; public subnets reach S3 through the internet gateway.
   */
  routeTableKeys: string[];
}

export interface InterfaceEndpointPlan extends VpcEndpointCommon {
  type: 'Interface';
  /**
   * Keys of the subnets it puts a network interface in (`SubnetPlan.key`): the private ones, one per zone,
   * so tasks in every zone reach it without crossing zones and it survives the loss of one.
   */
  subnetKeys: string[];
  /** Security-group keys (`SecurityPlan` nodes): `vpce`, which admits HTTPS from the tasks and nothing else. */
  securityGroupKeys: string[];
  /** The service's public hostname resolves to the endpoint inside the VPC, so SDKs and the agent need no override. */
  privateDns: true;
}

export type VpcEndpointPlan = GatewayEndpointPlan | InterfaceEndpointPlan;

export interface NewVpcPlan extends NetworkCommon {
  mode: 'new';
  vpc: {
    name: string;
    cidr: string;
    enableDnsSupport: true;
    enableDnsHostnames: true;
    /** With `aws.network.vpc.ipv6`: the Amazon-provided IPv6 /56 the VPC requests (its `ipv6_cidr_block`). */
    ipv6CidrRef?: Ref<'aws_vpc'>;
    /** `aws_vpc.vpc`. */
    address: Address<'aws_vpc'>;
  };
  subnets: SubnetPlan[];
  internetGateway: { name: string };
  natGateways: NatGatewayPlan[];
  routeTables: RouteTablePlan[];
  /** The VPC's default group: kept without rules (see the stack), named here. */
  defaultSecurityGroup: { name: string };
  /**
   * With `nat: none` the private subnets have no way out: gateway (S3) and interface endpoints (in the private
   * subnets, security group `vpce`, private DNS) let tasks pull images, read secrets and write logs anyway.
   */
  endpoints: VpcEndpointPlan[];
  flowLogs: FlowLogsPlan;
}

export interface ExistingVpcPlan extends NetworkCommon {
  mode: 'existing';
  existing: {
    vpcId: string;
    publicSubnetIds: string[];
    privateSubnetIds: string[];
    natGatewayIps: string[];
  };
}

export type NetworkPlan = NewVpcPlan | ExistingVpcPlan;

/**
 * The ARN partition of every region dropship accepts: the schema refuses China (cn-*) and GovCloud (us-gov-*)
 * regions (AWS_REGION, schema/spec.ts), whose ARNs, service principals and endpoints differ.
 */
export type Partition = 'aws';
