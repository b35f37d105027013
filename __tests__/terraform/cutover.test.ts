import { compile } from '../../compiler';
import { atCutoverPhase, cleanupSynth, examplesWithCutover, synthPlan } from '../helpers/synth';
import { describeTerraform, planStack } from '../helpers/terraform';

afterAll(cleanupSynth);

const withCutover = examplesWithCutover();

describeTerraform('cutover stack: offline terraform validate + plan', () => {
  for (const { name, spec } of withCutover) {
    // A phase with both sides (records, alias, health checks); the first example also at 0 % (no AWS side,
    // so no reference to the apps stack). Each plan takes seconds: the other phases are covered by synth tests.
    // multi-domain (a hostname two apps share, an existing zone, a new name) at every phase.
    const phases =
      name === 'multi-domain'
        ? spec.cutover!.phases
        : name === withCutover[0].name
          ? [spec.cutover!.phases[0], spec.cutover!.phases[1]]
          : [spec.cutover!.phases[1]];
    for (const phase of phases) {
      it(`${name} at ${phase} %: plans the weighted records against faked dns/apps outputs`, () => {
        const plan = compile(atCutoverPhase(spec, phase));
        const out = synthPlan(plan);
        const result = planStack(out.outdir, out.stackByRole('cutover').name);
        expect(result.validate.errorCount).toBe(0);
        expect(result.createdByType.aws_route53_record).toBe(plan.cutover!.records.length);
        expect(result.createdByType.aws_route53_health_check ?? 0).toBe(plan.cutover!.healthChecks.length);
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
            const alias = (
              rc!.after!.alias as { evaluate_target_health: boolean; name: string; zone_id: string }[]
            )[0];
            expect(alias.evaluate_target_health).toBe(true);
            // The ALB stack's fixed outputs, faked in its state, flow through the explicit remote state.
            const albStack = plan.stacks.find((s) => s.role === 'apps' || s.role === 'platform')!.name;
            expect(result.fakeUpstream[albStack]).toEqual({
              alb_dns_name: expect.stringMatching(/\.elb\.amazonaws\.com$/),
              alb_zone_id: expect.any(String),
            });
            // A dualstack ALB is targeted by its `dualstack.` name.
            const prefix = plan.apps.alb?.ipAddressType === 'dualstack' ? 'dualstack.' : '';
            expect(alias.name).toBe(`${prefix}${result.fakeUpstream[albStack].alb_dns_name as string}`);
            expect(alias.zone_id).toBe(result.fakeUpstream[albStack].alb_zone_id);
          } else {
            expect(rc!.after).toMatchObject({ ttl: spec.cutover!.ttl, records: r.records });
          }
        }
      });
    }
  }
});
