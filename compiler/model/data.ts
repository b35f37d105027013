/**
 * The data tier's part of the plan model: RDS / Aurora databases, ElastiCache replication groups, Secrets
 * Manager secrets, and the data-migration plan (dump runbook or AWS DMS). Plain data; `stacks/data*` renders
 * it without deciding anything.
 */
import type { RdsEngine, CacheEngine } from '../../schema/facts/engine-versions';
import type { Address, Ref, Value } from './refs';
import type { Decision, ManualStep } from './record';
import type { AppWiring } from './wiring';

/** A DB, cache or DMS replication subnet group: one per environment, shared by everything of its tier. */
export interface SubnetGroupPlan {
  name: string;
  description: string;
  subnetIds: Value[];
}

export type SubnetGroupTier = 'db' | 'cache' | 'dms';
import type { ShellCommand } from './record';

export interface DbParameter {
  name: string;
  value: string;
  /** `pending-reboot` for static parameters. */
  applyMethod: 'immediate' | 'pending-reboot';
}

/** A CloudWatch log group created ahead of the service that writes to it, so it is KMS-encrypted and expires. */
export interface DataLogGroupPlan {
  name: string;
  retentionDays: number;
}

/** An Aurora reader for a DigitalOcean read-only node (plain RDS instances get none: see `replicas`). */
export interface DbReplicaPlan {
  /** DB instance identifier of the reader (one of `aurora.instances`). */
  identifier: string;
  /** The DigitalOcean read-only node it replaces, when it maps one. */
  from?: string;
  instanceClass: string;
}

export interface AuroraPlan {
  engine: 'aurora-mysql' | 'aurora-postgresql';
  engineVersion: string;
  clusterIdentifier: string;
  clusterParameterGroupName: string;
  clusterParameterFamily: string;
  /** Writer first, then one reader per standby (Multi-AZ) and per read replica. */
  instances: AuroraInstancePlan[];
  /** Aurora Serverless v2 capacity (ACUs) when the instances are `db.serverless`. */
  serverlessV2?: { minAcu: number; maxAcu: number };
}

export interface AuroraInstancePlan {
  identifier: string;
  /** Its place in `instances`: failover promotes the lowest tier, so the standby comes before the readers. */
  promotionTier: number;
}

/**
 * What every database gets whatever the spec says: dropship's secure defaults, which no spec field turns off
 * (compiler/data/rds.ts DATABASE_PROTECTIONS says why each is fixed).
 */
export interface DatabaseProtections {
  storageEncrypted: true;
  manageMasterUserPassword: true;
  iamDatabaseAuthentication: true;
  publiclyAccessible: false;
  copyTagsToSnapshot: true;
}

/** What every cache gets whatever the spec says (compiler/data/elasticache.ts CACHE_PROTECTIONS). */
export interface CacheProtections {
  atRestEncryption: true;
  transitEncryption: true;
  autoMinorVersionUpgrade: true;
}

/** What every DMS replication instance gets (compiler/data/migration.ts DMS_INSTANCE_SETTINGS). */
export interface DmsInstanceSettings {
  publiclyAccessible: false;
  /** Off during the move: an upgrade restarts the instance mid-replication (schema/facts/dms-versions.ts). */
  autoMinorVersionUpgrade: false;
  applyImmediately: true;
  /** The pinned replication engine version. */
  engineVersion: string;
  /** The last day AWS lets a new instance be created with that version (ISO date), named in the plan. */
  engineVersionCreatableUntil: string;
}

