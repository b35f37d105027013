/**
 * The names of a public app's alarms: the alarms part creates them, and a blue/green app's CodeDeploy
 * deployment group stops and rolls back a deployment on them (CodeDeploy refers to alarms by name).
 */
import { awsName } from '../schema/facts/aws-names';

export function appAlarmNames(prefix: string, app: string) {
  return {
    target5xx: awsName('cloudwatchAlarm', prefix, 'app', app, 'target-5xx'),
    noHealthyTarget: awsName('cloudwatchAlarm', prefix, 'app', app, 'no-healthy-target'),
    /** Blue/green apps only: the one-minute 5XX alarm CodeDeploy rolls back on during the bake. */
    deploy5xx: awsName('cloudwatchAlarm', prefix, 'app', app, 'deploy-5xx'),
  };
}
