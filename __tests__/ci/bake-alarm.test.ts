/**
 * A blue/green app's CodeDeploy deployment group rolls back on an alarm that can fire within the bake: a 5XX
 * rate over both target groups in one-minute windows, listed first, beside the no-healthy-target alarm. A
 * bake shorter than that alarm's time to fire is warned at bakeMinutes with the numbers; with alarms off,
 * not (CodeDeploy then rolls back on a failed deployment only).
 */
import { parse, stringify } from 'yaml';
import { compile } from '../../compiler';
import { loadSpecText } from '../../schema/load';
import { DEPLOY_ALARM_MINUTES_TO_FIRE } from '../../schema/facts/deploy-alarm';
import { exampleText } from '../helpers/synth';

type Input = {
  aws: { alarms?: { enabled: boolean } };
  apps: { deployment: { blueGreen: { bakeMinutes: number } } }[];
};

function loaded(bakeMinutes: number, alarms = true) {
  const input = parse(exampleText('blue-green')) as Input;
  input.apps[0].deployment.blueGreen.bakeMinutes = bakeMinutes;
  if (!alarms) input.aws.alarms = { ...input.aws.alarms, enabled: false };
  const result = loadSpecText(stringify(input), 'blue-green.yaml');
  if (!result.ok) throw new Error(result.diagnostics[0].message);
  return result;
}

describe('the bake time and the rollback alarm', () => {
  it('rolls back on a one-minute 5XX alarm over both target groups that fires within the default bake', () => {
    const plan = compile(loaded(5).spec);
    const group = plan.apps.apps.find((a) => a.name === 'web')!.blueGreen!.deploymentGroup;
    const alarms = new Map(plan.alarms.alarms.map((a) => [a.name, a]));
    const [first, ...rest] = group.alarmNames.map((n) => alarms.get(n)!);
    expect(first.period).toBe(60);
    expect(first.period * first.datapointsToAlarm).toBeLessThanOrEqual(5 * 60 - 60);
    expect('math' in first && first.math.metrics.map((m) => m.metricName).sort()).toEqual([
      'HTTPCode_Target_5XX_Count',
      'HTTPCode_Target_5XX_Count',
      'RequestCount',
      'RequestCount',
    ]);
    // Both target groups: the replacement tasks are in whichever one CodeDeploy moved traffic to.
    const groups = new Set(
      'math' in first ? first.math.metrics.map((m) => JSON.stringify(m.dimensions.TargetGroup)) : [],
    );
    expect(groups.size).toBe(2);
    expect(rest.map((a) => a.name)).toContain(group.alarmNames.find((n) => n.endsWith('no-healthy-target')));
    expect(DEPLOY_ALARM_MINUTES_TO_FIRE).toBeLessThanOrEqual(5);
  });

  it('warns a bake shorter than the alarm’s time to fire, with the numbers, and not a long enough one', () => {
    const warned = (bake: number, alarms = true) =>
      loaded(bake, alarms).warnings.filter((w) => w.code === 'blue-green-bake-shorter-than-alarm');
    for (let bake = 0; bake < DEPLOY_ALARM_MINUTES_TO_FIRE; bake++) {
      const [w] = warned(bake);
      expect(w.path).toBe('apps[0].deployment.blueGreen.bakeMinutes');
      expect(w.message).toContain(`bakes ${bake} min`);
      expect(w.message).toContain(`${DEPLOY_ALARM_MINUTES_TO_FIRE} min after the errors start`);
    }
    expect(warned(DEPLOY_ALARM_MINUTES_TO_FIRE)).toEqual([]);
    expect(warned(0, false)).toEqual([]);
  });
});
