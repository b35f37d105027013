import { compile } from '../../compiler';
import type { MigrationSpec } from '../../schema/spec';
import { cleanupSynth, examples, loadSpec, synthPlan } from '../helpers/synth';
import { describeTerraform, planStack } from '../helpers/terraform';

afterAll(cleanupSynth);

const withCutover = examples()
  .map((e) => ({ ...e, spec: loadSpec(e.file) }))
  .filter((e) => e.spec.cutover !== undefined);

const atPhase = (spec: MigrationSpec, phase: number): MigrationSpec => ({
  ...spec,
  cutover: { ...spec.cutover!, current: phase },
});

describeTerraform('cutover stack: offline terraform validate + plan', () => {
  for (const { name, spec } of withCutover) {
    // A phase with both sides (records, alias, health checks); the first example also at 0 % (no AWS side,
    // so no reference to the apps stack). Each plan takes seconds: the other phases are covered by synth tests.
    const phases =
      name === withCutover[0].name
        ? [spec.cutover!.phases[0], spec.cutover!.phases[1]]
        : [spec.cutover!.phases[1]];
    for (const phase of phases) {
      it(`${name} at ${phase} %: plans the weighted records against faked dns/apps outputs`, () => {
        const plan = compile(atPhase(spec, phase));
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
            const alias = (rc!.after!.alias as { evaluate_target_health: boolean; name: string }[])[0];
            expect(alias.evaluate_target_health).toBe(true);
            // the faked apps-stack output flows through the cross-stack reference
            const albState = Object.entries(result.fakeUpstream).find(([k]) =>
              /-(apps|platform)$/.test(k),
            )![1];
            const dnsName = Object.entries(albState).find(([k]) => /dns_name/.test(k))![1];
            expect(alias.name).toBe(dnsName);
          } else {
            expect(rc!.after).toMatchObject({ ttl: spec.cutover!.ttl, records: r.records });
          }
        }
      });
    }
  }
});