export interface DatabasePlan {
  /** Spec name (`databases[].name`). */
  name: string;
  /** RDS DB instance identifier of the primary (≤ 63 chars, no `--`). */
  identifier: string;
  engine: RdsEngine;
  /** `engine_version` prefix, e.g. `8.4`, `16`. */
  engineVersion: string;
  port: number;
  instanceClass: string;
  /** EBS volume type of an RDS instance (Aurora manages its own storage). */
  storageType: 'gp3';
  /** GiB. */
  allocatedStorageGb: number;
  /** Storage autoscaling ceiling, GiB (> allocated). */
  maxAllocatedStorageGb: number;
  multiAz: boolean;
  /**
   * Aurora readers for read-only nodes. Always empty for an RDS instance: RDS cannot create a read replica
   * of an instance whose master password it manages, and that password must stay out of Terraform.
   */
  replicas: DbReplicaPlan[];
  /** Aurora cluster instead of an instance (same secure settings). */
  aurora?: AuroraPlan;
  dbName: string;
  /** Master user: administration only (migrations of data, creating users); never wired to apps. */
  username: string;
  /** The application's own user (created by a manual step) whose credentials the apps receive. */
  appUsername: string;
  /** `aws_db_instance.db-<name>`, or `aws_rds_cluster.db-<name>` for Aurora, in the data stack. */
  address: Address<'aws_db_instance'> | Address<'aws_rds_cluster'>;
  /** Where apps connect: the instance's address or the cluster's writer endpoint, and the port. */
  endpoint: {
    host: Ref<'aws_db_instance' | 'aws_rds_cluster'>;
    port: Ref<'aws_db_instance' | 'aws_rds_cluster'>;
    /**
     * An Aurora cluster with a reader instance (a standby or a replica): its reader endpoint, which spreads
     * connections over the readers; apps get it as `DB_READER_HOST`. Absent when only the writer exists.
     */
    readerHost?: Ref<'aws_rds_cluster'>;
  };
  /** Key of the secret (in `DataPlan.secrets`) holding `{username, password}` of the application user. */
  appSecret: string;
  securityGroupId: Value;
  kmsKeyArn: Value;
  parameterGroupName: string;
  parameterFamily: string;
  /** Also the Aurora cluster parameter group's (the cluster identifier is `identifier`). */
  parameterGroupDescription: string;
  parameters: DbParameter[];
  /**
   * Server certificate authority of every instance (Aurora instances too); RDS's default for new instances
   * may change, and apps verify the server against the RDS CA bundle, so it is pinned here.
   */
  caCertIdentifier: string;
  backupRetentionDays: number;
  deletionProtection: boolean;
  /** Set when a final snapshot is taken on delete (production or deletion protection). */
  finalSnapshotIdentifier?: string;
  /** Deleted without a final snapshot: exactly when `finalSnapshotIdentifier` is unset. */
  skipFinalSnapshot: boolean;
  performanceInsights: boolean;
  performanceInsightsRetentionDays: number;
  /** Enhanced Monitoring granularity in seconds (0 = off). */
  monitoringIntervalSeconds: number;
  /**
   * Enhanced Monitoring is on (an interval above 0): the instances name the environment's monitoring role
   * (`DataPlan.monitoringRole`) and wait for its policy, which RDS checks when it creates them.
   */
  monitored: boolean;
  /** IAM role RDS assumes to publish Enhanced Monitoring metrics (one per environment). */
  monitoringRoleName: string;
  logExports: string[];
  /**
   * The groups RDS would otherwise create on first export (never expiring, AWS-managed key):
   * `/aws/rds/instance/<id>/<log>` per instance (replicas too), `/aws/rds/cluster/<id>/<log>` for Aurora.
   */
  logGroups: DataLogGroupPlan[];
  protections: DatabaseProtections;
  /**
   * RDS applies minor versions itself (an RDS instance, whose `engineVersion` is a major line), or only a
   * version change in the plan does (Aurora, whose version is a full minor: see the decision).
   */
  autoMinorVersionUpgrade: boolean;
  /**
   * A new major version in the plan (a `version` bump) is applied: RDS refuses one without this flag, and
   * the flag alone changes nothing.
   */
  allowMajorVersionUpgrade: true;
  /** The DigitalOcean cluster it replaces. */
  from?: string;
}

