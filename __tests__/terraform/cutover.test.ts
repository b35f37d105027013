import { compile } from '../../compiler';
import { createContext } from '../../compiler/context';
import { awsHealthSignal } from '../../compiler/cutover/health-signal';
import {
  atCutoverPhase,
  cleanupSynth,
  examplesWithCutover,
  synthPlan,
  type TerraformJson,
} from '../helpers/synth';
import { describeTerraform, planStack } from '../helpers/terraform';
import { multiDomainBlueGreenApi } from '../helpers/blue-green-shared';

afterAll(cleanupSynth);

const withCutover = examplesWithCutover();

/**
 * The cutover stack with its weights blanked: phases of the same shape differ only in literal weights, which
 * terraform passes through as written (the construct tests read them per phase). Planned values (`terraform
 * show`, as costly as the plan) are read at the first phase of each shape; every phase is validated and planned.
 */
function shapeOf(json: TerraformJson): string {
  return JSON.stringify(json, (key, value: unknown) => (key === 'weight' ? 'w' : value));
}

describeTerraform('cutover stack: offline terraform validate + plan', () => {
  for (const { name, spec } of withCutover) {
    const shapesRead = new Set<string>();
    // Every phase: 0 % (no AWS side, so no reference to the apps stack), the split phases and 100 % (the AWS
    // side's alarms and health checks, reading the app tier's outputs). Plans are cached by their input. Jest runs
    // a file's tests in order, so the first phase of a shape reads its values.
    for (const phase of spec.cutover!.phases) {
      it(`${name} at ${phase} %: plans the weighted records against faked dns/apps outputs`, () => {
        const plan = compile(atCutoverPhase(spec, phase));
        const out = synthPlan(plan);
        const stack = out.stackByRole('cutover').name;
        const result = planStack(out.outdir, stack);
        expect(result.validate.errorCount).toBe(0);
        expect(result.createdByType.aws_route53_record).toBe(plan.cutover!.records.length);
        const awsHealth = plan.cutover!.awsHealth;
        const calculated = awsHealth?.hostnames.filter((h) => h.calculated).length ?? 0;
        // The DigitalOcean side's checks and the CALCULATED ones; each app's alarm and CLOUDWATCH_METRIC
        // check are in the stack of its target group, whose output gives the check's id.
        expect(result.createdByType.aws_route53_health_check ?? 0).toBe(
          plan.cutover!.healthChecks.length + calculated + (awsHealth?.either?.length ?? 0),
        );
        expect(result.createdByType.aws_cloudwatch_metric_alarm ?? 0).toBe(0);
        const shape = shapeOf(out.stackJson(stack));
        if (shapesRead.has(shape)) return;
        shapesRead.add(shape);
        const states = result.fakeUpstream;
        const idOf = (key: string) => {
          const a = awsHealth!.apps.find((x) => x.check.key === key);
          return a ? states[a.check.address.stack][a.output] : undefined;
        };
        for (const c of [
          ...(awsHealth?.either ?? []),
          ...(awsHealth?.hostnames ?? []).flatMap((h) => h.calculated ?? []),
        ]) {
          const created = result.resourceChanges.find((rc) => rc.name === `health-${c.key}`);
          const apps = c.children.map(idOf).filter((id) => id !== undefined);
          expect(apps.length).toBeGreaterThan(0);
          for (const id of apps) expect(created?.after?.child_healthchecks).toContain(id);
        }
        const byName = new Map(result.resourceChanges.map((rc) => [rc.name, rc]));
        for (const r of plan.cutover!.records) {
          const rc = byName.get(`weighted-${r.key}`);
          expect(rc?.after).toMatchObject({
            name: r.name,
            type: r.type,
            set_identifier: r.setIdentifier,
            weighted_routing_policy: [{ weight: r.weight }],
          });
          if (r.alias) {
            const appCheck = idOf(r.healthCheck!);
            if (appCheck !== undefined) expect(rc!.after!.health_check_id).toBe(appCheck);
            const alias = (
              rc!.after!.alias as { evaluate_target_health: boolean; name: string; zone_id: string }[]
            )[0];
            expect(alias.evaluate_target_health).toBe(false);
            // The ALB stack's fixed outputs, faked in its state, flow through the explicit remote state.
            const albStack = plan.stacks.find((s) => s.role === 'apps' || s.role === 'platform')!.name;
            expect(result.fakeUpstream[albStack]).toMatchObject({
              alb_dns_name: expect.stringMatching(/\.elb\.amazonaws\.com$/),
              alb_zone_id: expect.any(String),
            });
            // A dualstack ALB is targeted by its `dualstack.` name.
            const prefix = plan.apps.alb?.ipAddressType === 'dualstack' ? 'dualstack.' : '';
            expect(alias.name).toBe(`${prefix}${result.fakeUpstream[albStack].alb_dns_name as string}`);
            expect(alias.zone_id).toBe(result.fakeUpstream[albStack].alb_zone_id);
          } else {
            // A CDN host name's AWS side names the distribution's domain name: an output of the ALB's stack,
            // faked in its state (compiler/storage/cdn.ts names it cdn_<bucket>_domain_name).
            const albStack = plan.stacks.find((s) => s.role === 'apps' || s.role === 'platform')!.name;
            const records = r.records?.map((v) => {
              const cdn = /aws_cloudfront_distribution\.cdn-([\w-]+)\.domain_name/.exec(v);
              return cdn ? result.fakeUpstream[albStack][`cdn_${cdn[1].replace(/-/g, '_')}_domain_name`] : v;
            });
            for (const v of records ?? []) expect(v).toEqual(expect.any(String));
            expect(rc!.after).toMatchObject({ ttl: spec.cutover!.ttl, records });
          }
        }
      });
    }
  }
});

