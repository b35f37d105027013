/** One record set as the Route 53 ChangeResourceRecordSets API takes it, keys in the API's order. */

import type { AppSpec, DataMode } from '../../schema/spec';
import type { Decision, ManualStep } from './record';
import type { Ref, Value } from './refs';
import type { DoEndpoint } from '../../schema/inventory/hostnames';
import type { AwsHealthPlan } from './health-signal';

export interface ResourceRecordSetJson {
  /** Fully qualified, with the final dot. */
  Name: string;
  Type: string;
  SetIdentifier?: string;
  Weight?: number;
  TTL: number;
  ResourceRecords: { Value: string }[];
}

export interface ChangeBatchJson {
  Comment: string;
  Changes: { Action: 'DELETE' | 'CREATE'; ResourceRecordSet: ResourceRecordSetJson }[];
}

export interface ZoneSwapPlan {
  domain: string;
  zoneId: string;
  /** The hostnames whose simple records the batch replaces. */
  hostnames: string[];
  /**
   * One change batch, or several when the zone's changes exceed Route 53's limits per request
   * (ROUTE53_BATCH_LIMITS): each holds whole hostnames, so every name still changes atomically.
   */
  changeBatches: ChangeBatchJson[];
  /** Each CREATEd record's `terraform import`: its resource address in the cutover stack and import id. */
  imports: { address: string; id: string }[];
}

/** A hostname the cutover moves, with where it points on each side. */
export interface CutoverHostname {
  app: string;
  /** The app's spec (its health path, its droplets), as publicHostnames gives it. */
  appSpec: AppSpec;
  hostname: string;
  domain: string;
  zoneId: Value;
  endpoints: DoEndpoint[];
  /** A always; AAAA when both sides have IPv6 and the name answers AAAA today (whyNoAaaaPairs). */
  types: ('A' | 'AAAA')[];
  /**
   * Every app behind the hostname with its ALB paths, in spec order (`app` above is the one whose Host
   * header the DigitalOcean side's checks use; their path is the app's serving the default route:
   * cutover/health-path.ts). Route 53 weights the name; the ALB splits paths.
   */
  apps: { app: string; paths: string[] }[];
  /**
   * Where `endpoints` come from: `app`, the only app's droplets or load balancer; `dns`, what the inventory
   * answers for the name today (a hostname several apps share, or one only a wildcard answers).
   */
  source: 'app' | 'dns';
}

export interface HealthCheckPlan {
  /** Stable id: `<app>-<endpoint>` (IPv4), `<app>-<endpoint>_ipv6` (the AAAA record's check). */
  key: string;
  /** The Name tag shown in the Route 53 console. */
  name: string;
  ipAddress: string;
  /** Sent as Host header (and SNI for HTTPS); omitted for wildcard hostnames. */
  fqdn?: string;
  type: 'HTTP' | 'HTTPS';
  port: number;
  resourcePath: string;
  failureThreshold: number;
  requestInterval: number;
  /**
   * Weighted records carry the check's id: a replaced check (a new type or request interval, which the
   * provider cannot change in place) is created and attached to the records before the old one is deleted, which Route 53
   * refuses while a record still names it.
   */
  createBeforeDestroy: true;
  /** A previous address of this check (`health-<key>`), followed by a `moved` block. */
  movedFrom?: string;
}

export interface WeightedRecordPlan {
  /** Stable resource id: `<hostname>-<type>-<set identifier>`, never depends on the phase. */
  key: string;
  zoneId: Value;
  /** FQDN without the trailing dot. */
  name: string;
  /** CNAME: a CDN host name (compiler/cutover/cdn.ts), whose AWS side is a CNAME to CloudFront too. */
  type: 'A' | 'AAAA' | 'CNAME';
  setIdentifier: string;
  weight: number;
  /**
   * Non-alias side: the cutover TTL and one value (a CDN host name's AWS side: the distribution's domain
   * name, a reference embedded in the text).
   */
  ttl?: number;
  records?: string[];
  healthCheck?: string;
  /**
   * Alias (AWS) side: the ALB. `name` is its DNS name, or for a dualstack ALB the text
   * `dualstack.<DNS name>` with the reference embedded (compiler/refs.ts): the name AWS tells A and
   * AAAA records to target for a dualstack load balancer.
   */
  alias?: { name: Value; zoneId: Value; evaluateTargetHealth: boolean };
}

export interface PhaseRow {
  phase: number;
  aws: number;
  digitalocean: number;
  current: boolean;
  /** What changes from the previous phase (first row: what the cutover stack creates). */
  changes: string[];
  /**
   * Where the apps write at this phase (cutover.dataMode), e.g. `DigitalOcean (both sides)`; absent when no
   * database or cache moves from DigitalOcean.
   */
  writes?: string;
}