export interface CachePlan {
  name: string;
  /** ElastiCache replication group id (≤ 40 chars). */
  replicationGroupId: string;
  description: string;
  engine: CacheEngine;
  engineVersion: string;
  parameterGroupName: string;
  nodeType: string;
  /** Primary + replicas. */
  numCacheClusters: number;
  port: number;
  automaticFailover: boolean;
  multiAz: boolean;
  securityGroupId: Value;
  kmsKeyArn: Value;
  snapshotRetentionDays: number;
  finalSnapshotIdentifier?: string;
  /** The slow log's group. */
  slowLogGroup: DataLogGroupPlan;
  /** JSON, so CloudWatch Logs Insights reads the fields without a parse pattern. */
  slowLogFormat: 'json';
  /** `aws_elasticache_replication_group.cache-<name>` in the data stack. */
  address: Address<'aws_elasticache_replication_group'>;
  /** Where apps connect: the primary endpoint and the port. */
  endpoint: {
    host: Ref<'aws_elasticache_replication_group'>;
    port: Ref<'aws_elasticache_replication_group'>;
  };
  /** Key of the secret (in `DataPlan.secrets`) that holds the AUTH token, set out of band. */
  authSecret: string;
  /**
   * A Terraform `check` that reads the group on every plan and warns while it has no AUTH token (the token is
   * applied by a manual step, so Terraform cannot require it).
   */
  authCheck: CacheAuthCheckPlan;
  /** Production: Terraform refuses a plan that destroys the group (and every session or job in it). */
  preventDestroy: boolean;
  protections: CacheProtections;
  from?: string;
}

/** `check "<name>"` with a scoped `data "aws_elasticache_replication_group"` and one assertion. */
export interface CacheAuthCheckPlan {
  /** The check block's name and its scoped data source's name. */
  name: string;
  /** Shown by terraform plan and apply while the assertion fails. */
  errorMessage: string;
}

/** A Secrets Manager secret the data stack creates (no value: set out of band) or references by ARN. */
export interface SecretPlan {
  /** Unique key in the plan (spec secret name, `cache-<name>-auth`, `dms-<db>-target`). */
  key: string;
  /** Declared in the spec's `secrets:` (its key is the spec's name); else one dropship adds. */
  declared: boolean;
  /** `aws_secretsmanager_secret.secret-<key>` in the data stack (see compiler/data/secrets.ts). */
  address: Address<'aws_secretsmanager_secret'>;
  arn: Ref<'aws_secretsmanager_secret'>;
  /** Secrets Manager name (when dropship creates it). */
  secretName?: string;
  /** An existing secret's ARN (then nothing is created). */
  existingArn?: string;
  description: string;
  kmsKeyArn: Value;
  recoveryWindowDays: number;
  /** JSON keys the value is expected to hold, when it is a JSON object. */
  keys: string[];
}

export interface DmsEndpointPlan {
  endpointId: string;
  engineName: 'mysql' | 'postgres' | 'aurora' | 'aurora-postgresql';
  databaseName?: string;
  /** DMS supports no `require` on MySQL endpoints, and `require` verifies nothing: always verified. */
  sslMode: 'verify-ca' | 'verify-full';
  /** Key (in `DmsPlan.certificates`) of the CA certificate the server is verified against. */
  certificate: string;
  /** PostgreSQL source: CDC settings (no DDL capture: it needs event triggers; a heartbeat keeps WAL moving). */
  cdc?: { captureDdls: false; heartbeatEnable: true };
  /** Secret with `{username, password, host, port}` (DMS reads connection details from it). */
  secretArn: Value;
  /** PostgreSQL target: SQL DMS runs on every connection (bypasses FK checks and user triggers). */
  afterConnectScript?: string;
  /** MySQL target: extra connection attributes (DMS has no typed MySQL settings block). */
  extraConnectionAttributes?: string;
}

/** The non-secret part of the DMS source secret's value (the password is the operator's to add). */
export interface DmsSourceConnection {
  username: string;
  host: string;
  port: number;
}

