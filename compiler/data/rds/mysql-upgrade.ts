/**
 * A DigitalOcean MySQL 8 (8.0) source that becomes RDS MySQL 8.4 is a major upgrade hidden in the move: what
 * changes for the app, checked in the rehearsal, with 8.0 and its Extended Support price as the alternative.
 */
import type { DoDatabaseSpec } from '../../../schema/spec';
import { findRdsVersion, majorOf } from '../../../schema/facts/engine-versions';
import type { Decision } from '../../model';
import { extendedSupportCost } from './support';

/** MySQL's own list of what 8.4 changed since 8.0, and AWS's page on RDS for MySQL 8.4. */
export const MYSQL_84_SOURCES = [
  'https://dev.mysql.com/doc/refman/8.4/en/mysql-nutshell.html',
  'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MySQL.Concepts.FeatureSupport.html#MySQL.Concepts.FeatureSupport.8-4',
] as const;

/**
 * What an app written against 8.0 meets on 8.4 (MySQL 8.4 Reference Manual, "What Is New in MySQL 8.4 since
 * MySQL 8.0": features removed and changed defaults).
 */
export const MYSQL_84_CHANGES: readonly string[] = [
  'new users authenticate with caching_sha2_password and the mysql_native_password plugin is disabled by default, so the app user dropship creates needs a client that speaks caching_sha2_password (PHP mysqlnd 7.4+, libmysqlclient 8.0+, current PyMySQL, mysql2 and JDBC drivers; over TLS, which RDS requires here)',
  'removed statements and options: CHANGE MASTER TO, START/STOP SLAVE, SHOW SLAVE STATUS, SHOW MASTER STATUS and the other MASTER/SLAVE forms (use SOURCE/REPLICA), FLUSH HOSTS',
  'removed server variables: default_authentication_plugin (authentication_policy replaces it), expire_logs_days (binlog_expire_logs_seconds), binlog_transaction_dependency_tracking and others: a SET or a parameter naming one fails',
  'foreign keys must reference a primary key or unique key over exactly those columns (restrict_fk_on_non_standard_key is ON): a table whose foreign key references a non-unique or partial key fails to restore',
  'new reserved words (MANUAL, PARALLEL, QUALIFY, TABLESAMPLE) must be quoted as identifiers',
];

/** Whether a MySQL 8 / 8.0 source becomes the RDS (not Aurora) MySQL 8.4 line. */
export function mysql84Upgrade(
  source: DoDatabaseSpec | undefined,
  target: { engine: string; version: string; aurora: boolean },
): source is DoDatabaseSpec {
  if (!source || source.engine !== 'mysql' || target.aurora || target.engine !== 'mysql') return false;
  return /^8(\.0)?$/.test(majorOf(source.version)) && target.version === '8.4';
}

/** The decision that lists the changes and prices the alternative, 8.0 on Extended Support. */
export function mysql84UpgradeDecision(
  subject: string,
  source: DoDatabaseSpec,
  instanceClass: string,
  instances: number,
): Decision {
  const eight = findRdsVersion('mysql', '8.0');
  const cost = eight ? extendedSupportCost(eight, instanceClass, instances) : undefined;
  const alternative = cost
    ? `version: "8.0" keeps 8.0 instead, billed RDS Extended Support from the first hour: about $${cost.monthlyUsd.toFixed(2)} per month on top of the instance (${cost.detail}${cost.price.verified ? '' : ', price unverified'})`
    : 'version: "8.0" keeps 8.0 instead';
  return {
    subject: `${subject}.upgrade`,
    choice: `MySQL ${source.version} → 8.4: a major upgrade inside the move; the rehearsal restores into 8.4 and runs the app's tests against it`,
    rule: `what changes for the app: ${MYSQL_84_CHANGES.map((c, i) => `(${i + 1}) ${c}`).join('; ')}. ${alternative}. Sources: ${MYSQL_84_SOURCES.join(', ')}`,
    from: source.name,
  };
}

/** The rehearsal's 8.4 checks, beside its restore checks. */
export const MYSQL_84_REHEARSAL =
  'The target is MySQL 8.4, the source 8.0: a restore error 6125 ("Failed to add the foreign key constraint. Missing unique key") names a foreign key over a non-unique key, to fix on DigitalOcean first; run the test suite with the app connecting as its own user (caching_sha2_password) and grep the code and migrations for MASTER/SLAVE statements, FLUSH HOSTS and removed variables (the decision databases.<name>.upgrade lists them). ';
