/** RDS Enhanced Monitoring: its granularity and the one role every monitored database uses. */
import { awsName } from '../../../schema/facts/aws-names';
import type { CompileContext } from '../../context';
import type { DatabasePlan, MonitoringRolePlan } from '../../model/data';

/** Enhanced Monitoring granularity (RDS offers 1, 5, 10, 15, 30, 60 s). */
export const ENHANCED_MONITORING_SECONDS = 60;

/** The Enhanced Monitoring role, when some database is monitored. */
export function monitoringRolePlan(databases: DatabasePlan[]): MonitoringRolePlan | undefined {
  const monitored = databases.find((d) => d.monitored);
  if (!monitored) return undefined;
  return {
    name: monitored.monitoringRoleName,
    description: 'RDS Enhanced Monitoring publishes OS metrics to CloudWatch Logs',
    assumeRolePolicyJson: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'monitoring.rds.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    }),
    managedPolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole',
  };
}

export const monitoringRoleName = (ctx: CompileContext): string =>
  awsName('iamRole', ctx.prefix, 'rds-monitoring');