/** How the apps reach their data while both sides serve traffic (cutover.dataMode), and what follows. */
export interface CutoverDataModePlan {
  mode: DataMode;
  /** Named in the spec, or the default. */
  explicit: boolean;
  reason: string;
  /** The databases and caches that move from DigitalOcean (`from`); the mode changes nothing without them. */
  stores: string[];
  /** digitalocean-until-100 with `cutover.dataMoved`: the tasks use AWS, DigitalOcean holds a stale copy. */
  dataMoved: boolean;
  /**
   * Rolling traffic back to a lower phase from `current` sends writes to a DigitalOcean copy that is no
   * longer the writer (move-first past phase 0, or digitalocean-until-100 once the data moved):
   * `cutover rollback` and `set` refuse it (move-first: without --force; digitalocean-until-100: until
   * cutover.dataMoved is false again).
   */
  rollbackRefusedFrom?: number;
  /** What a rollback means in this mode, stated in the plan and by `cutover status`. */
  rollback: string;
}

/**
 * Values the cutover stack reads from another stack's state through an explicit `terraform_remote_state`
 * with fixed output names, not cdktf's automatic cross-stack references: those create their outputs in the
 * producer only once a consumer uses them, so moving 0 → 10 % would change the apps stack as well and fail
 * with "Unsupported attribute" until it is re-applied.
 */
export interface RemoteOutputsPlan {
  /** The producer stack whose state is read. */
  stack: string;
  /** Each reference the consumer reads there, with the name of the producer's output that always carries it. */
  outputs: { value: Ref; output: string }[];
}

/** A CDN host name the cutover weights: a CNAME to the Spaces CDN against a CNAME to CloudFront. */
export interface CutoverCdnHostname {
  hostname: string;
  domain: string;
  zoneId: Value;
  /** The Spaces CDN name it is a CNAME to today. */
  digitalocean: string;
  /** The distribution's domain name, read from the ALB's stack's output `awsOutput`. */
  aws: Ref<'aws_cloudfront_distribution'>;
  awsOutput: string;
  /**
   * Its Space stays the files' only writer until cutover.dataMoved (the tasks use it: compiler/storage/
   * spaces-in-use.ts), so the name answers the Spaces CDN at every phase until then: the bucket behind
   * CloudFront holds only the last copy, and a file uploaded since would be missing there.
   */
  spacesUntilDataMoved: boolean;
}

export interface CutoverPlan {
  phases: number[];
  current: number;
  ttl: number;
  hostnames: CutoverHostname[];
  /** CDN host names (Spaces CDN → CloudFront), weighted with CNAME records and no health check. */
  cdnHostnames: CutoverCdnHostname[];
  /** The weighted records of the current phase. */
  records: WeightedRecordPlan[];
  /**
   * The health checks of the current phase: one per DigitalOcean endpoint still receiving traffic, and one
   * more on its IPv6 address when it has AAAA records.
   */
  healthChecks: HealthCheckPlan[];
  /** Where the ALB's alias target is read from; only when the current phase publishes the AWS side. */
  albState?: RemoteOutputsPlan;
  /** The AWS side's health per hostname (compiler/cutover/health-signal.ts); only when the phase publishes it. */
  awsHealth?: AwsHealthPlan;
  /**
   * Each weighted app's alarm and CLOUDWATCH_METRIC check, rendered in the stack of its target group at every
   * phase (so a phase move changes no app-tier stack, and a replaced target group updates both in one apply).
   */
  appHealth: AwsHealthPlan['apps'];
  phaseTable: PhaseRow[];
  /** Per existing Route 53 zone: the change batch that hands its cutover names over, and the imports. */
  zoneSwaps: ZoneSwapPlan[];
  /**
   * What ends the old answers of the weighted hostnames, by the kind of zone they are in: in a zone dropship
   * creates, the lowered TTLs and the nameserver switch; in an existing zone, the change batch.
   */
  oldAnswersEnd: { newZones: string[]; existingZones: string[] };
  /** The longest TTL of the inventory records the cutover takes over: wait this long before phase 1. */
  maxOldTtl: number;
  /** Where the apps write during the phases (cutover.dataMode) and what rolling back means. */
  dataMode: CutoverDataModePlan;
  decisions: Decision[];
  manualSteps: ManualStep[];
}

/** The state of the cutover stack at one phase. */
export interface PhaseState {
  records: WeightedRecordPlan[];
  healthChecks: HealthCheckPlan[];
  /** The AWS side's CALCULATED checks the cutover stack holds at this phase (where it publishes `aws` records). */
  awsChecks?: string[];
}
