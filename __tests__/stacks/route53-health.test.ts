/**
 * Where the AWS side's health signal lives (issue 18, review): a replaced target group must reach the alarm
 * and Route 53's copy of it in the apply that replaces it. With the alarm and its CLOUDWATCH_METRIC check in
 * the cutover stack, the check kept watching the old target group's metric (no data: unhealthy, traffic back
 * to DigitalOcean) until the cutover stack was applied again. Now both live beside the target group, the
 * check resynchronised in place (`triggers` on the alarm's dimensions), and the cutover stack reads its id.
 */
import { compile } from '../../compiler';
import { atCutoverPhase, loadExample, resourcesOfType, synthRoleJson } from '../helpers/synth';

const example = loadExample('multi-domain');

describe.each(['single', 'per-app'] as const)('%s layout, multi-domain at 10 %', (layout) => {
  const plan = compile(atCutoverPhase(example, 10), { layout });
  const cutover = synthRoleJson(plan, 'cutover');
  const appJson = layout === 'single' ? synthRoleJson(plan, 'apps') : undefined;

  it('the cutover stack holds no alarm and no CLOUDWATCH_METRIC check, only CALCULATED ones', () => {
    expect(resourcesOfType(cutover, 'aws_cloudwatch_metric_alarm')).toEqual({});
    const types = Object.values(resourcesOfType(cutover, 'aws_route53_health_check')).map((c) => c.type);
    expect(types).not.toContain('CLOUDWATCH_METRIC');
    expect(types).toContain('CALCULATED');
    // www is shared by site and api: its CALCULATED check reads both app checks from their stacks' state.
    const all = Object.values(resourcesOfType(cutover, 'aws_route53_health_check')).find(
      (c) => c.type === 'CALCULATED',
    )!;
    expect(all.child_healthchecks).toEqual(
      ['site', 'api'].map((app) =>
        expect.stringMatching(new RegExp(`outputs\\.route53_health_check_id_${app}\\}$`)),
      ),
    );
  });

  if (layout === 'single')
    it('the apps stack holds each alarm beside its target group, and the check follows its dimensions in place', () => {
      const alarms = resourcesOfType(appJson!, 'aws_cloudwatch_metric_alarm');
      const checks = resourcesOfType(appJson!, 'aws_route53_health_check');
      for (const app of ['site', 'api', 'shop', 'status', 'docs'].filter((a) =>
        plan.cutover!.appHealth.some((h) => h.app === a),
      )) {
        const alarm = alarms[`${app}-route53-health-alarm`];
        expect(alarm.dimensions).toEqual({
          LoadBalancer: '${aws_lb.alb.arn_suffix}',
          TargetGroup: `\${aws_lb_target_group.${app}-target-group.arn_suffix}`,
        });
        const check = checks[`${app}-route53-health`];
        expect(check).toMatchObject({
          type: 'CLOUDWATCH_METRIC',
          cloudwatch_alarm_name: `\${aws_cloudwatch_metric_alarm.${app}-route53-health-alarm.alarm_name}`,
          insufficient_data_health_status: 'Unhealthy',
          // In place, never replaced: the cutover stack's records name it by id.
          lifecycle: { create_before_destroy: true },
        });
        expect(check.lifecycle).not.toHaveProperty('replace_triggered_by');
        expect(check.triggers).toMatchObject(alarm.dimensions as Record<string, string>);
      }
    });

  it('the app tier is the same at every phase (a phase move changes only the cutover stack)', () => {
    const role = layout === 'single' ? 'apps' : 'app';
    const json = (phase: number) => synthRoleJson(compile(atCutoverPhase(example, phase), { layout }), role);
    expect(json(0)).toBe(json(50));
  });
});

it('the phase table lists the CALCULATED checks a phase creates and removes, like the other checks', () => {
  const plan = compile(atCutoverPhase(example, 10));
  const [zero, ten, fifty] = plan.cutover!.phaseTable.map((row) => row.changes);
  const line = '+ health check www-example-estate-com_aws-all (CALCULATED)';
  expect(zero).not.toContain(line);
  expect(ten).toContain(line);
  expect(fifty.filter((c) => c.includes('(CALCULATED)'))).toEqual([]);
});
