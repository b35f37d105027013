/**
 * What every database gets, whatever the spec says: the protections, the pinned CA, storage type, TLS and
 * slow-query parameters, the exported logs, and the classes some features are not offered on.
 */
import type { RdsEngine } from '../../../schema/facts/engine-versions';
import type { DatabaseProtections, DbParameter } from '../../model/data';

/** The class of Aurora Serverless v2 instances (Aurora User Guide, "Using Aurora Serverless v2"). */
export const SERVERLESS_CLASS = 'db.serverless';
/** gp3: 3,000 IOPS and 125 MiB/s at any size, and cheaper per GiB than gp2. */
export const RDS_STORAGE_TYPE = 'gp3';
/** Every database (RDS instance or Aurora cluster and its instances), whatever the spec says. */
export const DATABASE_PROTECTIONS: DatabaseProtections = {
  // Encrypted at rest with the environment's key; encryption cannot be added to a database later.
  storageEncrypted: true,
  // RDS generates the master password and keeps it in Secrets Manager: it never passes through Terraform.
  manageMasterUserPassword: true,
  // Lets apps and operators sign in with short-lived IAM tokens instead of long-lived passwords.
  iamDatabaseAuthentication: true,
  // Reachable only inside the VPC, through the security group rules the plan lists.
  publiclyAccessible: false,
  // Snapshots keep the app and environment tags, so cost reports and cleanup find them.
  copyTagsToSnapshot: true,
};
/**
 * RDS's current CA (RSA 2048, 40-year validity), pinned rather than left to the region's default at creation
 * time, so every instance presents the same chain; clients verify it against the RDS global bundle.
 */
export const RDS_CA_CERT = 'rds-ca-rsa2048-g1';
/** Classes Performance Insights does not run on (RDS User Guide, PerfInsights.Overview.Engines). */
export const NO_PERFORMANCE_INSIGHTS = /^db\.t[34]g?\.(micro|small)$/;
/** Aurora MySQL offers no Performance Insights on db.t2 and db.t3 (Aurora User Guide, USER_PerfInsights.Overview.Engines). */
export const NO_PERFORMANCE_INSIGHTS_AURORA_MYSQL = /^db\.t[23]\./;

/**
 * Encryption in transit is enforced by the server, plus slow-query logging for the exported logs.
 * require_secure_transport is a 0/1 parameter in an RDS MySQL DB parameter group and ON/OFF in an Aurora MySQL
 * cluster parameter group: each is written as its group stores it, so the next plan reads back what it wrote.
 * RDS MySQL keeps binary logs (automated backups are on), and then only SUPER, which the master user lacks,
 * may create functions and triggers unless log_bin_trust_function_creators is 1: without it, restoring a
 * dump with routines or triggers stops with ERROR 1419. Aurora MySQL keeps no binary log unless asked.
 * event_scheduler is ON, MySQL 8's default and what the source ran its events with, so restored events keep
 * running; set explicitly rather than left to the group's default, which AWS does not document. It is dynamic
 * (SET GLOBAL), and a cluster-level parameter in Aurora MySQL 3, so it goes in whichever group the engine has.
 */
export function parametersFor(engine: RdsEngine, aurora: boolean): DbParameter[] {
  if (engine === 'mysql')
    return [
      { name: 'event_scheduler', value: 'ON', applyMethod: 'immediate' },
      ...(aurora
        ? []
        : [{ name: 'log_bin_trust_function_creators', value: '1', applyMethod: 'immediate' } as const]),
      { name: 'long_query_time', value: '2', applyMethod: 'immediate' },
      { name: 'require_secure_transport', value: aurora ? 'ON' : '1', applyMethod: 'immediate' },
      { name: 'slow_query_log', value: '1', applyMethod: 'immediate' },
    ];
  return [
    { name: 'log_min_duration_statement', value: '2000', applyMethod: 'immediate' },
    { name: 'rds.force_ssl', value: '1', applyMethod: 'immediate' },
  ];
}

export function logExportsFor(engine: RdsEngine, aurora: boolean): string[] {
  if (engine === 'mysql') return ['error', 'slowquery'];
  return aurora ? ['postgresql'] : ['postgresql', 'upgrade'];
}