describeTerraform('cutover stack: a hostname two apps share, planned offline', () => {
  // Validation refuses a shared hostname under a cutover on this branch (cutover-shared-hostname); the
  // health signal is planned for one here by hand: the first example's first hostname also serves `extra`.
  it('gets a CALCULATED check over both apps’ CLOUDWATCH_METRIC checks, on its aws records', () => {
    const { spec } = withCutover[0];
    const valid = atCutoverPhase(spec, spec.cutover!.phases[1]);
    const plan = compile(valid);
    const cutover = plan.cutover!;
    const hostnames = [...new Map(cutover.hostnames.map((h) => [h.hostname, [h.app]])).entries()].map(
      ([hostname, apps], i) => ({ hostname, apps: i === 0 ? [...apps, 'extra'] : apps }),
    );
    const health = awsHealthSignal(createContext(valid), hostnames, cutover.ttl).plan;
    const checkOf = new Map(health.hostnames.map((h) => [h.hostname, h.check]));
    const shared = { ...plan, cutover: { ...cutover, awsHealth: health } };
    shared.cutover.records = cutover.records.map((r) =>
      r.alias ? { ...r, healthCheck: checkOf.get(r.name) } : r,
    );
    const out = synthPlan(shared);
    const result = planStack(out.outdir, out.stackByRole('cutover').name);
    expect(result.validate.errorCount).toBe(0);
    expect(result.createdByType.aws_cloudwatch_metric_alarm ?? 0).toBe(0);
    const calc = health.hostnames[0].calculated!;
    expect(calc.threshold).toBe(2);
    const created = result.resourceChanges.find((rc) => rc.name === `health-${calc.key}`);
    expect(created?.after).toMatchObject({ type: 'CALCULATED', child_health_threshold: 2 });
    const first = result.resourceChanges.filter(
      (rc) => rc.type === 'aws_route53_record' && rc.after?.name === hostnames[0].hostname,
    );
    expect(first.length).toBeGreaterThan(0);
  });
});

describeTerraform('a blue/green app behind a shared hostname, planned offline', () => {
  // Route 53 refuses a CALCULATED check as the child of another: www's check lists api's two target group
  // checks, and api's test listener carries both of its domains' certificates.
  it('plans the cutover stack (no CALCULATED child) and the apps stack (test listener certificates)', () => {
    const out = synthPlan(compile(multiDomainBlueGreenApi(10)));
    const cutover = planStack(out.outdir, out.stackByRole('cutover').name);
    expect(cutover.validate.errorCount).toBe(0);
    const checks = cutover.resourceChanges.filter((rc) => rc.type === 'aws_route53_health_check');
    const www = checks.find((rc) => rc.name.startsWith('health-www') && rc.name.endsWith('_aws-all'));
    expect(www?.after).toMatchObject({ type: 'CALCULATED', child_health_threshold: 2 });
    expect((www?.after as { child_healthchecks: string[] }).child_healthchecks).toHaveLength(3);
    const apps = planStack(out.outdir, out.stackByRole('apps').name);
    expect(apps.validate.errorCount).toBe(0);
    // The production listener's two other domains (.org, .net), and the test listener's .org.
    expect(
      apps.resourceChanges
        .filter((rc) => rc.type === 'aws_lb_listener_certificate')
        .map((rc) => rc.name)
        .sort(),
    ).toEqual([
      'api-test-listener-certificate_example-estate_org',
      'listener-certificate_example-estate_net',
      'listener-certificate_example-estate_org',
    ]);
  });
});
