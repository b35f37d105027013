/**
 * The AWS side's health per hostname (compiler/cutover/health-signal.ts), over generated shapes: several apps,
 * hostnames of one app and hostnames several apps share (path routing), both layouts, any TTL. Each app gets
 * one single-metric alarm and one CLOUDWATCH_METRIC check (unhealthy on no data); a hostname of one app uses
 * that app's check, a shared one a CALCULATED check that needs every app healthy. The alarm and its check live
 * in the stack of the app's target group (so a replaced target group reaches both in one apply); the cutover
 * stack reads only the check ids, from that stack's outputs.
 */
import fc from 'fast-check';
import { awsHealthSignal, HEALTH_OUTPUT_NAMES } from '../../compiler/cutover/health-signal';
import { createContext } from '../../compiler/context';
import { appAddresses, platformAddresses } from '../../compiler/app-addresses';
import { ref, refId } from '../../compiler/refs';
import { appStackName } from '../../compiler/stack-names';
import { examplesWithCutover } from '../helpers/synth';

// php-shop: a rolling app (a blue/green one gets a second alarm and check, tested with its example).
const spec = examplesWithCutover().find((e) => e.name === 'php-shop')!.spec;

const APPS = ['web', 'api', 'admin', 'shop', 'a', 'b-2'];
const HOSTS = ['example.com', 'www.example.com', '*.example.com', 'wildcard.example.com', 'API.example.org'];

/** Hostnames, each with 1–3 distinct apps behind it (an app may serve several hostnames). */
const shapeArbitrary = fc.record({
  hostnames: fc.uniqueArray(
    fc.record({
      hostname: fc.constantFrom(...HOSTS),
      apps: fc.uniqueArray(fc.constantFrom(...APPS), { minLength: 1, maxLength: 3 }),
    }),
    { minLength: 1, maxLength: HOSTS.length, selector: (h) => h.hostname },
  ),
  layout: fc.constantFrom('single' as const, 'per-app' as const),
  ttl: fc.integer({ min: 10, max: 3600 }),
});

describe('awsHealthSignal over generated hostnames and apps', () => {
  it('one alarm and check per app, the hostname’s own check on its records, ANDed where apps share it', () => {
    fc.assert(
      fc.property(shapeArbitrary, ({ hostnames, layout, ttl }) => {
        const ctx = createContext(spec, { layout });
        const { plan, decisions } = awsHealthSignal(ctx, hostnames, ttl);
        const apps = [...new Set(hostnames.flatMap((h) => h.apps))];
        expect(plan.apps.map((a) => a.app)).toEqual(apps);
        const checkOf = new Map(plan.apps.map((a) => [a.app, a.check.key]));
        for (const a of plan.apps) {
          // The kind of alarm Route 53 reads: one metric, standard resolution, no M-out-of-N.
          expect(a.alarm).toMatchObject({
            namespace: 'AWS/ApplicationELB',
            metricName: 'HealthyHostCount',
            statistic: 'Minimum',
            period: 60,
            comparisonOperator: 'LessThanThreshold',
            threshold: 1,
          });
          expect(a.alarm).not.toHaveProperty('datapointsToAlarm');
          expect(a.alarm).not.toHaveProperty('math');
          expect(a.check).toMatchObject({
            region: spec.aws.region,
            insufficientDataHealthStatus: 'Unhealthy',
          });
          expect(a.alarm.dimensions.LoadBalancer).toEqual(ref(platformAddresses(ctx).alb, 'arn_suffix'));
          expect(a.alarm.dimensions.TargetGroup).toEqual(appAddresses(ctx, a.app).targetGroupArnSuffix);
          // Never a DigitalOcean check's key (`<app>-<endpoint>`, `…_ipv6`): those hold no `_aws`.
          expect(a.check.key).toMatch(/_aws$/);
          // Beside the target group, in its stack, not the cutover's: one apply replaces both.
          expect(a.check.address).toEqual({
            stack: appStackName(ctx.prefix, layout, a.app),
            type: 'aws_route53_health_check',
            name: `${a.app}-route53-health`,
          });
          expect(a.alarm.key).toBe(`${a.app}-route53-health-alarm`);
          // Not the name the cutover stack's former alarm keeps until its next apply deletes it.
          expect(a.alarm.name).toMatch(/route53-target-health$/);
        }
        const keys = [
          ...plan.apps.map((a) => a.check.key),
          ...plan.hostnames.flatMap((h) => (h.calculated ? [h.calculated.key] : [])),
        ];
        expect(new Set(keys).size).toBe(keys.length);
        expect(new Set(plan.apps.map((a) => a.alarm.key)).size).toBe(plan.apps.length);
        expect(plan.hostnames.map((h) => h.hostname)).toEqual(hostnames.map((h) => h.hostname));
        for (const [i, h] of plan.hostnames.entries()) {
          const behind = hostnames[i].apps;
          expect(h.apps).toEqual(behind);
          if (behind.length === 1) {
            expect(h.calculated).toBeUndefined();
            expect(h.check).toBe(checkOf.get(behind[0]));
          } else {
            expect(h.calculated).toEqual({
              key: h.check,
              name: expect.stringContaining(h.hostname),
              children: behind.map((app) => checkOf.get(app)),
              threshold: behind.length,
              createBeforeDestroy: true,
            });
          }
        }
        // The cutover reads each check id once, from the stack of the app's target group; no dimension.
        expect(new Set(plan.states.map((s) => s.stack)).size).toBe(plan.states.length);
        const read = plan.states.flatMap((s) => s.outputs.map((o) => ({ stack: s.stack, ...o })));
        for (const app of apps)
          expect(read.find((o) => o.output === HEALTH_OUTPUT_NAMES.healthCheckId(app))).toEqual({
            stack: appStackName(ctx.prefix, layout, app),
            value: ref(plan.apps.find((a) => a.app === app)!.check.address, 'id'),
            output: HEALTH_OUTPUT_NAMES.healthCheckId(app),
          });
        expect(read).toHaveLength(apps.length);
        expect(new Set(read.map((o) => refId(o.value))).size).toBe(read.length);
        // Alarm (2 × 60 s) + Route 53 reading it (60 s allowed) + the records' TTL, in whole minutes.
        expect(plan.failoverMinutes).toBe(Math.ceil((180 + ttl) / 60));
        const delay = decisions.find((d) => d.subject === 'cutover.failoverDelay')!;
        expect(delay.choice).toContain(`about ${plan.failoverMinutes} minutes`);
        expect(delay.rule).toContain(`(${ttl} s)`);
      }),
      { numRuns: 200 },
    );
  });
});