export interface DmsTaskPlan {
  database: string;
  replicationInstanceId: string;
  instanceClass: string;
  allocatedStorageGb: number;
  multiAz: boolean;
  instanceSettings: DmsInstanceSettings;
  source: DmsEndpointPlan;
  target: DmsEndpointPlan;
  /** Key of the declared secret the source endpoint reads, and what its JSON value must hold. */
  sourceSecret: string;
  sourceConnection: DmsSourceConnection;
  taskId: string;
  /** Full load, then change data capture until cutover (the only method with downtime of just the switch). */
  migrationType: 'full-load-and-cdc';
  /** Never on deploy: the runbook starts it once the schema exists and both endpoints test green. */
  startOnDeploy: false;
  /** DMS table-mapping JSON (serialized with sorted keys, deterministic). */
  tableMappings: string;
  /** Replication task settings JSON (only what differs from DMS's defaults). */
  taskSettings: string;
  /**
   * Terraform leaves these alone once the task exists: the provider stops a running task to modify them and
   * does not start it again, so an unrelated apply would silently end the replication mid-migration.
   */
  ignoreChanges: ['table_mappings', 'replication_task_settings'];
}

/**
 * A CA certificate DMS verifies a server against (`aws_dms_certificate`). Its PEM is not in the spec and
 * dropship fetches nothing: it comes from the Terraform variable `variableName`, set by the reader.
 */
export interface DmsCertificatePlan {
  key: string;
  certificateId: string;
  /** Terraform variable holding the PEM (built by dropship from the database name: letters, digits, `_`). */
  variableName: string;
  description: string;
  /** The key this certificate had in earlier output (one per database): a `moved` block from its address. */
  movedFrom?: string;
}

export interface DmsPlan {
  /** CA certificates the endpoints verify against: one per DigitalOcean cluster, one for the RDS region. */
  certificates: DmsCertificatePlan[];
  /** The replication subnet group; `name` is its identifier. */
  subnetGroup: SubnetGroupPlan;
  securityGroupId: Value;
  kmsKeyArn: Value;
  /** Role DMS assumes to read the endpoint secrets (and decrypt them). */
  accessRoleName: string;
  accessRoleDescription: string;
  /** Trust policy JSON: DMS's regional principal, the one that reads endpoint secrets. */
  accessRoleTrustPolicyJson: string;
  /** Name of the role's inline policy. */
  accessPolicyName: string;
  /** The inline policy JSON (references embedded): read exactly the endpoint secrets, decrypt with the environment key. */
  accessPolicyJson: string;
  tasks: DmsTaskPlan[];
}

/** One step of the data move, in order, as printed by `dropship plan`. */
export interface RunbookEntry {
  database: string;
  method: 'dump' | 'dms';
  title: string;
  /** Built by compiler/shell.ts; a `# ` line is a comment the report shows as text. */
  commands: ShellCommand[];
  /** Expected downtime and what causes it. */
  downtime: string;
  notes: string[];
}

/** The one role per environment RDS assumes to publish Enhanced Monitoring metrics to CloudWatch Logs. */
export interface MonitoringRolePlan {
  name: string;
  description: string;
  /** Trust policy JSON: only RDS's monitoring service may assume it. */
  assumeRolePolicyJson: string;
  /** The AWS managed policy that grants exactly the publishing it needs. */
  managedPolicyArn: string;
}

/**
 * The data plan. Each tier's subnet group comes with its members (one per environment, not per database or
 * cache: AWS places every instance by the same group), so a plan with databases but no DB subnet group, or
 * caches but no cache subnet group, cannot be written.
 */
export type DataPlan = DataPlanParts & DatabaseTier & CacheTier;

export type DatabaseTier =
  | { databases: []; dbSubnetGroup?: undefined }
  | { databases: DatabasePlan[]; dbSubnetGroup: SubnetGroupPlan };

export type CacheTier =
  { caches: []; cacheSubnetGroup?: undefined } | { caches: CachePlan[]; cacheSubnetGroup: SubnetGroupPlan };

export interface DataPlanParts {
  /** Per app name: what it receives from databases, caches and secrets. */
  wiring: Record<string, AppWiring>;
  /** Every secret the data stack creates or references (spec secrets, cache AUTH tokens, DMS targets). */
  secrets: SecretPlan[];
  /** Present when some database moves with AWS DMS. */
  dms?: DmsPlan;
  /** Present when some database has Enhanced Monitoring on. */
  monitoringRole?: MonitoringRolePlan;
  /** How each database's data moves, in order. */
  runbook: RunbookEntry[];
  decisions: Decision[];
  manualSteps: ManualStep[];
}
