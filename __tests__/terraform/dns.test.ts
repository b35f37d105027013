import { compile } from '../../compiler';
import { cleanupSynth, examples, loadSpec, synthPlan } from '../helpers/synth';
import { describeTerraform, planStack } from '../helpers/terraform';

afterAll(cleanupSynth);

describeTerraform('dns stack: offline terraform validate + plan', () => {
  for (const { name, file } of examples()) {
    it(`${name}: validates and plans the zones and copied records`, () => {
      const plan = compile(loadSpec(file));
      // An example without domains (github-deploy) has no dns stack: nothing to plan.
      if (!plan.stacks.some((s) => s.role === 'dns')) return expect(plan.dns.zones).toEqual([]);
      const out = synthPlan(plan);
      const result = planStack(out.outdir, out.stackByRole('dns').name);
      expect(result.validate.errorCount).toBe(0);
      const created = plan.dns.zones.filter((z) => z.mode === 'create');
      expect(result.createdByType.aws_route53_zone ?? 0).toBe(created.length);
      expect(result.createdByType.aws_route53_record ?? 0).toBe(
        created.reduce((n, z) => n + z.copiedRecords.length, 0),
      );
      for (const zone of created) expect(result.outputs).toContain(zone.nameServersOutput);
      // Everything planned is a create: nothing is read from or replaced in an account. The actions come from
      // the plan stream (no `terraform show`: the planned values are not asserted here).
      for (const action of Object.values(result.plannedActions)) expect(action).toBe('create');
    });
  }
});
