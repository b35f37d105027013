/**
 * Who connects to a database and how it is watched: the app user and its secret, the master user kept for
 * administration, Enhanced Monitoring, TLS with a pinned CA, and Performance Insights where it is offered.
 */
import type { RdsEngine } from '../../../schema/facts/engine-versions';
import { secretPath } from '../secrets';
import type { DatabaseChoice } from './choice';
import { ENHANCED_MONITORING_SECONDS, monitoringRoleName } from './monitoring';
import { NO_PERFORMANCE_INSIGHTS, NO_PERFORMANCE_INSIGHTS_AURORA_MYSQL, RDS_CA_CERT } from './settings';

/** `<database>_app`: a legal MySQL (≤ 32 characters) and PostgreSQL user name that says what it is for. */
export function appUsernameFor(dbName: string): string {
  const base = dbName
    .replace(/[^A-Za-z0-9_]/g, '_')
    .toLowerCase()
    .slice(0, 28);
  return `${/^[a-z]/.test(base) ? base : `db_${base}`.slice(0, 28)}_app`;
}

/** Records the credentials, monitoring and TLS decisions; says whether Performance Insights runs. */
export function chooseAccess(
  { ctx, db, subject, decisions }: DatabaseChoice,
  appUsername: string,
  engine: RdsEngine,
  instanceClass: string,
): { performanceInsights: boolean } {
  decisions.push({
    subject: `${subject}.credentials`,
    choice: `apps connect as ${appUsername} (secret ${secretPath(ctx, db.name, 'app')}); the master user ${db.username} (password generated and rotated by RDS in Secrets Manager) is for administration only`,
    rule:
      'least privilege, and survive rotations: RDS rotates the master password every 7 days and ECS reads secrets only at task start, ' +
      'so apps on the master secret would fail to open new connections after a rotation until redeployed. The app user can only use its database; ' +
      'no password is in Terraform or its state (a manual step creates the user and fills the secret)',
  });
  decisions.push({
    subject: `${subject}.monitoring`,
    choice: `Enhanced Monitoring every ${ENHANCED_MONITORING_SECONDS} s through the role ${monitoringRoleName(ctx)}`,
    rule: "OS metrics (per-process CPU, memory, I/O) that CloudWatch's hypervisor metrics lack; 60 s keeps the CloudWatch Logs cost small",
  });
  decisions.push({
    subject: `${subject}.tls`,
    choice: `TLS required by the parameter group; server certificate from ${RDS_CA_CERT}`,
    rule:
      'encryption in transit by default: a client without TLS is refused. The certificate authority is pinned because the default for new ' +
      "instances can change; apps verify the server against RDS's global CA bundle, which holds every RDS CA",
  });
  const performanceInsights =
    !NO_PERFORMANCE_INSIGHTS.test(instanceClass) &&
    !(db.aurora && engine === 'mysql' && NO_PERFORMANCE_INSIGHTS_AURORA_MYSQL.test(instanceClass));
  if (!performanceInsights)
    decisions.push({
      subject: `${subject}.performanceInsights`,
      choice: 'off',
      rule: `Performance Insights is not offered on ${instanceClass}${db.aurora && engine === 'mysql' ? ' for Aurora MySQL' : ''}`,
    });
  return { performanceInsights };
}
